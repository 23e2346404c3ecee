package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.model.Machine;
import org.mmscope.model.PageListHead;

/** The MmScope Simulation launch type, driven through the launch manager as the IDE does. */
class SimulationLaunchTest {

    @TempDir
    Path dir;

    private final ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();

    @AfterEach
    void cleanUp() throws Exception {
        for (ILaunch launch : manager.getLaunches()) {
            launch.terminate();
            manager.removeLaunch(launch);
        }
        ShownMachine.get().show(null, null);
    }

    private ILaunchConfigurationWorkingCopy configuration(String scenarioFile) throws CoreException {
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        assertNotNull(type, "the launch configuration type is registered");
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "test");
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, scenarioFile);
        return copy;
    }

    @Test
    void aScenarioFileRunsToItsEndAndIsPublished() throws Exception {
        Path file = dir.resolve("small.mms");
        Files.writeString(file, """
                machine ram=256M pagefile=64M seed=3
                process p { thread t { commit 0x10000 size=1M rw; touch 0x10000..+1M write } }
                join p
                exit p
                """);
        ILaunch launch = configuration(file.toString()).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        long end = System.currentTimeMillis() + 60_000;
        while (!launch.isTerminated() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(launch.isTerminated(), "the simulation ended");
        assertEquals(0, launch.getProcesses()[0].getExitValue());
        assertTrue(launch.getProcesses()[0].getLabel().endsWith("(finished)"), launch.getProcesses()[0].getLabel());
        Machine machine = ShownMachine.get().machine();
        assertNotNull(machine);
        long pages = machine.getPfnDatabase().getListHeads().stream().mapToLong(PageListHead::getTotal).sum();
        assertEquals(65_536, pages, "every page is on a list or in a state");
        assertTrue(ShownMachine.get().origin().startsWith("small.mms, finished at "), ShownMachine.get().origin());
    }

    @Test
    void aBadScenarioFileIsRefusedWithItsPositionAndNothingRuns() throws Exception {
        Path file = dir.resolve("bad.mms");
        Files.writeString(file, "machine ram=3G colours=12\n");
        CoreException error = assertThrows(CoreException.class,
                () -> configuration(file.toString()).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()));
        assertTrue(error.getStatus().getMessage().startsWith("bad.mms:1:"), error.getStatus().getMessage());
        assertNull(ShownMachine.get().machine(), "nothing ran");
        assertEquals("The scenario file " + dir.resolve("missing.mms") + " does not exist.",
                SimulationLaunch.checkScenarioFile(dir.resolve("missing.mms").toString()));
        assertEquals("Choose a scenario file, or run the built-in default scenario.",
                SimulationLaunch.checkScenarioFile(null));
    }
}
