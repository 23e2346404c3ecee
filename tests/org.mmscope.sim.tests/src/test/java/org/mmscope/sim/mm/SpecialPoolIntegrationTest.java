package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.PAGE;
import static org.mmscope.sim.mm.PoolTestSupport.assertInvariants;
import static org.mmscope.sim.mm.PoolTestSupport.bugcheck;
import static org.mmscope.sim.mm.PoolTestSupport.lastEvent;
import static org.mmscope.sim.mm.PoolTestSupport.machine;
import static org.mmscope.sim.mm.PoolTestSupport.poolState;
import static org.mmscope.sim.mm.PoolTestSupport.pte;
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
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pool.SpecialPoolLayout;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;

/**
 * Special pool on the memory manager (mm-behaviour.md 4.4): layout in the data page, the guard page
 * an overrun or underrun hits (0xD6), slack corruption caught on free (0xC1), IRQL and available-page
 * refusals, tag-directed special pool, and use after free (0xCC).
 */
class SpecialPoolIntegrationTest {

    private static final Irql PASSIVE = Irql.PASSIVE_LEVEL;
    private static final Irql DISPATCH = Irql.DISPATCH_LEVEL;

    private final Simulation simulation = new Simulation(machine());
    private final MemoryManager mm = simulation.memoryManager();
    private final KernelPools pools = mm.pools();
    private final SpecialPool special = pools.specialPool();

    private int pfnAt(long va) {
        long pte = pte(mm, va);
        assertTrue(Pte.isValid(pte), String.format("PTE of 0x%x is %s", va, Pte.describe(pte)));
        return (int) Pte.pfn(pte);
    }

    private void assertPattern(int pfn, int from, int to) {
        byte pattern = SpecialPoolLayout.patternFor(pfn);
        for (int off = from; off < to; off++) {
            assertEquals(pattern, mm.memory().readByte(pfn, off), "pattern byte at 0x" + Integer.toHexString(off));
        }
    }

    @Test
    void overrunDetectionPutsTheDataAtThePageEndAlignedDownTo16BeforeAGuardPage() {
        int tag = tag("Spc1");
        long va = pools.allocateSpecial(PoolType.NONPAGED, 100, tag, PASSIVE, Detection.OVERRUN);

        long page = va & ~0xFFFL;
        assertEquals(KernelPools.SPECIAL_POOL_START + PAGE, page, "the first pair, after the leading guard page");
        assertEquals(special.dataPage(0), page);
        assertEquals(0xF90, va & 0xFFF, "(4096 - 100) aligned down to 16");
        int pfn = pfnAt(page);
        assertEquals(SpecialPoolLayout.HEADER_SIGNATURE, mm.memory().readLong(pfn, 8), "the header at the page start");
        assertEquals(100, SpecialPoolLayout.headerBytes(mm.memory(), pfn, 0));
        assertEquals(tag, SpecialPoolLayout.headerTag(mm.memory(), pfn, 0));
        assertEquals(PoolType.NONPAGED, SpecialPoolLayout.headerType(mm.memory(), pfn, 0));
        assertPattern(pfn, 16, 0xF90);
        assertPattern(pfn, 0xF90 + 100, PAGE);

        assertEquals(SpecialPool.GUARD_PTE, pte(mm, page + PAGE), "a guard page after the data page");
        assertEquals(SpecialPool.GUARD_PTE, pte(mm, KernelPools.SPECIAL_POOL_START), "and one before the first");
        assertTrue(special.isGuardPage(page + PAGE));
        assertEquals(Protection.NOACCESS, Pte.protection(SpecialPool.GUARD_PTE));
        assertFalse(Pte.isValid(SpecialPool.GUARD_PTE));

        assertEquals(PageList.ACTIVE_AND_VALID, mm.pfns().location(pfn));
        assertEquals(1, mm.pfns().referenceCount(pfn));
        assertEquals(1, mm.pfns().shareCount(pfn));
        assertTrue(mm.pfns().isVerifierAllocation(pfn));
        assertTrue(mm.pfns().isStartOfAllocation(pfn) && mm.pfns().isEndOfAllocation(pfn));
        assertEquals(-1, mm.systemProcess().workingSet().find(page), "resident, in no working set");

        assertEquals(1, special.inUse());
        assertTrue(special.isInUse(0));
        assertEquals(PoolType.NONPAGED, special.typeOf(0));
        KernelPools.Allocation allocation = new KernelPools.Allocation(va, PoolType.NONPAGED, KernelPools.Kind.SPECIAL,
                100, tag);
        assertEquals(List.of(allocation), pools.allocations());
        assertEquals(allocation, pools.allocationAt(va + 99));
        assertNull(pools.allocationAt(va + 100), "slack");
        assertEquals(PAGE, pools.usage().bytesInUse(tag, PoolType.NONPAGED), "a whole page is charged");
        EventRecord event = lastEvent(mm, MmEventType.POOL_ALLOCATE);
        assertEquals(pfn, event.pfn());
        assertEquals(va, event.va());
        assertEquals(tag, event.oldState());
        assertEquals(KernelPools.KIND_SPECIAL_NONPAGED, event.newState());
        assertEquals(100, event.detail());
        assertInvariants(mm);

        // the whole allocation can be written, and freeing it gives the page back
        write(simulation, va, 0, 100, 0x00, DISPATCH);
        assertEquals(100, pools.free(va, tag, PASSIVE));
        assertEquals(0, special.inUse());
        assertEquals(SpecialPool.GUARD_PTE, pte(mm, page), "the freed data page is a guard page now");
        assertEquals(PageList.FREE, mm.pfns().location(pfn));
        assertFalse(mm.pfns().isVerifierAllocation(pfn));
        assertEquals(0, pools.usage().bytesInUse(tag, PoolType.NONPAGED));
        EventRecord free = lastEvent(mm, MmEventType.POOL_FREE);
        assertEquals(va, free.va());
        assertEquals(KernelPools.KIND_SPECIAL_NONPAGED, free.newState());
        assertEquals(100, free.detail());
        assertInvariants(mm);
    }

    @Test
    void writingOneBytePastTheEndHitsTheGuardPage() {
        for (PoolType type : PoolType.values()) {
            Simulation simulation = new Simulation(machine());
            MemoryManager mm = simulation.memoryManager();
            int tag = tag("Ovr1");
            long va = mm.pools().allocateSpecial(type, 96, tag, PASSIVE, Detection.OVERRUN);
            assertEquals(4000, va & 0xFFF, "96 bytes end exactly at the page end");
            write(simulation, va, 95, 1, 0x61, PASSIVE); // the last byte is fine
            String before = poolState(mm);
            long guard = (va & ~0xFFFL) + PAGE;

            BugCheckException e = writeBugchecks(simulation, va, 96, 1, 0x61, PASSIVE);

            assertEquals(BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, e.code(), e.getMessage());
            assertEquals(guard, e.parameter(1));
            assertEquals(1, e.parameter(2), "a write");
            EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
            assertEquals(mm.eventLog().last(), violation.sequence(), "reported just before the bugcheck");
            assertEquals(guard, violation.va());
            assertEquals(type == PoolType.PAGED ? KernelPools.KIND_SPECIAL_PAGED : KernelPools.KIND_SPECIAL_NONPAGED,
                    violation.newState());
            assertEquals(BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, violation.detail());
            assertEquals(before, poolState(mm));
            assertInvariants(mm);
        }
    }

    @Test
    void underrunDetectionPutsTheDataAtThePageStartAfterAGuardPage() {
        int tag = tag("Und1");
        long first = pools.allocateSpecial(PoolType.NONPAGED, 64, tag, PASSIVE, Detection.OVERRUN);
        long va = pools.allocateSpecial(PoolType.NONPAGED, 100, tag, PASSIVE, Detection.UNDERRUN);

        assertEquals(special.dataPage(1), va, "data at offset 0 of the second pair's page");
        int pfn = pfnAt(va);
        int header = PAGE - SpecialPoolLayout.HEADER_SIZE;
        assertEquals(SpecialPoolLayout.HEADER_SIGNATURE, mm.memory().readLong(pfn, header + 8), "header at the end");
        assertEquals(100, SpecialPoolLayout.headerBytes(mm.memory(), pfn, header));
        assertEquals(tag, SpecialPoolLayout.headerTag(mm.memory(), pfn, header));
        assertPattern(pfn, 100, header);
        assertEquals(SpecialPool.GUARD_PTE, pte(mm, va - PAGE), "the page before is the first pair's guard page");
        assertTrue(first != 0);
        write(simulation, va, 0, 100, 0x55, PASSIVE);
        String before = poolState(mm);

        BugCheckException e = writeBugchecks(simulation, va - 1, 0, 1, 0x55, PASSIVE);

        assertEquals(BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, e.code(), e.getMessage());
        assertEquals(va - 1, e.parameter(1));
        assertEquals(BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION,
                lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION).detail());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
        assertEquals(100, pools.free(va, tag, PASSIVE), "the pattern around the data is intact");
        assertInvariants(mm);
    }

    @Test
    void aGuardPageViolationNamesTheAllocationItProtects() {
        // pair 0: nonpaged, overrun detection; pair 1: paged, underrun detection; one guard page between
        int overrunTag = tag("Ovr2");
        int underrunTag = tag("Und2");
        for (boolean overrun : new boolean[] { true, false }) {
            Simulation simulation = new Simulation(machine());
            MemoryManager mm = simulation.memoryManager();
            long first = mm.pools().allocateSpecial(PoolType.NONPAGED, 96, overrunTag, PASSIVE, Detection.OVERRUN);
            long second = mm.pools().allocateSpecial(PoolType.PAGED, 96, underrunTag, PASSIVE, Detection.UNDERRUN);
            long guard = mm.pools().specialPool().dataPage(0) + PAGE;
            assertEquals(guard + PAGE, second);

            BugCheckException e = overrun ? writeBugchecks(simulation, first, 96, 1, 0, PASSIVE)
                    : writeBugchecks(simulation, second - 1, 0, 1, 0, PASSIVE);

            assertEquals(BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, e.code(), e.getMessage());
            assertEquals(overrun ? guard : guard + PAGE - 1, e.parameter(1));
            EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
            assertEquals(overrun ? overrunTag : underrunTag, violation.oldState(), "the tag of the allocation");
            assertEquals(overrun ? KernelPools.KIND_SPECIAL_NONPAGED : KernelPools.KIND_SPECIAL_PAGED,
                    violation.newState());
            assertInvariants(mm);
        }
    }

    @Test
    void aWriteIntoTheSlackAfterTheDataIsCaughtOnFree() {
        for (Detection detection : Detection.values()) {
            Simulation simulation = new Simulation(machine());
            MemoryManager mm = simulation.memoryManager();
            int tag = tag("Slk1");
            long va = mm.pools().allocateSpecial(PoolType.NONPAGED, 100, tag, PASSIVE, detection);
            write(simulation, va, 100, 1, 0x00, PASSIVE); // one byte past the end: slack, no fault
            assertEquals(0, mm.systemProcess().pageFaults());
            String before = poolState(mm);

            BugCheckException e = bugcheck(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, va,
                    () -> mm.pools().free(va, tag, PASSIVE));

            assertEquals(SpecialPoolLayout.CORRUPTED_AFTER_DATA, e.parameter(4), detection.toString());
            assertEquals(va + 100, e.parameter(2), "the first corrupted byte");
            assertEquals(0, e.parameter(3), "the byte found");
            EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
            assertEquals(va, violation.va());
            assertEquals(tag, violation.oldState());
            assertEquals(SpecialPoolLayout.CORRUPTED_AFTER_DATA, violation.detail());
            assertEquals(before, poolState(mm), "nothing was freed");
            assertInvariants(mm);
        }
    }

    @Test
    void aWriteJustBeforeTheDataIsCaughtOnFree() {
        int tag = tag("Slk2");
        long va = pools.allocateSpecial(PoolType.PAGED, 100, tag, PASSIVE, Detection.OVERRUN);
        write(simulation, va - 1, 0, 1, 0x00, PASSIVE);
        String before = poolState(mm);

        // freed without a tag: the event still names the allocation's
        BugCheckException e = bugcheck(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, va,
                () -> pools.free(va, 0, PASSIVE));

        assertEquals(SpecialPoolLayout.CORRUPTED_BEFORE_DATA, e.parameter(4));
        assertEquals(va - 1, e.parameter(2));
        EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
        assertEquals(tag, violation.oldState());
        assertEquals(KernelPools.KIND_SPECIAL_PAGED, violation.newState());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    @Test
    void allocationsUpToAPageMinusTheHeaderWork() {
        int tag = tag("Size");
        for (int bytes : new int[] { 1, 15, 16, 17, 100, 4064, 4079, SpecialPoolLayout.MAX_BYTES }) {
            for (Detection detection : Detection.values()) {
                long va = pools.allocateSpecial(PoolType.NONPAGED, bytes, tag, PASSIVE, detection);
                int expected = detection == Detection.OVERRUN ? (PAGE - bytes) & ~15 : 0;
                assertEquals(expected, va & 0xFFF, bytes + " bytes, " + detection);
                write(simulation, va, 0, bytes, 0xAB, PASSIVE);
                assertEquals(bytes, pools.free(va, tag, PASSIVE), bytes + " bytes, " + detection);
            }
        }
        assertEquals(4080, SpecialPoolLayout.MAX_BYTES);
        assertEquals(16, (PAGE - SpecialPoolLayout.MAX_BYTES) & ~15, "the largest starts right after the header");
        assertThrows(IllegalArgumentException.class,
                () -> pools.allocateSpecial(PoolType.NONPAGED, SpecialPoolLayout.MAX_BYTES + 1, tag, PASSIVE,
                        Detection.OVERRUN));
        assertThrows(IllegalArgumentException.class,
                () -> pools.allocateSpecial(PoolType.NONPAGED, 0, tag, PASSIVE, Detection.OVERRUN));
        assertEquals(0, special.inUse());
        assertInvariants(mm);
    }

    @Test
    void pagedSpecialPoolAtDispatchLevelIsSpecialPoolCorruption30() {
        int tag = tag("Irql");
        String before = poolState(mm);

        BugCheckException e = bugcheck(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, 2,
                () -> pools.allocateSpecial(PoolType.PAGED, 100, tag, DISPATCH, Detection.OVERRUN));

        assertEquals(PoolType.PAGED.code(), e.parameter(2));
        assertEquals(100, e.parameter(3));
        assertEquals(SpecialPoolLayout.BAD_IRQL, e.parameter(4));
        assertEquals(0x30, SpecialPoolLayout.BAD_IRQL);
        EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
        assertEquals(mm.eventLog().last(), violation.sequence());
        assertEquals(tag, violation.oldState());
        assertEquals(KernelPools.KIND_SPECIAL_PAGED, violation.newState());
        assertEquals(0x30, violation.detail());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        assertTrue(pools.allocateSpecial(PoolType.PAGED, 100, tag, Irql.APC_LEVEL, Detection.OVERRUN) != 0);
        assertTrue(pools.allocateSpecial(PoolType.NONPAGED, 100, tag, DISPATCH, Detection.OVERRUN) != 0);
        assertInvariants(mm);
    }

    @Test
    void specialPoolRefusesWhenFewerThan0x100PagesAreAvailable() {
        // no paging file: a user process that writes nearly every page keeps them
        Simulation simulation = new Simulation(MachineConfig.ofRam(256 * MB, 16, 2, 0, 42).withWorkingSet(16, 70_000));
        MemoryManager mm = simulation.memoryManager();
        KernelPools pools = mm.pools();
        MmProcess hog = simulation.createProcess("hog.exe");
        long base = 0x100000000L;
        int pages = mm.pfns().availablePages() - 300;
        simulation.createThread(hog, "main", List.of(
                Operations.allocate(base, pages * (long) PAGE, Protection.READWRITE, true),
                Operations.touch(base, base + pages * (long) PAGE, PAGE, true)));
        simulation.run(1_000_000);
        int available = mm.pfns().availablePages();
        assertTrue(available < SpecialPool.MINIMUM_AVAILABLE && available > 16, "available: " + available);
        assertEquals(0x100, SpecialPool.MINIMUM_AVAILABLE);
        assertInvariants(mm);
        String before = poolState(mm);
        int tag = tag("Ab01");

        assertEquals(0, pools.allocateSpecial(PoolType.NONPAGED, 64, tag, PASSIVE, Detection.OVERRUN));

        EventRecord failed = lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED);
        assertEquals(KernelPools.KIND_SPECIAL_NONPAGED, failed.newState());
        assertEquals(tag, failed.oldState());
        assertEquals(64, failed.detail());
        assertEquals(1, pools.failures());
        assertEquals(before, poolState(mm));

        // a tag match falls back to the normal pool
        pools.setSpecialPoolTag("Ab*", Detection.OVERRUN);
        long va = pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE);
        assertTrue(pools.isNonPagedPoolAddress(va), String.format("0x%x", va));
        assertEquals(KernelPools.Kind.SMALL, pools.allocationAt(va).kind());
        assertEquals(2, pools.failures());
        assertEquals(0, pools.specialPool().inUse());
        assertInvariants(mm);

        mm.exitProcess(hog);
        long again = pools.allocate(PoolType.NONPAGED, 64, tag, PASSIVE);
        assertTrue(pools.specialPool().contains(again));
        assertInvariants(mm);
    }

    @Test
    void specialPoolRefusesWhenEveryPairIsInUse() {
        int tag = tag("Full");
        int pairs = special.pairCount();
        assertEquals(1024, pairs, "256 MiB / 64");
        long[] addresses = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            addresses[i] = pools.allocateSpecial(PoolType.NONPAGED, 32, tag, PASSIVE, Detection.OVERRUN);
            assertEquals(special.dataPage(i) | (PAGE - 32), addresses[i]);
        }
        String before = poolState(mm);
        assertEquals(0, pools.allocateSpecial(PoolType.PAGED, 32, tag, PASSIVE, Detection.OVERRUN));
        assertEquals(KernelPools.KIND_SPECIAL_PAGED, lastEvent(mm, MmEventType.POOL_ALLOCATE_FAILED).newState());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        pools.free(addresses[5], tag, PASSIVE);
        assertEquals(addresses[5], pools.allocateSpecial(PoolType.NONPAGED, 32, tag, PASSIVE, Detection.OVERRUN),
                "the only free pair");
        assertInvariants(mm);
    }

    @Test
    void aFreedPairGoesToTheEndOfTheQueueSoItStaysInvalid() {
        int tag = tag("Fifo");
        long a = pools.allocateSpecial(PoolType.NONPAGED, 32, tag, PASSIVE, Detection.OVERRUN);
        pools.free(a, tag, PASSIVE);
        long b = pools.allocateSpecial(PoolType.NONPAGED, 32, tag, PASSIVE, Detection.OVERRUN);
        assertEquals(special.dataPage(1) | (PAGE - 32), b, "the next pair, not the one just freed");
        assertTrue(special.wasFreed(0));
        assertInvariants(mm);
    }

    @Test
    void accessingFreedSpecialPoolIsPageFaultInFreedSpecialPool() {
        int tag = tag("Uaf1");
        long va = pools.allocateSpecial(PoolType.PAGED, 200, tag, PASSIVE, Detection.OVERRUN);
        write(simulation, va, 0, 200, 0x33, PASSIVE);
        pools.free(va, tag, PASSIVE);
        String before = poolState(mm);

        BugCheckException e = writeBugchecks(simulation, va, 10, 1, 0x33, PASSIVE);

        assertEquals(SpecialPool.PAGE_FAULT_IN_FREED_SPECIAL_POOL, e.code(), e.getMessage());
        assertEquals(0xCC, e.code());
        assertEquals(va + 10, e.parameter(1));
        assertEquals(1, e.parameter(2));
        EventRecord violation = lastEvent(mm, MmEventType.SPECIAL_POOL_VIOLATION);
        assertEquals(va + 10, violation.va());
        assertEquals(0xCC, violation.detail());
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        // and freeing it again is refused as not allocated
        e = bugcheck(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, va, () -> pools.free(va, tag, PASSIVE));
        assertEquals(SpecialPoolLayout.FREED_NOT_ALLOCATED, e.parameter(4));
        assertEquals(before, poolState(mm));
        assertInvariants(mm);
    }

    @Test
    void theSpecialPoolTagSendsMatchingAllocationsToSpecialPool() {
        assertThrows(IllegalArgumentException.class, () -> pools.setSpecialPoolTag("Abcde", Detection.OVERRUN));
        pools.setSpecialPoolTag("Ab*", Detection.OVERRUN);
        assertEquals("Ab*", pools.specialPoolTag());
        int ab01 = tag("Ab01");
        int abcd = tag("Abcd");
        int xy = tag("Xy01");

        long matched = pools.allocate(PoolType.NONPAGED, 100, ab01, PASSIVE);
        long matchedPaged = pools.allocate(PoolType.PAGED, 3000, abcd, PASSIVE);
        long other = pools.allocate(PoolType.NONPAGED, 100, xy, PASSIVE);
        long tooBig = pools.allocate(PoolType.NONPAGED, 5000, ab01, PASSIVE);

        assertTrue(special.contains(matched));
        assertEquals(0xF90, matched & 0xFFF);
        assertTrue(special.contains(matchedPaged));
        assertEquals(PoolType.PAGED, special.typeOf(special.pairOf(matchedPaged)));
        assertEquals(KernelPools.KIND_SPECIAL_PAGED, lastEventFor(MmEventType.POOL_ALLOCATE, matchedPaged).newState());
        assertTrue(pools.isNonPagedPoolAddress(other));
        assertTrue(pools.isNonPagedPoolAddress(tooBig), "larger than a page minus the header: normal pool");
        assertEquals(List.of(matched, matchedPaged, tooBig).stream().sorted(Long::compareUnsigned).toList(),
                pools.find("Ab*").stream().map(KernelPools.Allocation::address).toList());
        assertEquals(KernelPools.Kind.SPECIAL, pools.allocationAt(matched).kind());
        assertEquals(PAGE, pools.usage().bytesInUse(abcd, PoolType.PAGED));
        assertEquals(2, special.inUse());

        // freed with the wrong tag: BAD_POOL_CALLER 0x0A, nothing changes
        String before = poolState(mm);
        bugcheck(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG,
                () -> pools.free(matched, xy, PASSIVE));
        // paged special pool freed at DISPATCH_LEVEL: 0x09
        bugcheck(BugCheckCode.BAD_POOL_CALLER, BugCheckCode.BAD_POOL_CALLER_FREE_IRQL,
                () -> pools.free(matchedPaged, abcd, DISPATCH));
        assertEquals(before, poolState(mm));
        assertInvariants(mm);

        pools.setSpecialPoolTag("Ab*", Detection.UNDERRUN);
        long underrun = pools.allocate(PoolType.NONPAGED, 100, ab01, PASSIVE);
        assertEquals(0, underrun & 0xFFF);
        pools.setSpecialPoolTag(null, Detection.OVERRUN);
        assertTrue(pools.isNonPagedPoolAddress(pools.allocate(PoolType.NONPAGED, 100, ab01, PASSIVE)), "turned off");

        assertEquals(100, pools.free(matched, ab01, PASSIVE));
        assertEquals(3000, pools.free(matchedPaged, 0, PASSIVE));
        assertEquals(100, pools.free(underrun, ab01, PASSIVE));
        assertEquals(0, special.inUse());
        assertInvariants(mm);
    }

    private EventRecord lastEventFor(MmEventType type, long va) {
        List<EventRecord> list = PoolTestSupport.events(mm, type).stream().filter(r -> r.va() == va).toList();
        assertFalse(list.isEmpty(), "no " + type + " for " + Long.toHexString(va));
        return list.get(list.size() - 1);
    }
}
