package org.mmscope.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.Scenario;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * Going back in time: a position reached by restoring a checkpoint and replaying has the very state
 * (every field of every object, compared by {@link GraphDiff}) a forward run has there, on scenarios that use every kind of
 * simulator object (processes, threads in the middle of operations, sections, images, clone
 * blocks, pools, disk requests in flight).
 */
class TimelineTest {

    private static final Timeline.Policy SMALL = Timeline.Policy.everySteps(700, 1L << 30, 4);

    /** Sections, a file view, an image, a fork with copy-on-write, read-ahead, an injected error, pools. */
    private static final String MIXED = """
            machine ram=256M pagefile=512M seed=11
            pressure available<2048 -> trim all
            section create shm size=256K rw
            section image app file="app.exe" text=16K rdata=8K data=8K
            pool alloc paged 3 pages tag='Mmsc' as big
            pool alloc nonpaged 200 bytes tag='Smll' as small
            process a {
                thread t {
                    map 0x50000000 section=shm rw
                    touch 0x50000000..+256K write
                    map 0x60000000 file="data.bin" size=512K r
                    readahead 0..+256K
                    touch 0x60000000..+512K read
                    map 0x40000000 section=app
                    touch 0x40001000..+16K execute
                    write 0x40007000..+8K value=0xaa
                    commit 0x10000000 size=4M rw
                    touch 0x10000000..+4M write
                }
            }
            inject disk-read-error pagefile offset=0x10 times=1
            join a
            fork a as child
            in child: touch 0x10000000..+1M write
            process hog { thread t { commit 0x20000000 size=300M rw; touch 0x20000000..+300M write; touch 0x20000000..+300M read } }
            pool free big
            in a: touch 0x10000000..+4M read
            join hog
            exit child
            """;

    static Stream<Arguments> scenarios() throws Exception {
        return Stream.of(Arguments.of("default.mms", BuiltInScenarios.defaultScenario(), 30_000L, 700L),
                Arguments.of("pools.mms", BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME), 40_000L, 5L),
                Arguments.of("mixed", ScenarioParser.parse("mixed.mms", MIXED), 60_000L, 700L));
    }

    /**
     * Null when two runs are the same: every non-transient field ({@link GraphDiff}) and the contents
     * of every page frame (held in transient arrays that GraphDiff skips), else the first difference.
     */
    static String difference(ScenarioRun expected, ScenarioRun actual) {
        String graph = GraphDiff.between(expected, actual);
        if (graph != null) {
            return graph;
        }
        org.mmscope.sim.hw.PhysicalMemory a = expected.simulation().memoryManager().memory();
        org.mmscope.sim.hw.PhysicalMemory b = actual.simulation().memoryManager().memory();
        for (int pfn = 0; pfn < a.pageCount(); pfn++) {
            if (a.contentHash(pfn) != b.contentHash(pfn)) {
                return String.format("the contents of page frame 0x%x differ", pfn);
            }
        }
        return null;
    }

    private static byte[] state(ScenarioRun run, SharedObjects shared) {
        return Checkpoint.take(run, 0, -1, shared).state();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPositionReachedBackwardsHasTheStateTheForwardRunHadThere(String name, Scenario scenario, long steps,
            long interval) throws Exception {
        Timeline.Policy policy = Timeline.Policy.everySteps(interval, 1L << 30, 4);
        Timeline timeline = new Timeline(ScenarioRun.start(scenario), policy);
        while (timeline.position() < steps && timeline.step()) {
            // forward, taking checkpoints
        }
        long end = timeline.position();
        assertTrue(end > 5 * policy.maxSteps(), name + ": long enough to have several checkpoints, " + end + " steps");
        ScenarioRun reference = ScenarioRun.start(scenario);
        long referencePosition = 0;
        for (long position : new long[] { 0, 1, end / 5 + 17, end / 2, end - policy.maxSteps() / 2, end - 1, end }) {
            timeline.goTo(end, null, null);
            ScenarioRun back = timeline.goTo(position, null, null);
            assertEquals(position, timeline.position());
            for (; referencePosition < position; referencePosition++) {
                reference.step(); // a position counts every step, with progress or not
            }
            assertNull(difference(reference, back), name + " at position " + position);
            assertTrue(InvariantChecker.check(back.simulation().memoryManager()).isEmpty(), name + " at " + position);
        }
        // the run at the end continues like the reference (which is at the end)
        assertNull(difference(reference, timeline.run()), name + ": at the end");
    }

    @Test
    void oneStepBackIsTheStateBeforeTheStepThatProducedTheLastEvent() throws Exception {
        Scenario scenario = BuiltInScenarios.defaultScenario();
        Timeline timeline = new Timeline(ScenarioRun.start(scenario), SMALL);
        for (int i = 0; i < 5_000; i++) {
            timeline.step();
        }
        EventLog log = timeline.run().simulation().memoryManager().eventLog();
        long lastEvent = log.last();
        long target = timeline.stepBackTarget();
        assertTrue(target >= 0 && target < 5_000);

        ScenarioRun reference = ScenarioRun.start(scenario);
        reference.run(target);
        EventLog referenceLog = reference.simulation().memoryManager().eventLog();
        long lastBefore = referenceLog.last();
        assertTrue(lastBefore < lastEvent, "before that step the last event had not happened");
        reference.step();
        assertTrue(referenceLog.last() >= lastEvent, "that step produced it");

        ScenarioRun back = timeline.goTo(target, null, null);
        long backLast = back.simulation().memoryManager().eventLog().last();
        assertEquals(lastBefore, backLast);
        // stepping back again goes further back, one event-producing step at a time
        long again = timeline.stepBackTarget();
        assertTrue(again < target, again + " < " + target);
        ScenarioRun twice = timeline.goTo(again, null, null);
        assertTrue(twice.simulation().memoryManager().eventLog().last() < backLast);
        assertNotSame(back, twice);
    }

    @Test
    void aPositionPastTheEndOfTheRunIsRefused() throws Exception {
        Scenario scenario = ScenarioParser.parse("short.mms", "machine ram=256M\nprocess p { thread t { commit 0x10000 size=8K rw; touch 0x10000..+8K write } }\n");
        Timeline timeline = new Timeline(ScenarioRun.start(scenario), SMALL);
        while (timeline.step()) {
            // to the end
        }
        long end = timeline.position();
        assertEquals(end, timeline.furthest());
        assertThrows(IllegalArgumentException.class, () -> timeline.goTo(end + 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> timeline.goTo(-1, null, null));
        assertEquals(-1, new Timeline(ScenarioRun.start(scenario), SMALL).stepBackTarget(), "nothing before the start");
    }

    @Test
    void oldCheckpointsAreThinnedOutOverBudgetButTheFirstAndTheNewestStay() throws Exception {
        Scenario scenario = BuiltInScenarios.defaultScenario();
        Timeline timeline = new Timeline(ScenarioRun.start(scenario), Timeline.Policy.everySteps(500, 1, 3));
        for (int i = 0; i < 10_000; i++) {
            timeline.step();
        }
        long[] kept = timeline.checkpointPositions();
        assertEquals(0, kept[0]);
        assertEquals(4, kept.length, "the first and the newest three");
        assertEquals(10_000, kept[kept.length - 1]);
        ScenarioRun back = timeline.goTo(1_234, null, null);
        ScenarioRun reference = ScenarioRun.start(scenario);
        reference.run(1_234);
        SharedObjects shared = new SharedObjects();
        assertNull(difference(reference, back));
    }

    @Test
    void timeBasedCheckpointsComeAtMostEveryFewHundredStepsEvenWithoutAStepLimit() throws Exception {
        // no step limit (Long.MAX_VALUE) and a due time of 1 ns: a checkpoint at every clock check
        Timeline timeline = new Timeline(ScenarioRun.start(BuiltInScenarios.defaultScenario()),
                new Timeline.Policy(Long.MAX_VALUE, 1, 1, 1L << 30, 4));
        for (int i = 0; i < 5_000; i++) {
            timeline.step();
        }
        long[] kept = timeline.checkpointPositions();
        assertTrue(kept.length > 5 && kept.length <= 5_000 / 256 + 1, kept.length + " checkpoints in 5,000 steps");
        assertThrows(IllegalArgumentException.class, () -> new Timeline.Policy(1, 10, 5, 1, 1), "minNanos > maxNanos");
    }

    @Test
    void aCopyReplayingBesideTheRunAndGoingBackLeaveTheRunAndEveryCheckpointAsTheyWere() throws Exception {
        // pages are shared by the run, its checkpoints and copies restored from them; whoever writes one
        // in place first gives the others their copies (FrameArchive): nobody sees another's writes
        Scenario scenario = ScenarioParser.parse("mixed.mms", MIXED);
        Timeline timeline = steppedWithCheckpointsEvery1000(scenario, 2_500);
        timeline.goTo(1_200, null, null); // the run now shares checkpoint 1,000's pages
        long[] replayed = { 0 };
        timeline.replay(1_000, 2_400, copy -> { }, position -> replayed[0] = position); // writes pages the run will
        assertEquals(2_400, replayed[0]);
        ScenarioRun at1200 = ScenarioRun.start(scenario);
        at1200.run(1_200);
        assertNull(difference(at1200, timeline.run()), "the run does not see the copy's writes");
        for (int i = 0; i < 2_800; i++) {
            timeline.step();
        }
        ScenarioRun reference = ScenarioRun.start(scenario);
        reference.run(4_000);
        assertNull(difference(reference, timeline.run()), "the run after a copy replayed beside it");

        ScenarioRun back = timeline.goTo(1_500, null, null);
        ScenarioRun atMiddle = ScenarioRun.start(scenario);
        atMiddle.run(1_500);
        assertNull(difference(atMiddle, back), "checkpoint 1,000 replayed to 1,500");
        for (int i = 0; i < 2_500; i++) {
            timeline.step();
        }
        assertNull(difference(reference, timeline.run()), "forward again from the restored run");
        ScenarioRun again = timeline.goTo(2_000, null, null);
        ScenarioRun atTwo = ScenarioRun.start(scenario);
        atTwo.run(2_000);
        assertNull(difference(atTwo, again), "checkpoint 2,000 after both runs wrote its pages");
    }

    @Test
    void aReplacedRunIsRetiredAndAReplayStoppedHalfWayLeavesTheTimelineWhereItGotTo() throws Exception {
        Scenario scenario = ScenarioParser.parse("mixed.mms", MIXED);
        Timeline timeline = steppedWithCheckpointsEvery1000(scenario, 2_500);
        ScenarioRun replaced = timeline.run();
        IllegalStateException cancel = new IllegalStateException("cancelled");
        int[] replayedSteps = { 0 };
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> timeline.goTo(2_300, null, () -> {
            if (++replayedSteps[0] == 150) {
                throw cancel; // e.g. a listener on the replay failing
            }
        }));
        assertSame(cancel, thrown);
        assertEquals(2_150, timeline.position(), "checkpoint 2,000 and the 150 steps replayed");
        assertFalse(timeline.isBroken());
        assertThrows(IllegalStateException.class, () -> replaced.simulation().memoryManager().memory().readLong(0, 0),
                "the replaced run's frames went to the new run: its memory refuses to be read");
        ScenarioRun at2150 = ScenarioRun.start(scenario);
        at2150.run(2_150);
        assertNull(difference(at2150, timeline.run()));
        for (int i = 0; i < 350; i++) {
            timeline.step();
        }
        ScenarioRun at2500 = ScenarioRun.start(scenario);
        at2500.run(2_500);
        assertNull(difference(at2500, timeline.run()), "forward again, in frame arrays the replaced run left");
        timeline.goTo(1_100, null, null);
        ScenarioRun at1100 = ScenarioRun.start(scenario);
        at1100.run(1_100);
        assertNull(difference(at1100, timeline.run()), "and back again: no checkpoint saw those arrays reused");
    }

    @Test
    void aSavedCopyOfAFewWordsIsSparseAndExpandsToTheSamePage() {
        long[] page = new long[org.mmscope.sim.hw.PhysicalMemory.LONGS_PER_PAGE];
        page[3] = 42;
        page[511] = -1;
        long[] saved = org.mmscope.sim.hw.FrameArchiveAccess.savedCopy(page);
        assertEquals(4, saved.length, "two index/value pairs");
        assertTrue(java.util.Arrays.equals(page, org.mmscope.sim.hw.FrameArchiveAccess.expand(saved)));
        java.util.Arrays.fill(page, 7);
        long[] dense = org.mmscope.sim.hw.FrameArchiveAccess.savedCopy(page);
        assertEquals(512, dense.length, "a full page is copied as it is");
        assertNotSame(page, dense);
        assertTrue(java.util.Arrays.equals(page, dense));
    }

    /** A timeline of {@code scenario} with a checkpoint every 1,000 steps, stepped {@code steps} times. */
    private static Timeline steppedWithCheckpointsEvery1000(Scenario scenario, int steps) throws Exception {
        Timeline timeline = new Timeline(ScenarioRun.start(scenario), Timeline.Policy.everySteps(1_000, 1L << 30, 8));
        for (int i = 0; i < steps; i++) {
            timeline.step();
        }
        return timeline;
    }
}
