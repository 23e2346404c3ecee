package org.mmscope.sim.event;

import java.util.List;

/**
 * What the filters of all listeners to one event type have in common, tested before any of them: an
 * event the gate does not admit passes none of the filters, so {@link EventLog} tests it once instead
 * of once per listener. Twenty breakpoints on PFN ranges or page lists that the running simulation
 * never touches then cost one comparison per event, not twenty filter tests.
 *
 * <p>The gate is the union of the filters, widened where a union is not one range: the smallest PFN
 * range and VA range covering the filters' ranges, the union of their old and new state sets, and a
 * thread or process only when every filter requires that same one. It admits every event that some
 * filter admits (and maybe more, which the filters then refuse).
 */
final class EventGate {

    /** A state set with every state, also those outside 0..31. */
    private static final long ANY_STATES = -1L;
    /** The states 0..31 as bits of a state set. */
    private static final long STATE_BITS = 0xFFFF_FFFFL;

    /** Admits every event (a type without listeners never reaches its gate). */
    static final EventGate OPEN = new EventGate(Long.MIN_VALUE, Long.MAX_VALUE, false, 0, 0, ANY_STATES, ANY_STATES,
            EventFilter.ANY_THREAD, EventFilter.ANY_PROCESS);

    private final long pfnLow;
    private final long pfnHigh;
    private final boolean hasVaRange;
    private final long vaLow;
    private final long vaHigh;
    private final long oldStates;
    private final long newStates;
    private final int thread;
    private final int process;

    private EventGate(long pfnLow, long pfnHigh, boolean hasVaRange, long vaLow, long vaHigh, long oldStates,
            long newStates, int thread, int process) {
        this.pfnLow = pfnLow;
        this.pfnHigh = pfnHigh;
        this.hasVaRange = hasVaRange;
        this.vaLow = vaLow;
        this.vaHigh = vaHigh;
        this.oldStates = oldStates;
        this.newStates = newStates;
        this.thread = thread;
        this.process = process;
    }

    /** The gate of {@code filters} (the filters of one event type's listeners); {@link #OPEN} for none. */
    static EventGate of(List<EventFilter> filters) {
        if (filters.isEmpty()) {
            return OPEN;
        }
        long pfnLow = Long.MAX_VALUE;
        long pfnHigh = Long.MIN_VALUE;
        boolean everyVaRange = true;
        long vaLow = -1L; // unsigned maximum
        long vaHigh = 0;
        long oldStates = 0;
        long newStates = 0;
        int thread = filters.get(0).thread();
        int process = filters.get(0).process();
        for (EventFilter filter : filters) {
            long low = filter.pfn() == EventFilter.ANY_PFN ? Long.MIN_VALUE : filter.pfn();
            long high = filter.pfn() == EventFilter.ANY_PFN ? Long.MAX_VALUE : filter.pfn();
            if (filter.hasPfnRange()) {
                low = Math.max(low, filter.pfnLow());
                high = Math.min(high, filter.pfnHigh());
            }
            if (low > high) {
                continue; // the filter admits nothing: the gate need not admit anything for it
            }
            pfnLow = Math.min(pfnLow, low);
            pfnHigh = Math.max(pfnHigh, high);
            if (filter.hasVaRange()) {
                vaLow = Long.compareUnsigned(filter.vaLow(), vaLow) < 0 ? filter.vaLow() : vaLow;
                vaHigh = Long.compareUnsigned(filter.vaHigh(), vaHigh) > 0 ? filter.vaHigh() : vaHigh;
            } else {
                everyVaRange = false;
            }
            oldStates |= states(filter.oldState(), filter.oldStateMask());
            newStates |= states(filter.newState(), filter.newStateMask());
            thread = filter.thread() == thread ? thread : EventFilter.ANY_THREAD;
            process = filter.process() == process ? process : EventFilter.ANY_PROCESS;
        }
        return new EventGate(pfnLow, pfnHigh, everyVaRange, everyVaRange ? vaLow : 0, everyVaRange ? vaHigh : 0,
                oldStates, newStates, thread, process);
    }

    /** The states a filter's state condition admits: an exact state and a set of states 0..31. */
    private static long states(int exact, int mask) {
        long set = mask == 0 ? ANY_STATES : mask & STATE_BITS;
        if (exact == EventFilter.ANY_STATE) {
            return set;
        }
        if (exact >= 0 && exact < Integer.SIZE) {
            return set & 1L << exact;
        }
        return mask == 0 ? ANY_STATES : 0; // a state outside 0..31 is in no set of states
    }

    private static boolean admitsState(long states, int state) {
        return state >= 0 && state < Integer.SIZE ? (states >>> state & 1) != 0 : states == ANY_STATES;
    }

    /** The lowest PFN an event may have to pass. */
    long pfnLow() {
        return pfnLow;
    }

    /** The highest PFN an event may have to pass. */
    long pfnHigh() {
        return pfnHigh;
    }

    /** False when no filter of this gate admits an event with these fields. */
    boolean admits(int thread, int process, long pfn, long va, int oldState, int newState) {
        return pfn >= pfnLow && pfn <= pfnHigh
                && (this.process == EventFilter.ANY_PROCESS || this.process == process)
                && (this.thread == EventFilter.ANY_THREAD || this.thread == thread)
                && (!hasVaRange || Long.compareUnsigned(va, vaLow) >= 0 && Long.compareUnsigned(va, vaHigh) < 0)
                && admitsState(oldStates, oldState) && admitsState(newStates, newState);
    }

    @Override
    public String toString() {
        return String.format("EventGate[pfn %d..%d, va %s, old 0x%X, new 0x%X, thread %d, process %d]", pfnLow, pfnHigh,
                hasVaRange ? String.format("[0x%X, 0x%X)", vaLow, vaHigh) : "any", oldStates, newStates, thread,
                process);
    }
}
