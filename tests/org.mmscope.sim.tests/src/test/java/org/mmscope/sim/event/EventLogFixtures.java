package org.mmscope.sim.event;

import java.util.SplittableRandom;

/** Seeded, reproducible event streams for the event-package tests. */
final class EventLogFixtures {

    private static final MmEventType[] TYPES = MmEventType.values();

    private EventLogFixtures() {
    }

    /** A log of {@code capacity} with {@code count} events drawn from {@code seed}. */
    static EventLog scriptedLog(int capacity, long seed, int count) {
        EventLog log = new EventLog(capacity);
        appendRandom(log, new SplittableRandom(seed), count);
        return log;
    }

    /**
     * Appends {@code count} pseudo-random valid events: small value ranges so that filters on
     * pfn/process/state hit often.
     *
     * @return the rows appended, as records with their sequence numbers
     */
    static EventRecord[] appendRandom(EventLog log, SplittableRandom random, int count) {
        EventRecord[] rows = new EventRecord[count];
        long time = log.last() == 0 ? 0 : log.time(log.last());
        for (int k = 0; k < count; k++) {
            time += random.nextInt(3);
            MmEventType type = TYPES[random.nextInt(TYPES.length)];
            int cpu = random.nextInt(-1, 4);
            int thread = random.nextInt(-1, 8);
            int process = random.nextInt(-1, 4);
            long pfn = random.nextLong(-1, 16);
            long va = random.nextBoolean() ? random.nextLong(0, 16) << 12 : 0xFFFFF800_00000000L + (random.nextLong(0, 16) << 12);
            int oldState = random.nextInt(-1, 8);
            int newState = random.nextInt(-1, 8);
            long detail = random.nextLong();
            long sequence = log.append(type, time, cpu, thread, process, pfn, va, oldState, newState, detail);
            rows[k] = new EventRecord(sequence, time, type, cpu, thread, process, pfn, va, oldState, newState, detail);
        }
        return rows;
    }
}
