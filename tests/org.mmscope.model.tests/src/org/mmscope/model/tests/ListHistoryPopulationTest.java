package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.model.ListSample;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.pfn.PageListHistory;
import org.mmscope.sim.run.ScenarioRun;

/** The page-list totals over the run reach the model: the simulator's samples, then the state shown. */
class ListHistoryPopulationTest {

    @Test
    void theHistoryIsTheSimulatorsSamplesEndingWithTheTotalsShown() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(0);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator populator = new ModelPopulator(mm, "default");
        ListSample kept = null;
        for (long steps : new long[] { 3_000, 30_000 }) {
            run.run(steps);
            populator.populate();
            PfnDatabase database = populator.machine().getPfnDatabase();
            List<ListSample> samples = database.getHistory();
            PageListHistory history = mm.listHistory();
            assertTrue(samples.size() > 100, "a curve, not a point: " + samples.size());
            for (int i = 0; i < samples.size() - 1; i++) {
                ListSample sample = samples.get(i);
                assertEquals(history.step(i), sample.getStep());
                assertEquals(history.time(i), sample.getTime());
                for (PageList list : PageList.VALUES) {
                    assertEquals(history.pages(i, org.mmscope.sim.pfn.PageList.fromCode(list.getValue())),
                            sample.getPages().get(list.getValue()).longValue(), list + " at step " + sample.getStep());
                }
            }
            ListSample last = samples.get(samples.size() - 1);
            assertEquals(mm.scheduler().stepCount(), last.getStep(), "the last sample is the state shown");
            assertEquals(populator.machine().getSteps(), last.getStep());
            for (PageList list : PageList.VALUES) {
                long total = database.getListHeads().stream().filter(h -> h.getList() == list)
                        .mapToLong(h -> h.getTotal()).sum();
                assertEquals(total, last.getPages().get(list.getValue()).longValue(), list + " now");
            }
            if (kept == null) {
                kept = samples.get(0);
            } else if (history.step(0) == kept.getStep()) {
                assertSame(kept, samples.get(0), "a sample still there is the same object after an update");
            }
        }
    }

    @Test
    void readLocationsGivesEveryPagesListWithoutMakingEntries() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(20_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        PfnDatabase database = populator.machine().getPfnDatabase();
        org.mmscope.model.sync.PopulatedPfnEntryList entries =
                (org.mmscope.model.sync.PopulatedPfnEntryList) database.getEntries();
        byte[] locations = new byte[entries.size() + 3];
        entries.readLocations(0, locations, 3, 5_000);
        entries.readLocations(5_000, locations, 5_003, entries.size() - 5_000);
        int[] counted = new int[PageList.VALUES.size()];
        org.mmscope.sim.pfn.PfnDatabase source = run.simulation().memoryManager().pfns();
        for (int pfn = 0; pfn < entries.size(); pfn++) {
            assertEquals(source.location(pfn).code(), locations[pfn + 3], "PFN " + pfn);
            counted[locations[pfn + 3]]++;
        }
        for (PageList list : PageList.VALUES) {
            assertEquals(source.locationCount(org.mmscope.sim.pfn.PageList.fromCode(list.getValue())),
                    counted[list.getValue()], list.getName());
        }
        assertTrue(counted[PageList.ACTIVE_AND_VALID_VALUE] > 0 && counted[PageList.ZEROED_VALUE] > 0);
        assertEquals(PageList.ACTIVE_AND_VALID, entries.get(firstIndexOf(locations, 3, PageList.ACTIVE_AND_VALID_VALUE))
                .getLocation());
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> entries.readLocations(entries.size() - 1, new byte[2], 0, 2));
    }

    private static int firstIndexOf(byte[] locations, int offset, int value) {
        for (int i = offset; i < locations.length; i++) {
            if (locations[i] == value) {
                return i - offset;
            }
        }
        return -1;
    }
}
