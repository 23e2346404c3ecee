package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.hw.PhysicalMemory;

class SmallBlockPoolTest {

    static final int MM = PoolHeader.tagOf("Mm  ");
    static final int PROC = PoolHeader.tagOf("Proc");
    static final int FILE = PoolHeader.tagOf("File");

    final PhysicalMemory memory = new PhysicalMemory(64);
    final TestPageSupplier supplier = new TestPageSupplier(memory, 10, 8);
    final SmallBlockPool pool = new SmallBlockPool(memory, supplier);

    private long header(int pfn, int offset) {
        return PoolHeader.readFirst(memory, pfn, offset);
    }

    private void assertHeader(int pfn, int offset, int previous, int size, int type, int tag) {
        assertEquals(PoolHeader.encode(previous, 0, size, type, tag), header(pfn, offset),
                "header at 0x" + Integer.toHexString(offset));
    }

    private void assertClean() {
        assertEquals(List.of(), pool.check());
    }

    static BugCheckException bugCheck(long parameter1, Executable what) {
        BugCheckException e = assertThrows(BugCheckException.class, what);
        assertEquals(BugCheckCode.BAD_POOL_CALLER, e.code());
        assertEquals(parameter1, e.parameter(1), e.getMessage());
        return e;
    }

    @Test
    void allocateSplitsFreeAndCoalesceWithExactOffsets() {
        long a = pool.allocate(PoolType.NONPAGED, 1, MM);
        assertEquals(0xA010L, a);
        assertHeader(10, 0, 0, 2, 1, MM);
        assertHeader(10, 32, 2, 254, 0, 0);
        long b = pool.allocate(PoolType.NONPAGED, 100, PROC);
        assertEquals(0xA030L, b);
        assertHeader(10, 32, 2, 8, 1, PROC);
        assertHeader(10, 160, 8, 246, 0, 0);
        long c = pool.allocate(PoolType.NONPAGED, 16, FILE);
        assertEquals(0xA0B0L, c);
        assertHeader(10, 192, 2, 244, 0, 0);
        assertEquals(4096 - 192, pool.freeBytes(10));
        assertClean();

        pool.free(b, PROC); // between two allocated blocks: no coalescing
        assertHeader(10, 32, 2, 8, 0, PROC);
        assertHeader(10, 160, 8, 2, 1, FILE);
        assertClean();
        pool.free(a, 0); // merges with the free block after it
        assertHeader(10, 0, 0, 10, 0, MM);
        assertHeader(10, 160, 10, 2, 1, FILE);
        assertClean();

        long d = pool.allocate(PoolType.NONPAGED, 48, MM); // first fit: the block at 0, split
        assertEquals(0xA010L, d);
        assertHeader(10, 0, 0, 4, 1, MM);
        assertHeader(10, 64, 4, 6, 0, MM);
        assertHeader(10, 160, 6, 2, 1, FILE);
        assertClean();

        pool.free(c, FILE); // merges on both sides
        assertHeader(10, 64, 4, 252, 0, MM);
        assertEquals(1, pool.pageCount());
        assertClean();
        pool.free(d, MM); // the page is now entirely free: back to the supplier
        assertEquals(0, pool.pageCount());
        assertEquals(List.of(10), supplier.released);
        assertEquals(List.of(PoolType.NONPAGED), supplier.releasedTypes);
        assertClean();
    }

    @Test
    void largestRequestLeavesOneUnitAndExhaustionReturnsMinusOne() {
        SmallBlockPool one = new SmallBlockPool(memory, new TestPageSupplier(memory, 40, 1));
        long a = one.allocate(PoolType.PAGED, SmallBlockPool.MAX_REQUEST, MM);
        assertEquals((40L << 12) | 16, a);
        assertHeader(40, 0, 0, 255, 2, MM);
        assertHeader(40, 4080, 255, 1, 0, 0);
        assertEquals(-1, one.allocate(PoolType.PAGED, 1, MM));
        assertEquals(List.of(), one.check());
        one.free(a, MM);
        assertEquals(0, one.pageCount());
    }

    @Test
    void poolTypesUseSeparatePages() {
        long n = pool.allocate(PoolType.NONPAGED, 10, MM);
        long p = pool.allocate(PoolType.PAGED, 10, MM);
        assertNotEquals(SmallBlockPool.pfnOf(n), SmallBlockPool.pfnOf(p));
        assertEquals(PoolType.PAGED, pool.pageTypeAt(1));
        assertHeader(SmallBlockPool.pfnOf(p), 0, 0, 2, PoolType.PAGED.headerCode(), MM);
        assertClean();
    }

    @Test
    void badRequestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(PoolType.PAGED, 0, MM));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(PoolType.PAGED, -5, MM));
        assertThrows(IllegalArgumentException.class,
                () -> pool.allocate(PoolType.PAGED, SmallBlockPool.MAX_REQUEST + 1, MM));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(PoolType.PAGED, 4096, MM));
        assertThrows(NullPointerException.class, () -> pool.allocate(null, 16, MM));
        assertEquals(0, pool.pageCount());
    }

    @Test
    void doubleFreeIsBadPoolCaller7() {
        long a = pool.allocate(PoolType.NONPAGED, 20, MM);
        pool.allocate(PoolType.NONPAGED, 20, MM);
        pool.free(a, MM);
        BugCheckException e = bugCheck(SmallBlockPool.BAD_POOL_CALLER_ALREADY_FREED, () -> pool.free(a, MM));
        assertEquals(a, e.parameter(4));
        assertEquals(header(10, 0), e.parameter(3));
    }

    @Test
    void freeOfAPageAlreadyReturnedIsAnInvalidAddress() {
        long a = pool.allocate(PoolType.NONPAGED, 20, MM);
        pool.free(a, MM);
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free(a, MM));
    }

    @Test
    void addressesThatAreNotTheStartOfABlocksDataAreBadPoolCaller99() {
        long a = pool.allocate(PoolType.NONPAGED, 64, MM);
        pool.allocate(PoolType.NONPAGED, 64, MM);
        BugCheckException e = bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free(a + 16, MM));
        assertEquals(a + 16, e.parameter(2));
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free(a + 8, 0));
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free(a - 16, 0));
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free((30L << 12) | 16, 0));
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, () -> pool.free(-1, 0));
        assertClean(); // refused frees change nothing
    }

    @Test
    void brokenPreviousSizeIsBadPoolCaller1() {
        pool.allocate(PoolType.NONPAGED, 20, MM);
        long b = pool.allocate(PoolType.NONPAGED, 20, PROC);
        pool.allocate(PoolType.NONPAGED, 20, FILE);
        int bHeader = SmallBlockPool.offsetOf(b) - 16;
        PoolHeader.writeFirst(memory, 10, bHeader, PoolHeader.withPreviousSize(header(10, bHeader), 5));
        BugCheckException e = bugCheck(SmallBlockPool.BAD_POOL_CALLER_HEADER_CORRUPT, () -> pool.free(b, PROC));
        assertEquals(SmallBlockPool.address(10, bHeader), e.parameter(2));
        assertFalse(pool.validatePage(10).isEmpty());
    }

    @Test
    void brokenBlockSizeIsBadPoolCaller1() {
        long a = pool.allocate(PoolType.NONPAGED, 20, MM);
        pool.allocate(PoolType.NONPAGED, 20, PROC);
        PoolHeader.writeFirst(memory, 10, 0, PoolHeader.withBlockSize(header(10, 0), 5)); // was 3
        bugCheck(SmallBlockPool.BAD_POOL_CALLER_HEADER_CORRUPT, () -> pool.free(a, MM));
    }

    @Test
    void wrongTagIsBadPoolCallerA() {
        long a = pool.allocate(PoolType.PAGED, 20, MM);
        BugCheckException e = bugCheck(SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG, () -> pool.free(a, PROC));
        assertEquals(a, e.parameter(2));
        assertEquals(MM, (int) e.parameter(3));
        assertEquals(PROC, (int) e.parameter(4));
        pool.free(a, 0); // no tag given: not checked
        assertClean();
    }

    @Test
    void poolListsThePageBlocks() {
        long a = pool.allocate(PoolType.NONPAGED, 24, MM);
        pool.allocate(PoolType.NONPAGED, 40, PROC);
        pool.free(a, MM);
        List<PoolBlock> blocks = pool.blocks(10);
        assertEquals(List.of(new PoolBlock(10, 0, 48, 0, true, null, MM),
                new PoolBlock(10, 48, 64, 48, false, PoolType.NONPAGED, PROC),
                new PoolBlock(10, 112, 4096 - 112, 64, true, null, 0)), blocks);
        assertEquals(0xA040L, blocks.get(1).address());
        assertEquals("000000000000a030 size:   40 previous size:   30  (Allocated) Proc", blocks.get(1).line());
        assertThrows(IllegalArgumentException.class, () -> pool.blocks(11));
    }

    @Test
    void poolusedCountsAllocationsFreesAndBytesPerTypeIncrementally() {
        long a = pool.allocate(PoolType.NONPAGED, 24, MM);
        pool.allocate(PoolType.NONPAGED, 100, MM);
        long c = pool.allocate(PoolType.PAGED, 1, MM);
        pool.allocate(PoolType.PAGED, 16, PROC);
        pool.free(a, MM);
        pool.free(c, 0);
        PoolTagStats stats = pool.stats();
        assertEquals(new PoolTagStats.TagUsage(MM, 2, 1, 128, 1, 1, 0), stats.usage(MM));
        assertEquals(new PoolTagStats.TagUsage(PROC, 0, 0, 0, 1, 0, 32), stats.usage(PROC));
        assertEquals(new PoolTagStats.TagUsage(FILE, 0, 0, 0, 0, 0, 0), stats.usage(FILE));
        assertEquals(List.of("Mm  ", "Proc"), stats.usages().stream().map(PoolTagStats.TagUsage::tagText).toList());
        assertEquals(128, stats.totalBytesInUse(PoolType.NONPAGED));
        assertEquals(2, stats.tagCount());
        assertEquals(MM, stats.tagAt(0));
    }

    @Test
    void tagStatsGrowPastTheirInitialTable() {
        PoolTagStats stats = new PoolTagStats();
        for (int i = 0; i < 500; i++) {
            stats.recordAllocation(0x41414100 + i, PoolType.PAGED, 16);
        }
        assertEquals(500, stats.tagCount());
        for (int i = 0; i < 500; i++) {
            assertEquals(16, stats.bytesInUse(0x41414100 + i, PoolType.PAGED));
        }
        assertThrows(IllegalStateException.class, () -> stats.recordFree(0x41414100, PoolType.NONPAGED, 16));
    }

    @Test
    void poolfindFindsTheBlocksOfATagInEveryPage() {
        long a = pool.allocate(PoolType.NONPAGED, 2000, MM);
        long b = pool.allocate(PoolType.NONPAGED, 2000, PROC);
        long c = pool.allocate(PoolType.PAGED, 30, MM);
        pool.allocate(PoolType.NONPAGED, 40, PROC);
        assertEquals(List.of(a, c), pool.find(MM, false).stream().map(PoolBlock::address).toList());
        assertEquals(2, pool.find(PROC, false).size());
        assertEquals(10, SmallBlockPool.pfnOf(b)); // 126 + 126 units fit one page
        pool.free(c, MM);
        assertEquals(List.of(a), pool.find(MM, false).stream().map(PoolBlock::address).toList());
        pool.allocate(PoolType.PAGED, 30, FILE);
        pool.free(pool.allocate(PoolType.PAGED, 30, MM), MM);
        List<PoolBlock> withFree = pool.find(MM, true);
        assertEquals(2, withFree.size());
        assertTrue(withFree.get(1).free());
    }

    @Test
    void poolvalReportsViolationsWithoutThrowing() {
        pool.allocate(PoolType.NONPAGED, 20, MM);
        long b = pool.allocate(PoolType.NONPAGED, 20, PROC);
        assertEquals(List.of(), pool.validatePage(10));
        int bHeader = SmallBlockPool.offsetOf(b) - 16;
        PoolHeader.writeFirst(memory, 10, bHeader, PoolHeader.withPreviousSize(header(10, bHeader), 7));
        List<String> v = pool.validatePage(10);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("PreviousSize 0x7"), v.get(0));
        PoolHeader.writeFirst(memory, 10, bHeader, PoolHeader.withBlockSize(header(10, bHeader), 0));
        v = pool.validatePage(10);
        assertTrue(v.get(v.size() - 1).contains("BlockSize is 0"), v.toString());
        PoolHeader.writeFirst(memory, 10, bHeader, PoolHeader.withBlockSize(header(10, bHeader), 255));
        assertTrue(pool.validatePage(10).toString().contains("past the page end"));
        assertEquals(List.of("PFN 0x20 is not a small-pool page"), pool.validatePage(0x20));
        assertFalse(pool.check().isEmpty());
    }

    @Test
    void poolvalSeesUncoalescedFreeBlocksAndBadBookkeeping() {
        long a = pool.allocate(PoolType.NONPAGED, 20, MM);
        pool.allocate(PoolType.NONPAGED, 20, PROC);
        // mark the first block free behind the allocator's back: next to nothing free, but the counts disagree
        PoolHeader.writeFirst(memory, 10, 0, PoolHeader.withPoolType(header(10, 0), 0));
        List<String> v = pool.validatePage(10);
        assertTrue(v.stream().anyMatch(s -> s.contains("free bytes in the chain")), v.toString());
        assertEquals(v, pool.check());
        // the second block marked free too: two free blocks side by side, never coalesced
        PoolHeader.writeFirst(memory, 10, 48, PoolHeader.withPoolType(header(10, 48), 0));
        assertTrue(pool.validatePage(10).stream().anyMatch(s -> s.contains("offset 0x030: two free blocks side by side")),
                pool.validatePage(10).toString());
        assertTrue(a > 0);
    }
}
