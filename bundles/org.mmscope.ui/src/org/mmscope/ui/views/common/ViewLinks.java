package org.mmscope.ui.views.common;

import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.statushandlers.StatusManager;
import org.eclipse.core.runtime.Status;

/**
 * The links between the MmScope views: a PFN, an address in a process, a process. Each view that can
 * show one implements the matching interface; {@link #open} brings the view up and hands it over.
 */
public final class ViewLinks {

    /** The PFN inspector's id. */
    public static final String PFN_INSPECTOR = "org.mmscope.ui.views.pfnInspector";
    /** The PTE walker's id. */
    public static final String PTE_WALKER = "org.mmscope.ui.views.pteWalker";
    /** The working-sets view's id. */
    public static final String WORKING_SETS = "org.mmscope.ui.views.workingSets";
    /** The event timeline's id. */
    public static final String EVENT_TIMELINE = "org.mmscope.ui.views.eventTimeline";
    /** The query console's id. */
    public static final String QUERY_CONSOLE = "org.mmscope.ui.views.queryConsole";
    /** The pool map's id. */
    public static final String POOL_MAP = "org.mmscope.ui.views.poolMap";
    /** The physical memory map's id. */
    public static final String PHYSICAL_MEMORY_MAP = "org.mmscope.ui.views.physicalMemoryMap";

    /** A view that can select one physical page. */
    public interface ShowsPfn {
        void showPfn(long pfn);
    }

    /** A view that can show a virtual address of a process. */
    public interface ShowsAddress {
        void showAddress(int pid, long virtualAddress);
    }

    /** A view that can show one process. */
    public interface ShowsProcess {
        void showProcess(int pid);
    }

    private ViewLinks() {
    }

    /** Shows view {@code id} and returns it as {@code type}, or {@code null} (logged) if it cannot. */
    public static <T> T open(IWorkbenchPage page, String id, Class<T> type) {
        try {
            IViewPart view = page.showView(id);
            return type.isInstance(view) ? type.cast(view) : null;
        } catch (PartInitException e) {
            StatusManager.getManager().handle(Status.error("Cannot open view " + id, e), StatusManager.LOG);
            return null;
        }
    }

    public static void showPfn(IWorkbenchPage page, String viewId, long pfn) {
        ShowsPfn view = open(page, viewId, ShowsPfn.class);
        if (view != null) {
            view.showPfn(pfn);
        }
    }

    public static void showAddress(IWorkbenchPage page, int pid, long virtualAddress) {
        ShowsAddress view = open(page, PTE_WALKER, ShowsAddress.class);
        if (view != null) {
            view.showAddress(pid, virtualAddress);
        }
    }

    public static void showProcess(IWorkbenchPage page, int pid) {
        ShowsProcess view = open(page, WORKING_SETS, ShowsProcess.class);
        if (view != null) {
            view.showProcess(pid);
        }
    }
}
