package org.mmscope.sim.event;

import java.util.Objects;

/**
 * An immutable description of the events a listener (a breakpoint) wants: a set of types as a bit
 * mask ({@link MmEventType#bit()}), and optional conditions on the thread, the process, the PFN, the
 * virtual address (a range) and the old and new state.
 *
 * <p>An absent condition is a sentinel value ({@link #ANY_PFN}, {@link #ANY_THREAD},
 * {@link #ANY_PROCESS}, {@link #ANY_STATE}), never a boxed {@code null}, so that {@link #matches}
 * compares primitives only and allocates nothing. The sentinels lie outside what
 * {@link EventLog#append} accepts, so they can never equal a recorded value. The {@code with...}
 * methods return a new filter; passing the sentinel removes the condition.
 *
 * <p>The VA range {@code [low, high)} compares addresses <em>unsigned</em>, so a kernel address
 * ({@code 0xFFFF8000'00000000} and above) is above every user address; as a consequence the very
 * last byte of the address space cannot be covered. An event without a VA records 0
 * ({@link EventLog#NO_VA}) and matches a range only if the range contains 0.
 */
public final class EventFilter {

    /** No condition on the PFN. */
    public static final long ANY_PFN = Long.MIN_VALUE;
    /** No condition on the thread. */
    public static final int ANY_THREAD = Integer.MIN_VALUE;
    /** No condition on the process. */
    public static final int ANY_PROCESS = Integer.MIN_VALUE;
    /** No condition on the old or the new state. */
    public static final int ANY_STATE = Integer.MIN_VALUE;

    private final long typeMask;
    private final int thread;
    private final int process;
    private final long pfn;
    private final boolean hasPfnRange;
    private final long pfnLow;
    private final long pfnHigh;
    private final boolean hasVaRange;
    private final long vaLow;
    private final long vaHigh;
    private final int oldState;
    private final int newState;
    private final int oldStateMask;
    private final int newStateMask;

    /** The fields of a filter being made (a with... method changes a draft of this filter's). */
    private static final class Draft {
        long typeMask;
        int thread;
        int process;
        long pfn;
        boolean hasPfnRange;
        long pfnLow;
        long pfnHigh;
        boolean hasVaRange;
        long vaLow;
        long vaHigh;
        int oldState;
        int newState;
        int oldStateMask;
        int newStateMask;
    }

    private EventFilter(Draft draft) {
        this.typeMask = draft.typeMask;
        this.thread = draft.thread;
        this.process = draft.process;
        this.pfn = draft.pfn;
        this.hasPfnRange = draft.hasPfnRange;
        this.pfnLow = draft.pfnLow;
        this.pfnHigh = draft.pfnHigh;
        this.hasVaRange = draft.hasVaRange;
        this.vaLow = draft.vaLow;
        this.vaHigh = draft.vaHigh;
        this.oldState = draft.oldState;
        this.newState = draft.newState;
        this.oldStateMask = draft.oldStateMask;
        this.newStateMask = draft.newStateMask;
    }

    private Draft copy() {
        Draft draft = new Draft();
        draft.typeMask = typeMask;
        draft.thread = thread;
        draft.process = process;
        draft.pfn = pfn;
        draft.hasPfnRange = hasPfnRange;
        draft.pfnLow = pfnLow;
        draft.pfnHigh = pfnHigh;
        draft.hasVaRange = hasVaRange;
        draft.vaLow = vaLow;
        draft.vaHigh = vaHigh;
        draft.oldState = oldState;
        draft.newState = newState;
        draft.oldStateMask = oldStateMask;
        draft.newStateMask = newStateMask;
        return draft;
    }

    /**
     * A filter for a type mask and no other condition.
     *
     * @throws IllegalArgumentException if the mask is empty or has a bit no type uses
     */
    public static EventFilter ofMask(long typeMask) {
        if (typeMask == 0) {
            throw new IllegalArgumentException("an event filter needs at least one event type");
        }
        long unknown = typeMask & ~MmEventType.allMask();
        if (unknown != 0) {
            throw new IllegalArgumentException("no event type has code " + Long.numberOfTrailingZeros(unknown));
        }
        Draft draft = new Draft(); // no condition but the types: the sentinels, no ranges, no state sets
        draft.typeMask = typeMask;
        draft.thread = ANY_THREAD;
        draft.process = ANY_PROCESS;
        draft.pfn = ANY_PFN;
        draft.oldState = ANY_STATE;
        draft.newState = ANY_STATE;
        return new EventFilter(draft);
    }

    /**
     * A filter for some types and no other condition.
     *
     * @throws IllegalArgumentException if no type is given or one is null
     */
    public static EventFilter of(MmEventType... types) {
        if (types == null || types.length == 0) {
            throw new IllegalArgumentException("an event filter needs at least one event type");
        }
        long mask = 0;
        for (MmEventType type : types) {
            if (type == null) {
                throw new IllegalArgumentException("null event type in a filter");
            }
            mask |= type.bit();
        }
        return ofMask(mask);
    }

    /**
     * A filter for every type of some categories and no other condition.
     *
     * @throws IllegalArgumentException if no category is given or one is null
     */
    public static EventFilter ofCategories(MmEventCategory... categories) {
        if (categories == null || categories.length == 0) {
            throw new IllegalArgumentException("an event filter needs at least one category");
        }
        long mask = 0;
        for (MmEventCategory category : categories) {
            if (category == null) {
                throw new IllegalArgumentException("null category in a filter");
            }
            for (MmEventType type : MmEventType.values()) {
                if (type.category() == category) {
                    mask |= type.bit();
                }
            }
        }
        return ofMask(mask);
    }

    /** A filter for every event type and no other condition. */
    public static EventFilter all() {
        return ofMask(MmEventType.allMask());
    }

    /**
     * This filter with the condition "thread == {@code thread}" ({@link #ANY_THREAD} removes it).
     *
     * @throws IllegalArgumentException if thread is below -1 and not the sentinel
     */
    public EventFilter withThread(int thread) {
        if (thread < EventLog.NO_THREAD && thread != ANY_THREAD) {
            throw new IllegalArgumentException("thread id must be >= -1, not " + thread);
        }
        Draft copy = copy();
        copy.thread = thread;
        return new EventFilter(copy);
    }

    /**
     * This filter with the condition "process == {@code process}" ({@link #ANY_PROCESS} removes it).
     *
     * @throws IllegalArgumentException if process is below -1 and not the sentinel
     */
    public EventFilter withProcess(int process) {
        if (process < EventLog.NO_PROCESS && process != ANY_PROCESS) {
            throw new IllegalArgumentException("process id must be >= -1, not " + process);
        }
        Draft copy = copy();
        copy.process = process;
        return new EventFilter(copy);
    }

    /**
     * This filter with the condition "pfn == {@code pfn}" ({@link #ANY_PFN} removes it; -1 selects
     * events without a page).
     *
     * @throws IllegalArgumentException if pfn is below -1 and not the sentinel
     */
    public EventFilter withPfn(long pfn) {
        if (pfn < EventLog.NO_PFN && pfn != ANY_PFN) {
            throw new IllegalArgumentException("PFN must be >= -1, not " + pfn);
        }
        Draft copy = copy();
        copy.pfn = pfn;
        return new EventFilter(copy);
    }

    /**
     * This filter with the condition "{@code low <= va < high}", compared unsigned.
     *
     * @throws IllegalArgumentException if the range is empty (high not above low, unsigned)
     */
    public EventFilter withVaRange(long low, long high) {
        if (Long.compareUnsigned(low, high) >= 0) {
            throw new IllegalArgumentException(String.format("VA range [0x%X, 0x%X) is empty", low, high));
        }
        Draft copy = copy();
        copy.hasVaRange = true;
        copy.vaLow = low;
        copy.vaHigh = high;
        return new EventFilter(copy);
    }

    /** This filter without a VA condition. */
    public EventFilter withAnyVa() {
        Draft copy = copy();
        copy.hasVaRange = false;
        copy.vaLow = 0;
        copy.vaHigh = 0;
        return new EventFilter(copy);
    }

    /** This filter with the condition "old state == {@code state}" ({@link #ANY_STATE} removes it). */
    public EventFilter withOldState(int state) {
        Draft copy = copy();
        copy.oldState = state;
        return new EventFilter(copy);
    }

    /** This filter with the condition "new state == {@code state}" ({@link #ANY_STATE} removes it). */
    public EventFilter withNewState(int state) {
        Draft copy = copy();
        copy.newState = state;
        return new EventFilter(copy);
    }

    /**
     * This filter with the condition "{@code low <= pfn <= high}"; the exact {@link #withPfn} condition,
     * if any, holds as well.
     *
     * @throws IllegalArgumentException if low is below -1 or high is below low
     */
    public EventFilter withPfnRange(long low, long high) {
        if (low < EventLog.NO_PFN || high < low) {
            throw new IllegalArgumentException("a PFN range needs -1 <= low <= high, not " + low + ".." + high);
        }
        Draft copy = copy();
        copy.hasPfnRange = true;
        copy.pfnLow = low;
        copy.pfnHigh = high;
        return new EventFilter(copy);
    }

    /**
     * This filter with the condition "the old state is one of the states 0..31 whose bit is set in
     * {@code mask}" (0 removes it): for instance the page lists a transition may leave.
     */
    public EventFilter withOldStateIn(int mask) {
        Draft copy = copy();
        copy.oldStateMask = mask;
        return new EventFilter(copy);
    }

    /** This filter with the condition "the new state is one of the states 0..31 in {@code mask}" (0 removes it). */
    public EventFilter withNewStateIn(int mask) {
        Draft copy = copy();
        copy.newStateMask = mask;
        return new EventFilter(copy);
    }

    /**
     * Whether an event with these fields passes this filter. Compares primitives only; allocates
     * nothing.
     *
     * @throws IllegalArgumentException if type is null
     */
    public boolean matches(MmEventType type, int thread, int process, long pfn, long va, int oldState, int newState) {
        if (type == null) {
            throw new IllegalArgumentException("event type is null");
        }
        return (typeMask & type.bit()) != 0
                && (this.thread == ANY_THREAD || this.thread == thread)
                && (this.process == ANY_PROCESS || this.process == process)
                && (this.pfn == ANY_PFN || this.pfn == pfn)
                && (!hasPfnRange || pfn >= pfnLow && pfn <= pfnHigh)
                && (!hasVaRange || Long.compareUnsigned(va, vaLow) >= 0 && Long.compareUnsigned(va, vaHigh) < 0)
                && (this.oldState == ANY_STATE || this.oldState == oldState)
                && (this.newState == ANY_STATE || this.newState == newState)
                && (oldStateMask == 0 || inStateMask(oldStateMask, oldState))
                && (newStateMask == 0 || inStateMask(newStateMask, newState));
    }

    private static boolean inStateMask(int mask, int state) {
        return state >= 0 && state < Integer.SIZE && (mask & 1 << state) != 0;
    }

    /**
     * Whether a retained event of a log passes this filter.
     *
     * @throws IllegalArgumentException if the event is not retained
     */
    public boolean matches(EventLog log, long sequence) {
        return matches(log.type(sequence), log.thread(sequence), log.process(sequence), log.pfn(sequence),
                log.va(sequence), log.oldState(sequence), log.newState(sequence));
    }

    /** Whether a kept event passes this filter. */
    public boolean matches(EventRecord event) {
        return matches(event.type(), event.thread(), event.process(), event.pfn(), event.va(), event.oldState(),
                event.newState());
    }

    /** The set of types, one bit per {@link MmEventType#code()}. */
    public long typeMask() {
        return typeMask;
    }

    /** Whether a type is in this filter's set. */
    public boolean includes(MmEventType type) {
        return (typeMask & type.bit()) != 0;
    }

    /** The required thread id, or {@link #ANY_THREAD}. */
    public int thread() {
        return thread;
    }

    /** The required process id, or {@link #ANY_PROCESS}. */
    public int process() {
        return process;
    }

    /** The required PFN, or {@link #ANY_PFN}. */
    public long pfn() {
        return pfn;
    }

    /** Whether there is a PFN range condition ({@link #withPfnRange}). */
    public boolean hasPfnRange() {
        return hasPfnRange;
    }

    /** The inclusive low end of the PFN range (0 when there is none). */
    public long pfnLow() {
        return pfnLow;
    }

    /** The inclusive high end of the PFN range (0 when there is none). */
    public long pfnHigh() {
        return pfnHigh;
    }

    /** The old states allowed, one bit per state 0..31, or 0 for no such condition. */
    public int oldStateMask() {
        return oldStateMask;
    }

    /** The new states allowed, one bit per state 0..31, or 0 for no such condition. */
    public int newStateMask() {
        return newStateMask;
    }

    /** Whether there is a VA condition. */
    public boolean hasVaRange() {
        return hasVaRange;
    }

    /** The inclusive low end of the VA range (0 when there is none). */
    public long vaLow() {
        return vaLow;
    }

    /** The exclusive high end of the VA range (0 when there is none). */
    public long vaHigh() {
        return vaHigh;
    }

    /** The required old state, or {@link #ANY_STATE}. */
    public int oldState() {
        return oldState;
    }

    /** The required new state, or {@link #ANY_STATE}. */
    public int newState() {
        return newState;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventFilter that
                && typeMask == that.typeMask && thread == that.thread && process == that.process && pfn == that.pfn
                && hasPfnRange == that.hasPfnRange && pfnLow == that.pfnLow && pfnHigh == that.pfnHigh
                && hasVaRange == that.hasVaRange && vaLow == that.vaLow && vaHigh == that.vaHigh
                && oldState == that.oldState && newState == that.newState
                && oldStateMask == that.oldStateMask && newStateMask == that.newStateMask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(typeMask, thread, process, pfn, hasPfnRange, pfnLow, pfnHigh, hasVaRange, vaLow, vaHigh,
                oldState, newState, oldStateMask, newStateMask);
    }

    /** A readable form, e.g. {@code EventFilter[types=PAGE_LIST_TRANSITION, pfn=0x1A, new=2]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("EventFilter[types=");
        if (typeMask == MmEventType.allMask()) {
            text.append("ALL");
        } else {
            String separator = "";
            for (MmEventType type : MmEventType.values()) {
                if (includes(type)) {
                    text.append(separator).append(type.name());
                    separator = "|";
                }
            }
        }
        if (thread != ANY_THREAD) {
            text.append(", thread=").append(thread);
        }
        if (process != ANY_PROCESS) {
            text.append(", process=").append(process);
        }
        if (pfn != ANY_PFN) {
            text.append(", pfn=").append(pfn < 0 ? "none" : "0x" + Long.toHexString(pfn).toUpperCase());
        }
        if (hasPfnRange) {
            text.append(String.format(", pfn in [0x%X, 0x%X]", pfnLow, pfnHigh));
        }
        if (hasVaRange) {
            text.append(String.format(", va=[0x%X, 0x%X)", vaLow, vaHigh));
        }
        if (oldState != ANY_STATE) {
            text.append(", old=").append(oldState);
        }
        if (newState != ANY_STATE) {
            text.append(", new=").append(newState);
        }
        if (oldStateMask != 0) {
            text.append(", old in 0x").append(Integer.toHexString(oldStateMask));
        }
        if (newStateMask != 0) {
            text.append(", new in 0x").append(Integer.toHexString(newStateMask));
        }
        return text.append(']').toString();
    }
}
