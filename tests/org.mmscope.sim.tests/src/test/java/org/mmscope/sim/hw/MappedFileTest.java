package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class MappedFileTest {

    @Test
    void unwrittenPagesHoldGeneratedContent() {
        MappedFile file = new MappedFile("C:\\data\\big.dat", 100, 42);
        assertEquals("C:\\data\\big.dat", file.name());
        assertEquals(100, file.sizeInPages());
        assertEquals(42, file.seed());
        PhysicalMemory memory = new PhysicalMemory(4);
        file.readPage(7, memory, 1);
        assertFalse(memory.isZeroPage(1));
        for (int i = 0; i < 512; i++) {
            assertEquals(file.generatedLong(7, i), memory.readLong(1, i * 8));
            assertEquals(file.generatedLong(7, i), file.readLong(7, i * 8));
        }
        assertEquals(file.contentHash(7), memory.contentHash(1));
        assertEquals(0, file.writtenPageCount());
    }

    @Test
    void contentDependsOnNameSeedAndOffset() {
        MappedFile a = new MappedFile("a.dat", 10, 1);
        assertEquals(a.contentHash(3), new MappedFile("a.dat", 10, 1).contentHash(3));
        assertNotEquals(a.contentHash(3), a.contentHash(4));
        assertNotEquals(a.contentHash(3), new MappedFile("a.dat", 10, 2).contentHash(3));
        assertNotEquals(a.contentHash(3), new MappedFile("b.dat", 10, 1).contentHash(3));
        assertNotEquals(a.generatedLong(0, 0), a.generatedLong(0, 1));
    }

    @Test
    void writtenPagesAreRememberedEvenWhenZero() {
        MappedFile file = new MappedFile("log.txt", 4, 9);
        PhysicalMemory memory = new PhysicalMemory(4);
        long original = file.contentHash(2);
        file.writePage(2, memory, 0); // zero frame
        assertTrue(file.isWritten(2));
        assertEquals(PhysicalMemory.zeroPageHash(), file.contentHash(2));
        assertNotEquals(original, file.contentHash(2));
        memory.writeLong(3, 8, 77);
        file.writePage(2, memory, 3);
        assertEquals(77, file.readLong(2, 8));
        assertEquals(1, file.writtenPageCount());
        assertEquals(original, new MappedFile("log.txt", 4, 9).contentHash(2));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(NullPointerException.class, () -> new MappedFile(null, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MappedFile(" ", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MappedFile("x", 0, 0));
        MappedFile file = new MappedFile("x", 2, 0);
        assertThrows(IllegalArgumentException.class, () -> file.generatedLong(2, 0));
        assertThrows(IllegalArgumentException.class, () -> file.generatedLong(0, 512));
        assertThrows(IllegalArgumentException.class, () -> file.readLong(0, 4096));
        assertThrows(IllegalArgumentException.class, () -> file.contentHash(-1));
    }

    @Property
    void generatedContentIsAPureFunction(@ForAll @LongRange(min = 0, max = 1_000_000) long offset,
            @ForAll @IntRange(min = 0, max = 511) int index, @ForAll long seed) {
        MappedFile one = new MappedFile("f", 1_000_001, seed);
        MappedFile two = new MappedFile("f", 1_000_001, seed);
        two.readLong(offset == 0 ? 1 : 0, 0); // other reads in between change nothing
        assertEquals(one.generatedLong(offset, index), two.generatedLong(offset, index));
        assertEquals(one.readLong(offset, index * 8), one.generatedLong(offset, index));
    }
}
