package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Ring-buffer properties of {@link EventLog} over seeded random event streams. */
class EventLogPropertiesTest {

    @Property(tries = 150)
    void sequenceNumbersAreContiguousFromOne(@ForAll @IntRange(min = 10, max = 12) int log2Capacity,
            @ForAll @IntRange(min = 0, max = 6000) int count, @ForAll long seed) {
        EventLog log = new EventLog(1 << log2Capacity);
        EventRecord[] rows = EventLogFixtures.appendRandom(log, new SplittableRandom(seed), count);
        for (int k = 0; k < count; k++) {
            assertEquals(k + 1, rows[k].sequence());
        }
        assertEquals(count, log.last());
        assertEquals(count, log.totalAppended());
    }

    @Property(tries = 150)
    void oldestRetainedIsLastMinusCapacityPlusOne(@ForAll @IntRange(min = 10, max = 12) int log2Capacity,
            @ForAll @IntRange(min = 0, max = 10000) int count, @ForAll long seed) {
        int capacity = 1 << log2Capacity;
        EventLog log = new EventLog(capacity);
        EventLogFixtures.appendRandom(log, new SplittableRandom(seed), count);
        long expectedFirst = Math.max(1, count - capacity + 1);
        assertEquals(expectedFirst, log.firstRetained());
        assertEquals(Math.min(count, capacity), log.size());
        assertEquals(log.last() - log.firstRetained() + 1, log.size());
        assertFalse(log.isRetained(expectedFirst - 1));
        assertFalse(log.isRetained(count + 1));
        if (count > 0) {
            assertTrue(log.isRetained(expectedFirst));
            assertTrue(log.isRetained(count));
        }
        if (expectedFirst > 1) {
            assertThrows(IllegalArgumentException.class, () -> log.record(expectedFirst - 1));
        }
    }

    @Property(tries = 100)
    void columnsReadBackWhatWasWritten(@ForAll @IntRange(min = 10, max = 11) int log2Capacity,
            @ForAll @IntRange(min = 1, max = 5000) int count, @ForAll long seed) {
        EventLog log = new EventLog(1 << log2Capacity);
        EventRecord[] rows = EventLogFixtures.appendRandom(log, new SplittableRandom(seed), count);
        for (EventRecord row : rows) {
            long seq = row.sequence();
            if (!log.isRetained(seq)) {
                continue;
            }
            assertEquals(row.time(), log.time(seq));
            assertEquals(row.type(), log.type(seq));
            assertEquals(row.cpu(), log.cpu(seq));
            assertEquals(row.thread(), log.thread(seq));
            assertEquals(row.process(), log.process(seq));
            assertEquals(row.pfn(), log.pfn(seq));
            assertEquals(row.va(), log.va(seq));
            assertEquals(row.oldState(), log.oldState(seq));
            assertEquals(row.newState(), log.newState(seq));
            assertEquals(row.detail(), log.detail(seq));
            assertEquals(row, log.record(seq));
        }
        List<EventRecord> retained = log.records(log.firstRetained(), log.last());
        assertEquals(List.of(rows).subList(rows.length - retained.size(), rows.length), retained);
    }

    @Property(tries = 100)
    void countsAddUpToTheTotal(@ForAll @IntRange(min = 0, max = 3000) int count, @ForAll long seed) {
        EventLog log = new EventLog(1024);
        EventRecord[] rows = EventLogFixtures.appendRandom(log, new SplittableRandom(seed), count);
        long[] expected = new long[MmEventType.MAX_CODES];
        for (EventRecord row : rows) {
            expected[row.type().code()]++;
        }
        long sum = 0;
        for (MmEventType type : MmEventType.values()) {
            assertEquals(expected[type.code()], log.count(type), type.name());
            sum += log.count(type);
        }
        assertEquals(log.totalAppended(), sum);
    }

    @Property(tries = 100)
    void listenerHearsExactlyTheMatchingEvents(@ForAll long seed, @ForAll @IntRange(min = 0, max = 7) int state,
            @ForAll @IntRange(min = 0, max = 15) int pfn) {
        SplittableRandom random = new SplittableRandom(seed);
        EventFilter filter = EventFilter.ofMask(random.nextLong() & MmEventType.allMask() | MmEventType.PAGE_ZEROED.bit());
        if (random.nextBoolean()) {
            filter = filter.withNewState(state);
        }
        if (random.nextBoolean()) {
            filter = filter.withPfn(pfn);
        }
        if (random.nextBoolean()) {
            filter = filter.withVaRange(0, 8L << 12);
        }
        EventLog log = new EventLog(1024);
        List<Long> heard = new ArrayList<>();
        log.addListener(filter, (l, seq) -> heard.add(seq));
        log.addListener(EventFilter.of(MmEventType.BUGCHECK).withPfn(1L << 50), (l, seq) -> heard.add(-seq));
        EventRecord[] rows = EventLogFixtures.appendRandom(log, random, 800);
        List<Long> expected = new ArrayList<>();
        for (EventRecord row : rows) {
            if (filter.matches(row)) {
                expected.add(row.sequence());
            }
        }
        assertEquals(expected, heard);
    }
}
