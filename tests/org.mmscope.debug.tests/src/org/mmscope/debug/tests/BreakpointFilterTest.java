package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;

/**
 * The filter a breakpoint's listener is registered with ({@link BreakpointMatcher#eventFilter}) lets
 * the event log drop events before the breakpoint's own test: it must pass every event that test
 * accepts, and for breakpoints on a page, a process or some lists it should drop most others.
 */
class BreakpointFilterTest {

    private final List<MmEventBreakpoint> created = new ArrayList<>();

    @AfterEach
    void deleteBreakpoints() throws Exception {
        for (IBreakpoint breakpoint : created) {
            DebugPlugin.getDefault().getBreakpointManager().removeBreakpoint(breakpoint, true);
        }
        ResourcesPlugin.getWorkspace().getRoot().deleteMarkers(IMarker.MARKER, true, 0);
    }

    private MmEventBreakpoint breakpoint(EventKind kind) throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(kind, true);
        created.add(breakpoint);
        return breakpoint;
    }

    @Test
    void theListenerFilterPassesEveryEventTheBreakpointHitsAndDropsMostOthers() throws Exception {
        MmEventBreakpoint standbyToActive = breakpoint(EventKind.PAGE_TRANSITION);
        standbyToActive.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        MmEventBreakpoint pages = breakpoint(EventKind.PAGE_TRANSITION);
        pages.setPfnRange(0x40, 0x7f);
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        run.run(20_000); // the scenario's processes exist
        List<org.mmscope.sim.mm.MmProcess> processes = run.simulation().memoryManager().processes();
        MmEventBreakpoint faultsOfOneProcess = breakpoint(EventKind.FAULT);
        faultsOfOneProcess.setProcessId(processes.get(processes.size() - 1).pid());
        MmEventBreakpoint conditional = breakpoint(EventKind.FAULT);
        conditional.setCondition("va >= 0x10000000");
        List<BreakpointMatcher> matchers = new ArrayList<>();
        for (MmEventBreakpoint breakpoint : created) {
            matchers.add(BreakpointMatcher.compile(breakpoint).everyMatch());
        }

        EventLog log = run.simulation().memoryManager().eventLog();
        int[] hits = new int[matchers.size()];
        int[] passed = new int[matchers.size()];
        int[] ofType = new int[matchers.size()];
        List<String> missed = new ArrayList<>();
        log.addListener(EventFilter.all(), (source, sequence) -> {
            for (int i = 0; i < matchers.size(); i++) {
                BreakpointMatcher matcher = matchers.get(i);
                boolean filterPasses = matcher.eventFilter().matches(source, sequence);
                boolean hit = matcher.hits(source, sequence);
                if ((matcher.typeMask() & source.type(sequence).bit()) != 0) {
                    ofType[i]++;
                }
                passed[i] += filterPasses ? 1 : 0;
                hits[i] += hit ? 1 : 0;
                if (hit && !filterPasses) {
                    missed.add(i + ": event " + sequence + " " + source.record(sequence));
                }
            }
        });
        run.run(200_000);

        assertEquals(List.of(), missed, "events a breakpoint hits that its listener filter drops");
        for (int i = 0; i < matchers.size(); i++) {
            assertTrue(hits[i] > 0, "breakpoint " + i + " hits somewhere in the scenario, so the test means something");
        }
        assertTrue(passed[0] < ofType[0] / 2, "the list filter drops most page transitions: " + passed[0] + " of " + ofType[0]);
        assertTrue(passed[1] < ofType[1] / 2, "the PFN range drops most page transitions: " + passed[1] + " of " + ofType[1]);
        assertTrue(passed[2] < ofType[2], "the process filter drops the other processes' faults");
        assertEquals(ofType[3], passed[3], "a condition is not the filter's: every fault reaches the listener");
    }
}
