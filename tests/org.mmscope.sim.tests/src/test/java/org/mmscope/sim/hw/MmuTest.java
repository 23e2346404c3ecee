package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.pte.Pte;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MmuTest {

    private static final long USER_VA = 0x0000_7FF6_1234_0000L;
    private static final long KERNEL_VA = 0xFFFF_F800_0123_4000L;

    private final PhysicalMemory memory = new PhysicalMemory(4096);
    private final PageTables tables = new PageTables(memory, 0x100);
    private final Mmu mmu = new Mmu(memory);
    private final Cpu cpu = new Cpu(0, new Tlb(16));

    private long translate(long va, Access access, Mode mode) {
        return mmu.translate(cpu, tables.pml4, va, access, mode);
    }

    @Test
    void translatesThroughFourLevels() {
        int frame = tables.mapNew(USER_VA);
        assertEquals(((long) frame << 12) | 0x567, translate(USER_VA + 0x567, Access.READ, Mode.USER));
        assertEquals(1, mmu.walks());
        assertEquals(0, mmu.faults());
        assertEquals(1, cpu.tlb().entryCount());
        int slot = cpu.tlb().peek(tables.pml4, USER_VA);
        assertEquals(frame, cpu.tlb().pfn(slot));
        assertTrue(cpu.tlb().isUser(slot));
        assertTrue(cpu.tlb().isWritable(slot));
        assertFalse(cpu.tlb().isDirty(slot));
    }

    @Test
    void secondTranslationHitsTheTlbWithoutWalking() {
        tables.mapNew(USER_VA);
        long first = translate(USER_VA, Access.READ, Mode.USER);
        long second = translate(USER_VA + 8, Access.READ, Mode.KERNEL);
        assertEquals(first + 8, second);
        assertEquals(1, mmu.walks());
        assertEquals(2, mmu.translations());
        assertEquals(1, cpu.tlb().hits());
        assertEquals(1, cpu.tlb().misses());
    }

    @Test
    void hardwareSetsAccessedEverywhereAndDirtyInThePteOnly() {
        tables.mapNew(USER_VA);
        for (int level = 4; level >= 1; level--) {
            assertEquals(0, tables.entry(USER_VA, level) & (Pte.ACCESSED | Pte.DIRTY));
        }
        translate(USER_VA, Access.READ, Mode.USER);
        for (int level = 4; level >= 1; level--) {
            assertTrue(Pte.isAccessed(tables.entry(USER_VA, level)), "accessed at level " + level);
            assertFalse(Pte.isDirty(tables.entry(USER_VA, level)), "dirty at level " + level);
        }
        translate(USER_VA, Access.WRITE, Mode.USER);
        assertTrue(Pte.isDirty(tables.entry(USER_VA, 1)));
        for (int level = 4; level >= 2; level--) {
            assertFalse(Pte.isDirty(tables.entry(USER_VA, level)), "dirty at level " + level);
        }
    }

    @Test
    void aWriteHittingACleanEntryWalksAgainToSetDirty() {
        tables.mapNew(USER_VA);
        translate(USER_VA, Access.READ, Mode.USER);
        assertEquals(1, mmu.walks());
        translate(USER_VA, Access.WRITE, Mode.USER);
        assertEquals(2, mmu.walks(), "the processor must write Dirty into the PTE");
        assertTrue(Pte.isDirty(tables.entry(USER_VA, 1)));
        assertTrue(cpu.tlb().isDirty(cpu.tlb().peek(tables.pml4, USER_VA)));
        translate(USER_VA, Access.WRITE, Mode.USER);
        assertEquals(2, mmu.walks(), "the entry is dirty now");
        assertEquals(1, cpu.tlb().entryCount());
    }

    @Test
    void staleTlbEntryIsUsedUntilFlushed() {
        int oldFrame = tables.mapNew(USER_VA);
        int newFrame = tables.newFrame();
        assertEquals((long) oldFrame << 12, translate(USER_VA, Access.READ, Mode.USER));
        tables.setEntry(USER_VA, 1, Pte.hardware(newFrame, true, true, false));
        assertEquals((long) oldFrame << 12, translate(USER_VA, Access.READ, Mode.USER), "no flush: stale");
        assertTrue(cpu.tlb().flushSingle(tables.pml4, USER_VA));
        assertEquals((long) newFrame << 12, translate(USER_VA, Access.READ, Mode.USER));
    }

    @Test
    void staleEntryStillReadsAPageWhosePteWasInvalidated() {
        int frame = tables.mapNew(USER_VA);
        memory.writeLong(frame, 0, 0x1234);
        assertTrue(mmu.readLong(cpu, tables.pml4, USER_VA, Mode.USER));
        tables.setEntry(USER_VA, 1, Pte.demandZero(4)); // the page left the working set, no flush
        assertTrue(mmu.readLong(cpu, tables.pml4, USER_VA, Mode.USER), "a stale translation is used");
        assertEquals(0x1234, mmu.lastValue());
        // a write to the clean entry re-walks and finds the PTE gone
        assertFalse(mmu.writeLong(cpu, tables.pml4, USER_VA, 5, Mode.USER));
        assertEquals(FaultReason.NOT_PRESENT, mmu.lastFault().reason());
        assertEquals(1, mmu.lastFault().level());
        assertEquals(0x1234, memory.readLong(frame, 0));
        assertEquals(-1, cpu.tlb().peek(tables.pml4, USER_VA), "a fault drops the page's translation");
    }

    @Test
    void staleWritableEntryAllowsWritesAfterTheMemoryManagerMadeThePageReadOnly() {
        int frame = tables.mapNew(USER_VA);
        assertTrue(mmu.writeLong(cpu, tables.pml4, USER_VA, 1, Mode.USER));
        tables.setEntry(USER_VA, 1, Pte.setWritable(tables.entry(USER_VA, 1), false)); // forgot to flush
        assertTrue(mmu.writeLong(cpu, tables.pml4, USER_VA, 2, Mode.USER));
        assertEquals(2, memory.readLong(frame, 0));
        cpu.tlb().flushSingle(tables.pml4, USER_VA);
        assertFalse(mmu.writeLong(cpu, tables.pml4, USER_VA, 3, Mode.USER));
        assertEquals(FaultReason.WRITE_PROTECTED, mmu.lastFault().reason());
        assertEquals(2, memory.readLong(frame, 0));
    }

    @Test
    void aStaleReadOnlyEntryFaultsFromTheTlb() {
        int frame = tables.newFrame();
        tables.map(USER_VA, Pte.hardware(frame, false, true, false));
        translate(USER_VA, Access.READ, Mode.USER);
        tables.setEntry(USER_VA, 1, Pte.hardware(frame, true, true, false)); // made writable, TLB not flushed
        assertEquals(-1, translate(USER_VA, Access.WRITE, Mode.USER));
        PageFault fault = mmu.lastFault();
        assertTrue(fault.fromTlb());
        assertEquals(FaultReason.WRITE_PROTECTED, fault.reason());
        assertEquals(1, fault.level());
        assertEquals(frame, Pte.pfn(fault.entry()));
        assertFalse(Pte.isWritable(fault.entry()));
        assertEquals(0, cpu.tlb().entryCount(), "the fault dropped the stale entry");
        assertEquals((long) frame << 12, translate(USER_VA, Access.WRITE, Mode.USER), "retry walks and succeeds");
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 3, 2, 1 })
    void notPresentAtEachLevel(int level) {
        tables.mapNew(USER_VA);
        long entry = tables.entry(USER_VA, level) & ~Pte.VALID;
        tables.setEntry(USER_VA, level, entry);
        assertEquals(-1, translate(USER_VA + 0x10, Access.READ, Mode.USER));
        PageFault fault = mmu.lastFault();
        assertEquals(FaultReason.NOT_PRESENT, fault.reason());
        assertEquals(level, fault.level());
        assertEquals(entry, fault.entry());
        assertEquals(USER_VA + 0x10, fault.va());
        assertEquals(Access.READ, fault.access());
        assertEquals(Mode.USER, fault.mode());
        assertEquals(tables.pml4, fault.addressSpace());
        assertEquals(0, fault.cpu());
        assertFalse(fault.fromTlb());
        assertEquals(0b100, fault.errorCode());
        assertEquals(1, mmu.faults());
        assertEquals(0, cpu.tlb().entryCount());
        for (int l = 4; l > level; l--) {
            assertFalse(Pte.isAccessed(tables.entry(USER_VA, l)), "a faulting walk changes no entry");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 3, 2, 1 })
    void writeProtectedAtEachLevelAlsoForKernelWrites(int level) {
        tables.mapNew(USER_VA);
        long entry = tables.entry(USER_VA, level) & ~Pte.WRITE;
        tables.setEntry(USER_VA, level, entry);
        assertTrue(translate(USER_VA, Access.READ, Mode.USER) >= 0);
        cpu.tlb().flushAll();
        assertEquals(-1, translate(USER_VA, Access.WRITE, Mode.KERNEL));
        PageFault fault = mmu.lastFault();
        assertEquals(FaultReason.WRITE_PROTECTED, fault.reason());
        assertEquals(level, fault.level());
        assertEquals(entry | Pte.ACCESSED, fault.entry());
        assertEquals(Access.WRITE, fault.access());
        assertEquals(Mode.KERNEL, fault.mode());
        assertEquals(0b011, fault.errorCode());
        assertFalse(Pte.isDirty(tables.entry(USER_VA, 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 3, 2, 1 })
    void userAccessToKernelAtEachLevel(int level) {
        tables.mapNew(USER_VA);
        long entry = tables.entry(USER_VA, level) & ~Pte.OWNER;
        tables.setEntry(USER_VA, level, entry);
        assertTrue(translate(USER_VA, Access.READ, Mode.KERNEL) >= 0, "the kernel may read it");
        assertEquals(-1, translate(USER_VA, Access.READ, Mode.USER));
        PageFault fault = mmu.lastFault();
        assertEquals(FaultReason.USER_ACCESS_TO_KERNEL, fault.reason());
        assertTrue(fault.fromTlb(), "the kernel read cached the translation");
        assertEquals(0b101, fault.errorCode());
        assertEquals(-1, translate(USER_VA, Access.READ, Mode.USER));
        fault = mmu.lastFault();
        assertFalse(fault.fromTlb());
        assertEquals(level, fault.level());
        assertEquals(entry | Pte.ACCESSED, fault.entry());
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 3, 2, 1 })
    void noExecuteAtEachLevel(int level) {
        tables.mapNew(USER_VA);
        long entry = tables.entry(USER_VA, level) | Pte.NO_EXECUTE;
        tables.setEntry(USER_VA, level, entry);
        assertTrue(translate(USER_VA, Access.READ, Mode.USER) >= 0);
        cpu.tlb().flushAll();
        assertEquals(-1, translate(USER_VA, Access.EXECUTE, Mode.USER));
        PageFault fault = mmu.lastFault();
        assertEquals(FaultReason.NO_EXECUTE, fault.reason());
        assertEquals(level, fault.level());
        assertEquals(entry | Pte.ACCESSED, fault.entry());
        assertEquals(0b10101, fault.errorCode());
    }

    @Test
    void executeIsAllowedWithoutNoExecute() {
        int frame = tables.mapNew(KERNEL_VA);
        assertEquals((long) frame << 12, translate(KERNEL_VA, Access.EXECUTE, Mode.KERNEL));
    }

    @Test
    void notPresentWinsOverMissingRightsAndUserWinsOverWrite() {
        tables.mapNew(USER_VA);
        long pml4e = tables.entry(USER_VA, 4);
        tables.setEntry(USER_VA, 4, pml4e & ~Pte.WRITE & ~Pte.OWNER);
        tables.setEntry(USER_VA, 1, tables.entry(USER_VA, 1) & ~Pte.VALID);
        translate(USER_VA, Access.WRITE, Mode.USER);
        assertEquals(FaultReason.NOT_PRESENT, mmu.lastFault().reason());
        assertEquals(1, mmu.lastFault().level());
        tables.setEntry(USER_VA, 1, tables.entry(USER_VA, 1) | Pte.VALID);
        translate(USER_VA, Access.WRITE, Mode.USER);
        assertEquals(FaultReason.USER_ACCESS_TO_KERNEL, mmu.lastFault().reason());
        assertEquals(4, mmu.lastFault().level());
        assertEquals(0b111, mmu.lastFault().errorCode());
    }

    @Test
    void nonCanonicalAddressFaultsWithoutWalking() {
        assertEquals(-1, translate(0x0000_8000_0000_0000L, Access.READ, Mode.KERNEL));
        PageFault fault = mmu.lastFault();
        assertEquals(FaultReason.NON_CANONICAL, fault.reason());
        assertEquals(0, fault.level());
        assertEquals(0, fault.entry());
        assertEquals(0, fault.errorCode());
        assertEquals(0, mmu.walks());
        assertEquals(1, mmu.faults());
    }

    @Test
    void emptyPml4FaultsAtLevelFour() {
        assertFalse(mmu.lastFault().isRecorded());
        assertEquals(-1, translate(KERNEL_VA, Access.READ, Mode.KERNEL));
        assertTrue(mmu.lastFault().isRecorded());
        assertEquals(4, mmu.lastFault().level());
        assertEquals(0, mmu.lastFault().entry());
    }

    @Test
    void globalKernelTranslationsServeEveryAddressSpace() {
        int frame = tables.newFrame();
        tables.map(KERNEL_VA, Pte.hardware(frame, true, false, true) | Pte.GLOBAL);
        translate(KERNEL_VA, Access.READ, Mode.KERNEL);
        PageTables other = new PageTables(memory, 0x800);
        assertEquals((long) frame << 12, mmu.translate(cpu, other.pml4, KERNEL_VA, Access.READ, Mode.KERNEL),
                "served from the global TLB entry although the other PML4 maps nothing");
        cpu.tlb().flushAddressSpace(tables.pml4);
        assertEquals((long) frame << 12, mmu.translate(cpu, other.pml4, KERNEL_VA, Access.READ, Mode.KERNEL));
        cpu.tlb().flushAll();
        assertEquals(-1, mmu.translate(cpu, other.pml4, KERNEL_VA, Access.READ, Mode.KERNEL));
    }

    @Test
    void eachCpuHasItsOwnTlb() {
        Cpu other = new Cpu(1, new Tlb(16));
        int oldFrame = tables.mapNew(USER_VA);
        translate(USER_VA, Access.READ, Mode.USER);
        mmu.translate(other, tables.pml4, USER_VA, Access.READ, Mode.USER);
        int newFrame = tables.newFrame();
        tables.setEntry(USER_VA, 1, Pte.hardware(newFrame, true, true, false));
        cpu.tlb().flushSingle(tables.pml4, USER_VA); // flushed on CPU 0 only: a missing IPI
        assertEquals((long) newFrame << 12, translate(USER_VA, Access.READ, Mode.USER));
        assertEquals((long) oldFrame << 12, mmu.translate(other, tables.pml4, USER_VA, Access.READ, Mode.USER));
    }

    @Test
    void largePagesMapTwoMebibytes() {
        long va = 0x0000_0000_4000_0000L;
        tables.mapNew(va); // builds the PML4/PDPT path
        long pde = Pte.VALID | Pte.WRITE | Pte.OWNER | Pte.LARGE_PAGE | (0x400L << 12);
        tables.setEntry(va, 2, pde);
        assertEquals((0x400L << 12) + 0x12_3456, translate(va + 0x12_3456, Access.WRITE, Mode.USER));
        long after = tables.entry(va, 2);
        assertTrue(Pte.isAccessed(after));
        assertTrue(Pte.isDirty(after), "the PDE is the final entry of a large page");
        assertEquals(0x401L << 12, translate(va + 0x1000, Access.READ, Mode.USER));
        assertEquals(1, mmu.walks(), "one TLB entry covers the large page");
        assertTrue(cpu.tlb().isLargePage(cpu.tlb().peek(tables.pml4, va)));
    }

    @Test
    void gibibytePagesAreNotModelled() {
        tables.mapNew(USER_VA);
        tables.setEntry(USER_VA, 3, tables.entry(USER_VA, 3) | Pte.LARGE_PAGE);
        assertThrows(IllegalStateException.class, () -> translate(USER_VA, Access.READ, Mode.USER));
    }

    @Test
    void anEntryNamingAFrameBeyondMemoryStopsTheMachine() {
        tables.mapNew(USER_VA);
        long bad = Pte.hardware(4096, true, true, false);
        tables.setEntry(USER_VA, 1, bad);
        BugCheckException e = assertThrows(BugCheckException.class, () -> translate(USER_VA, Access.READ, Mode.USER));
        assertEquals(BugCheckCode.MEMORY_MANAGEMENT, e.code());
        assertEquals(Mmu.FRAME_OUTSIDE_RAM, e.parameter(1));
        assertEquals(USER_VA, e.parameter(2));
        assertEquals(bad, e.parameter(3));
        assertEquals(1, e.parameter(4));
    }

    @Test
    void readAndWriteLongThroughVirtualAddresses() {
        int frame = tables.mapNew(USER_VA);
        assertTrue(mmu.writeLong(cpu, tables.pml4, USER_VA + 0x18, 0xCAFEL, Mode.USER));
        assertEquals(0xCAFEL, memory.readLong(frame, 0x18));
        assertTrue(mmu.readLong(cpu, tables.pml4, USER_VA + 0x18, Mode.USER));
        assertEquals(0xCAFEL, mmu.lastValue());
        assertFalse(mmu.readLong(cpu, tables.pml4, USER_VA + 4096, Mode.USER));
        assertEquals(0xCAFEL, mmu.lastValue(), "a failed read leaves the last value");
        assertThrows(IllegalArgumentException.class, () -> mmu.readLong(cpu, tables.pml4, USER_VA + 4, Mode.USER));
        assertThrows(IllegalArgumentException.class, () -> mmu.writeLong(cpu, tables.pml4, USER_VA + 1, 0, Mode.USER));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(NullPointerException.class, () -> new Mmu(null));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(null, 0, 0, Access.READ, Mode.KERNEL));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(cpu, 0, 0, null, Mode.KERNEL));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(cpu, 0, 0, Access.READ, null));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(cpu, 4096, 0, Access.READ, Mode.KERNEL));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(cpu, -1, 0, Access.READ, Mode.KERNEL));
        assertEquals(0, mmu.translations());
    }

    @Test
    void pageFaultCopyIsIndependent() {
        translate(USER_VA, Access.READ, Mode.USER);
        PageFault kept = mmu.lastFault().copy();
        translate(KERNEL_VA, Access.WRITE, Mode.KERNEL);
        assertEquals(USER_VA, kept.va());
        assertEquals(KERNEL_VA, mmu.lastFault().va());
        assertTrue(kept.toString().contains("NOT_PRESENT"));
    }

    @Test
    void translatingAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long[] vas = new long[8];
        for (int i = 0; i < vas.length; i++) {
            vas[i] = USER_VA + i * 0x20_0000L;
            tables.mapNew(vas[i]);
        }
        Cpu small = new Cpu(1, new Tlb(4)); // smaller than the working set: walks and evictions too
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 20_000; i++) {
                long va = vas[i & 7] + ((i * 8L) & 0xFF8);
                sink += mmu.translate(small, tables.pml4, va, (i & 1) == 0 ? Access.READ : Access.WRITE, Mode.USER);
                sink += mmu.translate(small, tables.pml4, va + 4096, Access.READ, Mode.USER); // faults
                if (mmu.readLong(small, tables.pml4, va, Mode.USER)) {
                    sink += mmu.lastValue();
                }
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                assertTrue(allocated < 4096, "translations allocated " + allocated + " bytes");
            }
        }
        assertNotEquals(0, sink);
    }

    /** Any mapped address translates to its frame plus the offset, by walk and by TLB hit alike. */
    @Property(tries = 200)
    void translationKeepsThePageOffset(@ForAll @LongRange(min = 0, max = (1L << 48) - 1) long raw,
            @ForAll boolean write, @ForAll boolean user) {
        long va = org.mmscope.sim.pte.X64Paging.canonical(raw);
        PhysicalMemory ram = new PhysicalMemory(64);
        PageTables pt = new PageTables(ram, 1);
        Mmu unit = new Mmu(ram);
        Cpu processor = new Cpu(0, new Tlb(2));
        int frame = pt.mapNew(va);
        Access access = write ? Access.WRITE : Access.READ;
        Mode mode = user ? Mode.USER : Mode.KERNEL;
        long expected = ((long) frame << 12) | (va & 0xFFF);
        assertEquals(expected, unit.translate(processor, pt.pml4, va, access, mode));
        assertEquals(expected, unit.translate(processor, pt.pml4, va, access, mode));
        assertEquals(1, unit.walks());
        assertEquals(write, Pte.isDirty(pt.entry(va, 1)));
    }

    /** Same operations, same results: two machines driven alike end in the same state. */
    @Property(tries = 30)
    void translationIsDeterministic(@ForAll long seed) {
        assertEquals(runScript(seed), runScript(seed));
    }

    private static List<Long> runScript(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PhysicalMemory ram = new PhysicalMemory(256);
        PageTables pt = new PageTables(ram, 1);
        Mmu unit = new Mmu(ram);
        Cpu processor = new Cpu(0, new Tlb(4));
        long[] vas = new long[12];
        for (int i = 0; i < vas.length; i++) {
            vas[i] = USER_VA + random.nextInt(64) * 4096L;
            pt.mapNew(vas[i]);
        }
        List<Long> trace = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            long va = vas[random.nextInt(vas.length)] + random.nextInt(512) * 8L;
            switch (random.nextInt(5)) {
                case 0 -> trace.add(unit.translate(processor, pt.pml4, va, Access.WRITE, Mode.USER));
                case 1 -> pt.setEntry(va, 1, pt.entry(va, 1) ^ Pte.WRITE);
                case 2 -> trace.add(processor.tlb().flushSingle(pt.pml4, va) ? 1L : 0L);
                default -> trace.add(unit.translate(processor, pt.pml4, va, Access.READ, Mode.USER));
            }
        }
        trace.add(unit.walks());
        trace.add(unit.faults());
        for (int pfn = 0; pfn < ram.pageCount(); pfn++) {
            trace.add(ram.contentHash(pfn));
        }
        return trace;
    }
}
