package org.mmscope.debug.ui.launcher;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.mmscope.debug.core.launcher.SimulationLaunch;

/** The launch configuration of the built-in default scenario: found, or created on first use. */
public final class DefaultSimulation {

    private DefaultSimulation() {
    }

    /** The "MmScope default scenario" launch configuration, created (and saved) when it does not exist. */
    public static ILaunchConfiguration configuration() throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        for (ILaunchConfiguration existing : manager.getLaunchConfigurations(type)) {
            if (existing.getName().equals(SimulationLaunch.DEFAULT_CONFIGURATION_NAME)) {
                return existing;
            }
        }
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, SimulationLaunch.DEFAULT_CONFIGURATION_NAME);
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
        return copy.doSave();
    }
}
