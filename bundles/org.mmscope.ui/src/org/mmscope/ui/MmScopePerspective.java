package org.mmscope.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.mmscope.ui.views.common.ViewLinks;

/**
 * The MmScope perspective: the simulated threads (Debug view) with Breakpoints and Variables on the
 * left, the PFN inspector, PTE walker, working sets, pool map and physical memory map in the middle, the event timeline, query console, Properties
 * and the console below.
 */
public final class MmScopePerspective implements IPerspectiveFactory {

    /** The perspective id, as in plugin.xml. */
    public static final String ID = "org.mmscope.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editors = layout.getEditorArea();

        IFolderLayout left = layout.createFolder("org.mmscope.ui.left", IPageLayout.LEFT, 0.22f, editors);
        left.addView(IDebugUIConstants.ID_DEBUG_VIEW);

        IFolderLayout leftBottom = layout.createFolder("org.mmscope.ui.leftBottom", IPageLayout.BOTTOM, 0.55f,
                "org.mmscope.ui.left");
        leftBottom.addView(IDebugUIConstants.ID_BREAKPOINT_VIEW);
        leftBottom.addView(IDebugUIConstants.ID_VARIABLE_VIEW);

        IFolderLayout centre = layout.createFolder("org.mmscope.ui.centre", IPageLayout.TOP, 0.66f, editors);
        centre.addView(ViewLinks.PFN_INSPECTOR);
        centre.addView(ViewLinks.PTE_WALKER);
        centre.addView(ViewLinks.WORKING_SETS);
        centre.addView(ViewLinks.POOL_MAP);
        centre.addView(ViewLinks.PHYSICAL_MEMORY_MAP);

        IFolderLayout bottom = layout.createFolder("org.mmscope.ui.bottom", IPageLayout.BOTTOM, 0.66f,
                "org.mmscope.ui.centre");
        bottom.addView(ViewLinks.EVENT_TIMELINE);
        bottom.addView(ViewLinks.QUERY_CONSOLE);
        bottom.addView("org.eclipse.ui.console.ConsoleView");

        IFolderLayout bottomRight = layout.createFolder("org.mmscope.ui.bottomRight", IPageLayout.RIGHT, 0.6f,
                "org.mmscope.ui.bottom");
        bottomRight.addView(IPageLayout.ID_PROP_SHEET);

        for (String view : new String[] { ViewLinks.PFN_INSPECTOR, ViewLinks.PTE_WALKER, ViewLinks.WORKING_SETS,
                ViewLinks.EVENT_TIMELINE, ViewLinks.QUERY_CONSOLE, IDebugUIConstants.ID_DEBUG_VIEW, IDebugUIConstants.ID_BREAKPOINT_VIEW,
                IDebugUIConstants.ID_VARIABLE_VIEW, IPageLayout.ID_PROP_SHEET }) {
            layout.addShowViewShortcut(view);
        }
        layout.addShowViewShortcut(ViewLinks.POOL_MAP);
        layout.addShowViewShortcut(ViewLinks.PHYSICAL_MEMORY_MAP);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
    }
}
