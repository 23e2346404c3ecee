package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.function.Executable;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pool.LookasideList;
import org.mmscope.sim.pool.NonPagedFreeRuns;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.sched.SimThread;

/** What the kernel-pool tests share: the machine, the checked run loop, driver threads, snapshots. */
final class PoolTestSupport {

    static final long MB = 1L << 20;
    static final int PAGE = 4096;

    private PoolTestSupport() {
    }

    /** 256 MiB, 16 colours, 2 CPUs, 1 GiB paging file: paged pool 32768 pages, nonpaged 8192, 1024 special pairs. */
    static MachineConfig machine() {
        return MachineConfig.ofRam(256 * MB, 16, 2, 1024 * MB, 42).withWorkingSet(16, 512);
    }

    static int tag(String text) {
        return PoolHeader.tagOf(text);
    }

    /** Runs to quiescence, checking the invariants after every step (the pattern of MemoryManagerTest). */
    static long runChecked(Simulation simulation, long maxSteps) {
        long steps = 0;
        while (steps < maxSteps && simulation.step()) {
            steps++;
            List<Violation> violations = InvariantChecker.check(simulation.memoryManager());
            if (!violations.isEmpty()) {
                throw new AssertionError("after step " + steps + ": " + violations);
            }
        }
        return steps;
    }

    static void assertInvariants(MemoryManager mm) {
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    /** A driver thread in the System process that runs {@code operations}. */
    static SimThread driver(Simulation simulation, Operation... operations) {
        return simulation.createThread(simulation.memoryManager().systemProcess(), "driver", List.of(operations));
    }

    /** Writes {@code size} bytes of {@code value} at {@code va + offset} in kernel mode and runs to quiescence, checked. */
    static void write(Simulation simulation, long va, long offset, long size, int value, Irql irql) {
        driver(simulation, PoolOperations.write(() -> va, offset, size, value, irql));
        runChecked(simulation, 200_000);
    }

    /** Like {@link #write} but expects the machine to bugcheck; returns the bugcheck. */
    static BugCheckException writeBugchecks(Simulation simulation, long va, long offset, long size, int value,
            Irql irql) {
        driver(simulation, PoolOperations.write(() -> va, offset, size, value, irql));
        return assertThrows(BugCheckException.class, () -> runChecked(simulation, 200_000));
    }

    static BugCheckException bugcheck(int code, long parameter1, Executable executable) {
        BugCheckException e = assertThrows(BugCheckException.class, executable);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(parameter1, e.parameter(1), e.getMessage());
        return e;
    }

    /** The retained events of {@code type}, oldest first. */
    static List<EventRecord> events(MemoryManager mm, MmEventType type) {
        EventLog log = mm.eventLog();
        List<EventRecord> list = new ArrayList<>();
        for (long seq = Math.max(1, log.firstRetained()); seq <= log.last(); seq++) {
            if (log.type(seq) == type) {
                list.add(log.record(seq));
            }
        }
        return list;
    }

    static EventRecord lastEvent(MemoryManager mm, MmEventType type) {
        List<EventRecord> list = events(mm, type);
        if (list.isEmpty()) {
            throw new AssertionError("no " + type + " event");
        }
        return list.get(list.size() - 1);
    }

    /** The PTE of kernel page {@code va}. */
    static long pte(MemoryManager mm, long va) {
        return mm.pte(mm.systemProcess(), va);
    }

    /**
     * Everything a pool request could change, as text: live allocations, usage, the bitmaps, runs and
     * buckets, the lookaside lists, special pool, the PTEs and PFN flags of every pool page in use,
     * the page lists' totals and the system working set.
     */
    static String poolState(MemoryManager mm) {
        KernelPools pools = mm.pools();
        StringBuilder s = new StringBuilder();
        s.append(pools.allocations()).append('\n').append(pools.usage().usages()).append('\n');
        var paged = pools.pagedPool();
        s.append("paged ").append(paged.currentSize()).append(' ').append(paged.pagesInUse()).append(' ')
                .append(paged.allocationCount()).append(' ').append(paged.hint()).append('\n');
        for (int page = 0; page < paged.currentSize(); page++) {
            long va = KernelPools.PAGED_POOL_START + (long) page * PAGE;
            s.append(paged.isAllocated(page) ? 'A' : '.').append(paged.isEndOfAllocation(page) ? 'E' : '.')
                    .append(Long.toHexString(pte(mm, va))).append(' ');
        }
        NonPagedFreeRuns nonPaged = pools.nonPagedPool();
        s.append("\nnonpaged ").append(pools.nonPagedPages()).append(' ').append(nonPaged.freePages()).append(' ')
                .append(nonPaged.allocatedPages()).append('\n');
        for (int bucket = 0; bucket < NonPagedFreeRuns.BUCKETS; bucket++) {
            s.append('[');
            for (int run = nonPaged.firstRun(bucket); run >= 0; run = nonPaged.nextRun(run)) {
                s.append(run).append('+').append(nonPaged.runSize(run)).append(' ');
            }
            s.append(']');
        }
        for (int page = 0; page < pools.nonPagedPages(); page++) {
            long pte = pte(mm, KernelPools.NONPAGED_POOL_START + (long) page * PAGE);
            s.append(Long.toHexString(pte)).append(nonPaged.allocationSize(page)).append(' ');
            int pfn = (int) org.mmscope.sim.pte.Pte.pfn(pte);
            s.append(mm.pfns().isStartOfAllocation(pfn) ? 'S' : '.').append(mm.pfns().isEndOfAllocation(pfn) ? 'E' : '.');
        }
        for (PoolType type : PoolType.values()) {
            LookasideList list = pools.lookaside(type);
            s.append("\nlookaside ").append(type).append(':');
            for (int i = 0; i < list.size(); i++) {
                s.append(' ').append(list.pageAt(i));
            }
        }
        SpecialPool special = pools.specialPool();
        s.append("\nspecial ").append(special.inUse()).append('\n');
        for (int pair = 0; pair < special.pairCount(); pair++) {
            if (special.isInUse(pair) || special.wasFreed(pair)) {
                s.append(pair).append(':').append(Long.toHexString(pte(mm, special.dataPage(pair)))).append(' ');
            }
        }
        s.append("\nsmall pages ").append(pools.smallBlocks().pageCount());
        for (int i = 0; i < pools.smallBlocks().pageCount(); i++) {
            s.append(' ').append(pools.smallBlocks().blocks(pools.smallBlocks().pageAt(i)));
        }
        s.append("\navailable ").append(mm.pfns().availablePages()).append(" ws ")
                .append(mm.systemProcess().workingSet().count());
        return s.toString();
    }
}
