package org.mmscope.ui.views.pte;

import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.model.RunToRequest;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.ui.views.common.RunToEvent;

/**
 * The menu of one virtual page (the PTE Walker's walk): run to its next fault, and for a user
 * address a breakpoint on its faults in that process (a fault breakpoint with the process and a
 * condition on the address, shown in the Breakpoints view).
 */
public final class AddressBreakpoints {

    private AddressBreakpoints() {
    }

    /** A registered breakpoint on every fault on the page of user address {@code va} in process {@code pid}. */
    public static MmEventBreakpoint onFaults(int pid, long va) throws CoreException {
        if (X64Paging.isKernelAddress(va)) {
            throw new IllegalArgumentException("only user addresses: a kernel page has no process of its own");
        }
        long page = va & ~0xFFFL;
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setProcessId(pid);
        breakpoint.setCondition(String.format("va >= 0x%x && va < 0x%x", page, page + 0x1000));
        return breakpoint;
    }

    /** Adds the page's items to {@code menu}; {@code onError} shows what went wrong. */
    public static void addItems(Menu menu, int pid, long va, Consumer<String> onError) {
        RunToEvent.addItem(menu, RunToRequest.nextFaultAt(va), onError);
        if (X64Paging.isKernelAddress(va)) {
            return;
        }
        new MenuItem(menu, SWT.SEPARATOR);
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(String.format("Break on Faults at 0x%x in Process %d", va & ~0xFFFL, pid));
        item.addListener(SWT.Selection, e -> {
            try {
                onFaults(pid, va);
            } catch (CoreException ex) {
                onError.accept(ex.getMessage());
            }
        });
    }
}
