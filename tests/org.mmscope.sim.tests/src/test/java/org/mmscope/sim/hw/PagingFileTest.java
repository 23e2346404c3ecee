package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PagingFileTest {

    @Test
    void pageZeroIsReservedAndAllocationTakesTheLowestFreePage() {
        PagingFile file = new PagingFile(0, 8);
        assertEquals(0, file.number());
        assertEquals("pagefile0", file.name());
        assertTrue(file.isAllocated(0));
        assertEquals(0, file.allocatedCount());
        assertEquals(7, file.freeCount());
        assertEquals(1, file.allocate());
        assertEquals(2, file.allocate());
        assertEquals(3, file.allocate());
        file.free(2);
        assertFalse(file.isAllocated(2));
        assertEquals(2, file.allocate());
        assertEquals(4, file.allocate());
        assertEquals(4, file.allocatedCount());
    }

    @Test
    void fullFileReturnsMinusOne() {
        PagingFile file = new PagingFile(1, 4);
        assertEquals(1, file.allocate());
        assertEquals(2, file.allocate());
        assertEquals(3, file.allocate());
        assertEquals(-1, file.allocate());
        assertEquals(0, file.freeCount());
        file.free(3);
        assertEquals(3, file.allocate());
        assertEquals(-1, new PagingFile(2, 1).allocate());
    }

    @Test
    void runsAreConsecutiveFreePages() {
        PagingFile file = new PagingFile(0, 200);
        assertEquals(1, file.allocateRun(3));
        long single = file.allocate();
        assertEquals(4, single);
        file.free(2);
        assertEquals(5, file.allocateRun(100), "the hole at 2 is too small");
        assertEquals(2, file.allocateRun(1));
        assertEquals(105, file.allocateRun(95));
        assertEquals(-1, file.allocateRun(1));
        assertEquals(199, file.allocatedCount());
        assertThrows(IllegalArgumentException.class, () -> file.allocateRun(0));
    }

    @Test
    void runsCrossBitmapChunks() {
        PagingFile file = new PagingFile(0, PagingFile.PAGES_PER_CHUNK * 3L);
        long first = file.allocateRun(PagingFile.PAGES_PER_CHUNK + 10);
        assertEquals(1, first);
        assertTrue(file.isAllocated(PagingFile.PAGES_PER_CHUNK + 10));
        assertFalse(file.isAllocated(PagingFile.PAGES_PER_CHUNK + 11));
        assertEquals(PagingFile.PAGES_PER_CHUNK + 11, file.allocate());
    }

    @Test
    void freeingAnUnusedPageStopsTheMachine() {
        PagingFile file = new PagingFile(3, 8);
        long offset = file.allocate();
        file.free(offset);
        BugCheckException e = assertThrows(BugCheckException.class, () -> file.free(offset));
        assertEquals(BugCheckCode.MEMORY_MANAGEMENT, e.code());
        assertEquals(PagingFile.FREE_OF_UNUSED_PAGE, e.parameter(1));
        assertEquals(3, e.parameter(2));
        assertEquals(offset, e.parameter(3));
        assertThrows(IllegalArgumentException.class, () -> file.free(0));
        assertThrows(IllegalArgumentException.class, () -> file.free(8));
        assertThrows(IllegalArgumentException.class, () -> file.isAllocated(-1));
    }

    @Test
    void refusesBadConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new PagingFile(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> new PagingFile(16, 8));
        assertThrows(IllegalArgumentException.class, () -> new PagingFile(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PagingFile(0, PagingFile.MAX_SIZE_IN_PAGES + 1));
    }

    @Test
    void hugeFileCostsLittleUntilUsed() {
        PagingFile file = new PagingFile(15, PagingFile.MAX_SIZE_IN_PAGES);
        assertEquals(1, file.allocate());
        assertEquals(PagingFile.MAX_SIZE_IN_PAGES - 2, file.freeCount());
        assertFalse(file.isAllocated(PagingFile.MAX_SIZE_IN_PAGES - 1));
    }

    @Test
    void contentsAreSparseAndForgottenOnFree() {
        PagingFile file = new PagingFile(0, 16);
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.fillPage(1, (byte) 0x3C);
        long offset = file.allocate();
        assertEquals(0, file.readLong(offset, 0));
        file.writePage(offset, memory, 1);
        assertEquals(1, file.writtenPageCount());
        assertTrue(file.isWritten(offset));
        assertEquals(memory.contentHash(1), file.contentHash(offset));
        file.readPage(offset, memory, 2);
        assertEquals(memory.contentHash(1), memory.contentHash(2));
        file.writePage(offset, memory, 0); // a zero page needs no storage
        assertEquals(0, file.writtenPageCount());
        file.writePage(offset, memory, 1);
        file.free(offset);
        assertEquals(0, file.writtenPageCount());
        assertEquals(PhysicalMemory.zeroPageHash(), file.contentHash(offset));
        assertThrows(IllegalArgumentException.class, () -> file.readLong(0, 4));
        assertThrows(IllegalArgumentException.class, () -> file.readPage(16, memory, 0));
    }

    /** The allocator agrees with a sorted-set model: allocate takes the lowest free page, free returns it. */
    @Property
    void allocatorMatchesAModel(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 40) Integer> ops) {
        PagingFile file = new PagingFile(0, 33);
        TreeSet<Long> free = new TreeSet<>();
        for (long offset = 1; offset < 33; offset++) {
            free.add(offset);
        }
        TreeSet<Long> used = new TreeSet<>();
        for (int op : ops) {
            if (op < 20 || used.isEmpty()) {
                long expected = free.isEmpty() ? -1 : free.pollFirst();
                assertEquals(expected, file.allocate());
                if (expected > 0) {
                    used.add(expected);
                }
            } else {
                Long victim = used.ceiling((long) op - 20);
                victim = victim == null ? used.first() : victim;
                used.remove(victim);
                free.add(victim);
                file.free(victim);
            }
            assertEquals(used.size(), file.allocatedCount());
        }
        for (long offset = 1; offset < 33; offset++) {
            assertEquals(used.contains(offset), file.isAllocated(offset));
        }
    }
}
