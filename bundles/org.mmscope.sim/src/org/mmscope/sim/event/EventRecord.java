package org.mmscope.sim.event;

/**
 * An immutable copy of one event of an {@link EventLog}, for consumers that keep events beyond the
 * ring's retention (the UI, tests). The field meanings are those of {@link EventLog#append} and of
 * the type's documentation in {@link MmEventType}.
 *
 * @param sequence the event's sequence number (1 for the first event of a log)
 * @param time simulated time in nanoseconds
 * @param type what happened
 * @param cpu the CPU that was running, or {@link EventLog#NO_CPU}
 * @param thread the thread that was running, or {@link EventLog#NO_THREAD}
 * @param process the process that was current, or {@link EventLog#NO_PROCESS}
 * @param pfn the page concerned, or {@link EventLog#NO_PFN}
 * @param va the virtual address concerned, or {@link EventLog#NO_VA}
 * @param oldState the state before, or {@link EventLog#NO_STATE}
 * @param newState the state after, or {@link EventLog#NO_STATE}
 * @param detail a type-specific value (a PTE, a byte count, a request id...)
 */
public record EventRecord(long sequence, long time, MmEventType type, int cpu, int thread, int process, long pfn,
        long va, int oldState, int newState, long detail) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the sequence is not positive or the type is null
     */
    public EventRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, not " + sequence);
        }
        if (type == null) {
            throw new IllegalArgumentException("event type is null");
        }
    }

    /** Whether the event concerns a page frame. */
    public boolean hasPfn() {
        return pfn != EventLog.NO_PFN;
    }

    /** A one-line form for logs and test failures, e.g. {@code #7 t=1200 PAGE_ZEROED cpu=0 ... pfn=0x1F}. */
    @Override
    public String toString() {
        return String.format("#%d t=%d %s cpu=%d thread=%d process=%d pfn=%s va=0x%X old=%d new=%d detail=0x%X",
                sequence, time, type.name(), cpu, thread, process, hasPfn() ? "0x" + Long.toHexString(pfn).toUpperCase() : "none",
                va, oldState, newState, detail);
    }
}
