package org.mmscope.ui.views.pfn;

import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.model.PageList;

/**
 * "Break when a page leaves Standby" and its kin: page-transition breakpoints created from the PFN
 * inspector's page-list totals (the Breakpoints view lists them; the debug target honours them).
 */
public final class ListBreakpoints {

    private ListBreakpoints() {
    }

    /** A registered breakpoint on every page leaving {@code list}. */
    public static MmEventBreakpoint leaving(PageList list) throws CoreException {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of(list.name()), List.of());
        return breakpoint;
    }

    /** A registered breakpoint on every page entering {@code list}. */
    public static MmEventBreakpoint entering(PageList list) throws CoreException {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of(), List.of(list.name()));
        return breakpoint;
    }

    /** Adds "Break when a page leaves LIST" and "... enters LIST" to {@code menu}. */
    public static void addItems(Menu menu, PageList list, java.util.function.Consumer<CoreException> onError) {
        String name = PfnColumn.listName(list);
        MenuItem leave = new MenuItem(menu, SWT.PUSH);
        leave.setText("Break when a page leaves " + name);
        leave.addListener(SWT.Selection, e -> run(() -> leaving(list), onError));
        MenuItem enter = new MenuItem(menu, SWT.PUSH);
        enter.setText("Break when a page enters " + name);
        enter.addListener(SWT.Selection, e -> run(() -> entering(list), onError));
    }

    private interface Creation {
        MmEventBreakpoint create() throws CoreException;
    }

    private static void run(Creation creation, java.util.function.Consumer<CoreException> onError) {
        try {
            creation.create();
        } catch (CoreException e) {
            onError.accept(e);
        }
    }
}
