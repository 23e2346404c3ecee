package org.mmscope.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.mmscope.ui.views.PfnInspectorView;

/**
 * The MmScope perspective: the simulated threads (Debug view) on the left, the PFN inspector in the
 * middle, variables and breakpoints on the right, properties and the console below.
 */
public final class MmScopePerspective implements IPerspectiveFactory {

    /** The perspective id, as in plugin.xml. */
    public static final String ID = "org.mmscope.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editors = layout.getEditorArea();

        IFolderLayout left = layout.createFolder("org.mmscope.ui.left", IPageLayout.LEFT, 0.24f, editors);
        left.addView(IDebugUIConstants.ID_DEBUG_VIEW);

        IFolderLayout centre = layout.createFolder("org.mmscope.ui.centre", IPageLayout.TOP, 0.68f, editors);
        centre.addView(PfnInspectorView.ID);

        IFolderLayout right = layout.createFolder("org.mmscope.ui.right", IPageLayout.RIGHT, 0.70f,
                "org.mmscope.ui.centre");
        right.addView(IDebugUIConstants.ID_VARIABLE_VIEW);
        right.addView(IDebugUIConstants.ID_BREAKPOINT_VIEW);

        IFolderLayout bottom = layout.createFolder("org.mmscope.ui.bottom", IPageLayout.BOTTOM, 0.68f,
                "org.mmscope.ui.centre");
        bottom.addView(IPageLayout.ID_PROP_SHEET);
        bottom.addView("org.eclipse.ui.console.ConsoleView");

        layout.addShowViewShortcut(PfnInspectorView.ID);
        layout.addShowViewShortcut(IDebugUIConstants.ID_DEBUG_VIEW);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
    }
}
