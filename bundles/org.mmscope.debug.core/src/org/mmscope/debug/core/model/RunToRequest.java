package org.mmscope.debug.core.model;

import java.util.Locale;

import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.MmEventCategory;
import org.mmscope.sim.event.MmEventType;

/**
 * Where a "Run to event" stops: the next memory-manager event of a type, of a page, or a fault at an
 * address, of any thread. Built by the views (which know the model, not the simulator) and turned
 * into an event-log filter here.
 */
public final class RunToRequest {

    private final EventFilter filter;
    private final String what;
    private final String menuText;

    private RunToRequest(EventFilter filter, String what, String menuText) {
        this.filter = filter;
        this.what = what;
        this.menuText = menuText;
    }

    /** The next event of any type on PFN {@code pfn}. */
    public static RunToRequest nextEventOfPfn(long pfn) {
        return new RunToRequest(EventFilter.all().withPfn(pfn), String.format("the next event of PFN 0x%x", pfn),
                String.format("Run to Next Event of PFN 0x%x", pfn));
    }

    /**
     * The next event of a type (an {@code MmEventType} name such as "FAULT_TRANSITION").
     *
     * @throws IllegalArgumentException naming an unknown type
     */
    public static RunToRequest nextEventOfType(String type) {
        MmEventType parsed = MmEventType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        return new RunToRequest(EventFilter.of(parsed), "the next " + parsed.name() + " event",
                "Run to Next " + parsed.name() + " Event");
    }

    /** The next fault (of any kind) on the page holding {@code va}, in any process. */
    public static RunToRequest nextFaultAt(long va) {
        long page = va & ~0xFFFL;
        EventFilter faults = EventFilter.ofCategories(MmEventCategory.FAULT);
        return new RunToRequest(page == -4096L ? faults.withVaRange(page, -1L) : faults.withVaRange(page, page + 4096),
                String.format("the next fault at 0x%x", page), String.format("Run to Next Fault at 0x%x", page));
    }

    EventFilter filter() {
        return filter;
    }

    /** What the target's label says it ran to, e.g. "the next event of PFN 0x1a2b". */
    public String what() {
        return what;
    }

    /** The views' menu item, e.g. "Run to Next Event of PFN 0x1a2b". */
    public String menuText() {
        return menuText;
    }

    @Override
    public String toString() {
        return what;
    }
}
