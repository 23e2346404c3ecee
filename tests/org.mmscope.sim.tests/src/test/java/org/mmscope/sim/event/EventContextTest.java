package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventContextTest {

    private final EventLog log = new EventLog(1024);
    private long now = 500;
    private final EventContext context = new EventContext(log, () -> now);

    @Test
    void startsWithNothingRunning() {
        assertEquals(EventLog.NO_CPU, context.cpu());
        assertEquals(EventLog.NO_THREAD, context.thread());
        assertEquals(EventLog.NO_PROCESS, context.process());
        assertSame(log, context.log());
        long seq = context.emit(MmEventType.AVAILABLE_LOW, EventLog.NO_PFN, EventLog.NO_VA, EventLog.NO_STATE,
                EventLog.NO_STATE, 200);
        assertEquals(new EventRecord(1, 500, MmEventType.AVAILABLE_LOW, -1, -1, -1, -1, 0, -1, -1, 200), log.record(seq));
    }

    @Test
    void emitUsesClockAndCurrentCpuThreadProcess() {
        context.switchTo(2, 11, 4);
        now = 1_000;
        long first = context.emit(MmEventType.FAULT_DEMAND_ZERO, 0x42, 0x7FF0_0000L, 0, 6, 1);
        context.setProcess(9); // attach to another address space
        now = 1_250;
        long second = context.emit(MmEventType.PTE_WRITE, 0x42, 0x7FF0_0000L, 3, 1, 0x867);
        assertEquals(new EventRecord(first, 1_000, MmEventType.FAULT_DEMAND_ZERO, 2, 11, 4, 0x42, 0x7FF0_0000L, 0, 6, 1),
                log.record(first));
        assertEquals(new EventRecord(second, 1_250, MmEventType.PTE_WRITE, 2, 11, 9, 0x42, 0x7FF0_0000L, 3, 1, 0x867),
                log.record(second));
        context.setCpu(0);
        context.setThread(12);
        assertEquals(0, context.cpu());
        assertEquals(12, context.thread());
        assertEquals(1_250, context.now());
    }

    @Test
    void refusesBadValuesAndKeepsTheOldOnes() {
        context.switchTo(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> context.switchTo(1, 2, -2));
        assertThrows(IllegalArgumentException.class, () -> context.switchTo(40_000, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> context.setCpu(-2));
        assertThrows(IllegalArgumentException.class, () -> context.setThread(-2));
        assertThrows(IllegalArgumentException.class, () -> context.setProcess(-5));
        assertEquals(1, context.cpu());
        assertEquals(2, context.thread());
        assertEquals(3, context.process());
        assertThrows(IllegalArgumentException.class, () -> new EventContext(null, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new EventContext(log, null));
    }

    @Test
    void clockGoingBackwardsIsRefusedByTheLog() {
        context.emit(MmEventType.PAGE_ZEROED, 1, 0, -1, -1, 0);
        now = 499;
        assertThrows(IllegalArgumentException.class, () -> context.emit(MmEventType.PAGE_ZEROED, 1, 0, -1, -1, 0));
        assertEquals(1, log.last());
    }
}
