package org.mmscope.debug.ui.launcher;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;

/** The "Launch default simulation" button: runs the built-in default scenario. */
public final class LaunchDefaultSimulationHandler extends AbstractHandler {

    /** The command id, as in plugin.xml. */
    public static final String COMMAND_ID = "org.mmscope.debug.ui.launchDefaultSimulation";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        try {
            DebugUITools.launch(DefaultSimulation.configuration(), ILaunchManager.RUN_MODE);
            return null;
        } catch (CoreException e) {
            throw new ExecutionException("Cannot launch the default MmScope simulation: " + e.getMessage(), e);
        }
    }
}
