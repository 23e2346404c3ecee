package org.mmscope.debug.core.model;

import java.util.List;

import org.mmscope.model.EventRecord;

/**
 * Every memory-manager event of one page since the start of the run: found by replaying the run
 * from its first checkpoint with a listener on that PFN (the model keeps only the most recent events).
 *
 * @param pfn       the page
 * @param events    its events in order, at most {@link #MAX_EVENTS} (the first ones)
 * @param total     how many there were (more than {@code events.size()} when cut)
 * @param steps     simulator steps replayed
 * @param nanos     how long the replay took
 */
public record PageLife(long pfn, List<EventRecord> events, long total, long steps, long nanos) {

    /** The most events a life keeps (the first ones); {@link #total} counts them all. */
    public static final int MAX_EVENTS = 100_000;

    /** True when the page had more events than were kept. */
    public boolean isCut() {
        return total > events.size();
    }
}
