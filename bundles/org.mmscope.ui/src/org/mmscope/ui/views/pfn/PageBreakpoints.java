package org.mmscope.ui.views.pfn;

import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.model.RunToRequest;
import org.mmscope.ui.views.common.RunToEvent;

/**
 * The menu of one page (a PFN Inspector row, an event of a page): run to its next event, break when
 * it changes list, break on its faults. The breakpoints are ordinary ones (Breakpoints view).
 */
public final class PageBreakpoints {

    private PageBreakpoints() {
    }

    /** A registered breakpoint on every list change of page {@code pfn}. */
    public static MmEventBreakpoint onTransitions(long pfn) throws CoreException {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setPfnRange((int) pfn, (int) pfn);
        return breakpoint;
    }

    /** A registered breakpoint on every fault resolved with page {@code pfn}. */
    public static MmEventBreakpoint onFaults(long pfn) throws CoreException {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setPfnRange((int) pfn, (int) pfn);
        return breakpoint;
    }

    /** Adds the page's items to {@code menu}; {@code onError} shows what went wrong. */
    public static void addItems(Menu menu, long pfn, Consumer<String> onError) {
        RunToEvent.addItem(menu, RunToRequest.nextEventOfPfn(pfn), onError);
        new MenuItem(menu, SWT.SEPARATOR);
        item(menu, String.format("Break When PFN 0x%x Changes List", pfn), () -> onTransitions(pfn), onError);
        item(menu, String.format("Break on Faults on PFN 0x%x", pfn), () -> onFaults(pfn), onError);
    }

    private interface Creation {
        MmEventBreakpoint create() throws CoreException;
    }

    private static void item(Menu menu, String text, Creation creation, Consumer<String> onError) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.addListener(SWT.Selection, e -> {
            try {
                creation.create();
            } catch (CoreException ex) {
                onError.accept(ex.getMessage());
            }
        });
    }
}
