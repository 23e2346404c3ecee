package org.mmscope.debug.core.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.DefaultBreakpoints;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.Scenario;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * Launches an MmScope simulation: parses and checks the scenario first (a bad file is one error,
 * file:line:column, and nothing runs), then runs it in a background job (run mode) or under an
 * {@link MmDebugTarget} on its own thread (debug mode: suspend, breakpoints, Step Over).
 */
public final class SimulationLaunchDelegate implements ILaunchConfigurationDelegate {

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        String file = configuration.getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
        String builtIn = configuration.getAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO,
                SimulationLaunch.DEFAULT_SCENARIO_NAME);
        String name = file.isBlank() ? builtIn : Path.of(file).getFileName().toString();
        ScenarioRun run;
        try {
            Scenario scenario = file.isBlank() ? builtInScenario(builtIn)
                    : ScenarioParser.parse(name, Files.readString(Path.of(file), StandardCharsets.UTF_8));
            run = ScenarioRun.start(scenario);
        } catch (ScenarioException e) {
            throw new CoreException(Status.error(e.getMessage()));
        } catch (NoSuchFileException e) {
            throw new CoreException(Status.error("The scenario file " + file + " does not exist."));
        } catch (IOException e) {
            throw new CoreException(Status.error("Cannot read the scenario file " + file + ": " + e.getMessage()));
        }
        SimulationProcess process = new SimulationProcess(launch, "MmScope simulation [" + name + "]");
        process.setAttribute("org.mmscope.debug.core.plugin", MmScopeDebugCore.PLUGIN_ID);
        if (ILaunchManager.DEBUG_MODE.equals(mode)) {
            DefaultBreakpoints.ensureCreated();
            MmDebugTarget target = new MmDebugTarget(launch, process, run, name, process::ended);
            process.attach(new SimulationProcess.Control() {
                @Override
                public String outcome() {
                    return target.outcome();
                }

                @Override
                public void stop() {
                    target.terminate();
                }
            });
            launch.addDebugTarget(target);
            target.start();
        } else {
            process.start(new SimulationJob(run, name, process));
        }
    }

    private static Scenario builtInScenario(String name) throws CoreException {
        try {
            return BuiltInScenarios.scenario(name);
        } catch (RuntimeException e) {
            throw new CoreException(Status.error("There is no built-in scenario " + name + "."));
        }
    }
}
