package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final MmEventType T = MmEventType.PAGE_LIST_TRANSITION;

    /** An event of type T with thread 1, process 2, pfn 3, va 0x4000, old 5, new 6. */
    private static boolean matchesBase(EventFilter filter) {
        return filter.matches(T, 1, 2, 3, 0x4000, 5, 6);
    }

    @Test
    void typeMaskSelectsTypes() {
        EventFilter filter = EventFilter.of(MmEventType.FAULT_DEMAND_ZERO, MmEventType.FAULT_PAGE_FILE);
        assertEquals(MmEventType.FAULT_DEMAND_ZERO.bit() | MmEventType.FAULT_PAGE_FILE.bit(), filter.typeMask());
        assertTrue(filter.matches(MmEventType.FAULT_PAGE_FILE, 0, 0, 0, 0, 0, 0));
        assertTrue(filter.matches(MmEventType.FAULT_DEMAND_ZERO, 0, 0, 0, 0, 0, 0));
        assertFalse(filter.matches(MmEventType.FAULT_TRANSITION, 0, 0, 0, 0, 0, 0));
        assertTrue(filter.includes(MmEventType.FAULT_PAGE_FILE));
        assertFalse(filter.includes(MmEventType.FAULT_TRANSITION));
    }

    @Test
    void categoriesAndAllCoverTheirTypes() {
        EventFilter faults = EventFilter.ofCategories(MmEventCategory.FAULT);
        for (MmEventType type : MmEventType.values()) {
            assertEquals(type.category() == MmEventCategory.FAULT, faults.includes(type), type.name());
            assertTrue(EventFilter.all().includes(type), type.name());
        }
        assertEquals(EventFilter.of(MmEventType.TLB_FLUSH_SINGLE, MmEventType.TLB_FLUSH_ALL, MmEventType.TLB_STALE_USE),
                EventFilter.ofCategories(MmEventCategory.TLB));
    }

    @Test
    void refusesEmptyOrUnknownTypeSets() {
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of());
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of((MmEventType) null));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of((MmEventType[]) null));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.ofMask(0));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.ofMask(1L << 63));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.ofCategories());
        assertThrows(IllegalArgumentException.class, () -> EventFilter.ofCategories((MmEventCategory) null));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.all().matches(null, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void noConditionMatchesEveryFieldValue() {
        EventFilter filter = EventFilter.of(T);
        assertTrue(matchesBase(filter));
        assertTrue(filter.matches(T, -1, -1, -1, 0, -1, -1));
        assertTrue(filter.matches(T, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, -1L, 99, -99));
        assertFalse(filter.hasVaRange());
        assertEquals(EventFilter.ANY_PFN, filter.pfn());
    }

    @Test
    void threadCondition() {
        EventFilter filter = EventFilter.of(T).withThread(1);
        assertTrue(matchesBase(filter));
        assertFalse(filter.matches(T, 9, 2, 3, 0x4000, 5, 6));
        assertEquals(1, filter.thread());
        assertTrue(filter.withThread(EventFilter.ANY_THREAD).matches(T, 9, 2, 3, 0x4000, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> filter.withThread(-2));
    }

    @Test
    void processCondition() {
        EventFilter filter = EventFilter.of(T).withProcess(2);
        assertTrue(matchesBase(filter));
        assertFalse(filter.matches(T, 1, 9, 3, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 1, -1, 3, 0x4000, 5, 6));
        assertTrue(EventFilter.of(T).withProcess(-1).matches(T, 1, -1, 3, 0x4000, 5, 6), "events of no process");
        assertTrue(filter.withProcess(EventFilter.ANY_PROCESS).matches(T, 1, 9, 3, 0x4000, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> filter.withProcess(-2));
    }

    @Test
    void pfnCondition() {
        EventFilter filter = EventFilter.of(T).withPfn(3);
        assertTrue(matchesBase(filter));
        assertFalse(filter.matches(T, 1, 2, 4, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 1, 2, -1, 0x4000, 5, 6));
        assertTrue(EventFilter.of(T).withPfn(-1).matches(T, 1, 2, -1, 0x4000, 5, 6), "events without a page");
        assertTrue(filter.withPfn(EventFilter.ANY_PFN).matches(T, 1, 2, 4, 0x4000, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> filter.withPfn(-2));
    }

    @Test
    void vaRangeIsHalfOpen() {
        EventFilter filter = EventFilter.of(T).withVaRange(0x4000, 0x6000);
        assertTrue(filter.hasVaRange());
        assertEquals(0x4000, filter.vaLow());
        assertEquals(0x6000, filter.vaHigh());
        assertTrue(matchesBase(filter));
        assertTrue(filter.matches(T, 1, 2, 3, 0x5FFF, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 3, 0x3FFF, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 3, 0x6000, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 3, EventLog.NO_VA, 5, 6));
        assertTrue(filter.withAnyVa().matches(T, 1, 2, 3, 0x6000, 5, 6));
        assertFalse(filter.withAnyVa().hasVaRange());
    }

    @Test
    void vaRangeComparesUnsignedSoKernelAddressesAreHigh() {
        long kernelLow = 0xFFFF8000_00000000L;
        EventFilter kernel = EventFilter.of(T).withVaRange(kernelLow, 0xFFFFFFFF_FFFFF000L);
        assertTrue(kernel.matches(T, 1, 2, 3, 0xFFFFF680_00000000L, 5, 6));
        assertFalse(kernel.matches(T, 1, 2, 3, 0x00007FFF_FFFF0000L, 5, 6));
        assertFalse(kernel.matches(T, 1, 2, 3, 0, 5, 6));
        EventFilter user = EventFilter.of(T).withVaRange(0, 0x00008000_00000000L);
        assertTrue(user.matches(T, 1, 2, 3, 0, 5, 6), "address 0 / no address is in a range holding 0");
        assertFalse(user.matches(T, 1, 2, 3, kernelLow, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(T).withVaRange(0x5000, 0x5000));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(T).withVaRange(kernelLow, 0x1000));
    }

    @Test
    void stateConditions() {
        EventFilter fromStandby = EventFilter.of(T).withOldState(5);
        EventFilter toActive = EventFilter.of(T).withNewState(6);
        assertTrue(matchesBase(fromStandby));
        assertTrue(matchesBase(toActive));
        assertFalse(fromStandby.matches(T, 1, 2, 3, 0x4000, 6, 6));
        assertFalse(toActive.matches(T, 1, 2, 3, 0x4000, 5, 5));
        assertFalse(toActive.matches(T, 1, 2, 3, 0x4000, 6, -1));
        assertTrue(toActive.withNewState(EventFilter.ANY_STATE).matches(T, 1, 2, 3, 0x4000, 5, 5));
        assertEquals(5, fromStandby.oldState());
        assertEquals(6, toActive.newState());
    }

    @Test
    void conditionsCombineWithAnd() {
        EventFilter filter = EventFilter.of(T).withThread(1).withProcess(2).withPfn(3).withVaRange(0x4000, 0x5000)
                .withOldState(5).withNewState(6);
        assertTrue(matchesBase(filter));
        assertFalse(filter.matches(MmEventType.PAGE_ZEROED, 1, 2, 3, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 0, 2, 3, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 1, 0, 3, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 0, 0x4000, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 3, 0x5000, 5, 6));
        assertFalse(filter.matches(T, 1, 2, 3, 0x4000, 0, 6));
        assertFalse(filter.matches(T, 1, 2, 3, 0x4000, 5, 0));
    }

    @Test
    void aPfnRangeIsInclusiveAndHoldsWithAnExactPfn() {
        EventFilter range = EventFilter.of(T).withPfnRange(3, 10);
        assertTrue(matchesBase(range));
        assertTrue(range.matches(T, 1, 2, 10, 0x4000, 5, 6));
        assertFalse(range.matches(T, 1, 2, 2, 0x4000, 5, 6));
        assertFalse(range.matches(T, 1, 2, 11, 0x4000, 5, 6));
        assertFalse(range.matches(T, 1, 2, -1, 0x4000, 5, 6), "an event without a page is outside 3..10");
        assertTrue(range.hasPfnRange());
        assertEquals(3, range.pfnLow());
        assertEquals(10, range.pfnHigh());
        assertFalse(range.withPfn(4).matches(T, 1, 2, 3, 0x4000, 5, 6), "both PFN conditions hold");
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(T).withPfnRange(5, 4));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(T).withPfnRange(-2, 4));
        assertNotEquals(range, EventFilter.of(T).withPfnRange(3, 11));
        assertTrue(range.toString().contains("pfn in [0x3, 0xA]"), range.toString());
    }

    @Test
    void stateMasksAllowSetsOfStatesZeroToThirtyOne() {
        EventFilter fromFiveOrSeven = EventFilter.of(T).withOldStateIn(1 << 5 | 1 << 7);
        assertTrue(matchesBase(fromFiveOrSeven));
        assertTrue(fromFiveOrSeven.matches(T, 1, 2, 3, 0x4000, 7, 6));
        assertFalse(fromFiveOrSeven.matches(T, 1, 2, 3, 0x4000, 6, 6));
        assertFalse(fromFiveOrSeven.matches(T, 1, 2, 3, 0x4000, -1, 6), "no state is in no set");
        assertFalse(fromFiveOrSeven.matches(T, 1, 2, 3, 0x4000, 37, 6), "37 is not bit 5 wrapped around");
        EventFilter toSix = EventFilter.of(T).withNewStateIn(1 << 6);
        assertTrue(matchesBase(toSix));
        assertFalse(toSix.matches(T, 1, 2, 3, 0x4000, 5, 5));
        assertEquals(EventFilter.of(T), toSix.withNewStateIn(0), "0 removes the condition");
        assertEquals(1 << 5 | 1 << 7, fromFiveOrSeven.oldStateMask());
        assertEquals(1 << 6, toSix.newStateMask());
    }

    @Test
    void matchesLogEventsAndRecordsAlike() {
        EventLog log = new EventLog(1024);
        long seq = log.append(T, 10, 0, 1, 2, 3, 0x4000, 5, 6, 0);
        EventFilter filter = EventFilter.of(T).withPfn(3).withNewState(6);
        assertTrue(filter.matches(log, seq));
        assertTrue(filter.matches(log.record(seq)));
        assertFalse(filter.withPfn(4).matches(log, seq));
        assertFalse(filter.withPfn(4).matches(log.record(seq)));
    }

    @Test
    void isImmutableWithValueEquality() {
        EventFilter base = EventFilter.of(T);
        EventFilter narrowed = base.withPfn(3);
        assertEquals(EventFilter.ANY_PFN, base.pfn(), "with... returns a new filter");
        assertEquals(narrowed, EventFilter.of(T).withPfn(3));
        assertEquals(narrowed.hashCode(), EventFilter.of(T).withPfn(3).hashCode());
        assertNotEquals(narrowed, base);
        assertEquals(base, narrowed.withPfn(EventFilter.ANY_PFN));
        String text = narrowed.withNewState(2).withVaRange(0x1000, 0x2000).toString();
        assertTrue(text.contains("PAGE_LIST_TRANSITION") && text.contains("pfn=0x3") && text.contains("new=2")
                && text.contains("va=[0x1000, 0x2000)"), text);
    }
}
