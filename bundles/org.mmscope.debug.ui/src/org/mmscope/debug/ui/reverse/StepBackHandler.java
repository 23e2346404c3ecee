package org.mmscope.debug.ui.reverse;

import org.eclipse.debug.core.DebugException;
import org.mmscope.debug.core.model.MmDebugTarget;

/** "Step Back": to the state before the simulator step that produced the last event. */
public final class StepBackHandler extends TimeTravelHandler {

    /** The command id, as in plugin.xml. */
    public static final String COMMAND_ID = "org.mmscope.debug.ui.stepBack";

    @Override
    void travel(MmDebugTarget target) throws DebugException {
        target.stepBack();
    }
}
