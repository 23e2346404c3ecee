package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.pte.Pte;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TlbTest {

    private static final int SPACE_A = 0x100;
    private static final int SPACE_B = 0x200;
    private static final long VA = 0x0000_7FF6_1234_0000L;
    private static final long KERNEL_VA = 0xFFFF_F800_0010_0000L;

    @Test
    void insertThenLookupFindsTheTranslation() {
        Tlb tlb = new Tlb(4);
        long pte = Pte.hardware(0x42, true, true, false) | Pte.DIRTY;
        int slot = tlb.insert(SPACE_A, VA + 0x123, pte);
        assertEquals(slot, tlb.lookup(SPACE_A, VA + 0xFFF));
        assertEquals(1, tlb.entryCount());
        assertEquals(0x42, tlb.pfn(slot));
        assertEquals(0x42, tlb.pfnFor(slot, VA + 8));
        assertEquals(VA, tlb.virtualAddress(slot));
        assertEquals(VA >>> 12, tlb.virtualPageNumber(slot));
        assertEquals(SPACE_A, tlb.addressSpace(slot));
        assertTrue(tlb.isWritable(slot));
        assertTrue(tlb.isUser(slot));
        assertFalse(tlb.isNoExecute(slot));
        assertTrue(tlb.isDirty(slot));
        assertFalse(tlb.isGlobal(slot));
        assertFalse(tlb.isLargePage(slot));
        assertEquals(1, tlb.hits());
        assertEquals(0, tlb.misses());
    }

    @Test
    void missesAreCountedAndOtherSpacesDoNotMatch() {
        Tlb tlb = new Tlb(4);
        tlb.insert(SPACE_A, VA, Pte.hardware(1, false, false, true));
        assertEquals(-1, tlb.lookup(SPACE_B, VA));
        assertEquals(-1, tlb.lookup(SPACE_A, VA + 4096));
        assertEquals(2, tlb.misses());
        assertEquals(-1, tlb.peek(SPACE_B, VA));
        assertEquals(2, tlb.misses(), "peek does not count");
    }

    @Test
    void globalEntriesMatchEveryAddressSpace() {
        Tlb tlb = new Tlb(4);
        int slot = tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(7, true, false, true) | Pte.GLOBAL);
        assertEquals(slot, tlb.lookup(SPACE_B, KERNEL_VA));
        assertTrue(tlb.isGlobal(slot));
        assertEquals(KERNEL_VA, tlb.virtualAddress(slot));
    }

    @Test
    void reinsertingThePageReplacesTheEntry() {
        Tlb tlb = new Tlb(4);
        int first = tlb.insert(SPACE_A, VA, Pte.hardware(1, false, true, false));
        int second = tlb.insert(SPACE_A, VA + 0x10, Pte.hardware(2, true, true, false));
        assertEquals(first, second);
        assertEquals(1, tlb.entryCount());
        assertEquals(2, tlb.pfn(second));
        int other = tlb.insert(SPACE_B, VA, Pte.hardware(3, true, true, false));
        assertNotEquals(first, other);
        assertEquals(2, tlb.entryCount());
    }

    @Test
    void aGlobalInsertReplacesThePageInEverySpace() {
        Tlb tlb = new Tlb(4);
        tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(1, true, false, false));
        tlb.insert(SPACE_B, KERNEL_VA, Pte.hardware(2, true, false, false));
        tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(3, true, false, false) | Pte.GLOBAL);
        assertEquals(1, tlb.entryCount());
        assertEquals(3, tlb.pfn(tlb.peek(SPACE_B, KERNEL_VA)));
    }

    @Test
    void fullTlbEvictsRoundRobin() {
        Tlb tlb = new Tlb(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, tlb.insert(SPACE_A, VA + i * 4096L, Pte.hardware(i, false, false, false)));
        }
        assertEquals(0, tlb.insert(SPACE_A, VA + 3 * 4096L, Pte.hardware(3, false, false, false)));
        assertEquals(1, tlb.insert(SPACE_A, VA + 4 * 4096L, Pte.hardware(4, false, false, false)));
        assertEquals(2, tlb.evictions());
        assertEquals(3, tlb.entryCount());
        assertEquals(-1, tlb.peek(SPACE_A, VA));
        assertEquals(-1, tlb.peek(SPACE_A, VA + 4096));
        assertEquals(2, tlb.peek(SPACE_A, VA + 2 * 4096L));
        tlb.flushSingle(SPACE_A, VA + 2 * 4096L);
        assertEquals(2, tlb.insert(SPACE_A, VA + 9 * 4096L, Pte.hardware(9, false, false, false)), "free slot first");
    }

    @Test
    void flushSingleRemovesOnePage() {
        Tlb tlb = new Tlb(8);
        tlb.insert(SPACE_A, VA, Pte.hardware(1, true, true, false));
        tlb.insert(SPACE_A, VA + 4096, Pte.hardware(2, true, true, false));
        tlb.insert(SPACE_B, VA, Pte.hardware(3, true, true, false));
        assertTrue(tlb.flushSingle(SPACE_A, VA + 0x800));
        assertFalse(tlb.flushSingle(SPACE_A, VA));
        assertEquals(-1, tlb.peek(SPACE_A, VA));
        assertTrue(tlb.peek(SPACE_A, VA + 4096) >= 0);
        assertTrue(tlb.peek(SPACE_B, VA) >= 0);
        assertEquals(2, tlb.entryCount());
        assertEquals(2, tlb.singleFlushes());
    }

    @Test
    void flushSingleAlsoRemovesAGlobalEntry() {
        Tlb tlb = new Tlb(8);
        tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(1, true, false, false) | Pte.GLOBAL);
        assertTrue(tlb.flushSingle(SPACE_B, KERNEL_VA));
        assertEquals(0, tlb.entryCount());
    }

    @Test
    void flushAddressSpaceKeepsGlobalAndOtherSpaces() {
        Tlb tlb = new Tlb(8);
        tlb.insert(SPACE_A, VA, Pte.hardware(1, true, true, false));
        tlb.insert(SPACE_A, VA + 4096, Pte.hardware(2, true, true, false));
        tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(3, true, false, false) | Pte.GLOBAL);
        tlb.insert(SPACE_B, VA, Pte.hardware(4, true, true, false));
        assertEquals(2, tlb.flushAddressSpace(SPACE_A));
        assertEquals(2, tlb.entryCount());
        assertTrue(tlb.peek(SPACE_A, KERNEL_VA) >= 0);
        assertTrue(tlb.peek(SPACE_B, VA) >= 0);
        assertEquals(1, tlb.addressSpaceFlushes());
    }

    @Test
    void flushAllRemovesEverything() {
        Tlb tlb = new Tlb(8);
        tlb.insert(SPACE_A, VA, Pte.hardware(1, true, true, false));
        tlb.insert(SPACE_A, KERNEL_VA, Pte.hardware(3, true, false, false) | Pte.GLOBAL);
        tlb.flushAll();
        assertEquals(0, tlb.entryCount());
        assertEquals(-1, tlb.peek(SPACE_A, KERNEL_VA));
        assertEquals(1, tlb.entireFlushes());
        for (int slot = 0; slot < tlb.capacity(); slot++) {
            assertFalse(tlb.isValid(slot));
        }
    }

    @Test
    void largeEntriesCoverTwoMebibytes() {
        Tlb tlb = new Tlb(4);
        long base = 0x0000_0000_4020_0000L;
        int slot = tlb.insertTranslation(SPACE_A, base + 0x5000, 0x400, Tlb.LARGE_PAGE | Tlb.WRITABLE);
        assertEquals(slot, tlb.peek(SPACE_A, base));
        assertEquals(slot, tlb.peek(SPACE_A, base + 0x1F_FFFF));
        assertEquals(-1, tlb.peek(SPACE_A, base + 0x20_0000));
        assertEquals(base, tlb.virtualAddress(slot));
        assertEquals(0x405, tlb.pfnFor(slot, base + 0x5123));
        assertTrue(tlb.isLargePage(slot));
        // a small entry inside the large page replaces it
        int small = tlb.insertTranslation(SPACE_A, base + 0x3000, 9, 0);
        assertEquals(slot, small);
        assertEquals(-1, tlb.peek(SPACE_A, base + 0x5000));
        // a PDE with LargePage makes a large entry from bits 21..47
        long pde = Pte.VALID | Pte.WRITE | Pte.LARGE_PAGE | (0x600L << 12) | (1L << 12); // bit 12 is PAT
        int large = tlb.insert(SPACE_B, base, pde);
        assertEquals(0x600, tlb.pfn(large));
        assertTrue(tlb.flushSingle(SPACE_B, base + 0x10_0000));
        assertEquals(-1, tlb.peek(SPACE_B, base));
    }

    @Test
    void forEachValidListsEntriesInSlotOrder() {
        Tlb tlb = new Tlb(4);
        tlb.insert(SPACE_A, VA, Pte.hardware(1, true, true, false));
        tlb.insert(SPACE_B, KERNEL_VA, Pte.hardware(2, false, false, true) | Pte.GLOBAL);
        tlb.insert(SPACE_A, VA + 4096, Pte.hardware(3, true, true, false));
        tlb.flushSingle(SPACE_A, VA);
        List<String> seen = new ArrayList<>();
        tlb.forEachValid((slot, space, va, pfn, attributes) -> seen
                .add(slot + ":" + Integer.toHexString(space) + ":" + Long.toHexString(va) + ":" + pfn + ":" + attributes));
        assertEquals(List.of("1:200:fffff80000100000:2:" + (Tlb.NO_EXECUTE | Tlb.GLOBAL),
                "2:100:7ff612341000:3:" + (Tlb.WRITABLE | Tlb.USER)), seen);
    }

    @Test
    void markDirtySetsTheAttribute() {
        Tlb tlb = new Tlb(2);
        int slot = tlb.insert(SPACE_A, VA, Pte.hardware(1, true, true, false));
        assertFalse(tlb.isDirty(slot));
        tlb.markDirty(slot);
        assertTrue(tlb.isDirty(slot));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Tlb(0));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(Tlb.MAX_CAPACITY + 1));
        Tlb tlb = new Tlb(2);
        assertThrows(IllegalArgumentException.class, () -> tlb.insert(SPACE_A, VA, Pte.demandZero(4)));
        assertThrows(IllegalArgumentException.class, () -> tlb.insert(SPACE_A, 0x0000_8000_0000_0000L, Pte.hardware(1, false, false, false)));
        assertThrows(IllegalArgumentException.class, () -> tlb.lookup(SPACE_A, 0x1234_0000_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> tlb.insertTranslation(SPACE_A, VA, 1, 1 << 10));
        assertThrows(IllegalArgumentException.class, () -> tlb.insertTranslation(SPACE_A, VA, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> tlb.insertTranslation(SPACE_A, VA, 3, Tlb.LARGE_PAGE));
        assertThrows(IllegalArgumentException.class, () -> tlb.pfn(0));
        assertThrows(IllegalArgumentException.class, () -> tlb.isValid(2));
        assertThrows(IllegalArgumentException.class, () -> tlb.markDirty(-1));
        assertThrows(IllegalArgumentException.class, () -> tlb.forEachValid(null));
        int slot = tlb.insert(SPACE_A, VA, Pte.hardware(1, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> tlb.pfnFor(slot, VA + 4096));
        assertEquals(1, tlb.entryCount());
    }

    /**
     * With room for every page, the TLB behaves like a map from (space, page) to the last PFN
     * inserted, minus what was flushed.
     */
    @Property
    void behavesLikeAMapWhenLargeEnough(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 63) Integer> ops) {
        Tlb tlb = new Tlb(64);
        TreeMap<Integer, Long> model = new TreeMap<>();
        long pfn = 1;
        for (int op : ops) {
            int space = op & 1;
            int page = (op >> 1) & 15;
            int key = space * 16 + page;
            long va = 0x10_0000L + page * 4096L;
            if (op >= 32) {
                boolean removed = tlb.flushSingle(space, va);
                assertEquals(model.remove(key) != null, removed);
            } else {
                tlb.insert(space, va, Pte.hardware(pfn, true, true, false));
                model.put(key, pfn++);
            }
            assertEquals(model.size(), tlb.entryCount());
        }
        for (int key = 0; key < 32; key++) {
            int slot = tlb.peek(key / 16, 0x10_0000L + (key % 16) * 4096L);
            Long expected = model.get(key);
            assertEquals(expected == null ? -1 : (long) expected, slot < 0 ? -1 : tlb.pfn(slot));
        }
    }
}
