package org.mmscope.ui.views.events;

import org.mmscope.model.EventRecord;
import org.mmscope.sim.event.MmEventCategory;
import org.mmscope.sim.event.MmEventType;

/**
 * Which events the timeline lists.
 *
 * @param category an event category, or {@code null} for any
 * @param type     an event type, or {@code null} for any
 * @param pid      the process, or -1
 * @param pfn      the page (the life of one page), or -1
 * @param page     the virtual page (address without offset), or -1
 */
public record EventFilter(MmEventCategory category, MmEventType type, int pid, long pfn, long page) {

    public static final EventFilter ALL = new EventFilter(null, null, -1, -1, -1);

    public boolean accepts(EventRecord e) {
        if (pfn >= 0 && e.getPfn() != pfn) {
            return false;
        }
        if (page >= 0 && (e.getVirtualAddress() & ~0xFFFL) != page) {
            return false;
        }
        if (pid >= 0 && e.getProcess() != pid) {
            return false;
        }
        MmEventType eventType = EventText.type(e);
        if (type != null && eventType != type) {
            return false;
        }
        return category == null || eventType != null && eventType.category() == category;
    }

    public EventFilter withCategory(MmEventCategory c) {
        return new EventFilter(c, type, pid, pfn, page);
    }

    public EventFilter withType(MmEventType t) {
        return new EventFilter(category, t, pid, pfn, page);
    }

    public EventFilter withPid(int p) {
        return new EventFilter(category, type, p, pfn, page);
    }

    public EventFilter withPfn(long p) {
        return new EventFilter(category, type, pid, p, page);
    }

    public EventFilter withPage(long va) {
        return new EventFilter(category, type, pid, pfn, va < 0 ? -1 : va & ~0xFFFL);
    }
}
