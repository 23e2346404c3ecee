package org.mmscope.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The append path allocates nothing: measured with the JVM's per-thread allocation counter around
 * 100,000 appends after a warm-up.
 */
class EventLogAllocationTest {

    private static final int APPENDS = 100_000;
    /** Slack for the measurement itself (the counter reads), not for the code under test. */
    private static final long MEASUREMENT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MmEventType[] UNWATCHED = {
        MmEventType.PAGE_LIST_TRANSITION, MmEventType.PTE_WRITE, MmEventType.FAULT_DEMAND_ZERO, MmEventType.WS_AGE,
        MmEventType.TLB_FLUSH_SINGLE, MmEventType.PFN_SHARE_CHANGE, MmEventType.PFN_REFERENCE_CHANGE,
        MmEventType.WS_INSERT };

    private long time;

    @BeforeAll
    static void needsAllocationCounter() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "JVM cannot count thread allocations");
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void nonMatchingPathAllocatesNothing() {
        EventLog log = new EventLog(4096);
        int[] calls = { 0 };
        log.addListener(EventFilter.of(MmEventType.BUGCHECK), (l, seq) -> calls[0]++);
        appendUnwatched(log, APPENDS); // warm-up: class loading, JIT
        long bytes = allocatedDuring(() -> appendUnwatched(log, APPENDS));
        assertTrue(bytes < MEASUREMENT_SLACK_BYTES, "non-matching appends allocated " + bytes + " bytes");
        assertEquals(0, calls[0]);
        assertEquals(2L * APPENDS, log.last());
    }

    @Test
    void maskHitButConditionMissAllocatesNothing() {
        EventLog log = new EventLog(4096);
        int[] calls = { 0 };
        // same type as appended: the mask test passes, the PFN condition fails in the listener loop
        log.addListener(EventFilter.of(MmEventType.PAGE_LIST_TRANSITION).withPfn(1L << 40), (l, seq) -> calls[0]++);
        appendUnwatched(log, APPENDS);
        long bytes = allocatedDuring(() -> appendUnwatched(log, APPENDS));
        assertTrue(bytes < MEASUREMENT_SLACK_BYTES, "condition-miss appends allocated " + bytes + " bytes");
        assertEquals(0, calls[0]);
    }

    @Test
    void matchingPathWithAPrimitiveReadingListenerAllocatesNothing() {
        EventLog log = new EventLog(4096);
        long[] sums = new long[2];
        log.addListener(EventFilter.all(), (l, seq) -> {
            sums[0] += l.pfn(seq) + l.va(seq) + l.detail(seq) + l.time(seq) + l.cpu(seq) + l.thread(seq)
                    + l.process(seq) + l.oldState(seq) + l.newState(seq) + l.type(seq).code();
            sums[1]++;
        });
        appendUnwatched(log, APPENDS);
        long bytes = allocatedDuring(() -> appendUnwatched(log, APPENDS));
        assertTrue(bytes < MEASUREMENT_SLACK_BYTES, "matching appends allocated " + bytes + " bytes");
        assertEquals(2L * APPENDS, sums[1]);
    }

    @Test
    void contextEmitAllocatesNothing() {
        EventLog log = new EventLog(4096);
        log.addListener(EventFilter.of(MmEventType.BUGCHECK), (l, seq) -> { });
        long[] now = { 0 };
        LongSupplier clock = () -> now[0];
        EventContext context = new EventContext(log, clock);
        context.switchTo(1, 7, 3);
        Runnable emitMany = () -> {
            for (int i = 0; i < APPENDS; i++) {
                now[0] += 10;
                context.emit(UNWATCHED[i & 7], i, (long) i << 12, 2, 6, i);
            }
        };
        emitMany.run();
        long bytes = allocatedDuring(emitMany);
        assertTrue(bytes < MEASUREMENT_SLACK_BYTES, "emit allocated " + bytes + " bytes");
        assertEquals(7, log.thread(log.last()));
    }

    private void appendUnwatched(EventLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.append(UNWATCHED[i & 7], time++, i & 3, 5, 2, i, (long) i << 12, 2, 6, i);
        }
    }

    private static long allocatedDuring(Runnable work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
