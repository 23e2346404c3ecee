package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventLogListenerTest {

    private final EventLog log = new EventLog(1024);
    private long time;

    private long append(MmEventType type, long pfn) {
        return log.append(type, time++, 0, 1, 2, pfn, 0x1000, 1, 2, 0);
    }

    @Test
    void listenerHearsMatchingEventsAndReadsThemBySequence() {
        List<String> heard = new ArrayList<>();
        log.addListener(EventFilter.of(MmEventType.PAGE_ZEROED),
                (l, seq) -> heard.add(seq + ":" + l.type(seq) + ":" + l.pfn(seq)));
        append(MmEventType.PAGE_ZEROED, 7);
        append(MmEventType.PTE_WRITE, 8);
        append(MmEventType.PAGE_ZEROED, 9);
        assertEquals(List.of("1:PAGE_ZEROED:7", "3:PAGE_ZEROED:9"), heard);
    }

    @Test
    void listenerForOneTypeIsNeverCalledForAnother() {
        int[] calls = { 0 };
        log.addListener(EventFilter.of(MmEventType.FAULT_PAGE_FILE), (l, seq) -> calls[0]++);
        assertTrue(log.hasListenerFor(MmEventType.FAULT_PAGE_FILE));
        assertFalse(log.hasListenerFor(MmEventType.FAULT_TRANSITION));
        assertEquals(MmEventType.FAULT_PAGE_FILE.bit(), log.listenerMask());
        for (MmEventType type : MmEventType.values()) {
            if (type != MmEventType.FAULT_PAGE_FILE) {
                append(type, 1);
            }
        }
        assertEquals(0, calls[0]);
        append(MmEventType.FAULT_PAGE_FILE, 1);
        assertEquals(1, calls[0]);
    }

    @Test
    void conditionsAreTestedAfterTheMask() {
        List<Long> heard = new ArrayList<>();
        log.addListener(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withPfn(5), (l, seq) -> heard.add(seq));
        append(MmEventType.PAGE_LIST_TRANSITION, 4);
        append(MmEventType.PAGE_LIST_TRANSITION, 5);
        append(MmEventType.PAGE_LIST_TRANSITION, 6);
        assertEquals(List.of(2L), heard);
    }

    @Test
    void listenersAreCalledInRegistrationOrder() {
        List<String> order = new ArrayList<>();
        log.addListener(EventFilter.all(), (l, seq) -> order.add("a" + seq));
        log.addListener(EventFilter.of(MmEventType.WS_TRIM), (l, seq) -> order.add("b" + seq));
        log.addListener(EventFilter.all(), (l, seq) -> order.add("c" + seq));
        append(MmEventType.WS_TRIM, 1);
        append(MmEventType.WS_AGE, 1);
        assertEquals(List.of("a1", "b1", "c1", "a2", "c2"), order);
    }

    @Test
    void removedListenerIsNotCalledAndTheMaskShrinks() {
        int[] calls = { 0 };
        ListenerRegistration a = log.addListener(EventFilter.of(MmEventType.WS_TRIM), (l, seq) -> calls[0]++);
        ListenerRegistration b = log.addListener(EventFilter.of(MmEventType.WS_AGE), (l, seq) -> calls[0] += 100);
        assertEquals(2, log.listenerCount());
        assertTrue(log.removeListener(a));
        assertFalse(a.isActive());
        assertFalse(log.removeListener(a), "second removal");
        assertEquals(MmEventType.WS_AGE.bit(), log.listenerMask());
        append(MmEventType.WS_TRIM, 1);
        append(MmEventType.WS_AGE, 1);
        assertEquals(100, calls[0]);
        assertTrue(log.removeListener(b));
        assertEquals(0, log.listenerMask());
        assertEquals(0, log.listenerCount());
    }

    @Test
    void registrationKnowsItsFilterAndListener() {
        EventFilter filter = EventFilter.of(MmEventType.BUGCHECK);
        EventListener listener = (l, seq) -> { };
        ListenerRegistration registration = log.addListener(filter, listener);
        assertSame(filter, registration.filter());
        assertSame(listener, registration.listener());
        assertTrue(registration.isActive());
    }

    @Test
    void refusesNullsAndForeignRegistrations() {
        assertThrows(IllegalArgumentException.class, () -> log.addListener(null, (l, seq) -> { }));
        assertThrows(IllegalArgumentException.class, () -> log.addListener(EventFilter.all(), null));
        assertThrows(IllegalArgumentException.class, () -> log.removeListener(null));
        ListenerRegistration foreign = new EventLog(1024).addListener(EventFilter.all(), (l, seq) -> { });
        assertThrows(IllegalArgumentException.class, () -> log.removeListener(foreign));
    }

    @Test
    void listenerMayRemoveItselfDuringDispatch() {
        List<String> heard = new ArrayList<>();
        ListenerRegistration[] self = new ListenerRegistration[1];
        self[0] = log.addListener(EventFilter.all(), (l, seq) -> {
            heard.add("once" + seq);
            assertTrue(l.removeListener(self[0]));
        });
        log.addListener(EventFilter.all(), (l, seq) -> heard.add("always" + seq));
        append(MmEventType.PAGE_ZEROED, 1);
        append(MmEventType.PAGE_ZEROED, 1);
        assertEquals(List.of("once1", "always1", "always2"), heard);
    }

    @Test
    void listenerRemovedDuringDispatchIsNotCalledForTheCurrentEvent() {
        List<String> heard = new ArrayList<>();
        ListenerRegistration[] later = new ListenerRegistration[1];
        log.addListener(EventFilter.all(), (l, seq) -> {
            heard.add("first" + seq);
            l.removeListener(later[0]);
        });
        later[0] = log.addListener(EventFilter.all(), (l, seq) -> heard.add("later" + seq));
        append(MmEventType.PAGE_ZEROED, 1);
        assertEquals(List.of("first1"), heard);
        assertEquals(1, log.listenerCount());
    }

    @Test
    void listenerAddedDuringDispatchHearsFromTheNextEvent() {
        List<String> heard = new ArrayList<>();
        log.addListener(EventFilter.of(MmEventType.PROCESS_CREATE), (l, seq) -> {
            heard.add("creator" + seq);
            l.addListener(EventFilter.all(), (l2, seq2) -> heard.add("added" + seq2));
        });
        append(MmEventType.PROCESS_CREATE, 1);
        assertEquals(List.of("creator1"), heard);
        append(MmEventType.PAGE_ZEROED, 1);
        assertEquals(List.of("creator1", "added2"), heard);
        assertTrue(log.hasListenerFor(MmEventType.PAGE_ZEROED), "the union mask includes the added filter");
    }

    @Test
    void eventStaysRecordedWhenAListenerThrows() {
        log.addListener(EventFilter.of(MmEventType.BUGCHECK), (l, seq) -> {
            throw new IllegalStateException("listener bug");
        });
        assertThrows(IllegalStateException.class, () -> append(MmEventType.BUGCHECK, 1));
        assertEquals(1, log.last());
        assertEquals(MmEventType.BUGCHECK, log.type(1));
        assertEquals(1, log.count(MmEventType.BUGCHECK));
    }

    @Test
    void listenerHearsExactlyWhatItsFilterMatchesAfterTheFact() {
        EventFilter filter = EventFilter.of(MmEventType.PAGE_LIST_TRANSITION, MmEventType.PTE_WRITE).withProcess(1);
        List<Long> heard = new ArrayList<>();
        log.addListener(filter, (l, seq) -> heard.add(seq));
        EventLogFixtures.appendRandom(log, new SplittableRandom(7), 1000);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= log.last(); seq++) {
            if (filter.matches(log, seq)) {
                expected.add(seq);
            }
        }
        assertFalse(expected.isEmpty(), "the stream should hit the filter a few times");
        assertEquals(expected, heard);
    }

    @Test
    void sameScenarioGivesTheSameListenerCalls() {
        assertEquals(listenerTrace(99), listenerTrace(99));
    }

    private static List<String> listenerTrace(long seed) {
        EventLog log = new EventLog(1024);
        List<String> trace = new ArrayList<>();
        log.addListener(EventFilter.ofCategories(MmEventCategory.FAULT), (l, seq) -> trace.add("fault " + l.record(seq)));
        log.addListener(EventFilter.all().withPfn(3), (l, seq) -> trace.add("pfn3 " + seq));
        EventLogFixtures.appendRandom(log, new SplittableRandom(seed), 3000);
        return trace;
    }
}
