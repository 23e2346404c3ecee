package org.mmscope.sim.pte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class X64PagingTest {

    @Test
    void selfMapBasesAreNtX64Values() {
        assertEquals(0xFFFFF680_00000000L, X64Paging.PTE_BASE);
        assertEquals(0xFFFFF6FB_40000000L, X64Paging.PDE_BASE);
        assertEquals(0xFFFFF6FB_7DA00000L, X64Paging.PPE_BASE);
        assertEquals(0xFFFFF6FB_7DBED000L, X64Paging.PXE_BASE);
    }

    @Test
    void walksTheUxExampleAddress() {
        long va = 0x00007FF6_12340000L;
        assertEquals(0xFF, X64Paging.tableIndex(va, 4));
        assertEquals(0xFFFFF6FB_7DBED7F8L, X64Paging.entryAddress(va, 4));
        assertEquals(0x1D8, X64Paging.tableIndex(va, 3));
        assertEquals(0x091, X64Paging.tableIndex(va, 2));
        assertEquals(0x140, X64Paging.tableIndex(va, 1));
        assertEquals(0, X64Paging.pageOffset(va));
    }

    @Test
    void theSelfMapEntryMapsThePml4Itself() {
        long selfEntry = X64Paging.PXE_BASE + X64Paging.SELF_MAP_INDEX * X64Paging.PTE_SIZE;
        assertEquals(X64Paging.PXE_BASE, X64Paging.mappedAddress(selfEntry));
        assertEquals(selfEntry, X64Paging.entryAddress(X64Paging.PXE_BASE, 1));
        assertEquals(selfEntry, X64Paging.entryAddress(X64Paging.PXE_BASE, 4));
    }

    @Test
    void canonicalForm() {
        assertTrue(X64Paging.isCanonical(0x00007FFF_FFFFFFFFL));
        assertTrue(X64Paging.isCanonical(0xFFFF8000_00000000L));
        assertFalse(X64Paging.isCanonical(0x00008000_00000000L));
        assertFalse(X64Paging.isCanonical(0xFFFF7FFF_FFFFFFFFL));
        assertEquals(0xFFFF8000_00000000L, X64Paging.canonical(0x00008000_00000000L));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> X64Paging.tableIndex(0, 5));
        assertThrows(IllegalArgumentException.class, () -> X64Paging.entryAddress(0, 0));
        assertThrows(IllegalArgumentException.class, () -> X64Paging.mappedAddress(0x1000));
        assertThrows(IllegalArgumentException.class, () -> X64Paging.mappedAddress(X64Paging.PTE_BASE + 4));
    }

    @Property
    void pteAddressAndMappedAddressAreInverse(@ForAll @LongRange(min = 0, max = (1L << 36) - 1) long vpn,
            @ForAll boolean kernel) {
        long va = X64Paging.canonical((vpn << X64Paging.PAGE_SHIFT) | (kernel ? 1L << 47 : 0));
        long pte = X64Paging.entryAddress(va, 1);
        assertTrue(X64Paging.isPageTableAddress(pte));
        assertEquals(va, X64Paging.mappedAddress(pte));
    }

    @Property
    void indexesRebuildTheAddress(@ForAll @LongRange(min = 0, max = (1L << 48) - 1) long raw) {
        long va = X64Paging.canonical(raw);
        long rebuilt = 0;
        for (int level = 4; level >= 1; level--) {
            rebuilt = (rebuilt << 9) | X64Paging.tableIndex(va, level);
        }
        rebuilt = (rebuilt << 12) | X64Paging.pageOffset(va);
        assertEquals(va, X64Paging.canonical(rebuilt));
    }
}
