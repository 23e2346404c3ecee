package org.mmscope.debug.ui.reverse;

import org.eclipse.debug.core.DebugException;
import org.mmscope.debug.core.model.MmDebugTarget;

/** "Run Back to Previous Breakpoint": to the last breakpoint hit before now, or to the start. */
public final class RunBackHandler extends TimeTravelHandler {

    /** The command id, as in plugin.xml. */
    public static final String COMMAND_ID = "org.mmscope.debug.ui.runBack";

    @Override
    void travel(MmDebugTarget target) throws DebugException {
        target.runBackToBreakpoint();
    }
}
