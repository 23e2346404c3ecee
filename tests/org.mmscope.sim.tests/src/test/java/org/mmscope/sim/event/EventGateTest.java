package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class EventGateTest {

    private static final MmEventType T = MmEventType.PAGE_LIST_TRANSITION;
    private static final int[] IDS = { -1, 0, 1, 2 };
    private static final long[] PFNS = { -1, 0, 1, 2, 5, 10, 100, 0x7000_0000L };
    private static final long[] VAS = { 0, 0x1000, 0x4000, 0x7FFF_0000L, 0xFFFF_8000_0000_0000L, -2L };
    private static final int[] STATES = { -1, 0, 1, 2, 5, 31, 40 };

    /** The property the event log relies on: an event some filter admits, the gate admits. */
    @Test
    void admitsEveryEventThatSomeFilterAdmits() {
        Random random = new Random(7);
        int admittedByFilters = 0;
        int refusedByGate = 0;
        for (int round = 0; round < 3_000; round++) {
            List<EventFilter> filters = new ArrayList<>();
            for (int f = 1 + random.nextInt(4); f > 0; f--) {
                filters.add(randomFilter(random));
            }
            EventGate gate = EventGate.of(filters);
            for (int e = 0; e < 40; e++) {
                int thread = pick(random, IDS);
                int process = pick(random, IDS);
                long pfn = PFNS[random.nextInt(PFNS.length)];
                long va = VAS[random.nextInt(VAS.length)];
                int oldState = pick(random, STATES);
                int newState = pick(random, STATES);
                boolean some = filters.stream()
                        .anyMatch(filter -> filter.matches(T, thread, process, pfn, va, oldState, newState));
                boolean admitted = gate.admits(thread, process, pfn, va, oldState, newState);
                if (some) {
                    admittedByFilters++;
                    assertTrue(admitted, () -> gate + " refuses an event " + filters + " admit: thread " + thread
                            + ", process " + process + ", pfn " + pfn + ", va " + va + ", old " + oldState + ", new "
                            + newState);
                } else if (!admitted) {
                    refusedByGate++;
                }
            }
        }
        assertTrue(admittedByFilters > 5_000, "the random events exercise admitted events: " + admittedByFilters);
        assertTrue(refusedByGate > 20_000, "the gate refuses most events no filter admits: " + refusedByGate);
    }

    @Test
    void breakpointsOnPagesThatNeverTurnUpAreRefusedAtTheGate() {
        List<EventFilter> filters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            filters.add(EventFilter.of(T).withPfnRange(0x7000_0000L + i, 0x7000_0000L + i));
        }
        EventGate gate = EventGate.of(filters);
        assertFalse(gate.admits(1, 2, 0x6FFF_FFFFL, 0, 1, 2));
        assertTrue(gate.admits(1, 2, 0x7000_0002L, 0, 1, 2));
        assertFalse(gate.admits(1, 2, 0x7000_0004L, 0, 1, 2));
        assertFalse(gate.admits(1, 2, EventLog.NO_PFN, 0, 1, 2));
    }

    @Test
    void aConditionOnlySomeFiltersHaveDoesNotNarrowTheGate() {
        EventGate gate = EventGate.of(List.of(EventFilter.of(T).withProcess(3).withNewStateIn(1 << 2),
                EventFilter.of(T).withPfn(9)));
        assertTrue(gate.admits(0, 7, 9, 0, 0, 5), "the second filter admits any process and state");
        assertTrue(gate.admits(0, 7, 10, 0, 0, 5), "wider than the filters: any PFN, as the first has no PFN condition");
        EventGate sameProcess = EventGate.of(List.of(EventFilter.of(T).withProcess(3), EventFilter.of(T).withProcess(3)));
        assertFalse(sameProcess.admits(0, 4, 1, 0, 0, 0));
        assertTrue(sameProcess.admits(0, 3, 1, 0, 0, 0));
    }

    @Test
    void aFilterThatAdmitsNothingAddsNothing() {
        EventGate gate = EventGate.of(List.of(EventFilter.of(T).withPfn(3).withPfnRange(5, 9)));
        for (long pfn : PFNS) {
            assertFalse(gate.admits(0, 0, pfn, 0, 0, 0), "pfn " + pfn);
        }
        EventGate states = EventGate.of(List.of(EventFilter.of(T).withOldState(40).withOldStateIn(-1)));
        for (int state : STATES) {
            assertFalse(states.admits(0, 0, 1, 0, state, 0), "old state " + state);
        }
    }

    @Test
    void theLogTestsTheGateOfTheListenersOfEachType() {
        EventLog log = new EventLog(EventLog.MIN_CAPACITY);
        List<Long> heard = new ArrayList<>();
        log.addListener(EventFilter.of(T).withPfnRange(10, 20), (l, sequence) -> heard.add(sequence));
        log.addListener(EventFilter.of(T, MmEventType.FAULT_DEMAND_ZERO).withPfnRange(30, 40),
                (l, sequence) -> heard.add(-sequence));
        assertFalse(log.gateFor(T).admits(0, 0, 50, 0, 0, 0), "beyond both ranges");
        assertTrue(log.gateFor(MmEventType.FAULT_DEMAND_ZERO).admits(0, 0, 35, 0, 0, 0));
        assertFalse(log.gateFor(MmEventType.FAULT_DEMAND_ZERO).admits(0, 0, 15, 0, 0, 0), "only the second listener");
        long first = log.append(T, 1, 0, 0, 0, 15, 0, 0, 0, 0);
        log.append(T, 2, 0, 0, 0, 50, 0, 0, 0, 0);
        long third = log.append(MmEventType.FAULT_DEMAND_ZERO, 3, 0, 0, 0, 35, 0, 0, 0, 0);
        log.append(MmEventType.FAULT_DEMAND_ZERO, 4, 0, 0, 0, 15, 0, 0, 0, 0);
        assertEquals(List.of(first, -third), heard);
    }

    private static EventFilter randomFilter(Random random) {
        EventFilter filter = EventFilter.of(T);
        if (random.nextInt(4) == 0) {
            filter = filter.withThread(pick(random, IDS));
        }
        if (random.nextInt(3) == 0) {
            filter = filter.withProcess(pick(random, IDS));
        }
        if (random.nextInt(4) == 0) {
            filter = filter.withPfn(PFNS[random.nextInt(PFNS.length)]);
        }
        if (random.nextInt(2) == 0) {
            long low = PFNS[random.nextInt(PFNS.length)];
            filter = filter.withPfnRange(low, low + random.nextInt(12));
        }
        if (random.nextInt(3) == 0) {
            int a = random.nextInt(VAS.length);
            int b = random.nextInt(VAS.length);
            if (Long.compareUnsigned(VAS[a], VAS[b]) < 0) {
                filter = filter.withVaRange(VAS[a], VAS[b]);
            }
        }
        if (random.nextInt(4) == 0) {
            filter = filter.withOldState(pick(random, STATES));
        }
        if (random.nextInt(4) == 0) {
            filter = filter.withNewState(pick(random, STATES));
        }
        if (random.nextInt(3) == 0) {
            filter = filter.withOldStateIn(random.nextInt() | 1 << random.nextInt(32));
        }
        if (random.nextInt(3) == 0) {
            filter = filter.withNewStateIn(1 << random.nextInt(32) | 1 << random.nextInt(32));
        }
        return filter;
    }

    private static int pick(Random random, int[] values) {
        return values[random.nextInt(values.length)];
    }
}
