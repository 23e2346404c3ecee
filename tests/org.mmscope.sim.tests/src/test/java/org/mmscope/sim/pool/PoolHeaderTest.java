package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.hw.PhysicalMemory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PoolHeaderTest {

    @Property(tries = 500)
    void headerFieldsRoundTrip(@ForAll @IntRange(min = 0, max = 255) int previous,
            @ForAll @IntRange(min = 0, max = 255) int index, @ForAll @IntRange(min = 0, max = 255) int size,
            @ForAll @IntRange(min = 0, max = 255) int type, @ForAll int tag, @ForAll long second,
            @ForAll @IntRange(min = 0, max = 255) int slot) {
        long first = PoolHeader.encode(previous, index, size, type, tag);
        assertEquals(previous, PoolHeader.previousSize(first));
        assertEquals(index, PoolHeader.poolIndex(first));
        assertEquals(size, PoolHeader.blockSize(first));
        assertEquals(type, PoolHeader.poolType(first));
        assertEquals(tag, PoolHeader.tag(first));
        assertEquals(type == 0, PoolHeader.isFree(first));
        PhysicalMemory memory = new PhysicalMemory(4);
        int offset = slot * 16;
        PoolHeader.write(memory, 3, offset, first, second);
        assertEquals(first, PoolHeader.readFirst(memory, 3, offset));
        assertEquals(second, PoolHeader.readSecond(memory, 3, offset));
        long changed = PoolHeader.withPoolType(PoolHeader.withBlockSize(PoolHeader.withPreviousSize(first, size), previous), 0);
        assertEquals(PoolHeader.encode(size, index, previous, 0, tag), changed);
    }

    @Test
    void fieldLayoutIsNtsX64PoolHeader() {
        long first = PoolHeader.encode(0x01, 0x02, 0x03, 0x04, 0x05060708);
        assertEquals(0x0506070804030201L, first);
    }

    @Test
    void tagsAreStoredLittleEndianAndReadBack() {
        int mm = PoolHeader.tagOf("Mm  ");
        assertEquals(0x20206D4D, mm);
        assertEquals("Mm  ", PoolHeader.tagText(mm));
        assertEquals("Proc", PoolHeader.tagText(PoolHeader.tagOf("Proc")));
        PhysicalMemory memory = new PhysicalMemory(2);
        PoolHeader.write(memory, 1, 0, PoolHeader.encode(0, 0, 1, 1, mm), 0);
        assertEquals('M', memory.readByte(1, 4));
        assertEquals('m', memory.readByte(1, 5));
        assertEquals(' ', memory.readByte(1, 6));
        assertEquals("..ab", PoolHeader.tagText(0x62610100));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.tagOf("Mm"));
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.tagOf("Mm\u00e9 "));
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.tagOf(null));
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.encode(256, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.encode(0, 0, -1, 0, 0));
        PhysicalMemory memory = new PhysicalMemory(2);
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.readFirst(memory, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> PoolHeader.readFirst(memory, 0, 4096));
    }

    @Test
    void poolTypeCodesAreNts() {
        assertEquals(0, PoolType.NONPAGED.code());
        assertEquals(1, PoolType.PAGED.code());
        assertEquals(1, PoolType.NONPAGED.headerCode());
        assertEquals(2, PoolType.PAGED.headerCode());
        assertEquals(PoolType.PAGED, PoolType.ofHeaderCode(2));
        assertTrue(!PoolType.isAllocatedHeaderCode(0));
        assertThrows(IllegalArgumentException.class, () -> PoolType.ofHeaderCode(0));
    }
}
