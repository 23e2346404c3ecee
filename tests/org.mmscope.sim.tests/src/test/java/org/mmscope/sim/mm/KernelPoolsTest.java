package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.PAGE;
import static org.mmscope.sim.mm.PoolTestSupport.assertInvariants;
import static org.mmscope.sim.mm.PoolTestSupport.bugcheck;
import static org.mmscope.sim.mm.PoolTestSupport.events;
import static org.mmscope.sim.mm.PoolTestSupport.lastEvent;
import static org.mmscope.sim.mm.PoolTestSupport.machine;
import static org.mmscope.sim.mm.PoolTestSupport.poolState;
import static org.mmscope.sim.mm.PoolTestSupport.pte;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;
import static org.mmscope.sim.mm.PoolTestSupport.tag;
import static org.mmscope.sim.mm.PoolTestSupport.write;
import static org.mmscope.sim.mm.PoolTestSupport.writeBugchecks;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pool.LookasideList;
import org.mmscope.sim.pool.NonPagedFreeRuns;
import org.mmscope.sim.pool.PagedPoolBitmaps;
import org.mmscope.sim.pool.PoolBlock;
import org.mmscope.sim.pool.PoolTagStats;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * The kernel pools on the memory manager (mm-behaviour.md 4.3; 4.4 is in
 * {@link SpecialPoolIntegrationTest}): paged and nonpaged page allocation, lookaside lists, small
 * blocks, IRQL rules and bad requests, with the invariant checker after every step.
 */
class KernelPoolsTest {

    private static final long PAGED = KernelPools.PAGED_POOL_START;
    private static final long NONPAGED = KernelPools.NONPAGED_POOL_START;
    private static final Irql PASSIVE = Irql.PASSIVE_LEVEL;
    private static final Irql DISPATCH = Irql.DISPATCH_LEVEL;

    private final Simulation simulation = new Simulation(machine());
    private final MemoryManager mm = simulation.memoryManager();
    private final KernelPools pools = mm.pools();

    private static long pagedPage(int page) {
        return PAGED + (long) page * PAGE;
    }

    private static long nonPagedPage(int page) {
        return NONPAGED + (long) page * PAGE;
    }

    private int pfnAt(long va) {
        long pte = pte(mm, va);
        assertTrue(Pte.isValid(pte), String.format("PTE of 0x%x is %s", va, Pte.describe(pte)));
        return (int) Pte.pfn(pte);
    }

    // ------------------------------------------------------------------------------ paged pool

    @Test
    void aFirstPagedAllocationExpandsByOnePageTableAndGetsDemandZeroPtesWithoutPages() {
        int available = mm.pfns().availablePages();
        int workingSet = mm.systemProcess().workingSet().count();
        int pg01 = tag("Pg01");

        long va = pools.allocate(PoolType.PAGED, 3 * PAGE, pg01, PASSIVE);

        assertEquals(PAGED, va);
        assertEquals(1, mm.eventLog().count(MmEventType.POOL_EXPAND));
        EventRecord expand = lastEvent(mm, MmEventType.POOL_EXPAND);
        assertEquals(PAGED, expand.va());
        assertEquals(0, expand.oldState(), "the first page table");
        assertEquals(KernelPools.KIND_PAGED, expand.newState());
        assertEquals(512, expand.detail());
        PagedPoolBitmaps bitmaps = pools.pagedPool();
        assertEquals(512, bitmaps.currentSize());
        assertEquals(1, bitmaps.pageTableCount());
        assertEquals(3, bitmaps.pagesInUse());
        assertEquals(1, bitmaps.allocationCount());
        assertTrue(bitmaps.isStartOfAllocation(0));
        assertFalse(bitmaps.isEndOfAllocation(0));
        assertFalse(bitmaps.isEndOfAllocation(1));
        assertTrue(bitmaps.isEndOfAllocation(2));
        assertFalse(bitmaps.isAllocated(3));
        for (int i = 0; i < 3; i++) {
            long pte = pte(mm, pagedPage(i));
            assertEquals(PteKind.DEMAND_ZERO, Pte.classify(pte), Pte.describe(pte));
            assertEquals(Protection.READWRITE, Pte.protection(pte));
        }
        assertEquals(0, pte(mm, pagedPage(3)), "the page after the allocation has nothing");
        assertEquals(available - 2, mm.pfns().availablePages(), "a page directory and a page table, no pool page");
        assertEquals(workingSet, mm.systemProcess().workingSet().count());
        EventRecord allocate = lastEvent(mm, MmEventType.POOL_ALLOCATE);
        assertEquals(-1, allocate.pfn(), "not resident");
        assertEquals(va, allocate.va());
        assertEquals(pg01, allocate.oldState());
        assertEquals(KernelPools.KIND_PAGED, allocate.newState());
        assertEquals(3 * PAGE, allocate.detail());
        KernelPools.Allocation expected = new KernelPools.Allocation(va, PoolType.PAGED, KernelPools.Kind.PAGES,
                3 * PAGE, pg01);
        assertEquals(expected, pools.allocationAt(va + 2 * PAGE + 5));
        assertNull(pools.allocationAt(va + 3 * PAGE));
        assertEquals(List.of(expected), pools.allocations());
        assertEquals(3 * PAGE, pools.usage().bytesInUse(pg01, PoolType.PAGED));
        assertInvariants(mm);
    }

    @Test
    void aTouchedPagedPoolPageIsResidentInTheSystemWorkingSetAndComesBackAfterTrimAndWriteOut() {
        long va = pools.allocate(PoolType.PAGED, 3 * PAGE, tag("Pg01"), PASSIVE);
        long page1 = va + PAGE;
        long demandZeroFaults = mm.systemProcess().demandZeroFaults();
        int workingSet = mm.systemProcess().workingSet().count();

        write(simulation, page1, 0, 16, 0x5A, PASSIVE);

        int pfn = pfnAt(page1);
        assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(pfn));
        assertEquals(1, mm.pfns().shareCount(pfn));
        assertEquals(X64Paging.entryAddress(page1, 1), mm.pfns().pteAddress(pfn));
        assertEquals(demandZeroFaults + 1, mm.systemProcess().demandZeroFaults());
        WorkingSetList ws = mm.systemProcess().workingSet();
        assertEquals(workingSet + 1, ws.count());
        int slot = ws.find(page1);
        assertTrue(slot >= 0, "in the system working set");
        assertFalse(ws.isLocked(slot), "pageable");
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(pte(mm, va)), "the untouched pages still have no page");
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(pte(mm, va + 2 * PAGE)));
        for (int i = 0; i < 16; i++) {
            assertEquals((byte) 0x5A, mm.memory().readByte(pfn, i));
        }
        assertEquals(0, mm.memory().readByte(pfn, 16), "the rest of the page is zero");

        // trim: dirty, so Modified; the modified page writer then writes it and it goes to Standby
        assertEquals(1, mm.trim(mm.systemProcess(), Integer.MAX_VALUE, 0));
        assertEquals(PteKind.TRANSITION, Pte.classify(pte(mm, page1)));
        assertEquals(PageList.MODIFIED, mm.pfns().location(pfn));
        assertEquals(-1, ws.find(page1));
        assertInvariants(mm);
        mm.wakeModifiedPageWriter();
        runChecked(simulation, 100_000);
        assertEquals(PageList.STANDBY, mm.pfns().location(pfn));
        assertEquals(PteKind.TRANSITION, Pte.classify(pte(mm, page1)));
        assertEquals(1, mm.pagingFile().allocatedCount());

        long softFaults = mm.systemProcess().transitionFaults();
        write(simulation, page1, 16, 1, 0x77, PASSIVE);

        assertEquals(softFaults + 1, mm.systemProcess().transitionFaults(), "a soft fault");
        assertEquals(pfn, pfnAt(page1), "the same page, taken back from Standby");
        assertTrue(ws.find(page1) >= 0);
        for (int i = 0; i < 16; i++) {
            assertEquals((byte) 0x5A, mm.memory().readByte(pfn, i));
        }
        assertEquals((byte) 0x77, mm.memory().readByte(pfn, 16));
        assertEquals(0, mm.pagingFile().allocatedCount(), "written again: the paging-file copy is stale");
        assertInvariants(mm);
    }

    @Test
    void aPagedPoolPageRepurposedFromStandbyIsReadBackFromThePagingFile() {
        long va = pools.allocate(PoolType.PAGED, 2 * PAGE, tag("Pg02"), PASSIVE);
        write(simulation, va, 100, 200, 0xC3, PASSIVE);
        mm.trim(mm.systemProcess(), Integer.MAX_VALUE, 0);
        mm.wakeModifiedPageWriter();
        runChecked(simulation, 100_000);
        assertEquals(1, mm.pagingFile().allocatedCount());

        // a user process takes more pages than are available, so the Standby page is repurposed
        MmProcess hog = simulation.createProcess("hog.exe");
        long base = 0x100000000L;
        int hogPages = mm.pfns().availablePages() + 2000;
        simulation.createThread(hog, "main", List.of(
                Operations.allocate(base, hogPages * (long) PAGE, Protection.READWRITE, true),
                Operations.touch(base, base + hogPages * (long) PAGE, PAGE, true), Operations.exitProcess()));
        simulation.run(3_000_000);
        long pagedOut = pte(mm, va);
        assertEquals(PteKind.PAGING_FILE, Pte.classify(pagedOut), Pte.describe(pagedOut));
        assertInvariants(mm);

        long hardFaults = mm.systemProcess().hardFaults();
        write(simulation, va, 0, 1, 0x11, PASSIVE);

        assertEquals(hardFaults + 1, mm.systemProcess().hardFaults(), "a hard fault");
        int pfn = pfnAt(va);
        assertEquals((byte) 0x11, mm.memory().readByte(pfn, 0));
        assertEquals(0, mm.memory().readByte(pfn, 99));
        for (int i = 100; i < 300; i++) {
            assertEquals((byte) 0xC3, mm.memory().readByte(pfn, i), "byte " + i + " read back");
        }
        assertEquals(0, mm.memory().readByte(pfn, 300));
        assertTrue(mm.systemProcess().workingSet().find(va) >= 0);
        assertInvariants(mm);
    }

    @Test
    void freeingPagedPoolClearsTheBitmapsAndThePtesAndReleasesPagesAndPagingFileSpace() {
        int pg03 = tag("Pg03");
        long va = pools.allocate(PoolType.PAGED, 3 * PAGE, pg03, PASSIVE);
        write(simulation, va, 0, 8, 1, PASSIVE);
        write(simulation, va + 2 * PAGE, 0, 8, 2, PASSIVE);
        int resident = pfnAt(va + 2 * PAGE);
        int pagedOut = pfnAt(va);
        // page 0 goes to the paging file (Standby), page 2 stays resident
        int slot = mm.systemProcess().workingSet().find(va);
        assertTrue(slot >= 0);
        mm.trim(mm.systemProcess(), Integer.MAX_VALUE, 0);
        mm.wakeModifiedPageWriter();
        runChecked(simulation, 100_000);
        write(simulation, va + 2 * PAGE, 8, 8, 3, PASSIVE);
        assertEquals(PageList.STANDBY, mm.pfns().location(pagedOut));
        assertEquals(resident, pfnAt(va + 2 * PAGE));
        int workingSet = mm.systemProcess().workingSet().count();

        assertEquals(3 * PAGE, pools.free(va, pg03, PASSIVE));

        PagedPoolBitmaps bitmaps = pools.pagedPool();
        for (int page = 0; page < 3; page++) {
            assertFalse(bitmaps.isAllocated(page));
            assertFalse(bitmaps.isEndOfAllocation(page));
            assertEquals(0, pte(mm, pagedPage(page)), "page " + page + " has a zero PTE again");
        }
        assertEquals(0, bitmaps.pagesInUse());
        assertEquals(0, bitmaps.allocationCount());
        assertEquals(512, bitmaps.currentSize(), "the pool does not shrink");
        assertEquals(PageList.FREE, mm.pfns().location(resident));
        assertEquals(PageList.FREE, mm.pfns().location(pagedOut));
        assertEquals(workingSet - 1, mm.systemProcess().workingSet().count());
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertEquals(0, pools.usage().bytesInUse(pg03, PoolType.PAGED));
        assertEquals(1, pools.usage().frees(pg03, PoolType.PAGED));
        assertEquals(List.of(), pools.allocations());
        EventRecord free = lastEvent(mm, MmEventType.POOL_FREE);
        assertEquals(va, free.va());
        assertEquals(pg03, free.oldState());
        assertEquals(KernelPools.KIND_PAGED, free.newState());
        assertEquals(3 * PAGE, free.detail());
        assertInvariants(mm);
        // the same run is found again
        assertEquals(va, pools.allocate(PoolType.PAGED, 3 * PAGE, pg03, PASSIVE));
        assertInvariants(mm);
    }

    @Test
    void pagedPoolExpandsExactlyWhenTheBitmapIsFull() {
        int tag = tag("Exp ");
        long a = pools.allocate(PoolType.PAGED, 511L * PAGE, tag, PASSIVE);
        assertEquals(pagedPage(0), a);
        assertEquals(1, mm.eventLog().count(MmEventType.POOL_EXPAND));

        long b = pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE);
        assertEquals(pagedPage(511), b, "the last page of the first page table");
        assertEquals(1, mm.eventLog().count(MmEventType.POOL_EXPAND), "it fit: no expansion");
        assertEquals(512, pools.pagedPool().pagesInUse());

        long c = pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE);
        assertEquals(pagedPage(512), c);
        assertEquals(2, mm.eventLog().count(MmEventType.POOL_EXPAND), "full: one more page table");
        EventRecord expand = lastEvent(mm, MmEventType.POOL_EXPAND);
        assertEquals(pagedPage(512), expand.va());
        assertEquals(1, expand.oldState());
        assertEquals(512, expand.detail());
        assertEquals(1024, pools.pagedPool().currentSize());

        // 511 pages are left; 600 need one more page table, placed right after c
        long d = pools.allocate(PoolType.PAGED, 600L * PAGE, tag, PASSIVE);
        assertEquals(pagedPage(513), d);
        assertEquals(3, mm.eventLog().count(MmEventType.POOL_EXPAND));
        assertEquals(1536, pools.pagedPool().currentSize());
        assertEquals(3, pools.pagedPool().pageTableCount());

        // a hole is used before growing
        pools.free(a, tag, PASSIVE);
        assertEquals(pagedPage(0), pools.allocate(PoolType.PAGED, 400L * PAGE, tag, PASSIVE));
        assertEquals(3, mm.eventLog().count(MmEventType.POOL_EXPAND));
        assertInvariants(mm);
    }

    @Test
    void pagedPoolExhaustionReturnsNullWithAnEventAndChangesNothing() {
        int tag = tag("Big ");
        int maximum = pools.pagedPool().maximumPages();
        assertEquals(32768, maximum, "half of 256 MiB");

        String before = poolState(mm);
        long expands = mm.eventLog().count(MmEventType.POOL_EXPAND);
        assertEquals(0, pools.allocate(PoolType.PAGED, (maximum + 1L) * PAGE, tag, PASSIVE));
        assertEquals(1, pools.failures());
        EventRecord failed = lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED);
        assertEquals(tag, failed.oldState());
        assertEquals(KernelPools.KIND_PAGED, failed.newState());
        assertEquals((maximum + 1L) * PAGE, failed.detail());
        assertEquals(before, poolState(mm));
        assertEquals(expands, mm.eventLog().count(MmEventType.POOL_EXPAND));

        assertEquals(0, pools.allocate(PoolType.PAGED, 0, tag, PASSIVE), "0 bytes is NULL");
        assertEquals(2, pools.failures());
        assertEquals(0, lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED).detail());

        // the whole pool in one allocation, then one page more
        long all = pools.allocate(PoolType.PAGED, (long) maximum * PAGE, tag, PASSIVE);
        assertEquals(PAGED, all);
        assertEquals(maximum / 512, mm.eventLog().count(MmEventType.POOL_EXPAND));
        assertFalse(pools.pagedPool().canExpand());
        before = poolState(mm);
        long events = mm.eventLog().last();
        assertEquals(0, pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE));
        assertEquals(0, pools.allocate(PoolType.PAGED, 64, tag, PASSIVE), "no page for a small block either");
        assertEquals(4, pools.failures());
        assertEquals(before, poolState(mm));
        assertEquals(List.of(MmEventType.POOL_ALLOCATE_FAILED, MmEventType.POOL_ALLOCATE_FAILED),
                mm.eventLog().records(events + 1, mm.eventLog().last()).stream().map(EventRecord::type).toList());
        assertInvariants(mm);

        pools.free(all, tag, PASSIVE);
        assertEquals(PAGED, pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE));
        assertInvariants(mm);
    }

    // ------------------------------------------------------------------------------ nonpaged pool

    @Test
    void nonPagedExpansionBacksEveryPageWithAnActiveValidPageMarkedStartAndEnd() {
        int available = mm.pfns().availablePages();
        int workingSet = mm.systemProcess().workingSet().count();
        int np01 = tag("Np01");

        long va = pools.allocate(PoolType.NONPAGED, 3 * PAGE, np01, PASSIVE);

        assertEquals(NONPAGED, va);
        EventRecord expand = lastEvent(mm, MmEventType.POOL_EXPAND);
        assertEquals(NONPAGED, expand.va());
        assertEquals(0, expand.oldState(), "first page");
        assertEquals(KernelPools.KIND_NONPAGED, expand.newState());
        assertEquals(3, expand.detail(), "as many pages as the request needs");
        assertEquals(3, pools.nonPagedPages());
        assertEquals(available - 5, mm.pfns().availablePages(), "3 pool pages, a page directory and a page table");
        assertEquals(workingSet, mm.systemProcess().workingSet().count(), "nonpaged pages are in no working set");
        for (int i = 0; i < 3; i++) {
            long pte = pte(mm, va + (long) i * PAGE);
            assertTrue(Pte.isValid(pte));
            assertTrue(Pte.isWritable(pte));
            assertFalse(Pte.isUser(pte), "kernel only");
            int pfn = (int) Pte.pfn(pte);
            assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(pfn));
            assertEquals(1, mm.pfns().referenceCount(pfn));
            assertEquals(1, mm.pfns().shareCount(pfn));
            assertEquals(X64Paging.entryAddress(va + (long) i * PAGE, 1), mm.pfns().pteAddress(pfn));
            assertEquals(i == 0, mm.pfns().isStartOfAllocation(pfn), "StartOfAllocation of page " + i);
            assertEquals(i == 2, mm.pfns().isEndOfAllocation(pfn), "EndOfAllocation of page " + i);
            assertTrue(mm.memory().isZeroPage(pfn));
        }
        EventRecord allocate = lastEvent(mm, MmEventType.POOL_ALLOCATE);
        assertEquals(pfnAt(va), allocate.pfn());
        assertEquals(KernelPools.KIND_NONPAGED, allocate.newState());

        long one = pools.allocate(PoolType.NONPAGED, PAGE, np01, PASSIVE);
        int pfn = pfnAt(one);
        assertTrue(mm.pfns().isStartOfAllocation(pfn) && mm.pfns().isEndOfAllocation(pfn), "a one-page allocation");
        assertInvariants(mm);

        // a write goes straight to the page: no fault
        long faults = mm.systemProcess().pageFaults();
        write(simulation, va + PAGE, 4000, 96, 0xEE, Irql.DISPATCH_LEVEL);
        assertEquals(faults, mm.systemProcess().pageFaults());
        assertEquals((byte) 0xEE, mm.memory().readByte(pfnAt(va + PAGE), 4095));

        pools.free(va, np01, PASSIVE);
        for (int i = 0; i < 3; i++) {
            int page = pfnAt(va + (long) i * PAGE);
            assertFalse(mm.pfns().isStartOfAllocation(page) || mm.pfns().isEndOfAllocation(page),
                    "a free run keeps its pages mapped but unmarked");
            assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(page));
        }
        assertInvariants(mm);
    }

    @Test
    void nonPagedRequestsAreCarvedFromTheEndOfTheFirstFittingRunBySizeBucket() {
        int tag = tag("Bkt ");
        long a = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE); // pages 0-1
        long b = pools.allocate(PoolType.NONPAGED, PAGE, tag, PASSIVE); // page 2
        long c = pools.allocate(PoolType.NONPAGED, 5 * PAGE, tag, PASSIVE); // pages 3-7
        long d = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE); // pages 8-9
        assertEquals(List.of(nonPagedPage(0), nonPagedPage(2), nonPagedPage(3), nonPagedPage(8)), List.of(a, b, c, d));
        assertEquals(10, pools.nonPagedPages());
        NonPagedFreeRuns runs = pools.nonPagedPool();

        pools.free(c, tag, PASSIVE);
        pools.free(a, tag, PASSIVE);
        assertEquals(0, runs.firstRun(1));
        assertEquals(3, runs.firstRun(3));
        assertEquals(5, runs.runSize(3));

        // one page: bucket 1 (one page) is empty, bucket 2 (two pages) has pages 0-1: the END of it
        long one = pools.allocate(PoolType.NONPAGED, PAGE, tag, PASSIVE);
        assertEquals(nonPagedPage(1), one);
        assertEquals(0, runs.firstRun(0), "the remainder, page 0, is re-filed in the one-page bucket");
        assertEquals(0, runs.runCount(1));

        // three pages: bucket 3 is empty, bucket 4+ has 3-7: pages 5-7, the rest 3-4 goes to bucket 2
        long three = pools.allocate(PoolType.NONPAGED, 3 * PAGE, tag, PASSIVE);
        assertEquals(nonPagedPage(5), three);
        assertEquals(3, runs.firstRun(1));
        assertEquals(2, runs.runSize(3));
        assertEquals(0, runs.runCount(3));

        // two pages: exactly the run 3-4
        long two = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        assertEquals(nonPagedPage(3), two);
        assertEquals(0, runs.runCount(1));
        assertEquals(1, runs.runCount(0));
        assertEquals(10, pools.nonPagedPages(), "no expansion: every request fit a free run");
        assertEquals(4, mm.eventLog().count(MmEventType.POOL_EXPAND));

        int three0 = pfnAt(three);
        assertTrue(mm.pfns().isStartOfAllocation(three0));
        assertFalse(mm.pfns().isEndOfAllocation(three0));
        assertFalse(mm.pfns().isStartOfAllocation(pfnAt(three + PAGE)));
        assertFalse(mm.pfns().isEndOfAllocation(pfnAt(three + PAGE)));
        assertTrue(mm.pfns().isEndOfAllocation(pfnAt(three + 2 * PAGE)));
        assertInvariants(mm);
    }

    @Test
    void withinABucketTheFirstRunFreedIsUsedFirst() {
        int tag = tag("Ord ");
        long low = pools.allocate(PoolType.NONPAGED, 6 * PAGE, tag, PASSIVE); // pages 0-5
        long sep = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE); // 6-7
        long high = pools.allocate(PoolType.NONPAGED, 4 * PAGE, tag, PASSIVE); // 8-11
        long end = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE); // 12-13
        assertEquals(nonPagedPage(8), high);
        pools.free(high, tag, PASSIVE);
        pools.free(low, tag, PASSIVE);
        // both runs are in the 4+ bucket; the one freed first (8-11) comes first in the list
        assertEquals(8, pools.nonPagedPool().firstRun(3));
        assertEquals(nonPagedPage(11), pools.allocate(PoolType.NONPAGED, PAGE, tag, PASSIVE));
        // 8-10 moved to the three-page bucket; the 4+ bucket now starts with 0-5
        assertEquals(8, pools.nonPagedPool().firstRun(2));
        assertEquals(nonPagedPage(2), pools.allocate(PoolType.NONPAGED, 4 * PAGE, tag, PASSIVE));
        assertTrue(sep != 0 && end != 0);
        assertInvariants(mm);
    }

    @Test
    void freeingNonPagedPoolCoalescesWithBothNeighbours() {
        int tag = tag("Coal");
        long a = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        long b = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        long c = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        long d = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        NonPagedFreeRuns runs = pools.nonPagedPool();
        pools.free(a, tag, PASSIVE);
        pools.free(c, tag, PASSIVE);
        assertEquals(2, runs.runCount(1));
        assertEquals(0, runs.runCount(3));

        pools.free(b, tag, PASSIVE);

        assertEquals(0, runs.runCount(1));
        assertEquals(1, runs.runCount(3));
        assertEquals(0, runs.firstRun(3));
        assertEquals(6, runs.runSize(0));
        assertEquals(6, runs.freePages());
        assertEquals(2, runs.allocatedPages());
        for (long va = a; va < d; va += PAGE) {
            int pfn = pfnAt(va);
            assertFalse(mm.pfns().isStartOfAllocation(pfn) || mm.pfns().isEndOfAllocation(pfn));
        }
        // carved from the end of the coalesced run
        assertEquals(nonPagedPage(1), pools.allocate(PoolType.NONPAGED, 5 * PAGE, tag, PASSIVE));
        assertInvariants(mm);
    }

    @Test
    void nonPagedExhaustionReturnsNullWithAnEventAndChangesNothing() {
        int tag = tag("NpEx");
        int maximum = pools.nonPagedPool().maximumPages();
        assertEquals(8192, maximum, "an eighth of 256 MiB");
        String before = poolState(mm);
        assertEquals(0, pools.allocate(PoolType.NONPAGED, (maximum + 1L) * PAGE, tag, PASSIVE));
        assertEquals(KernelPools.KIND_NONPAGED, lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED).newState());
        assertEquals(before, poolState(mm));

        long all = pools.allocate(PoolType.NONPAGED, (long) maximum * PAGE, tag, PASSIVE);
        assertEquals(NONPAGED, all);
        assertEquals(maximum, pools.nonPagedPages());
        before = poolState(mm);
        long events = mm.eventLog().last();
        assertEquals(0, pools.allocate(PoolType.NONPAGED, PAGE, tag, PASSIVE), "no system PTE left");
        assertEquals(0, pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE), "nor for a small-block page");
        assertEquals(2, mm.eventLog().last() - events, "two POOL_ALLOCATE_FAILED events and nothing else");
        assertEquals(3, pools.failures());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        pools.free(all, tag, PASSIVE);
        assertEquals(nonPagedPage(maximum - 1), pools.allocate(PoolType.NONPAGED, PAGE, tag, PASSIVE),
                "from the end of the one free run");
        assertEquals(maximum, pools.nonPagedPages(), "no expansion");
        assertInvariants(mm);
    }

    @Test
    void theProtectedFreePoolUnmapsFreeRunsAndMapsThemAgainWhenReallocated() {
        pools.setProtectedFreePool(true);
        assertTrue(pools.isProtectedFreePool());
        int tag = tag("Prot");
        long va = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        long keep = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        int first = pfnAt(va);
        int second = pfnAt(va + PAGE);
        assertTrue(mm.pfns().isStartOfAllocation(first));
        assertTrue(mm.pfns().isEndOfAllocation(second));
        assertThrows(IllegalStateException.class, () -> pools.setProtectedFreePool(false), "a boot setting");
        write(simulation, va, 0, 16, 0x42, PASSIVE);

        pools.free(va, tag, PASSIVE);

        for (long page : new long[] { va, va + PAGE }) {
            long pte = pte(mm, page);
            assertFalse(Pte.isValid(pte), "a free run is unmapped: " + Pte.describe(pte));
            assertTrue(Pte.isTransition(pte));
            assertEquals(KernelPools.PROTECTED_FREE_PROTECTION, Pte.protection(pte));
        }
        assertEquals(first, Pte.pfn(pte(mm, va)), "the PTE still names the page");
        assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(first), "the page stays the pool's");
        assertFalse(mm.pfns().isStartOfAllocation(first));
        assertTrue(Pte.isValid(pte(mm, keep)));
        assertInvariants(mm);
        String before = poolState(mm);

        BugCheckException e = writeBugchecks(simulation, va, 8, 1, 0x00, PASSIVE);
        assertEquals(BugCheckCode.PAGE_FAULT_IN_NONPAGED_AREA, e.code(), e.getMessage());
        assertEquals(va + 8, e.parameter(1));
        assertEquals(1, e.parameter(2), "a write");
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        // reallocating maps the run again, with the same pages
        long again = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        assertEquals(va, again);
        assertEquals(first, pfnAt(va));
        assertEquals(second, pfnAt(va + PAGE));
        assertTrue(mm.pfns().isStartOfAllocation(first));
        assertTrue(mm.pfns().isEndOfAllocation(second));
        assertEquals((byte) 0x42, mm.memory().readByte(first, 0), "protected, not cleared");
        assertInvariants(mm);
    }

    @Test
    void aProtectedPoolExpansionMapsOnlyTheAllocatedPages() {
        pools.setProtectedFreePool(true);
        int tag = tag("Prot");
        long a = pools.allocate(PoolType.NONPAGED, 4 * PAGE, tag, PASSIVE);
        pools.free(a, tag, PASSIVE);
        // two pages from the end of the four-page free run: the first two stay unmapped
        long b = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        assertEquals(a + 2 * PAGE, b);
        assertTrue(KernelPools.isProtectedFreePte(pte(mm, a)));
        assertTrue(KernelPools.isProtectedFreePte(pte(mm, a + PAGE)));
        assertTrue(Pte.isValid(pte(mm, b)));
        assertTrue(Pte.isValid(pte(mm, b + PAGE)));
        assertInvariants(mm);
    }

    // ------------------------------------------------------------------------------ lookaside lists

    @Test
    void aOnePageFreeThenAllocateReusesTheAddressThroughTheLookasideList() {
        for (PoolType type : PoolType.values()) {
            int tag = tag("Look");
            long first = pools.allocate(type, PAGE, tag, PASSIVE);
            long other = pools.allocate(type, PAGE, tag, PASSIVE);
            LookasideList lookaside = pools.lookaside(type);
            long hits = lookaside.allocateHits();

            pools.free(first, tag, PASSIVE);
            assertEquals(1, lookaside.size(), type + ": the page is kept on the lookaside list");
            long expansions = mm.eventLog().count(MmEventType.POOL_EXPAND);
            long again = pools.allocate(type, PAGE, tag, PASSIVE);

            assertEquals(first, again, type.toString());
            assertEquals(0, lookaside.size());
            assertEquals(hits + 1, lookaside.allocateHits());
            assertEquals(expansions, mm.eventLog().count(MmEventType.POOL_EXPAND));
            assertNotEquals(first, other);
            assertInvariants(mm);
        }
    }

    @Test
    void theLookasideListHoldsFourPagesAndTheFifthIsFreedForReal() {
        int tag = tag("Look");
        long[] pages = new long[5];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE);
        }
        for (long va : pages) {
            pools.free(va, tag, PASSIVE);
        }
        LookasideList lookaside = pools.lookaside(PoolType.PAGED);
        assertEquals(KernelPools.LOOKASIDE_DEPTH, lookaside.size());
        int fifth = (int) ((pages[4] - PAGED) / PAGE);
        assertFalse(pools.pagedPool().isAllocated(fifth), "freed for real");
        assertEquals(0, pte(mm, pages[4]));
        for (int i = 0; i < 4; i++) {
            assertTrue(pools.pagedPool().isAllocated((int) ((pages[i] - PAGED) / PAGE)), "kept on the list");
        }
        assertEquals(pages[3], pools.allocate(PoolType.PAGED, PAGE, tag, PASSIVE), "last in, first out");
        assertInvariants(mm);
    }

    @Test
    void freeingAPageThatIsOnTheLookasideListIsBadPoolCaller07() {
        for (PoolType type : PoolType.values()) {
            int tag = tag("Dbl ");
            long va = pools.allocate(type, PAGE, tag, PASSIVE);
            pools.free(va, tag, PASSIVE);
            String before = poolState(mm);

            BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, LookasideList.BAD_POOL_ALREADY_FREE,
                    () -> pools.free(va, tag, PASSIVE));

            assertEquals(va, e.parameter(4));
            assertEquals(before, poolState(mm));
            assertInvariants(mm);
        }
    }

    // ------------------------------------------------------------------------------ small blocks

    @Test
    void smallBlocksShareAPageAndTheQueriesShowThemAsTheDebuggerExtensionsDo() {
        int ab1 = tag("Ab01");
        int ab2 = tag("Ab02");
        int xy = tag("Xy00");
        long b1 = pools.allocate(PoolType.NONPAGED, 100, ab1, PASSIVE); // 8 units
        long b2 = pools.allocate(PoolType.NONPAGED, 200, ab2, PASSIVE); // 14 units
        long b3 = pools.allocate(PoolType.NONPAGED, 48, xy, PASSIVE); // 4 units
        long b4 = pools.allocate(PoolType.NONPAGED, 32, ab1, PASSIVE); // 3 units

        assertEquals(List.of(NONPAGED + 16, NONPAGED + 144, NONPAGED + 368, NONPAGED + 432), List.of(b1, b2, b3, b4));
        assertEquals(1, pools.smallBlocks().pageCount());
        assertEquals(1, pools.nonPagedPages(), "one pool page for all four");
        EventRecord allocate = lastEvent(mm, MmEventType.POOL_ALLOCATE);
        assertEquals(b4, allocate.va());
        assertEquals(pfnAt(NONPAGED), allocate.pfn());
        assertEquals(32, allocate.detail());

        // !poolused
        PoolTagStats usage = pools.usage();
        assertEquals(128 + 48, usage.bytesInUse(ab1, PoolType.NONPAGED));
        assertEquals(2, usage.allocations(ab1, PoolType.NONPAGED));
        assertEquals(224, usage.bytesInUse(ab2, PoolType.NONPAGED));
        assertEquals(64, usage.bytesInUse(xy, PoolType.NONPAGED));
        assertEquals(0, usage.bytesInUse(ab1, PoolType.PAGED));
        assertEquals(List.of("Ab01", "Ab02", "Xy00"), usage.usages().stream().map(PoolTagStats.TagUsage::tagText).toList());
        assertEquals(128 + 224 + 64 + 48, usage.totalBytesInUse(PoolType.NONPAGED));

        // !pool
        List<PoolBlock> blocks = pools.blocksOfPage(b3);
        assertEquals(5, blocks.size());
        int[][] expected = { { 0, 128, 0 }, { 128, 224, 128 }, { 352, 64, 224 }, { 416, 48, 64 }, { 464, 3632, 48 } };
        int[] tags = { ab1, ab2, xy, ab1 };
        for (int i = 0; i < 5; i++) {
            PoolBlock block = blocks.get(i);
            assertEquals(expected[i][0], block.offset(), "offset of block " + i);
            assertEquals(expected[i][1], block.size(), "size of block " + i);
            assertEquals(expected[i][2], block.previousSize(), "previous size of block " + i);
            assertEquals(i == 4, block.free());
            if (i < 4) {
                assertEquals(tags[i], block.tag());
                assertEquals(PoolType.NONPAGED, block.type());
                assertEquals(List.of(b1, b2, b3, b4).get(i), pools.blockAddress(block));
            }
        }
        assertEquals(List.of(), pools.blocksOfPage(NONPAGED + 2 * PAGE), "not a small-block page");

        // !poolfind
        List<KernelPools.Allocation> found = pools.find("Ab*");
        assertEquals(List.of(new KernelPools.Allocation(b1, PoolType.NONPAGED, KernelPools.Kind.SMALL, 112, ab1),
                new KernelPools.Allocation(b2, PoolType.NONPAGED, KernelPools.Kind.SMALL, 208, ab2),
                new KernelPools.Allocation(b4, PoolType.NONPAGED, KernelPools.Kind.SMALL, 32, ab1)), found);
        assertEquals(List.of(b3), pools.find("Xy0?").stream().map(KernelPools.Allocation::address).toList());
        assertEquals(List.of(), pools.find("Zz*"));
        assertEquals(b2, pools.allocationAt(b2 + 207).address());
        assertNull(pools.allocationAt(b2 + 208), "the next block's header");

        // !poolval
        assertEquals(List.of(), pools.validatePage(b1));
        assertEquals(1, pools.validatePage(NONPAGED + 5 * PAGE).size());

        pools.free(b2, ab2, PASSIVE);
        assertEquals(0, usage.bytesInUse(ab2, PoolType.NONPAGED));
        assertEquals(1, usage.frees(ab2, PoolType.NONPAGED));
        assertTrue(pools.blocksOfPage(b1).get(1).free());
        assertEquals(208, lastEvent(mm, MmEventType.POOL_FREE).detail());
        assertEquals(List.of(), pools.validatePage(b1));
        // the hole is reused, first fit
        assertEquals(b2, pools.allocate(PoolType.NONPAGED, 150, xy, PASSIVE));
        assertInvariants(mm);
    }

    @Test
    void aSmallBlockPageIsReleasedWhenItsLastBlockIsFreed() {
        int tag = tag("Rel ");
        long a = pools.allocate(PoolType.PAGED, 500, tag, PASSIVE);
        long b = pools.allocate(PoolType.PAGED, 700, tag, PASSIVE);
        int pfn = pfnAt(a);
        assertEquals(1, pools.smallBlocks().pageCount());
        pools.free(a, tag, PASSIVE);
        pools.free(b, tag, PASSIVE);
        assertEquals(0, pools.smallBlocks().pageCount());
        assertEquals(0, pte(mm, a & ~0xFFFL), "the paged pool page is freed");
        assertEquals(PageList.FREE, mm.pfns().location(pfn));
        assertEquals(0, pools.pagedPool().pagesInUse());
        assertEquals(0, pools.usage().totalBytesInUse(PoolType.PAGED));
        assertInvariants(mm);
    }

    @Test
    void smallBlockPagesOfPagedPoolAreResidentAndLockedInTheSystemWorkingSet() {
        int tag = tag("Lock");
        long block = pools.allocate(PoolType.PAGED, 64, tag, PASSIVE);
        long page = block & ~0xFFFL;
        assertEquals(PAGED + 16, block);
        int pfn = pfnAt(page);
        WorkingSetList ws = mm.systemProcess().workingSet();
        int slot = ws.find(page);
        assertTrue(slot >= 0);
        assertTrue(ws.isLocked(slot));
        assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(pfn));

        assertEquals(0, mm.trim(mm.systemProcess(), Integer.MAX_VALUE, 0), "a locked page is not trimmed");
        assertEquals(pfn, pfnAt(page));
        // usable at DISPATCH_LEVEL: no fault
        long faults = mm.systemProcess().pageFaults();
        write(simulation, block, 0, 64, 0x99, DISPATCH);
        assertEquals(faults, mm.systemProcess().pageFaults());
        assertInvariants(mm);
    }

    @Test
    void aSmallBlockPageOfPagedPoolTakesTheOldestPageOutOfAFullSystemWorkingSet() {
        WorkingSetList ws = mm.systemProcess().workingSet();
        int maximum = ws.maximum();
        assertEquals(16384, maximum, "a quarter of 256 MiB");
        int tag = tag("Fill");
        long fill = pools.allocate(PoolType.PAGED, (long) maximum * PAGE, tag, PASSIVE);
        Operation[] touches = new Operation[maximum];
        for (int i = 0; i < maximum; i++) {
            touches[i] = PoolOperations.write(() -> fill, (long) i * PAGE, 1, 0x01, PASSIVE);
        }
        PoolTestSupport.driver(simulation, touches);
        simulation.run(1_000_000);
        assertEquals(maximum, ws.count(), "full");
        assertInvariants(mm);
        long trims = mm.eventLog().count(MmEventType.WS_TRIM);

        long block = pools.allocate(PoolType.PAGED, 64, tag("Smal"), PASSIVE);

        assertEquals(pagedPage(maximum) + 16, block);
        assertEquals(maximum, ws.count());
        assertEquals(trims + 1, mm.eventLog().count(MmEventType.WS_TRIM), "one page made room");
        assertEquals(PteKind.TRANSITION, Pte.classify(pte(mm, fill)), "the oldest entry");
        assertTrue(ws.isLocked(ws.find(pagedPage(maximum))));
        assertInvariants(mm);
    }

    @Test
    void aSmallPagedBlockFailsWhenEverySystemWorkingSetEntryIsLocked() {
        WorkingSetList ws = mm.systemProcess().workingSet();
        int tag = tag("Lckd");
        for (int i = 0; i < ws.maximum(); i++) {
            assertNotEquals(0, pools.allocate(PoolType.PAGED, SmallBlockPool.MAX_REQUEST, tag, PASSIVE));
        }
        assertEquals(ws.maximum(), ws.count());
        assertEquals(ws.maximum(), pools.smallBlocks().pageCount());
        String before = poolState(mm);

        assertEquals(0, pools.allocate(PoolType.PAGED, 100, tag, PASSIVE));

        assertEquals(1, pools.failures());
        assertEquals(100, lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED).detail());
        assertEquals(before, poolState(mm));
        assertNotEquals(0, pools.allocate(PoolType.NONPAGED, 100, tag, PASSIVE), "nonpaged pool needs no entry");
        assertInvariants(mm);
    }

    @Test
    void aSmallPagedBlockWhosePageTablesTakeTheLastPagesFailsWithoutACrash() {
        // leave exactly two available pages: the first paged expansion takes both for its PD and PT
        List<Integer> taken = new java.util.ArrayList<>();
        while (mm.pfns().availablePages() > 2) {
            taken.add(mm.pfns().removeAnyPage(0));
        }
        int tag = tag("Last");

        assertEquals(0, pools.allocate(PoolType.PAGED, 64, tag, PASSIVE));

        assertEquals(1, pools.failures());
        assertEquals(0, mm.pfns().availablePages());
        assertEquals(0, pools.smallBlocks().pageCount());
        assertEquals(0, pools.pagedPool().pagesInUse(), "the page is given back");
        assertEquals(0, pte(mm, PAGED));
        assertEquals(512, pools.pagedPool().currentSize(), "the expansion stays");
        assertEquals(0, pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE), "nonpaged keeps a reserve");
        for (int pfn : taken) {
            mm.pfns().insertInList(PageList.FREE, pfn);
        }
        assertInvariants(mm);
        assertNotEquals(0, pools.allocate(PoolType.PAGED, 64, tag, PASSIVE));
        assertInvariants(mm);
    }

    @Test
    void aSmallBlockFreedWithTheWrongTagIsBadPoolCaller0A() {
        int right = tag("Rite");
        int wrong = tag("Rong");
        long block = pools.allocate(PoolType.NONPAGED, 80, right, PASSIVE);
        String before = poolState(mm);

        BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG,
                () -> pools.free(block, wrong, PASSIVE));

        assertEquals(block, e.parameter(2), "the address freed");
        assertEquals(right, (int) e.parameter(3));
        assertEquals(wrong, (int) e.parameter(4));
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
        assertEquals(80, pools.free(block, 0, PASSIVE), "no tag: not checked; the block's bytes");
    }

    @Test
    void aPageAllocationFreedWithTheWrongTagIsBadPoolCaller0A() {
        int right = tag("Rite");
        long va = pools.allocate(PoolType.PAGED, 2 * PAGE, right, PASSIVE);
        String before = poolState(mm);
        BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG,
                () -> pools.free(va, tag("Rong"), PASSIVE));
        assertEquals(va, e.parameter(2));
        assertEquals(right, (int) e.parameter(3));
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    @Test
    void aSmallBlockFreedTwiceIsBadPoolCaller07() {
        int tag = tag("Twic");
        long a = pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE);
        long b = pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE);
        long c = pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE);
        pools.free(b, tag, PASSIVE); // between two allocated blocks: its header stays
        String before = poolState(mm);

        BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_ALREADY_FREED,
                () -> pools.free(b, tag, PASSIVE));

        assertEquals(b, e.parameter(4), "the address freed");
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
        assertTrue(a != 0 && c != 0);
    }

    @Test
    void freeingWhatIsNotTheStartOfAnAllocationIsBadPoolCaller() {
        int tag = tag("Addr");
        long small = pools.allocate(PoolType.NONPAGED, 200, tag, PASSIVE);
        long nonPaged = pools.allocate(PoolType.NONPAGED, 3 * PAGE, tag, PASSIVE);
        long paged = pools.allocate(PoolType.PAGED, 3 * PAGE, tag, PASSIVE);
        String before = poolState(mm);

        BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS,
                () -> pools.free(small + 16, tag, PASSIVE));
        assertEquals(small + 16, e.parameter(2), "the middle of a block: no block starts there");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS,
                () -> pools.free(small + 3, tag, PASSIVE));
        assertEquals(small + 3, e.parameter(2), "not 16-byte aligned");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS,
                () -> pools.free(0xFFFFF800_00001000L, tag, PASSIVE));
        assertEquals(0xFFFFF800_00001000L, e.parameter(2), "outside every pool");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS,
                () -> pools.free(paged + 0x40, tag, PASSIVE));
        assertEquals(paged + 0x40, e.parameter(2), "inside a page allocation, in no small-block page");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, NonPagedFreeRuns.BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED,
                () -> pools.free(nonPaged + PAGE, tag, PASSIVE));
        assertEquals(nonPaged + PAGE, e.parameter(4), "the second page of a nonpaged allocation");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, PagedPoolBitmaps.BAD_POOL_FREE_NOT_ALLOCATED_PAGED,
                () -> pools.free(paged + 2 * PAGE, tag, PASSIVE));
        assertEquals(paged + 2 * PAGE, e.parameter(4), "the last page of a paged allocation");
        e = bugcheck(BugCheckCode.BAD_POOL_CALLER, PagedPoolBitmaps.BAD_POOL_FREE_NOT_ALLOCATED_PAGED,
                () -> pools.free(pagedPage(100), tag, PASSIVE));
        assertEquals(pagedPage(100), e.parameter(4), "never allocated");

        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    @Test
    void aPageAllocationFreedTwiceIsBadPoolCaller() {
        int tag = tag("Twic");
        long paged = pools.allocate(PoolType.PAGED, 2 * PAGE, tag, PASSIVE);
        long nonPaged = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        pools.free(paged, tag, PASSIVE);
        pools.free(nonPaged, tag, PASSIVE);
        String before = poolState(mm);
        bugcheck(BugCheckCode.BAD_POOL_CALLER, PagedPoolBitmaps.BAD_POOL_FREE_NOT_ALLOCATED_PAGED,
                () -> pools.free(paged, tag, PASSIVE));
        bugcheck(BugCheckCode.BAD_POOL_CALLER, NonPagedFreeRuns.BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED,
                () -> pools.free(nonPaged, tag, PASSIVE));
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    // ------------------------------------------------------------------------------ IRQL

    @Test
    void pagedPoolAllocatedAtDispatchLevelIsBadPoolCaller08() {
        String before = poolState(mm);
        long events = mm.eventLog().last();
        for (long bytes : new long[] { 64, 2 * PAGE }) {
            BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, BugCheckCode.BAD_POOL_CALLER_ALLOCATE_IRQL,
                    () -> pools.allocate(PoolType.PAGED, bytes, tag("Irql"), DISPATCH));
            assertEquals(2, e.parameter(2), "the IRQL");
            assertEquals(PoolType.PAGED.code(), e.parameter(3));
            assertEquals(bytes, e.parameter(4));
        }
        assertEquals(events, mm.eventLog().last(), "nothing happened");
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
        // APC_LEVEL is allowed for paged pool, DISPATCH_LEVEL for nonpaged
        assertNotEquals(0, pools.allocate(PoolType.PAGED, 64, tag("Irql"), Irql.APC_LEVEL));
        assertNotEquals(0, pools.allocate(PoolType.NONPAGED, 64, tag("Irql"), DISPATCH));
        assertNotEquals(0, pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag("Irql"), DISPATCH));
        assertInvariants(mm);
    }

    @Test
    void pagedPoolFreedAtDispatchLevelIsBadPoolCaller09() {
        int tag = tag("Irql");
        long small = pools.allocate(PoolType.PAGED, 64, tag, PASSIVE);
        long pages = pools.allocate(PoolType.PAGED, 2 * PAGE, tag, PASSIVE);
        long nonPaged = pools.allocate(PoolType.NONPAGED, 2 * PAGE, tag, PASSIVE);
        String before = poolState(mm);
        for (long va : new long[] { small, pages }) {
            BugCheckException e = bugcheck(BugCheckCode.BAD_POOL_CALLER, BugCheckCode.BAD_POOL_CALLER_FREE_IRQL,
                    () -> pools.free(va, tag, DISPATCH));
            assertEquals(2, e.parameter(2));
            assertEquals(PoolType.PAGED.code(), e.parameter(3));
            assertEquals(va, e.parameter(4));
        }
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
        assertEquals(2 * PAGE, pools.free(nonPaged, tag, DISPATCH));
        assertEquals(2 * PAGE, pools.free(pages, tag, Irql.APC_LEVEL));
        assertInvariants(mm);
    }

    @Test
    void touchingAPagedOutPagedPoolPageAtDispatchLevelIsIrqlNotLessOrEqual() {
        long va = pools.allocate(PoolType.PAGED, 2 * PAGE, tag("Irql"), PASSIVE);
        write(simulation, va, 0, 8, 0x10, PASSIVE);
        // resident: fine at DISPATCH_LEVEL
        write(simulation, va, 8, 8, 0x20, DISPATCH);
        mm.trim(mm.systemProcess(), Integer.MAX_VALUE, 0);
        assertEquals(PteKind.TRANSITION, Pte.classify(pte(mm, va)));
        String before = poolState(mm);

        BugCheckException e = writeBugchecks(simulation, va, 4, 1, 0x30, DISPATCH);

        assertEquals(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL, e.code(), e.getMessage());
        assertEquals(va + 4, e.parameter(1));
        assertEquals(2, e.parameter(2), "the IRQL");
        assertEquals(1, e.parameter(3), "a write");
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    @Test
    void touchingANeverTouchedPagedPoolPageAtDispatchLevelIsIrqlNotLessOrEqual() {
        long va = pools.allocate(PoolType.PAGED, 2 * PAGE, tag("Irql"), PASSIVE);
        BugCheckException e = writeBugchecks(simulation, va, PAGE + 1, 1, 0x30, DISPATCH);
        assertEquals(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL, e.code(), e.getMessage());
        assertEquals(va + PAGE + 1, e.parameter(1));
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(pte(mm, va + PAGE)), "no page was taken");
        assertInvariants(mm);
    }

    @Test
    void touchingFreedPagedPoolOrUnallocatedNonPagedPoolIsPageFaultInNonPagedArea() {
        int tag = tag("Gone");
        long va = pools.allocate(PoolType.PAGED, 2 * PAGE, tag, PASSIVE);
        pools.free(va, tag, PASSIVE);
        BugCheckException e = writeBugchecks(simulation, va, 0, 1, 0, PASSIVE);
        assertEquals(BugCheckCode.PAGE_FAULT_IN_NONPAGED_AREA, e.code(), e.getMessage());
        assertEquals(va, e.parameter(1));
        assertInvariants(mm);

        Simulation fresh = new Simulation(machine());
        e = writeBugchecks(fresh, nonPagedPage(7), 0, 1, 0, PASSIVE);
        assertEquals(BugCheckCode.PAGE_FAULT_IN_NONPAGED_AREA, e.code(), e.getMessage());
        assertInvariants(fresh.memoryManager());
    }

    // ------------------------------------------------------------------------------ events

    @Test
    void everyRequestIsOneEventWithItsTagPoolKindAndSize() {
        int tag = tag("Evt ");
        long small = pools.allocate(PoolType.PAGED, 40, tag, PASSIVE);
        long pages = pools.allocate(PoolType.NONPAGED, 2 * PAGE + 1, tag, PASSIVE);
        pools.free(small, tag, PASSIVE);
        pools.free(pages, 0, PASSIVE);
        List<EventRecord> allocations = events(mm, MmEventType.POOL_ALLOCATE);
        List<EventRecord> frees = events(mm, MmEventType.POOL_FREE);
        assertEquals(2, allocations.size());
        assertEquals(2, frees.size());
        assertEquals(List.of(small, pages), allocations.stream().map(EventRecord::va).toList());
        assertEquals(List.of(KernelPools.KIND_PAGED, KernelPools.KIND_NONPAGED),
                allocations.stream().map(EventRecord::newState).toList());
        assertEquals(List.of(40L, 2L * PAGE + 1), allocations.stream().map(EventRecord::detail).toList());
        assertEquals(List.of(48L, 2L * PAGE + 1), frees.stream().map(EventRecord::detail).toList(),
                "a small block frees its rounded size");
        assertTrue(allocations.stream().allMatch(r -> r.oldState() == tag));
        assertTrue(frees.stream().allMatch(r -> r.oldState() == tag));
        assertEquals(1, pools.usage().allocations(tag, PoolType.NONPAGED));
        assertEquals(1, pools.usage().frees(tag, PoolType.NONPAGED));
        assertEquals(0, pools.usage().bytesInUse(tag, PoolType.NONPAGED));
        assertEquals(0, pools.usage().bytesInUse(tag, PoolType.PAGED));
        assertInvariants(mm);
    }
}
