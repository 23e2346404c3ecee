package org.mmscope.sim.pte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

class PteTest {

    private static final long MAX_PFN = (1L << 36) - 1;
    private static final int RW = Protection.READWRITE;

    // =====================================================================================
    // exact bit positions, hand-computed
    // =====================================================================================

    @Test
    void layoutConstants() {
        assertEquals(0x0000_FFFF_FFFF_F000L, Pte.PFN_MASK);
        assertEquals(0x3E0L, Pte.PROTECTION_MASK);
        assertEquals(0x1EL, Pte.PAGE_FILE_LOW_MASK);
        assertEquals(0xFFFF_FFFF_0000_0000L, Pte.PAGE_FILE_HIGH_MASK);
        assertEquals(0xF800L, Pte.PROTOTYPE_PROTECTION_MASK);
        assertEquals(0x8000_0000_0000_0000L, Pte.NO_EXECUTE);
        assertEquals(Pte.SOFTWARE_WRITE, Pte.TRANSITION);
        assertEquals(MAX_PFN, Pte.MAX_PFN);
    }

    @Test
    void hardwareBits() {
        // V=1, W=1 (bit 1), U=1 (bit 2), software Write (bit 11), pfn 0x1b2c3 at bit 12
        assertEquals(0x1B2C3807L, Pte.hardware(0x1B2C3, true, true, false));
        assertEquals(0x8000_0000_1B2C_3001L, Pte.hardware(0x1B2C3, false, false, true));
        assertEquals(0x1L, Pte.hardware(0, false, false, false));
        assertEquals(0x0000_FFFF_FFFF_F001L, Pte.hardware(MAX_PFN, false, false, false));

        long base = Pte.hardware(0, false, false, false);
        assertEquals(0x3L, Pte.setWritable(base, true));
        assertEquals(0x5L, Pte.setUser(base, true));
        assertEquals(0x9L, Pte.setWriteThrough(base, true));
        assertEquals(0x11L, Pte.setCacheDisabled(base, true));
        assertEquals(0x21L, Pte.setAccessed(base, true));
        assertEquals(0x41L, Pte.setDirty(base, true));
        assertEquals(0x81L, Pte.setLargePage(base, true));
        assertEquals(0x101L, Pte.setGlobal(base, true));
        assertEquals(0x201L, Pte.setCopyOnWrite(base, true));
        assertEquals(0x401L, Pte.setSoftwarePrototype(base, true));
        assertEquals(0x801L, Pte.setSoftwareWrite(base, true));
        assertEquals(0x8000_0000_0000_0001L, Pte.setNoExecute(base, true));
    }

    @Test
    void transitionBits() {
        // Transition (bit 11) | READWRITE (4) << 5 | pfn 0x12 << 12
        assertEquals(0x12880L, Pte.transition(0x12, RW));
        assertEquals(0x800L, Pte.transition(0, Protection.ZERO_ACCESS));
        assertEquals(0x0000_FFFF_FFFF_FBE0L, Pte.transition(MAX_PFN, 31));
    }

    @Test
    void transitionFromValidKeepsCachingAndOwnership() {
        long valid = Pte.hardware(0x12, true, true, true);
        valid = Pte.setWriteThrough(Pte.setCacheDisabled(valid, true), true);
        valid = Pte.setDirty(Pte.setAccessed(Pte.setGlobal(Pte.setCopyOnWrite(valid, true), true), true), true);
        // kept: W, Owner, WT, CD (bits 1..4 = 0x1e); dropped: V, A, D, G, C, software Write, NX
        assertEquals(0x1289EL, Pte.transitionFromValid(valid, RW));
        assertEquals(0x12880L, Pte.transitionFromValid(Pte.hardware(0x12, false, false, false), RW));
    }

    @Test
    void softwareBits() {
        assertEquals(0x80L, Pte.demandZero(RW));
        assertEquals(0x20L, Pte.demandZero(Protection.READONLY));
        assertEquals(0x300L, Pte.demandZero(Protection.NOACCESS));
        // PageFileHigh 3 << 32 | READWRITE << 5
        assertEquals(0x0000_0003_0000_0080L, Pte.pagingFile(0, 3, RW));
        // file 15 << 1 = 0x1e, EXECUTE_READWRITE (6) << 5 = 0xc0
        assertEquals(0xFFFF_FFFF_0000_00DEL, Pte.pagingFile(15, 0xFFFF_FFFFL, Protection.EXECUTE_READWRITE));
        assertEquals(0x0000_0001_0000_0022L, Pte.pagingFile(1, 1, Protection.READONLY));
    }

    @Test
    void prototypeBits() {
        long va = 0xFFFFF8A0_00123450L;
        // low 48 bits of the address << 16 | Prototype (bit 10)
        assertEquals(0xF8A0_0012_3450_0400L, Pte.prototype(va, false, 0));
        // | ReadOnly (bit 8) | READONLY (1) << 11
        assertEquals(0xF8A0_0012_3450_0D00L, Pte.prototype(va, true, Protection.READONLY));
        assertEquals(0x0000_0000_1000_FC00L, Pte.prototype(0x1000, false, 31));
        assertEquals(0x7FFF_FFFF_FFF8_0400L, Pte.prototype(0x0000_7FFF_FFFF_FFF8L, false, 0));
    }

    @Test
    void listBits() {
        assertEquals(0x5_0000_0000L, Pte.list(5, false));
        assertEquals(0x5_0000_0002L, Pte.list(5, true));
        assertEquals(0xFFFF_FFFF_0000_0002L, Pte.list(Pte.LIST_END, true));
        assertEquals(0x2L, Pte.list(0, true));
    }

    // =====================================================================================
    // classification
    // =====================================================================================

    @Test
    void classifiesEachFormat() {
        assertEquals(PteKind.ZERO, Pte.classify(0));
        assertEquals(PteKind.HARDWARE, Pte.classify(Pte.hardware(1, true, true, true)));
        assertEquals(PteKind.HARDWARE, Pte.classify(0x1));
        assertEquals(PteKind.TRANSITION, Pte.classify(Pte.transition(0x12, RW)));
        assertEquals(PteKind.PAGING_FILE, Pte.classify(Pte.pagingFile(0, 3, RW)));
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(Pte.demandZero(RW)));
        assertEquals(PteKind.PROTOTYPE, Pte.classify(Pte.prototype(0xFFFFF8A0_00123450L, false, 0)));
        assertEquals(PteKind.LIST, Pte.classify(Pte.list(5, false)));
        assertEquals(PteKind.LIST, Pte.classify(Pte.list(Pte.LIST_END, true)));
    }

    @Test
    void classificationEdgeCases() {
        // bit 11 belongs to a prototype PTE's protection field: still a prototype PTE
        assertEquals(PteKind.PROTOTYPE, Pte.classify(Pte.PROTOTYPE | Pte.TRANSITION));
        // Valid wins over everything
        assertEquals(PteKind.HARDWARE, Pte.classify(-1L));
        // a software PTE with protection 0 is a list PTE, even with PageFileLow bits set (OneEntry)
        assertEquals(PteKind.LIST, Pte.classify(0x1EL));
        // a bit no format defines, alone, is a list PTE with next entry 0
        assertEquals(PteKind.LIST, Pte.classify(1L << 20));
        assertEquals(0, Pte.listNext(1L << 20));
        // page-file location only in PageFileLow (file 3 offset 0): paging file, not demand zero
        assertEquals(PteKind.PAGING_FILE, Pte.classify(0x86L));
        // demand zero ignores bits 12..31, which no software field uses
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(0x80L | 0xFFFF_F000L));
        assertTrue(Pte.isTransition(0x800));
        assertFalse(Pte.isTransition(0xC00));
        assertFalse(Pte.isTransition(0x801));
        assertTrue(Pte.isPrototype(0x400));
        assertFalse(Pte.isPrototype(0x401));
    }

    @Property
    void classifyAndDescribeNeverThrow(@ForAll long pte) {
        assertNotNull(Pte.classify(pte));
        String text = Pte.describe(pte);
        assertTrue(text.startsWith(Pte.classify(pte).displayName()), text);
    }

    /** For any value, each decoder accepts exactly the formats it is documented for. */
    @Property
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void decodersAcceptExactlyTheirFormats(@ForAll("anyPte") long pte) {
        PteKind kind = Pte.classify(pte);
        Statistics.collect(kind);
        Statistics.coverage(checker -> {
            for (PteKind each : PteKind.values()) {
                checker.check(each).count(c -> c > 0);
            }
        });
        boolean frame = kind == PteKind.HARDWARE || kind == PteKind.TRANSITION;
        boolean software = kind == PteKind.PAGING_FILE || kind == PteKind.DEMAND_ZERO;
        boolean hasProtection = kind == PteKind.TRANSITION || software || kind == PteKind.PROTOTYPE;
        assertAccepts(frame, () -> Pte.pfn(pte));
        assertAccepts(frame, () -> Pte.withPfn(pte, 1));
        assertAccepts(frame, () -> Pte.isWritable(pte));
        assertAccepts(frame, () -> Pte.setUser(pte, true));
        assertAccepts(frame, () -> Pte.isCacheDisabled(pte));
        assertAccepts(frame, () -> Pte.isWriteThrough(pte));
        assertAccepts(kind == PteKind.HARDWARE, () -> Pte.isDirty(pte));
        assertAccepts(kind == PteKind.HARDWARE, () -> Pte.setAccessed(pte, true));
        assertAccepts(kind == PteKind.HARDWARE, () -> Pte.isNoExecute(pte));
        assertAccepts(kind == PteKind.HARDWARE, () -> Pte.flags(pte));
        assertAccepts(kind == PteKind.HARDWARE, () -> Pte.transitionFromValid(pte, RW));
        assertAccepts(software, () -> Pte.pageFileNumber(pte));
        assertAccepts(software, () -> Pte.pageFileOffset(pte));
        assertAccepts(hasProtection, () -> Pte.protection(pte));
        assertAccepts(kind == PteKind.PROTOTYPE, () -> Pte.prototypeAddress(pte));
        assertAccepts(kind == PteKind.PROTOTYPE, () -> Pte.isPrototypeReadOnly(pte));
        assertAccepts(kind == PteKind.LIST, () -> Pte.listNext(pte));
        assertAccepts(kind == PteKind.LIST, () -> Pte.isOneEntry(pte));
        assertEquals(kind == PteKind.HARDWARE, Pte.isValid(pte));
        assertEquals(kind == PteKind.TRANSITION, Pte.isTransition(pte));
        assertEquals(kind == PteKind.PROTOTYPE, Pte.isPrototype(pte));
    }

    /** Any long, with the format selector bits biased so that every kind comes up often. */
    @Provide
    Arbitrary<Long> anyPte() {
        Arbitrary<Long> raw = Arbitraries.longs();
        Arbitrary<Long> selectors = Arbitraries.of(0L, Pte.VALID, Pte.PROTOTYPE, Pte.TRANSITION);
        return Combinators.combine(raw, selectors, Arbitraries.integers().between(0, 3))
                .as((bits, selector, shape) -> switch (shape) {
                    case 0 -> bits;
                    case 1 -> (bits & ~(Pte.VALID | Pte.PROTOTYPE | Pte.TRANSITION)) | selector;
                    case 2 -> bits & ~(Pte.VALID | Pte.PROTOTYPE | Pte.TRANSITION | Pte.PROTECTION_MASK);
                    default -> bits & ~(Pte.VALID | Pte.PROTOTYPE | Pte.TRANSITION | 0xFFFF_FFFF_FFFF_FC1FL);
                })
                .edgeCases(edges -> edges.add(0L));
    }

    private static void assertAccepts(boolean accepted, Executable call) {
        if (accepted) {
            try {
                call.execute();
            } catch (Throwable t) {
                throw new AssertionError("expected the call to be accepted", t);
            }
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains(" PTE"), e.getMessage());
        }
    }

    // =====================================================================================
    // round trips
    // =====================================================================================

    @Property
    void hardwareRoundTrip(@ForAll @LongRange(min = 0, max = MAX_PFN) long pfn, @ForAll boolean writable,
            @ForAll boolean user, @ForAll boolean noExecute) {
        long pte = Pte.hardware(pfn, writable, user, noExecute);
        assertEquals(PteKind.HARDWARE, Pte.classify(pte));
        assertTrue(Pte.isValid(pte));
        assertEquals(pfn, Pte.pfn(pte));
        assertEquals(writable, Pte.isWritable(pte));
        assertEquals(writable, Pte.isSoftwareWrite(pte));
        assertEquals(user, Pte.isUser(pte));
        assertEquals(noExecute, Pte.isNoExecute(pte));
        assertFalse(Pte.isAccessed(pte));
        assertFalse(Pte.isDirty(pte));
        assertFalse(Pte.isLargePage(pte));
        assertFalse(Pte.isGlobal(pte));
        assertFalse(Pte.isCopyOnWrite(pte));
        assertFalse(Pte.isSoftwarePrototype(pte));
        assertFalse(Pte.isWriteThrough(pte));
        assertFalse(Pte.isCacheDisabled(pte));
    }

    private record Bit(long mask, LongPredicate get, Setter set) {
    }

    @FunctionalInterface
    private interface Setter {
        long apply(long pte, boolean on);
    }

    private static final List<Bit> HARDWARE_BITS = List.of(
            new Bit(Pte.WRITE, Pte::isWritable, Pte::setWritable),
            new Bit(Pte.OWNER, Pte::isUser, Pte::setUser),
            new Bit(Pte.WRITE_THROUGH, Pte::isWriteThrough, Pte::setWriteThrough),
            new Bit(Pte.CACHE_DISABLE, Pte::isCacheDisabled, Pte::setCacheDisabled),
            new Bit(Pte.ACCESSED, Pte::isAccessed, Pte::setAccessed),
            new Bit(Pte.DIRTY, Pte::isDirty, Pte::setDirty),
            new Bit(Pte.LARGE_PAGE, Pte::isLargePage, Pte::setLargePage),
            new Bit(Pte.GLOBAL, Pte::isGlobal, Pte::setGlobal),
            new Bit(Pte.COPY_ON_WRITE, Pte::isCopyOnWrite, Pte::setCopyOnWrite),
            new Bit(Pte.PROTOTYPE, Pte::isSoftwarePrototype, Pte::setSoftwarePrototype),
            new Bit(Pte.SOFTWARE_WRITE, Pte::isSoftwareWrite, Pte::setSoftwareWrite),
            new Bit(Pte.NO_EXECUTE, Pte::isNoExecute, Pte::setNoExecute));

    /** Every setter changes exactly its bit of any valid PTE, and its getter reads it back. */
    @Property
    void hardwareSettersTouchOnlyTheirBit(@ForAll long bits, @ForAll @IntRange(min = 0, max = 11) int which,
            @ForAll boolean on) {
        long pte = bits | Pte.VALID;
        Bit bit = HARDWARE_BITS.get(which);
        long changed = bit.set().apply(pte, on);
        assertEquals(on, bit.get().test(changed));
        assertEquals(pte & ~bit.mask(), changed & ~bit.mask());
        assertEquals(on ? bit.mask() : 0, changed & bit.mask());
        assertEquals(PteKind.HARDWARE, Pte.classify(changed));
    }

    @Property
    void withPfnReplacesOnlyThePfn(@ForAll long bits, @ForAll boolean valid,
            @ForAll @LongRange(min = 0, max = MAX_PFN) long pfn) {
        long pte = valid ? bits | Pte.VALID : (bits & ~(Pte.VALID | Pte.PROTOTYPE)) | Pte.TRANSITION;
        long moved = Pte.withPfn(pte, pfn);
        assertEquals(pfn, Pte.pfn(moved));
        assertEquals(pte & ~Pte.PFN_MASK, moved & ~Pte.PFN_MASK);
        assertEquals(Pte.classify(pte), Pte.classify(moved));
    }

    @Property
    void transitionRoundTrip(@ForAll @LongRange(min = 0, max = MAX_PFN) long pfn,
            @ForAll @IntRange(min = 0, max = 31) int protection) {
        long pte = Pte.transition(pfn, protection);
        assertEquals(PteKind.TRANSITION, Pte.classify(pte));
        assertFalse(Pte.isValid(pte));
        assertTrue(Pte.isTransition(pte));
        assertEquals(pfn, Pte.pfn(pte));
        assertEquals(protection, Pte.protection(pte));
        assertFalse(Pte.isWritable(pte));
        assertFalse(Pte.isUser(pte));
        assertFalse(Pte.isWriteThrough(pte));
        assertFalse(Pte.isCacheDisabled(pte));
    }

    @Property
    void transitionFromValidRoundTrip(@ForAll long bits, @ForAll @IntRange(min = 0, max = 31) int protection) {
        long valid = bits | Pte.VALID;
        long pte = Pte.transitionFromValid(valid, protection);
        assertEquals(PteKind.TRANSITION, Pte.classify(pte));
        assertEquals(Pte.pfn(valid), Pte.pfn(pte));
        assertEquals(protection, Pte.protection(pte));
        assertEquals(Pte.isWritable(valid), Pte.isWritable(pte));
        assertEquals(Pte.isUser(valid), Pte.isUser(pte));
        assertEquals(Pte.isWriteThrough(valid), Pte.isWriteThrough(pte));
        assertEquals(Pte.isCacheDisabled(valid), Pte.isCacheDisabled(pte));
        // nothing else survives
        assertEquals(0, pte & ~(Pte.PFN_MASK | 0x1EL | Pte.PROTECTION_MASK | Pte.TRANSITION));
    }

    @Property
    void pagingFileRoundTrip(@ForAll @IntRange(min = 0, max = 15) int file,
            @ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long offset, @ForAll @IntRange(min = 1, max = 31) int protection) {
        long pte = Pte.pagingFile(file, offset, protection);
        assertEquals(PteKind.PAGING_FILE, Pte.classify(pte));
        assertEquals(file, Pte.pageFileNumber(pte));
        assertEquals(offset, Pte.pageFileOffset(pte));
        assertEquals(protection, Pte.protection(pte));
    }

    @Property
    void demandZeroRoundTrip(@ForAll @IntRange(min = 1, max = 31) int protection) {
        long pte = Pte.demandZero(protection);
        assertEquals(PteKind.DEMAND_ZERO, Pte.classify(pte));
        assertEquals(protection, Pte.protection(pte));
        assertEquals(0, Pte.pageFileNumber(pte));
        assertEquals(0, Pte.pageFileOffset(pte));
    }

    @Property
    void prototypeRoundTrip(@ForAll @LongRange(min = 0, max = (1L << 45) - 1) long quadword, @ForAll boolean kernel,
            @ForAll boolean readOnly, @ForAll @IntRange(min = 0, max = 31) int override) {
        long va = X64Paging.canonical((quadword << 3) | (kernel ? 1L << 47 : 0));
        long pte = Pte.prototype(va, readOnly, override);
        assertEquals(PteKind.PROTOTYPE, Pte.classify(pte));
        assertEquals(va, Pte.prototypeAddress(pte));
        assertEquals(readOnly, Pte.isPrototypeReadOnly(pte));
        assertEquals(override, Pte.protection(pte));
    }

    @Property
    void listRoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long next, @ForAll boolean oneEntry) {
        if (next == 0 && !oneEntry) {
            assertThrows(IllegalArgumentException.class, () -> Pte.list(0, false));
            return;
        }
        long pte = Pte.list(next, oneEntry);
        assertEquals(PteKind.LIST, Pte.classify(pte));
        assertEquals(next, Pte.listNext(pte));
        assertEquals(oneEntry, Pte.isOneEntry(pte));
    }

    // =====================================================================================
    // refusals
    // =====================================================================================

    @Test
    void refusesOutOfRangePfns() {
        for (long pfn : new long[] {-1, MAX_PFN + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> Pte.hardware(pfn, true, true, false));
            assertThrows(IllegalArgumentException.class, () -> Pte.transition(pfn, RW));
            assertThrows(IllegalArgumentException.class, () -> Pte.withPfn(Pte.hardware(1, true, true, false), pfn));
            assertThrows(IllegalArgumentException.class, () -> Pte.withPfn(Pte.transition(1, RW), pfn));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pte.hardware(1L << 36, true, true, false));
        assertTrue(e.getMessage().contains("0x1000000000"), e.getMessage());
    }

    @Test
    void refusesBadProtections() {
        for (int protection : new int[] {-1, 32, 0x100}) {
            assertThrows(IllegalArgumentException.class, () -> Pte.transition(1, protection));
            assertThrows(IllegalArgumentException.class, () -> Pte.transitionFromValid(0x1001, protection));
            assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(0, 1, protection));
            assertThrows(IllegalArgumentException.class, () -> Pte.demandZero(protection));
            assertThrows(IllegalArgumentException.class, () -> Pte.prototype(0x1000, false, protection));
        }
        // protection 0 would make a software PTE read as a list PTE
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pte.demandZero(0));
        assertTrue(e.getMessage().contains("LIST"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(1, 1, 0));
    }

    @Test
    void refusesBadPagingFileLocations() {
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(-1, 1, RW));
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(16, 1, RW));
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(0, 0, RW));
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(3, 0, RW));
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(0, -1, RW));
        assertThrows(IllegalArgumentException.class, () -> Pte.pagingFile(0, 1L << 32, RW));
    }

    @Test
    void refusesBadPrototypeAddresses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pte.prototype(0x0000_8000_0000_0000L, false, 0));
        assertTrue(e.getMessage().contains("canonical"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pte.prototype(0xFFFF_7FFF_FFFF_FFF8L, false, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Pte.prototype(0xFFFFF8A0_00123454L, false, 0));
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
    }

    @Test
    void refusesBadListEntries() {
        assertThrows(IllegalArgumentException.class, () -> Pte.list(-1, true));
        assertThrows(IllegalArgumentException.class, () -> Pte.list(1L << 32, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pte.list(0, false));
        assertTrue(e.getMessage().contains("zero PTE"), e.getMessage());
    }

    @Test
    void wrongFormatMessagesNameThePte() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pte.pfn(Pte.pagingFile(0, 3, RW)));
        assertEquals("pfn needs a valid or transition PTE, but 00000003`00000080 is a PageFile PTE"
                + " (PageFile 0 offset 3000 READWRITE)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pte.isDirty(Pte.transition(0x12, RW)));
        assertTrue(e.getMessage().startsWith("isDirty needs a valid PTE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pte.protection(Pte.hardware(1, true, true, false)));
        assertTrue(e.getMessage().contains("Valid PTE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pte.protection(0));
        assertThrows(IllegalArgumentException.class, () -> Pte.protection(Pte.list(5, false)));
    }

    // =====================================================================================
    // display
    // =====================================================================================

    @Test
    void describesEachFormat() {
        long valid = Pte.setDirty(Pte.setAccessed(Pte.hardware(0x1B2C3, true, true, false), true), true);
        assertEquals("Valid pfn 1b2c3 ---DA--UWEV", Pte.describe(valid));
        assertEquals("Transition pfn 12 READWRITE", Pte.describe(Pte.transition(0x12, RW)));
        assertEquals("PageFile 0 offset 3000 READWRITE", Pte.describe(Pte.pagingFile(0, 3, RW)));
        assertEquals("PageFile f offset ffffffff000 EXECUTE_READ|GUARD",
                Pte.describe(Pte.pagingFile(15, 0xFFFF_FFFFL, Protection.EXECUTE_READ | Protection.GUARD_PAGE)));
        assertEquals("DemandZero READWRITE", Pte.describe(Pte.demandZero(RW)));
        assertEquals("DemandZero NOACCESS", Pte.describe(Pte.demandZero(Protection.NOACCESS)));
        assertEquals("Prototype fffff8a0`00123450", Pte.describe(Pte.prototype(0xFFFFF8A0_00123450L, false, 0)));
        assertEquals("Prototype fffff8a0`00123450 ReadOnly WRITECOPY",
                Pte.describe(Pte.prototype(0xFFFFF8A0_00123450L, true, Protection.WRITECOPY)));
        assertEquals("List next 5", Pte.describe(Pte.list(5, false)));
        assertEquals("List next 1a OneEntry", Pte.describe(Pte.list(0x1A, true)));
        assertEquals("List end", Pte.describe(Pte.list(Pte.LIST_END, false)));
        assertEquals("Zero", Pte.describe(0));
    }

    @Test
    void flagStrings() {
        long pte = Pte.hardware(1, true, true, false);
        assertEquals("-------UWEV", Pte.flags(pte));
        assertEquals("---DA--UWEV", Pte.flags(Pte.setDirty(Pte.setAccessed(pte, true), true)));
        assertEquals("-------KR-V", Pte.flags(Pte.hardware(1, false, false, true)));
        assertEquals("CGLDANTUWEV", Pte.flags(Pte.VALID | 0x3FFL));
        assertEquals("CGLDANTUW-V", Pte.flags(-1L));
        // the software Write bit alone does not make W: the MMU enforces bit 1
        assertEquals("-------KREV", Pte.flags(Pte.VALID | Pte.SOFTWARE_WRITE));
        assertThrows(IllegalArgumentException.class, () -> Pte.flags(Pte.transition(1, RW)));
        assertThrows(IllegalArgumentException.class, () -> Pte.flags(0));
    }

    @Property
    void flagsReadEveryBit(@ForAll long bits) {
        long pte = bits | Pte.VALID;
        String f = Pte.flags(pte);
        assertEquals(11, f.length());
        assertEquals(Pte.isCopyOnWrite(pte), f.charAt(0) == 'C');
        assertEquals(Pte.isGlobal(pte), f.charAt(1) == 'G');
        assertEquals(Pte.isLargePage(pte), f.charAt(2) == 'L');
        assertEquals(Pte.isDirty(pte), f.charAt(3) == 'D');
        assertEquals(Pte.isAccessed(pte), f.charAt(4) == 'A');
        assertEquals(Pte.isCacheDisabled(pte), f.charAt(5) == 'N');
        assertEquals(Pte.isWriteThrough(pte), f.charAt(6) == 'T');
        assertEquals(Pte.isUser(pte) ? 'U' : 'K', f.charAt(7));
        assertEquals(Pte.isWritable(pte) ? 'W' : 'R', f.charAt(8));
        assertEquals(Pte.isNoExecute(pte) ? '-' : 'E', f.charAt(9));
        assertEquals('V', f.charAt(10));
        assertEquals("Valid pfn " + Long.toHexString(Pte.pfn(pte)) + " " + f, Pte.describe(pte));
    }

    @Test
    void kindDisplayNames() {
        assertEquals("Zero", PteKind.ZERO.displayName());
        assertEquals("Valid", PteKind.HARDWARE.displayName());
        assertEquals("Transition", PteKind.TRANSITION.displayName());
        assertEquals("PageFile", PteKind.PAGING_FILE.displayName());
        assertEquals("DemandZero", PteKind.DEMAND_ZERO.displayName());
        assertEquals("Prototype", PteKind.PROTOTYPE.displayName());
        assertEquals("List", PteKind.LIST.displayName());
    }
}
