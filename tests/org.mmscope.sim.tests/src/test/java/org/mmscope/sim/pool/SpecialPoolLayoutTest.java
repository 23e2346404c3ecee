package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.hw.PhysicalMemory;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SpecialPoolLayoutTest {

    static final int TAG = PoolHeader.tagOf("Vfy ");
    static final int PFN = 7;

    final PhysicalMemory memory = new PhysicalMemory(16);

    static BugCheckException c1(long subtype, Executable what) {
        BugCheckException e = assertThrows(BugCheckException.class, what);
        assertEquals(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, e.code());
        assertEquals(subtype, e.parameter(4), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @CsvSource({ "1, 4080", "15, 4080", "16, 4080", "17, 4064", "4080, 16", "100, 3984" })
    void overrunPutsTheHeaderFirstAndTheDataAtThePageEnd(int bytes, int dataOffset) {
        assertEquals(dataOffset, SpecialPoolLayout.dataOffset(bytes, Detection.OVERRUN));
        assertEquals(0, SpecialPoolLayout.headerOffset(bytes, Detection.OVERRUN));
        long address = SpecialPoolLayout.allocate(memory, PFN, bytes, PoolType.NONPAGED, TAG, Detection.OVERRUN);
        assertEquals((long) PFN << 12 | dataOffset, address);
        assertEquals(bytes, SpecialPoolLayout.headerBytes(memory, PFN, 0));
        assertEquals(TAG, SpecialPoolLayout.headerTag(memory, PFN, 0));
        assertEquals(PoolType.NONPAGED, SpecialPoolLayout.headerType(memory, PFN, 0));
        byte pattern = SpecialPoolLayout.patternFor(PFN);
        assertEquals((byte) 0xA7, pattern);
        assertEquals(pattern, memory.readByte(PFN, 16));
        assertEquals(pattern, memory.readByte(PFN, 4095));
        assertEquals(bytes, SpecialPoolLayout.verifyFree(memory, address));
    }

    @ParameterizedTest
    @CsvSource({ "1", "15", "16", "17", "4080" })
    void underrunPutsTheDataFirstAndTheHeaderAtThePageEnd(int bytes) {
        assertEquals(0, SpecialPoolLayout.dataOffset(bytes, Detection.UNDERRUN));
        assertEquals(4080, SpecialPoolLayout.headerOffset(bytes, Detection.UNDERRUN));
        long address = SpecialPoolLayout.allocate(memory, PFN, bytes, PoolType.PAGED, TAG, Detection.UNDERRUN);
        assertEquals((long) PFN << 12, address);
        assertEquals(bytes, SpecialPoolLayout.headerBytes(memory, PFN, 4080));
        assertEquals(PoolType.PAGED, SpecialPoolLayout.headerType(memory, PFN, 4080));
        assertEquals(bytes, SpecialPoolLayout.verifyFree(memory, address));
    }

    @Property(tries = 200)
    void anIntactAllocationWithItsDataWrittenFreesCleanly(@ForAll @IntRange(min = 1, max = 4080) int bytes,
            @ForAll boolean underrun) {
        PhysicalMemory m = new PhysicalMemory(16);
        Detection d = underrun ? Detection.UNDERRUN : Detection.OVERRUN;
        long address = SpecialPoolLayout.allocate(m, 3, bytes, PoolType.NONPAGED, TAG, d);
        for (int i = 0; i < bytes; i++) {
            m.writeByte(3, SmallBlockPool.offsetOf(address) + i, (byte) i);
        }
        assertEquals(bytes, SpecialPoolLayout.verifyFree(m, address));
    }

    @Test
    void aWriteIntoTheSlackAfterTheDataIsCaughtOnFree() {
        long address = SpecialPoolLayout.allocate(memory, PFN, 17, PoolType.NONPAGED, TAG, Detection.OVERRUN);
        memory.writeByte(PFN, 4064 + 17, (byte) 0); // one byte past the end, still inside the page
        BugCheckException e = c1(SpecialPoolLayout.CORRUPTED_AFTER_DATA,
                () -> SpecialPoolLayout.verifyFree(memory, address));
        assertEquals(address, e.parameter(1));
        assertEquals((long) PFN << 12 | 4081, e.parameter(2));
        assertEquals(0, e.parameter(3));
    }

    @Test
    void aWriteBeforeTheDataIsCaughtOnFree() {
        long address = SpecialPoolLayout.allocate(memory, PFN, 17, PoolType.NONPAGED, TAG, Detection.OVERRUN);
        memory.writeByte(PFN, 4063, (byte) 0x41);
        BugCheckException e = c1(SpecialPoolLayout.CORRUPTED_BEFORE_DATA,
                () -> SpecialPoolLayout.verifyFree(memory, address));
        assertEquals(0x41, e.parameter(3));
    }

    @Test
    void underrunSlackBeforeTheHeaderIsChecked() {
        long address = SpecialPoolLayout.allocate(memory, PFN, 100, PoolType.PAGED, TAG, Detection.UNDERRUN);
        memory.writeByte(PFN, 100, (byte) 1);
        c1(SpecialPoolLayout.CORRUPTED_AFTER_DATA, () -> SpecialPoolLayout.verifyFree(memory, address));
    }

    @Test
    void aCorruptHeaderOrAWrongAddressIsCaught() {
        long address = SpecialPoolLayout.allocate(memory, PFN, 40, PoolType.NONPAGED, TAG, Detection.OVERRUN);
        c1(SpecialPoolLayout.FREED_BAD_SIZE, () -> SpecialPoolLayout.verifyFree(memory, address - 16));
        c1(SpecialPoolLayout.FREED_NOT_ALLOCATED, () -> SpecialPoolLayout.verifyFree(memory, address + 1));
        c1(SpecialPoolLayout.FREED_NOT_ALLOCATED, () -> SpecialPoolLayout.verifyFree(memory, (long) PFN << 12));
        c1(SpecialPoolLayout.FREED_NOT_ALLOCATED, () -> SpecialPoolLayout.verifyFree(memory, 3L << 12 | 16));
        memory.writeLong(PFN, 0, memory.readLong(PFN, 0) + 1); // size 41 puts the data at the same 4048
        assertEquals(41, SpecialPoolLayout.verifyFree(memory, address));
        memory.writeLong(PFN, 0, memory.readLong(PFN, 0) + 16); // size 57: data would be at 4032
        c1(SpecialPoolLayout.FREED_BAD_SIZE, () -> SpecialPoolLayout.verifyFree(memory, address));
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SpecialPoolLayout.dataOffset(0, Detection.OVERRUN));
        assertThrows(IllegalArgumentException.class, () -> SpecialPoolLayout.dataOffset(4081, Detection.UNDERRUN));
        assertThrows(IllegalArgumentException.class,
                () -> SpecialPoolLayout.allocate(memory, PFN, 4081, PoolType.PAGED, TAG, Detection.OVERRUN));
    }

    @Test
    void irqlRule() {
        SpecialPoolLayout.checkIrql(PoolType.PAGED, Irql.PASSIVE_LEVEL);
        SpecialPoolLayout.checkIrql(PoolType.PAGED, Irql.APC_LEVEL);
        SpecialPoolLayout.checkIrql(PoolType.NONPAGED, Irql.DISPATCH_LEVEL);
        BugCheckException e = c1(SpecialPoolLayout.BAD_IRQL,
                () -> SpecialPoolLayout.checkIrql(PoolType.PAGED, Irql.DISPATCH_LEVEL, 64));
        assertEquals(2, e.parameter(1));
        assertEquals(1, e.parameter(2));
        assertEquals(64, e.parameter(3));
        assertEquals(0x30, SpecialPoolLayout.BAD_IRQL);
    }
}
