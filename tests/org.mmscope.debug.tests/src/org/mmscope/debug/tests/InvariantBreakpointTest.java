package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.DefaultBreakpoints;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.ScenarioParser;

/** Invariant-violation breakpoints, and the breakpoints that are on by default. */
class InvariantBreakpointTest {

    /** A share-count leak (a simulated driver bug) in the middle of thousands of steps of work. */
    static final String LEAK = """
            machine ram=256M pagefile=64M seed=3
            process p {
                thread t {
                    commit 0x10000 size=16K rw
                    touch 0x10000..+16K write
                    commit 0x1000000 size=32M rw
                    touch 0x1000000..+12M write
                    corrupt share-count va=0x11000
                    touch 0x2000000..+12M write
                    touch 0x1000000..+32M read
                }
            }
            """;

    @TempDir
    Path dir;

    private DebugSession session;

    @BeforeEach
    void noDefaults() {
        DebugSession.withoutDefaultBreakpoints();
    }

    @AfterEach
    void cleanUp() throws Exception {
        DebugSession.cleanUp(session);
    }

    /** The position (steps since the start) after the step that did the corruption: the one emitting the MARK event. */
    private static long corruptingStep() throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("leak.mms", LEAK));
        long[] marked = { -1 };
        long[] steps = { 0 };
        run.simulation().memoryManager().eventLog().addListener(EventFilter.of(MmEventType.MARK),
                (log, sequence) -> marked[0] = steps[0] + 1);
        while (marked[0] < 0 && run.step()) {
            steps[0]++;
        }
        assertEquals(steps[0], marked[0]);
        List<Violation> violations = InvariantChecker.check(run.simulation().memoryManager());
        assertEquals(1, violations.size(), "the corruption shows at once: " + violations);
        assertEquals("share-count", violations.get(0).rule());
        return marked[0];
    }

    private String leak() throws Exception {
        Path file = dir.resolve("leak.mms");
        Files.writeString(file, LEAK);
        return file.toString();
    }

    @Test
    void anInvariantBreakpointStopsAtTheStepThatBrokeTheInvariantAndNotAgainForTheSameOne() throws Exception {
        long expected = corruptingStep();
        assertTrue(expected > 3_000, "the corruption comes after thousands of steps: " + expected);
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.INVARIANT_VIOLATION, true);
        session = DebugSession.launch(leak(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        assertEquals(expected, session.target.position(), "suspended right after the step that broke it");
        String label = session.target.getName();
        assertTrue(label.contains("invariant violated by step " + expected + ": share-count PFN 0x"), label);
        assertTrue(Arrays.stream(session.target.getThreads()).anyMatch(t -> {
            IBreakpoint[] hit = ((org.eclipse.debug.core.model.IThread) t).getBreakpoints();
            return hit.length == 1 && hit[0] == breakpoint;
        }), "a thread shows the breakpoint");

        session.target.stepBack();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertEquals(expected - 1, session.target.position(), "the state before the corruption");
        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(3));
        assertEquals(expected, session.target.position(), "forward again: the same stop");

        session.target.resume();
        assertEquals(DebugEvent.UNSPECIFIED, session.awaitSuspendEvent(4), session.target.getName());
        assertTrue(session.target.outcome().startsWith("suspended: finished"),
                "the same violation does not stop the run again: " + session.target.outcome());
    }

    @Test
    void aRuleThatIsNotBrokenDoesNotStop() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.INVARIANT_VIOLATION, true);
        breakpoint.setSubKinds("WORKING_SET", "STALE_TLB");
        session = DebugSession.launch(leak(), null);
        assertEquals(DebugEvent.UNSPECIFIED, session.awaitSuspendEvent(1));
        assertTrue(session.target.outcome().startsWith("suspended: finished"), session.target.outcome());
    }

    @Test
    void theFirstDebugLaunchInAWorkspaceCreatesBugcheckAndInvariantBreakpointsOnce() throws Exception {
        var manager = DebugPlugin.getDefault().getBreakpointManager();
        InstanceScope.INSTANCE.getNode(MmScopeDebugCore.PLUGIN_ID).putBoolean(DefaultBreakpoints.CREATED, false);
        session = DebugSession.launch(leak(), null);
        List<EventKind> kinds = Arrays.stream(manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID))
                .map(b -> ((MmEventBreakpoint) b).kind()).sorted().toList();
        assertEquals(List.of(EventKind.BUGCHECK, EventKind.INVARIANT_VIOLATION), kinds);
        for (IBreakpoint breakpoint : manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID)) {
            assertTrue(breakpoint.isEnabled() && breakpoint.isPersisted());
        }
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1), "on by default: the corruption stops the run");
        assertTrue(session.target.getName().contains("share-count"), session.target.getName());
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated");
        session.close();

        IBreakpoint invariants = Arrays.stream(manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID))
                .filter(b -> ((MmEventBreakpoint) b).kind() == EventKind.INVARIANT_VIOLATION).findFirst().orElseThrow();
        invariants.delete();
        session = DebugSession.launch(leak(), null);
        assertEquals(1, manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID).length,
                "a default the user deleted is not created again");
        assertEquals(DebugEvent.UNSPECIFIED, session.awaitSuspendEvent(1));
        assertFalse(session.target.getName().contains("share-count"), session.target.getName());
    }
}
