package org.mmscope.debug.ui.reverse;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.HandlerEvent;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.model.IDebugElement;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Display;
import org.mmscope.debug.core.model.MmDebugTarget;

/**
 * Base of the commands that go back in time on the MmScope debug target selected in the Debug view
 * (or the only one running). Enabled while that target is suspended after its start; the enablement
 * follows the target's suspend and resume events. The work happens on the simulation thread: the
 * command only asks for it and returns at once.
 */
abstract class TimeTravelHandler extends AbstractHandler implements IDebugEventSetListener {

    TimeTravelHandler() {
        DebugPlugin.getDefault().addDebugEventListener(this);
    }

    /** Asks {@code target} to go back. */
    abstract void travel(MmDebugTarget target) throws DebugException;

    @Override
    public final Object execute(ExecutionEvent event) throws ExecutionException {
        MmDebugTarget target = currentTarget();
        if (target == null || !target.canStepBack()) {
            return null;
        }
        try {
            travel(target);
        } catch (DebugException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
        return null;
    }

    @Override
    public final boolean isEnabled() {
        MmDebugTarget target = currentTarget();
        return target != null && target.canStepBack();
    }

    @Override
    public final void handleDebugEvents(DebugEvent[] events) {
        for (DebugEvent event : events) {
            int kind = event.getKind();
            if (kind == DebugEvent.SUSPEND || kind == DebugEvent.RESUME || kind == DebugEvent.TERMINATE) {
                Display display = Display.getDefault();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> fireHandlerChanged(new HandlerEvent(this, true, false)));
                }
                return;
            }
        }
    }

    @Override
    public void dispose() {
        DebugPlugin.getDefault().removeDebugEventListener(this);
        super.dispose();
    }

    /** The MmScope target of the Debug view's selection, or the only live MmScope target. */
    static MmDebugTarget currentTarget() {
        IAdaptable context = Display.getCurrent() == null ? null : DebugUITools.getDebugContext();
        if (context != null) {
            IDebugElement element = context.getAdapter(IDebugElement.class);
            if (element != null && element.getDebugTarget() instanceof MmDebugTarget target) {
                return target;
            }
        }
        MmDebugTarget only = null;
        for (var launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            for (var target : launch.getDebugTargets()) {
                if (target instanceof MmDebugTarget mm && !mm.isTerminated()) {
                    if (only != null) {
                        return null; // several: the Debug view's selection must say which
                    }
                    only = mm;
                }
            }
        }
        return only;
    }
}
