package org.mmscope.ui.views.common;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IDebugElement;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.debug.core.model.RunToRequest;

/**
 * "Run to Next Event of PFN 0x1a2b" and its kin: the views' menu items that resume the suspended
 * simulation until the next memory-manager event of a kind, a page or an address (breakpoints still
 * hit on the way). They act on the MmScope target the Debug view has selected, else on the only
 * suspended one; without one they are shown disabled, saying why.
 */
public final class RunToEvent {

    private RunToEvent() {
    }

    /** The suspended MmScope debug target to run, or null. */
    public static MmDebugTarget suspendedTarget() {
        IAdaptable context = DebugUITools.getDebugContext();
        if (context != null) {
            IDebugElement element = context.getAdapter(IDebugElement.class);
            IDebugTarget selected = element == null ? null : element.getDebugTarget();
            if (selected instanceof MmDebugTarget target && target.canResume()) {
                return target;
            }
        }
        MmDebugTarget only = null;
        for (ILaunch launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            for (IDebugTarget each : launch.getDebugTargets()) {
                if (each instanceof MmDebugTarget target && target.canResume()) {
                    if (only != null) {
                        return null; // several suspended: only the Debug view's selection says which
                    }
                    only = target;
                }
            }
        }
        return only;
    }

    /**
     * Adds a "Run to Next ..." item for {@code request} to {@code menu}, disabled when no MmScope
     * simulation is suspended.
     */
    public static MenuItem addItem(Menu menu, RunToRequest request, Consumer<String> onError) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        MmDebugTarget target = suspendedTarget();
        item.setText(request.menuText() + (target == null ? "  (no suspended MmScope simulation)" : ""));
        item.setEnabled(target != null);
        item.addListener(SWT.Selection, e -> {
            MmDebugTarget now = suspendedTarget();
            if (now == null) {
                onError.accept("No MmScope simulation is suspended: nothing to run.");
                return;
            }
            try {
                now.runTo(request);
            } catch (DebugException ex) {
                onError.accept(ex.getMessage());
            }
        });
        return item;
    }
}
