package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;

/** The page-list totals the simulation samples over a run. */
class PageListHistoryTest {

    private static final int STEPS = 20_000;

    @Test
    void aRunOfTheDefaultScenarioKeepsEvenlySpacedSamplesThatMatchTheCountersAtTheirSteps() throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        MemoryManager mm = run.simulation().memoryManager();
        PfnDatabase pfns = mm.pfns();
        Map<Long, int[]> countersAtStep = new HashMap<>();
        while (mm.scheduler().stepCount() < STEPS && run.step()) {
            int[] counters = new int[PageListHistory.LISTS];
            pfns.locationCounts(counters);
            countersAtStep.putIfAbsent(mm.scheduler().stepCount(), counters); // the state when the step count got there
        }
        long steps = mm.scheduler().stepCount();
        assertTrue(steps > 4 * PageListHistory.DEFAULT_CAPACITY, "the run is long enough to halve the record: " + steps);

        PageListHistory history = mm.listHistory();
        int size = history.size();
        assertTrue(size >= history.capacity() / 2 && size <= history.capacity(), "samples kept: " + size);
        assertTrue(history.interval() > 1, "the interval grew: " + history.interval());
        assertTrue(steps - history.step(size - 1) < history.interval(), "the last sample is recent");
        assertEquals(history.interval(), history.step(0), "the first sample is one interval in");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                assertEquals(history.interval(), history.step(i) - history.step(i - 1), "evenly spaced at " + i);
            }
            int[] expected = countersAtStep.get(history.step(i));
            long sum = 0;
            for (PageList list : PageList.values()) {
                assertEquals(expected[list.code()], history.pages(i, list), list + " at step " + history.step(i));
                sum += history.pages(i, list);
            }
            assertEquals(pfns.pageCount(), sum, "every page is somewhere at step " + history.step(i));
        }
        assertTrue(history.time(size - 1) > history.time(0), "simulated time moved");
        boolean changed = false;
        for (int i = 1; i < size && !changed; i++) {
            changed = history.pages(i, PageList.ACTIVE_AND_VALID) != history.pages(0, PageList.ACTIVE_AND_VALID);
        }
        assertTrue(changed, "the curve of active pages is not flat");
    }

    @Test
    void theSameRunRecordsTheSameSamplesAndTheRecordSurvivesSerialization() throws Exception {
        PageListHistory first = runFor(7_777).simulation().memoryManager().listHistory();
        PageListHistory second = runFor(7_777).simulation().memoryManager().listHistory();
        assertSame(first, second);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(first);
        }
        PageListHistory copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PageListHistory) in.readObject();
        }
        assertSame(first, copy);
    }

    @Test
    void aSmallRecordHalvesWhenFull() {
        PfnDatabase database = new PfnDatabase(64, 1);
        PageListHistory history = new PageListHistory(4);
        for (long step = 1; step <= 4; step++) {
            history.afterStep(step, step * 10, database);
        }
        assertEquals(4, history.size());
        assertEquals(1, history.interval());
        history.afterStep(5, 50, database); // full: keeps steps 2 and 4, the interval becomes 2, step 5 is not due
        assertEquals(2, history.size());
        assertEquals(2, history.interval());
        assertEquals(2, history.step(0));
        assertEquals(4, history.step(1));
        history.afterStep(6, 60, database);
        assertEquals(3, history.size());
        assertEquals(6, history.step(2));
        assertEquals(60, history.time(2));
        int sum = 0;
        for (PageList list : PageList.values()) {
            sum += history.pages(2, list);
        }
        assertEquals(64, sum, "every page is somewhere");
        assertThrows(IndexOutOfBoundsException.class, () -> history.step(3));
        assertThrows(IllegalArgumentException.class, () -> new PageListHistory(3));
    }

    private static ScenarioRun runFor(long steps) throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        while (run.simulation().memoryManager().scheduler().stepCount() < steps && run.step()) {
            // forward
        }
        return run;
    }

    private static void assertSame(PageListHistory expected, PageListHistory actual) {
        assertEquals(expected.size(), actual.size(), "samples");
        assertEquals(expected.interval(), actual.interval(), "interval");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.step(i), actual.step(i), "step of sample " + i);
            assertEquals(expected.time(i), actual.time(i), "time of sample " + i);
            for (PageList list : PageList.values()) {
                assertEquals(expected.pages(i, list), actual.pages(i, list), list + " at sample " + i);
            }
        }
    }
}
