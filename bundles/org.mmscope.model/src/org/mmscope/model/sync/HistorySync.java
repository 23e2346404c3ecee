package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.List;

import org.mmscope.model.ListSample;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage.Literals;
import org.mmscope.model.PfnDatabase;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PageListHistory;

/**
 * Copies the simulator's {@link PageListHistory} into {@link PfnDatabase#getHistory()}, keyed by
 * step, and ends it with a sample of the state being populated, so the last point of a curve is
 * always the list total the model shows.
 */
final class HistorySync {

    private record Sample(long step, long time, List<Long> pages) {
    }

    private final MemoryManager mm;

    HistorySync(MemoryManager mm) {
        this.mm = mm;
    }

    void update(PfnDatabase target) {
        PageListHistory history = mm.listHistory();
        long now = mm.scheduler().stepCount();
        List<Sample> samples = new ArrayList<>(history.size() + 1);
        for (int i = 0; i < history.size() && history.step(i) < now; i++) {
            List<Long> pages = new ArrayList<>(PageListHistory.LISTS);
            for (PageList list : PageList.values()) {
                pages.add((long) history.pages(i, list));
            }
            samples.add(new Sample(history.step(i), history.time(i), pages));
        }
        List<Long> current = new ArrayList<>(PageListHistory.LISTS);
        for (PageList list : PageList.values()) {
            current.add((long) mm.pfns().locationCount(list));
        }
        samples.add(new Sample(now, mm.clock().now(), current));
        Reconcile.list(target.getHistory(), samples, Sample::step, ListSample::getStep,
                MmFactory.eINSTANCE::createListSample, (e, s) -> {
                    Reconcile.set(e, Literals.LIST_SAMPLE__STEP, s.step());
                    Reconcile.set(e, Literals.LIST_SAMPLE__TIME, s.time());
                    Reconcile.values(e.getPages(), s.pages());
                });
    }
}
