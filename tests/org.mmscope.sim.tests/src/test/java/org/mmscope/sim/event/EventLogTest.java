package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventLogTest {

    @ParameterizedTest
    @ValueSource(ints = { Integer.MIN_VALUE, -1024, 0, 1, 512, 1000, 1023, 1025, 3 << 10, 1 << 25, 1 << 30 })
    void refusesBadCapacities(int capacity) {
        assertFalse(EventLog.isValidCapacity(capacity));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventLog(capacity));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 1 << 10, 1 << 11, 1 << 16 })
    void acceptsPowersOfTwoInRange(int capacity) {
        assertEquals(capacity, new EventLog(capacity).capacity());
    }

    @Test
    void largestCapacityIsValid() {
        // not allocated here: 2^24 rows take about 816 MiB
        assertTrue(EventLog.isValidCapacity(EventLog.MAX_CAPACITY));
        assertEquals(1 << 24, EventLog.MAX_CAPACITY);
        assertEquals(1 << 10, EventLog.MIN_CAPACITY);
    }

    @Test
    void emptyLogRetainsNothing() {
        EventLog log = new EventLog(1024);
        assertEquals(0, log.last());
        assertEquals(1, log.firstRetained());
        assertEquals(0, log.size());
        assertFalse(log.isRetained(0));
        assertFalse(log.isRetained(1));
        assertThrows(IllegalArgumentException.class, () -> log.pfn(1));
        assertThrows(IllegalArgumentException.class, () -> log.record(0));
        assertEquals(List.of(), log.records(1, 0));
    }

    @Test
    void everyColumnReadsBackWhatWasAppended() {
        EventLog log = new EventLog(1024);
        long seq = log.append(MmEventType.PTE_WRITE, 1_500, 3, 17, 4, 0x1234, 0xFFFFF680_00001000L, 2, 6,
                0x8000_0000_1234_0867L);
        assertEquals(1, seq);
        assertEquals(MmEventType.PTE_WRITE, log.type(seq));
        assertEquals(1_500, log.time(seq));
        assertEquals(3, log.cpu(seq));
        assertEquals(17, log.thread(seq));
        assertEquals(4, log.process(seq));
        assertEquals(0x1234, log.pfn(seq));
        assertEquals(0xFFFFF680_00001000L, log.va(seq));
        assertEquals(2, log.oldState(seq));
        assertEquals(6, log.newState(seq));
        assertEquals(0x8000_0000_1234_0867L, log.detail(seq));
        assertEquals(new EventRecord(1, 1_500, MmEventType.PTE_WRITE, 3, 17, 4, 0x1234, 0xFFFFF680_00001000L, 2, 6,
                0x8000_0000_1234_0867L), log.record(seq));
    }

    @Test
    void noneValuesAndExtremesAreStoredExactly() {
        EventLog log = new EventLog(1024);
        long seq = log.append(MmEventType.AVAILABLE_LOW, 0, EventLog.NO_CPU, EventLog.NO_THREAD, EventLog.NO_PROCESS,
                EventLog.NO_PFN, EventLog.NO_VA, EventLog.NO_STATE, EventLog.NO_STATE, Long.MIN_VALUE);
        long max = log.append(MmEventType.BUGCHECK, Long.MAX_VALUE, EventLog.MAX_CPU, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Long.MAX_VALUE, -1L, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -1L);
        EventRecord none = log.record(seq);
        assertEquals(-1, none.cpu());
        assertEquals(-1, none.thread());
        assertEquals(-1, none.process());
        assertEquals(-1, none.pfn());
        assertFalse(none.hasPfn());
        assertEquals(0, none.va());
        assertEquals(Long.MIN_VALUE, none.detail());
        assertEquals(new EventRecord(2, Long.MAX_VALUE, MmEventType.BUGCHECK, Short.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Long.MAX_VALUE, -1L, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -1L), log.record(max));
    }

    @Test
    void wrapsAroundAndRetainsTheNewestCapacityEvents() {
        EventLog log = new EventLog(1024);
        for (int i = 1; i <= 3000; i++) {
            assertEquals(i, appendNumbered(log, i));
        }
        assertEquals(3000, log.last());
        assertEquals(3000 - 1024 + 1, log.firstRetained());
        assertEquals(1024, log.size());
        assertFalse(log.isRetained(1976));
        assertTrue(log.isRetained(1977));
        assertTrue(log.isRetained(3000));
        assertFalse(log.isRetained(3001));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.detail(1976));
        assertTrue(e.getMessage().contains("1977..3000"), e.getMessage());
        for (long seq = 1977; seq <= 3000; seq++) {
            assertEquals(seq * 7, log.detail(seq));
            assertEquals(seq, log.pfn(seq));
            assertEquals(seq * 10, log.time(seq));
        }
    }

    @Test
    void exactlyFullLogStillRetainsTheFirstEvent() {
        EventLog log = new EventLog(1024);
        for (int i = 1; i <= 1024; i++) {
            appendNumbered(log, i);
        }
        assertEquals(1, log.firstRetained());
        assertEquals(7, log.detail(1));
        appendNumbered(log, 1025);
        assertEquals(2, log.firstRetained());
        assertFalse(log.isRetained(1));
    }

    @Test
    void recordsCopiesAnInclusiveRangeImmutably() {
        EventLog log = new EventLog(1024);
        for (int i = 1; i <= 1100; i++) {
            appendNumbered(log, i);
        }
        List<EventRecord> records = log.records(77, 80);
        assertEquals(4, records.size());
        for (int k = 0; k < 4; k++) {
            assertEquals(log.record(77 + k), records.get(k));
            assertEquals(77 + k, records.get(k).sequence());
        }
        assertThrows(UnsupportedOperationException.class, () -> records.remove(0));
        assertEquals(1024, log.records(log.firstRetained(), log.last()).size());
        assertEquals(List.of(), log.records(500, 499));
        assertThrows(IllegalArgumentException.class, () -> log.records(76, 80), "76 was overwritten");
        assertThrows(IllegalArgumentException.class, () -> log.records(1000, 1101), "1101 not appended");
        assertThrows(IllegalArgumentException.class, () -> log.records(90, 80), "reversed");
    }

    @Test
    void countsPerTypeAndTotalIncludeOverwrittenEvents() {
        EventLog log = new EventLog(1024);
        for (int i = 0; i < 1500; i++) {
            log.append(i % 3 == 0 ? MmEventType.WS_TRIM : MmEventType.WS_AGE, i, 0, 1, 1, i, 0, 1, 2, 0);
        }
        log.append(MmEventType.BUGCHECK, 2000, 0, 1, 1, -1, 0, -1, -1, 0x4E);
        assertEquals(500, log.count(MmEventType.WS_TRIM));
        assertEquals(1000, log.count(MmEventType.WS_AGE));
        assertEquals(1, log.count(MmEventType.BUGCHECK));
        assertEquals(0, log.count(MmEventType.PAGE_ZEROED));
        assertEquals(1501, log.totalAppended());
        long[] counts = log.counts();
        assertEquals(64, counts.length);
        assertEquals(500, counts[MmEventType.WS_TRIM.code()]);
        counts[MmEventType.WS_TRIM.code()] = 0;
        assertEquals(500, log.count(MmEventType.WS_TRIM), "counts() is a copy");
        assertThrows(IllegalArgumentException.class, () -> log.count(null));
    }

    @Test
    void refusesBadEventsAndRecordsNothingThen() {
        EventLog log = new EventLog(1024);
        log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, 0, 5, 0, -1, -1, 0);
        assertBad(log, "type is null", () -> log.append(null, 100, 0, 0, 0, 5, 0, -1, -1, 0));
        assertBad(log, "backwards", () -> log.append(MmEventType.PAGE_ZEROED, 99, 0, 0, 0, 5, 0, -1, -1, 0));
        assertBad(log, "CPU", () -> log.append(MmEventType.PAGE_ZEROED, 100, -2, 0, 0, 5, 0, -1, -1, 0));
        assertBad(log, "CPU", () -> log.append(MmEventType.PAGE_ZEROED, 100, 32768, 0, 0, 5, 0, -1, -1, 0));
        assertBad(log, "thread", () -> log.append(MmEventType.PAGE_ZEROED, 100, 0, -2, 0, 5, 0, -1, -1, 0));
        assertBad(log, "process", () -> log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, -2, 5, 0, -1, -1, 0));
        assertBad(log, "PFN", () -> log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, 0, -2, 0, -1, -1, 0));
        assertBad(log, "state", () -> log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, 0, 5, 0, Integer.MIN_VALUE, -1, 0));
        assertBad(log, "state", () -> log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, 0, 5, 0, -1, Integer.MIN_VALUE, 0));
        assertEquals(1, log.last());
        assertEquals(1, log.count(MmEventType.PAGE_ZEROED));
        assertEquals(2, log.append(MmEventType.PAGE_ZEROED, 100, 0, 0, 0, 5, 0, -1, -1, 0), "same time is fine");
    }

    @Test
    void eventRecordRefusesNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new EventRecord(0, 0, MmEventType.PAGE_ZEROED, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EventRecord(1, 0, null, 0, 0, 0, 0, 0, 0, 0, 0));
        String text = new EventRecord(7, 1200, MmEventType.PAGE_ZEROED, 0, 1, 2, 0x1F, 0, -1, -1, 3).toString();
        assertTrue(text.startsWith("#7 t=1200 PAGE_ZEROED"), text);
        assertTrue(text.contains("pfn=0x1F"), text);
    }

    @Test
    void sameInputsGiveTheSameLog() {
        EventLog a = EventLogFixtures.scriptedLog(2048, 42, 5000);
        EventLog b = EventLogFixtures.scriptedLog(2048, 42, 5000);
        assertEquals(a.last(), b.last());
        assertEquals(a.records(a.firstRetained(), a.last()), b.records(b.firstRetained(), b.last()));
        assertArrayEquals(a.counts(), b.counts());
    }

    private static long appendNumbered(EventLog log, long i) {
        return log.append(MmEventType.PAGE_LIST_TRANSITION, i * 10, 0, 1, 2, i, i << 12, 1, 0, i * 7);
    }

    private static void assertBad(EventLog log, String fragment, Runnable append) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, append::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
