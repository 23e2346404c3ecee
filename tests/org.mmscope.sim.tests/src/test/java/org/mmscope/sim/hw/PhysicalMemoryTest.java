package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PhysicalMemoryTest {

    private static final int PAGE = 4096;

    @Test
    void neverWrittenFramesReadZeroAndStoreNothing() {
        PhysicalMemory memory = new PhysicalMemory(65_536);
        assertEquals(65_536, memory.pageCount());
        assertEquals(0, memory.readLong(0, 0));
        assertEquals(0, memory.readLong(65_535, 4088));
        assertEquals(0, memory.readByte(1234, 4095));
        assertTrue(memory.isZeroPage(77));
        assertFalse(memory.isStored(77));
        assertEquals(0, memory.storedFrames());
    }

    @Test
    void onlyWrittenFramesHoldStorage() {
        PhysicalMemory memory = new PhysicalMemory(1024);
        memory.writeLong(5, 8, 0x1122334455667788L);
        memory.writeByte(9, 3, (byte) 0xAB);
        memory.writeLong(6, 0, 0); // writing zero to an empty frame stores nothing
        memory.writeByte(7, 0, (byte) 0);
        assertEquals(2, memory.storedFrames());
        assertTrue(memory.isStored(5));
        assertTrue(memory.isStored(9));
        assertFalse(memory.isStored(6));
        assertEquals(0x1122334455667788L, memory.readLong(5, 8));
        assertEquals((byte) 0xAB, memory.readByte(9, 3));
        assertEquals(0xABL << 24, memory.readLong(9, 0));
    }

    @Test
    void sixtyFourGibMachineDoesNotAllocatePerFrame() {
        PhysicalMemory memory = new PhysicalMemory(16_777_216);
        assertEquals(16_777_216, memory.pageCount());
        assertEquals(0, memory.storedFrames());
        memory.writeLong(16_777_215, 4088, -1L);
        memory.writeLong(0, 0, 1);
        assertEquals(2, memory.storedFrames());
        assertEquals(-1L, memory.readLong(16_777_215, 4088));
        assertTrue(memory.isZeroPage(8_000_000));
    }

    @Test
    void largestMachineIsAccepted() {
        PhysicalMemory memory = new PhysicalMemory(PhysicalMemory.MAX_PAGE_COUNT);
        memory.writeByte(PhysicalMemory.MAX_PAGE_COUNT - 1, 4095, (byte) 1);
        assertEquals(1, memory.storedFrames());
    }

    @Test
    void refusesBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(0));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(-1));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(PhysicalMemory.MAX_PAGE_COUNT + 1));
        assertEquals(1, new PhysicalMemory(1).pageCount());
    }

    @Test
    void refusesOutOfBoundsAccesses() {
        PhysicalMemory memory = new PhysicalMemory(16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> memory.readLong(16, 0));
        assertEquals("page frame 0x10 is outside physical memory (0..0xf)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> memory.readLong(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> memory.readLong(0, 4));
        assertThrows(IllegalArgumentException.class, () -> memory.readLong(0, 4096));
        assertThrows(IllegalArgumentException.class, () -> memory.writeLong(0, -8, 1));
        assertThrows(IllegalArgumentException.class, () -> memory.readByte(0, 4096));
        assertThrows(IllegalArgumentException.class, () -> memory.writeByte(0, -1, (byte) 1));
        assertThrows(IllegalArgumentException.class, () -> memory.zeroPage(16));
        assertThrows(IllegalArgumentException.class, () -> memory.copyPage(0, 16));
        assertThrows(IllegalArgumentException.class, () -> memory.readPage(0, new byte[4095]));
        assertThrows(IllegalArgumentException.class, () -> memory.writePage(0, null));
        assertThrows(IllegalArgumentException.class, () -> memory.readPageLongs(0, new long[511]));
        assertThrows(IllegalArgumentException.class, () -> memory.contentHash(16));
        assertEquals(0, memory.storedFrames());
    }

    @Test
    void zeroPageDropsStorage() {
        PhysicalMemory memory = new PhysicalMemory(8);
        memory.fillPage(3, (byte) 0x5A);
        assertEquals(1, memory.storedFrames());
        assertFalse(memory.isZeroPage(3));
        memory.zeroPage(3);
        assertEquals(0, memory.storedFrames());
        assertTrue(memory.isZeroPage(3));
        assertEquals(0, memory.readLong(3, 0));
        memory.zeroPage(3); // zeroing a zero frame is fine
        assertEquals(0, memory.storedFrames());
    }

    @Test
    void storedFrameWrittenBackToZeroIsAZeroPage() {
        PhysicalMemory memory = new PhysicalMemory(8);
        memory.writeLong(2, 16, 42);
        memory.writeLong(2, 16, 0);
        assertTrue(memory.isStored(2));
        assertTrue(memory.isZeroPage(2));
        assertEquals(PhysicalMemory.zeroPageHash(), memory.contentHash(2));
    }

    @Test
    void fillPageSetsEveryByte() {
        PhysicalMemory memory = new PhysicalMemory(8);
        memory.fillPage(1, (byte) 0xA5);
        assertEquals(0xA5A5A5A5A5A5A5A5L, memory.readLong(1, 2048));
        assertEquals((byte) 0xA5, memory.readByte(1, 4095));
        memory.fillPage(1, (byte) 0);
        assertFalse(memory.isStored(1));
    }

    @Test
    void copyPageCopiesContentsAndZeroes() {
        PhysicalMemory memory = new PhysicalMemory(8);
        memory.fillPage(1, (byte) 0x11);
        memory.writeLong(1, 64, 0xDEADBEEFL);
        memory.copyPage(1, 2);
        assertEquals(memory.contentHash(1), memory.contentHash(2));
        assertEquals(0xDEADBEEFL, memory.readLong(2, 64));
        memory.writeLong(1, 64, 7); // the copy is independent
        assertEquals(0xDEADBEEFL, memory.readLong(2, 64));
        memory.copyPage(0, 2); // copying a zero frame releases the target
        assertFalse(memory.isStored(2));
        memory.copyPage(1, 1);
        assertEquals(7, memory.readLong(1, 64));
    }

    @Test
    void pagesAreLittleEndian() {
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.writeLong(0, 0, 0x0807060504030201L);
        for (int i = 0; i < 8; i++) {
            assertEquals((byte) (i + 1), memory.readByte(0, i));
        }
        byte[] page = new byte[PAGE];
        memory.readPage(0, page);
        assertEquals(1, page[0]);
        assertEquals(8, page[7]);
        assertEquals(0, page[8]);
    }

    @Test
    void writingAnAllZeroPageReleasesStorage() {
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.fillPage(0, (byte) 9);
        memory.writePage(0, new byte[PAGE]);
        assertFalse(memory.isStored(0));
        memory.writePageLongs(1, new long[512]);
        assertFalse(memory.isStored(1));
        long[] words = new long[512];
        words[511] = 3;
        memory.writePageLongs(1, words);
        assertEquals(3, memory.readLong(1, 4088));
        long[] back = new long[512];
        memory.readPageLongs(1, back);
        assertArrayEquals(words, back);
        memory.readPageLongs(2, back);
        assertArrayEquals(new long[512], back);
    }

    @Test
    void zeroHashIsTheSameStoredOrNot() {
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.writeByte(1, 100, (byte) 1);
        memory.writeByte(1, 100, (byte) 0);
        assertEquals(memory.contentHash(0), memory.contentHash(1));
        assertEquals(PhysicalMemory.zeroPageHash(), memory.contentHash(0));
        memory.writeByte(2, 100, (byte) 1);
        assertNotEquals(memory.contentHash(0), memory.contentHash(2));
    }

    @Test
    void hashSeesByteOrder() {
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.writeByte(0, 0, (byte) 1);
        memory.writeByte(1, 1, (byte) 1);
        assertNotEquals(memory.contentHash(0), memory.contentHash(1));
    }

    @Test
    void releasedArraysAreReusedClean() {
        PhysicalMemory memory = new PhysicalMemory(200);
        for (int pfn = 0; pfn < 100; pfn++) {
            memory.fillPage(pfn, (byte) 0x77);
        }
        for (int pfn = 0; pfn < 100; pfn++) {
            memory.zeroPage(pfn);
        }
        memory.writeLong(150, 8, 1);
        assertEquals(0, memory.readLong(150, 0));
        assertEquals(1, memory.readLong(150, 8));
        assertEquals(1, memory.storedFrames());
    }

    @Property
    void longRoundTrips(@ForAll @IntRange(min = 0, max = 1023) int pfn, @ForAll @IntRange(min = 0, max = 511) int index,
            @ForAll long value) {
        PhysicalMemory memory = new PhysicalMemory(1024);
        memory.writeLong(pfn, index * 8, value);
        assertEquals(value, memory.readLong(pfn, index * 8));
        assertEquals(value == 0 ? 0 : 1, memory.storedFrames());
        for (int b = 0; b < 8; b++) {
            assertEquals((byte) (value >>> (8 * b)), memory.readByte(pfn, index * 8 + b));
        }
    }

    @Property
    void pageRoundTripsAndHashFollowsContent(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] page = new byte[PAGE];
        for (int i = random.nextInt(PAGE); i < PAGE; i += 1 + random.nextInt(300)) {
            page[i] = (byte) random.nextInt(256);
        }
        PhysicalMemory memory = new PhysicalMemory(4);
        memory.writePage(1, page);
        byte[] back = new byte[PAGE];
        memory.readPage(1, back);
        assertArrayEquals(page, back);
        memory.copyPage(1, 3);
        assertEquals(memory.contentHash(1), memory.contentHash(3));
        PhysicalMemory other = new PhysicalMemory(4);
        for (int i = 0; i < PAGE; i++) {
            other.writeByte(2, i, page[i]);
        }
        assertEquals(memory.contentHash(1), other.contentHash(2));
        assertEquals(memory.isZeroPage(1), memory.contentHash(1) == PhysicalMemory.zeroPageHash());
    }
}
