package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.ScenarioParser;

/** Launches in debug mode and waits, with a timeout on every wait; records SUSPEND details. */
final class DebugSession {

    static final long TIMEOUT_MS = 60_000;

    /** A small scenario: 16 pages written, trimmed, written to the paging file, read back (soft faults). */
    static final String SOFT_FAULTS = """
            machine ram=256M pagefile=64M seed=3
            process p {
                thread t {
                    commit 0x10000 size=64K rw
                    touch 0x10000..+64K write
                    wait 50ms
                    touch 0x10000..+64K read
                }
            }
            wait 5ms
            trim p
            run modified-page-writer
            join p
            exit p
            """;

    final ILaunch launch;
    final MmDebugTarget target;
    private final Recorder recorder;

    private DebugSession(ILaunch launch, Recorder recorder) {
        this.launch = launch;
        this.target = (MmDebugTarget) launch.getDebugTarget();
        this.recorder = recorder;
        assertNotNull(target, "debug mode creates an MmScope debug target");
    }

    /**
     * Records the details of every SUSPEND event of every MmScope target, by target: listening starts
     * before the launch, so that a breakpoint hit at the very first event is not missed.
     */
    private static final class Recorder implements IDebugEventSetListener {
        private final java.util.Map<Object, List<Integer>> details = new java.util.IdentityHashMap<>();

        @Override
        public void handleDebugEvents(DebugEvent[] events) {
            for (DebugEvent event : events) {
                if (event.getSource() instanceof MmDebugTarget source && event.getKind() == DebugEvent.SUSPEND) {
                    synchronized (details) {
                        details.computeIfAbsent(source, k -> new ArrayList<>()).add(event.getDetail());
                        details.notifyAll();
                    }
                }
            }
        }
    }

    /** Launches a scenario file ({@code null}: the built-in scenario {@code builtIn}) in debug mode. */
    static DebugSession launch(String scenarioFile, String builtIn) throws Exception {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "debug-test");
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, scenarioFile == null ? "" : scenarioFile);
        if (builtIn != null) {
            copy.setAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO, builtIn);
        }
        Recorder recorder = new Recorder();
        DebugPlugin.getDefault().addDebugEventListener(recorder);
        ILaunch launch = copy.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        return new DebugSession(launch, recorder);
    }

    /** Waits for the n-th (1-based) SUSPEND event of the target and returns its detail. */
    int awaitSuspendEvent(int n) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        synchronized (recorder.details) {
            while (recorder.details.getOrDefault(target, List.of()).size() < n) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    fail("no SUSPEND event #" + n + " within " + TIMEOUT_MS + " ms; target " + target.getName());
                }
                recorder.details.wait(left);
            }
            return recorder.details.get(target).get(n - 1);
        }
    }

    void close() {
        DebugPlugin.getDefault().removeDebugEventListener(recorder);
    }

    /**
     * Marks the workspace as having had its default breakpoints: the bugcheck and invariant
     * breakpoints a first debug launch creates would change what a test sees.
     */
    static void withoutDefaultBreakpoints() {
        org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(org.mmscope.debug.core.MmScopeDebugCore.PLUGIN_ID)
                .putBoolean(org.mmscope.debug.core.breakpoints.DefaultBreakpoints.CREATED, true);
    }

    /** After a test: stops listening, ends and removes every launch, deletes every breakpoint, shows nothing. */
    static void cleanUp(DebugSession session) throws Exception {
        if (session != null) {
            session.close();
        }
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch launch : manager.getLaunches()) {
            launch.terminate();
            manager.removeLaunch(launch);
        }
        var breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        breakpoints.removeBreakpoints(breakpoints.getBreakpoints(), true);
        org.mmscope.debug.core.ShownMachine.get().show(null, null);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
        assertTrue(condition.getAsBoolean());
    }

    /** Runs a scenario headless and returns the sequences of the events passing filter and test. */
    static List<Long> headless(String name, String text, EventFilter filter, LongPredicateOnLog test) throws Exception {
        ScenarioRun run = ScenarioRun.start(text == null ? BuiltInScenarios.scenario(name) : ScenarioParser.parse(name, text));
        EventLog log = run.simulation().memoryManager().eventLog();
        List<Long> found = new ArrayList<>();
        log.addListener(filter, (source, sequence) -> {
            if (test.test(source, sequence)) {
                found.add(sequence);
            }
        });
        run.run(50_000_000);
        return found;
    }

    /** A test of a logged event. */
    @FunctionalInterface
    interface LongPredicateOnLog {
        boolean test(EventLog log, long sequence);
    }
}
