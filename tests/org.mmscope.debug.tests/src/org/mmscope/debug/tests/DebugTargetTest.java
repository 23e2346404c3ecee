package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.model.MmThread;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Machine;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.scenario.BuiltInScenarios;

/** Debug mode of the MmScope Simulation launch: target, threads, frames, breakpoints, stepping. */
class DebugTargetTest {

    @TempDir
    Path dir;

    private DebugSession session;

    @org.junit.jupiter.api.BeforeEach
    void noDefaultBreakpoints() {
        DebugSession.withoutDefaultBreakpoints();
    }

    @AfterEach
    void cleanUp() throws Exception {
        DebugSession.cleanUp(session);
    }

    /** The headless run's Standby -> ActiveAndValid transitions (soft faults), in order. */
    private static List<Long> softHits() throws Exception {
        return headlessSoft(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withOldState(2).withNewState(6),
                (log, sequence) -> true);
    }

    /** Launches the soft-fault scenario with a Standby -> ActiveAndValid breakpoint and waits for its first hit. */
    private MmEventBreakpoint launchToFirstSoftHit() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        return breakpoint;
    }

    private String softFaults() throws Exception {
        Path file = dir.resolve("soft.mms");
        Files.writeString(file, DebugSession.SOFT_FAULTS);
        return file.toString();
    }

    private static List<Long> headlessSoft(EventFilter filter, DebugSession.LongPredicateOnLog test) throws Exception {
        return DebugSession.headless("soft.mms", DebugSession.SOFT_FAULTS, filter, test);
    }

    private static Map<String, String> variables(IThread thread) throws Exception {
        Map<String, String> values = new HashMap<>();
        for (IVariable variable : thread.getTopStackFrame().getVariables()) {
            values.put(variable.getName(), variable.getValue().getValueString());
        }
        return values;
    }

    private static MmThread thread(DebugSession session, String name) {
        return (MmThread) Arrays.stream(session.target.getThreads()).filter(t -> {
            try {
                return t.getName().startsWith(name + " [");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no thread " + name + " in "
                + Arrays.toString(session.target.getThreads())));
    }

    private void assertModelAtSuspend() {
        Machine machine = ShownMachine.get().machine();
        assertEquals(session.target.suspendedAtEvent(), machine.getEventSequence(),
                "the model is populated at the suspend point");
        List<EventRecord> events = machine.getEvents();
        assertEquals(session.target.suspendedAtEvent(), events.get(events.size() - 1).getSequence());
    }

    @Test
    void debugModeSuspendsAtTheEndWhereStepBackWorksAndResumeEndsTheRun() throws Exception {
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.UNSPECIFIED, session.awaitSuspendEvent(1));
        assertTrue(session.target.outcome().startsWith("suspended: finished (the end of the run"), session.target.outcome());
        assertFalse(session.launch.isTerminated(), "the target stays at the end, to be looked at");
        assertModelAtSuspend();
        assertTrue(ShownMachine.get().origin().startsWith("soft.mms, finished, suspended at "), ShownMachine.get().origin());
        long end = session.target.position();
        assertTrue(session.target.canStepBack());
        session.target.stepBack();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertTrue(session.target.position() < end, "went back from the end");
        session.target.resume();
        assertEquals(DebugEvent.UNSPECIFIED, session.awaitSuspendEvent(3));
        assertEquals(end, session.target.position(), "at the end again");
        session.target.resume();
        DebugSession.await(session.launch::isTerminated, "Resume at the end ends the run");
        assertEquals("finished", session.target.outcome());
        assertEquals(0, session.launch.getProcesses()[0].getExitValue());
        assertTrue(session.target.getName().endsWith("(finished)"), session.target.getName());
        session.close();

        session = DebugSession.launch(null, null);
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated at once");
        assertTrue(session.target.isTerminated());
        session.close();

        session = DebugSession.launch(softFaults(), null);
        session.target.disconnect();
        assertTrue(session.target.isDisconnected());
        DebugSession.await(() -> session.launch.getProcesses()[0].isTerminated(), "the disconnected run ended");
        assertTrue(session.launch.isTerminated());
    }

    @Test
    void suspendResumeAndTerminateAtAnyMoment() throws Exception {
        session = DebugSession.launch(null, null);
        session.target.suspend();
        assertEquals(DebugEvent.CLIENT_REQUEST, session.awaitSuspendEvent(1));
        assertTrue(session.target.isSuspended());
        assertModelAtSuspend();
        IThread zero = thread(session, "Zero page thread");
        assertTrue(zero.hasStackFrames());
        assertEquals(List.of("Zero page thread", "Modified page writer", "Working set manager"),
                Arrays.stream(session.target.getThreads()).limit(3)
                        .map(t -> ((MmThread) t).getName().replaceAll(" \\[.*", "")).toList(),
                "system threads first, in creation order");
        session.target.resume();
        DebugSession.await(() -> !session.target.isSuspended(), "resumed");
        session.target.suspend();
        session.awaitSuspendEvent(2);
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated while suspended");
        assertEquals(0, session.target.getThreads().length);
    }

    @Test
    void aThousandRapidSuspendResumeCyclesDoNotDeadlock() throws Exception {
        session = DebugSession.launch(null, null);
        for (int cycle = 1; cycle <= 1_000; cycle++) {
            session.target.suspend();
            DebugSession.await(() -> session.target.isSuspended(), "suspended");
            session.target.resume();
            DebugSession.await(() -> !session.target.isSuspended(), "resumed");
        }
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated");
    }

    @Test
    void threadsAndFramesShowNtRoutines() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setSubKinds("DEMAND_ZERO");
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        MmThread worker = thread(session, "p/t");
        IStackFrame[] frames = worker.getStackFrames();
        assertEquals(List.of("MiResolveDemandZeroFault", "MmAccessFault"),
                Arrays.stream(frames).map(f -> f.toString().replaceAll(" \\(.*", "")).toList());
        assertEquals(1, frames[0].getLineNumber());
        assertEquals(2, frames[1].getLineNumber());
        assertArrayEquals(new Object[] { breakpoint }, worker.getBreakpoints());
        Map<String, String> values = variables(worker);
        assertEquals("FAULT_DEMAND_ZERO", values.get("type"));
        assertEquals("00000000`00010000", values.get("va"));
        assertEquals(0, thread(session, "Zero page thread").getBreakpoints().length);
        assertModelAtSuspend();
    }

    @Test
    void pageTransitionBreakpointHitsAtTheFirstMatchingEvent() throws Exception {
        long expected = headlessSoft(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withOldState(2).withNewState(6),
                (log, sequence) -> true).get(0);
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        assertEquals(expected, session.target.lastHitSequence());
        assertModelAtSuspend();
        EventRecord hit = ShownMachine.get().machine().getEvents().stream()
                .filter(e -> e.getSequence() == expected).findFirst().orElseThrow();
        assertEquals(2, hit.getOldState());
        assertEquals(6, hit.getNewState());
        Map<String, String> values = variables(thread(session, "p/t"));
        assertEquals("STANDBY", values.get("oldState"));
        assertEquals("ACTIVE_AND_VALID", values.get("newState"));
    }

    @Test
    void runBackReturnsToThePreviousHitWithTheIdenticalModelAndStepBackGoesBeforeTheEvent() throws Exception {
        List<Long> soft = headlessSoft(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withOldState(2).withNewState(6),
                (log, sequence) -> true);
        assertTrue(soft.size() >= 2, "the scenario has soft faults " + soft);
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        assertEquals(soft.get(0), session.target.lastHitSequence());
        long firstPosition = session.target.position();
        Machine atFirstHit = EcoreUtil.copy(ShownMachine.get().machine());
        assertFalse(session.target.canStepBack() && firstPosition == 0);

        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(2));
        assertEquals(soft.get(1), session.target.lastHitSequence());
        assertTrue(session.target.position() > firstPosition);

        assertTrue(session.target.canStepBack());
        MmThread worker = thread(session, "p/t");
        MmThread zeroPageThread = thread(session, "Zero page thread");
        session.target.runBackToBreakpoint();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(3));
        assertSame(worker, thread(session, "p/t"), "a thread alive before and after keeps its debug thread");
        assertSame(zeroPageThread, thread(session, "Zero page thread"));
        assertFalse(worker.isTerminated());
        assertEquals(firstPosition, session.target.position(), "back at the first hit");
        assertEquals(soft.get(0), session.target.lastHitSequence());
        assertModelAtSuspend();
        assertTrue(EcoreUtil.equals(atFirstHit, ShownMachine.get().machine()),
                "the model after going back equals the model at the first hit, feature for feature");
        assertEquals("STANDBY", variables(thread(session, "p/t")).get("oldState"), "the hit's frame variables");

        // Step Back: before the step that produced the hit; Resume replays it and hits it again
        session.target.stepBack();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(4));
        assertTrue(session.target.position() < firstPosition);
        assertTrue(session.target.suspendedAtEvent() < soft.get(0), "the hit's event has not happened yet");
        assertModelAtSuspend();
        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(5));
        assertEquals(soft.get(0), session.target.lastHitSequence(), "forward again: the same hit");
        assertEquals(firstPosition, session.target.position());
        assertTrue(EcoreUtil.equals(atFirstHit, ShownMachine.get().machine()));

        // with no earlier hit, Run Back goes to the start
        session.target.runBackToBreakpoint();
        session.awaitSuspendEvent(6);
        assertEquals(0, session.target.position());
        assertFalse(session.target.canStepBack(), "nothing before the start");
        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(7));
        assertEquals(soft.get(0), session.target.lastHitSequence());
    }

    @Test
    void conditionAndHitCount() throws Exception {
        List<Long> bigPfnFaults = headlessSoft(EventFilter.of(MmEventType.FAULT_DEMAND_ZERO),
                (log, sequence) -> log.pfn(sequence) > 0x5);
        assertTrue(bigPfnFaults.size() > 1, "the scenario has faults on PFNs above 0x5 " + bigPfnFaults);
        MmEventBreakpoint conditional = new MmEventBreakpoint(EventKind.FAULT, true);
        conditional.setSubKinds("DEMAND_ZERO");
        conditional.setCondition("pfn > 0x5");
        session = DebugSession.launch(softFaults(), null);
        session.awaitSuspendEvent(1);
        assertEquals(bigPfnFaults.get(0), session.target.lastHitSequence());
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated");
        session.close();
        conditional.delete();

        List<Long> soft = headlessSoft(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withOldState(2).withNewState(6),
                (log, sequence) -> true);
        MmEventBreakpoint counted = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        counted.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        counted.setHitCount(3);
        session = DebugSession.launch(softFaults(), null);
        session.awaitSuspendEvent(1);
        assertEquals(soft.get(2), session.target.lastHitSequence(), "the third match");
        session.target.resume();
        session.awaitSuspendEvent(2);
        assertEquals(soft.get(5), session.target.lastHitSequence(), "then every third");
    }

    @Test
    void aConditionThatCannotBeEvaluatedStopsAndSaysWhy() throws Exception {
        long firstFault = headlessSoft(EventFilter.of(MmEventType.FAULT_DEMAND_ZERO), (log, sequence) -> true).get(0);
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setSubKinds("DEMAND_ZERO");
        breakpoint.setCondition("pfn + 1"); // parses, but gives a number, not true or false
        session = DebugSession.launch(softFaults(), null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        assertEquals(firstFault, session.target.lastHitSequence(), "it stops at the first event it tried");
        String name = session.target.getName();
        assertTrue(name.contains("suspended: the condition 'pfn + 1' could not be evaluated for event " + firstFault),
                name);
        assertTrue(name.contains("not true or false"), name);
        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(2));
        assertTrue(session.target.getName().contains("could not be evaluated"), "and at the next one");
    }

    @Test
    void aConditionThatDoesNotParseIsRefused() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        CoreException syntax = assertThrows(CoreException.class, () -> breakpoint.setCondition("pfn >"));
        assertTrue(syntax.getMessage().startsWith("Invalid condition 'pfn >'"), syntax.getMessage());
        CoreException name = assertThrows(CoreException.class, () -> breakpoint.setCondition("pfnn > 1"));
        assertTrue(name.getMessage().contains("unknown name 'pfnn'"), name.getMessage());
        assertEquals("", breakpoint.condition(), "nothing was stored");
        assertThrows(CoreException.class, () -> breakpoint.setSubKinds("NOT_A_FAULT"));
        breakpoint.setCondition("va >= 0x10000 && oldState != 3");
        assertEquals("va >= 0x10000 && oldState != 3", breakpoint.condition());
    }

    @Test
    void poolBreakpointWithATagWildcard() throws Exception {
        List<Long> expected = DebugSession.headless(BuiltInScenarios.POOLS_NAME, null,
                EventFilter.of(MmEventType.POOL_ALLOCATE),
                (log, sequence) -> BreakpointMatcher.tagText(log.oldState(sequence)).matches("Vrf."));
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.POOL, true);
        breakpoint.setSubKinds("ALLOCATE");
        breakpoint.setTagPattern("Vrf?");
        session = DebugSession.launch(null, BuiltInScenarios.POOLS_NAME);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        assertEquals(expected.get(0), session.target.lastHitSequence());
        IThread script = Arrays.stream(session.target.getThreads())
                .filter(t -> t.getBreakpoints().length == 1).findFirst().orElseThrow();
        assertEquals("'Vrf1'", variables(script).get("oldState"));
    }

    @Test
    void stepOverEndsAtTheNextEventOfThatThread() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setSubKinds("DEMAND_ZERO");
        session = DebugSession.launch(softFaults(), null);
        session.awaitSuspendEvent(1);
        breakpoint.setEnabled(false);
        MmThread worker = thread(session, "p/t");
        long suspendedAt = session.target.suspendedAtEvent();
        List<Long> next = headlessSoft(EventFilter.all().withThread(worker.simulatedId()),
                (log, sequence) -> sequence > suspendedAt);
        worker.stepOver();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertEquals(next.get(0), session.target.lastHitSequence(), "suspended at " + suspendedAt + ", thread "
                + worker.simulatedId() + ", next events " + next.subList(0, Math.min(5, next.size())));
        assertFalse(worker.isStepping());
        assertModelAtSuspend();
    }

    @Test
    void stepIntoEndsAtTheVeryNextEventOfAnyThread() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setSubKinds("DEMAND_ZERO");
        session = DebugSession.launch(softFaults(), null);
        session.awaitSuspendEvent(1);
        breakpoint.setEnabled(false);
        long suspendedAt = session.target.suspendedAtEvent();
        MmThread worker = thread(session, "p/t");
        assertTrue(worker.canStepInto() && worker.getTopStackFrame().canStepInto());
        worker.stepInto();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertEquals(suspendedAt + 1, session.target.lastHitSequence(), "the next event in the log, whoever caused it");
        assertModelAtSuspend();
        long again = session.target.suspendedAtEvent();
        worker.stepInto();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(3));
        assertEquals(again + 1, session.target.lastHitSequence());
    }

    @Test
    void aBugcheckSuspendsWhereItHappenedAndStepBackGoesToTheStateBeforeIt() throws Exception {
        Path file = dir.resolve("double-free.mms");
        Files.writeString(file, """
                machine ram=256M pagefile=64M seed=3
                process p { thread t { commit 0x10000 size=64K rw; touch 0x10000..+64K write } }
                join p
                pool alloc paged 2 pages tag='Dbl ' as b
                pool free b
                pool free b
                """);
        session = DebugSession.launch(file.toString(), null);
        session.awaitSuspendEvent(1);
        String broken = session.target.getName();
        assertTrue(broken.contains("suspended: error:") && broken.contains("BAD_POOL_CALLER"), broken);
        assertFalse(session.target.isTerminated(), "the target stays, suspended where it failed");
        long failedAt = session.target.position();
        assertTrue(session.target.canStepBack());

        session.target.stepBack();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertEquals(failedAt, session.target.position(), "the state just before the step that failed");
        assertFalse(session.target.getName().contains("error"), session.target.getName());
        assertModelAtSuspend();

        session.target.resume(); // the same step fails the same way: the simulation is deterministic
        session.awaitSuspendEvent(3);
        assertEquals(broken, session.target.getName());
        session.target.resume(); // resuming a broken run ends it with the error
        DebugSession.await(session.launch::isTerminated, "the run ends");
        assertTrue(session.target.outcome().startsWith("error:"), session.target.outcome());
    }

    @Test
    void stepReturnRunsUntilTheThreadIsOutOfItsHardFault() throws Exception {
        MmEventBreakpoint hard = new MmEventBreakpoint(EventKind.FAULT, true);
        hard.setSubKinds("PAGE_FILE");
        session = DebugSession.launch(null, null);
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(1));
        long hit = session.target.lastHitSequence();
        MmThread faulting = (MmThread) Arrays.stream(session.target.getThreads())
                .filter(t -> ((MmThread) t).getBreakpoints().length > 0).findFirst().orElseThrow();
        assertTrue(faulting.getName().endsWith("(waiting: PAGE_IN)"), "the hard fault waits for its read: " + faulting);
        assertTrue(faulting.canStepReturn());
        assertTrue(faulting.getTopStackFrame().canStepReturn());
        long pfn = ShownMachine.get().machine().getEvents().stream().filter(e -> e.getSequence() == hit)
                .findFirst().orElseThrow().getPfn();
        hard.setEnabled(false);

        faulting.getTopStackFrame().stepReturn();
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertFalse(faulting.getName().contains("waiting: PAGE_IN"), "out of the fault: " + faulting);
        assertTrue(session.target.suspendedAtEvent() > hit);
        List<EventRecord> events = ShownMachine.get().machine().getEvents();
        assertTrue(events.stream().anyMatch(e -> e.getSequence() > hit && e.getPfn() == pfn
                && (e.getType().equals(MmEventType.IN_PAGE_COMPLETE.name()) || e.getType().equals(MmEventType.IN_PAGE_ERROR.name()))),
                "the read ended on the way");
    }

    @Test
    void runToTheNextEventOfAPageOrOfATypeStopsThereWithBreakpointsStillOn() throws Exception {
        List<Long> soft = softHits();
        MmEventBreakpoint breakpoint = launchToFirstSoftHit();
        long at = session.target.suspendedAtEvent();
        long pfn = ShownMachine.get().machine().getEvents().stream().filter(e -> e.getSequence() == soft.get(0))
                .findFirst().orElseThrow().getPfn();
        breakpoint.setEnabled(false);

        long nextFault = headlessSoft(EventFilter.of(MmEventType.FAULT_TRANSITION), (log, sequence) -> sequence > at).get(0);
        session.target.runTo(org.mmscope.debug.core.model.RunToRequest.nextEventOfType("FAULT_TRANSITION"));
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(2));
        assertEquals(nextFault, session.target.lastHitSequence(), "the next soft fault");
        assertTrue(session.target.getName().contains("ran to the next FAULT_TRANSITION event"), session.target.getName());
        assertModelAtSuspend();

        breakpoint.setEnabled(true);
        long after = session.target.suspendedAtEvent();
        long nextSoft = soft.stream().filter(s -> s > after).findFirst().orElseThrow();
        session.target.runTo(org.mmscope.debug.core.model.RunToRequest.nextFaultAt(0x7fff0000L));
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(3), "a breakpoint on the way still hits");
        assertEquals(nextSoft, session.target.lastHitSequence());
        breakpoint.setEnabled(false);

        long now = session.target.suspendedAtEvent();
        long expected = headlessSoft(EventFilter.all().withPfn(pfn), (log, sequence) -> sequence > now).get(0);
        session.target.runTo(org.mmscope.debug.core.model.RunToRequest.nextEventOfPfn(pfn));
        assertEquals(DebugEvent.STEP_END, session.awaitSuspendEvent(4));
        assertEquals(expected, session.target.lastHitSequence(), "the page's next event");
        assertTrue(session.target.getName().contains(String.format("ran to the next event of PFN 0x%x", pfn)),
                session.target.getName());
    }

    @Test
    void theWholeLifeOfAPageIsEveryEventOfItsPfnSinceTheStartAndTheTargetStaysWhereItWas() throws Exception {
        List<Long> soft = softHits();
        MmEventBreakpoint breakpoint = launchToFirstSoftHit();
        session.target.resume();
        assertEquals(DebugEvent.BREAKPOINT, session.awaitSuspendEvent(2));
        long at = session.target.suspendedAtEvent();
        long position = session.target.position();
        long pfn = ShownMachine.get().machine().getEvents().stream().filter(e -> e.getSequence() == soft.get(1))
                .findFirst().orElseThrow().getPfn();
        List<Long> expected = headlessSoft(EventFilter.all().withPfn(pfn), (log, sequence) -> sequence <= at);
        assertTrue(expected.size() >= 4, "the page was zeroed, used, written, trimmed and faulted back: " + expected);

        org.mmscope.debug.core.model.PageLife life = session.target.lifeOfPage(pfn, new org.eclipse.core.runtime.NullProgressMonitor());
        assertEquals(expected, life.events().stream().map(EventRecord::getSequence).toList(), "every event of the page, in order");
        assertEquals(expected.size(), life.total());
        assertTrue(life.events().stream().allMatch(e -> e.getPfn() == pfn));
        assertEquals(position, life.steps());
        assertTrue(session.target.isSuspended());
        assertEquals(position, session.target.position(), "the target did not move");
        assertEquals(at, session.target.suspendedAtEvent());
        session.target.terminate();
        DebugSession.await(session.launch::isTerminated, "terminated");
        assertThrows(org.eclipse.debug.core.DebugException.class,
                () -> session.target.lifeOfPage(pfn, new org.eclipse.core.runtime.NullProgressMonitor()),
                "not once the run ended");
    }
}
