package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PagedPoolBitmapsTest {

    private static void assertConsistent(PagedPoolBitmaps pool) {
        assertEquals(List.of(), pool.check());
    }

    @Test
    void startsEmptyAndAllocatesFirstFitWithEndBits() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(2048, 512);
        assertEquals(0, pool.currentSize());
        assertEquals(PagedPoolBitmaps.NEEDS_EXPANSION, pool.allocate(1), "an empty pool must expand first");
        assertEquals(0, pool.expand());
        assertEquals(512, pool.currentSize());
        assertEquals(0, pool.allocate(3));
        assertEquals(3, pool.allocate(1));
        assertEquals(4, pool.allocate(2));
        assertTrue(pool.isAllocated(0));
        assertFalse(pool.isEndOfAllocation(0));
        assertTrue(pool.isEndOfAllocation(2));
        assertTrue(pool.isEndOfAllocation(3));
        assertTrue(pool.isStartOfAllocation(3));
        assertTrue(pool.isEndOfAllocation(5));
        assertFalse(pool.isAllocated(6));
        assertEquals(6, pool.pagesInUse());
        assertEquals(3, pool.allocationCount());
        assertConsistent(pool);

        assertEquals(3, pool.free(0));
        assertEquals(0, pool.allocate(2), "first fit reuses the hole at the start");
        assertEquals(6, pool.allocate(2), "a 2-page request does not fit in the 1-page hole left at 2");
        assertEquals(2, pool.allocate(1));
        assertConsistent(pool);
    }

    @Test
    void onePageRequestsSearchFromTheHintAndFreeLowersIt() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(512, 512);
        pool.expand();
        assertEquals(0, pool.allocate(1));
        assertEquals(1, pool.allocate(1));
        assertEquals(2, pool.allocate(1));
        assertEquals(2, pool.hint(), "the hint is the last position found");
        assertEquals(3, pool.allocate(4));
        assertEquals(2, pool.hint(), "multi-page requests leave the hint alone");
        assertEquals(7, pool.allocate(1));
        assertEquals(7, pool.hint());
        assertEquals(4, pool.free(3));
        assertEquals(3, pool.hint(), "a free below the hint lowers it");
        assertEquals(3, pool.allocate(1));
        assertEquals(1, pool.free(1));
        assertEquals(1, pool.allocate(1));
        assertConsistent(pool);
    }

    @Test
    void expansionHappensExactlyWhenTheBitmapIsFull() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(1024, 512);
        assertEquals(0, pool.expand());
        for (int i = 0; i < 512; i++) {
            assertEquals(i, pool.allocate(1), "no expansion while a page is free");
        }
        assertEquals(1, pool.expansionsNeeded(1));
        assertEquals(PagedPoolBitmaps.NEEDS_EXPANSION, pool.allocate(1), "full: the caller must expand");
        assertEquals(512, pool.currentSize(), "allocate never expands by itself");
        assertEquals(1, pool.expand());
        assertEquals(2, pool.pageTableCount());
        assertEquals(512, pool.allocate(1));
        assertEquals(0, pool.expansionsNeeded(511));
        assertEquals(513, pool.allocate(511));
        assertFalse(pool.canExpand());
        assertEquals(PagedPoolBitmaps.EXHAUSTED, pool.allocate(1), "exhaustion is a failure, not a crash");
        assertThrows(IllegalStateException.class, pool::expand);
        assertEquals(1, pool.free(100));
        assertEquals(100, pool.allocate(1), "a hole is found again without expanding");
        assertConsistent(pool);
    }

    @Test
    void aLargeRequestMayNeedSeveralExpansionsAndSpanTheOldEnd() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(64 * 5 + 10, 64);
        pool.expand();
        assertEquals(0, pool.allocate(60));
        assertEquals(2, pool.expansionsNeeded(130), "pages 60..189 need pool size 192 = 3 page tables");
        int first;
        int expansions = 0;
        while ((first = pool.allocate(130)) == PagedPoolBitmaps.NEEDS_EXPANSION) {
            assertEquals(expansions + 1, pool.expand());
            expansions++;
        }
        assertEquals(2, expansions);
        assertEquals(60, first, "the run spans the old end of the pool");
        assertEquals(192, pool.currentSize());
        assertEquals(-1, pool.expansionsNeeded(200));
        assertEquals(PagedPoolBitmaps.EXHAUSTED, pool.allocate(200));
        assertEquals(PagedPoolBitmaps.EXHAUSTED, pool.allocate(10_000));
        pool.expand();
        pool.expand();
        pool.expand();
        assertEquals(330, pool.currentSize(), "the last expansion is partial");
        assertFalse(pool.canExpand());
        assertConsistent(pool);
    }

    @Test
    void refusesFreeingWhatIsNotTheStartOfAnAllocation() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(512, 512);
        pool.expand();
        int a = pool.allocate(4);
        assertEquals(4, pool.free(a));
        BugCheckException twice = assertThrows(BugCheckException.class, () -> pool.free(a));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, twice.code());
        assertEquals(0x50, twice.parameter(1));
        assertEquals(a, twice.parameter(2));

        int b = pool.allocate(4);
        BugCheckException middle = assertThrows(BugCheckException.class, () -> pool.free(b + 2));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, middle.code());
        assertEquals(PagedPoolBitmaps.BAD_POOL_FREE_NOT_ALLOCATED_PAGED, middle.parameter(1));
        assertEquals(b + 2, middle.parameter(3));

        BugCheckException never = assertThrows(BugCheckException.class, () -> pool.free(300));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, never.code());
        assertEquals(0x50, never.parameter(1));

        assertThrows(IllegalArgumentException.class, () -> pool.free(512));
        assertThrows(IllegalArgumentException.class, () -> pool.free(-1));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> pool.isAllocated(600));
        assertThrows(IllegalArgumentException.class, () -> new PagedPoolBitmaps(0, 512));
        assertThrows(IllegalArgumentException.class, () -> new PagedPoolBitmaps(512, 0));
        assertEquals(4, pool.pagesInUse(), "refused frees change nothing");
        assertConsistent(pool);
    }

    @Test
    void adjacentAllocationsAreFreedSeparately() {
        PagedPoolBitmaps pool = new PagedPoolBitmaps(128, 64);
        pool.expand();
        assertEquals(0, pool.allocate(2));
        assertEquals(2, pool.allocate(3));
        assertEquals(5, pool.allocate(1));
        assertTrue(pool.isStartOfAllocation(2));
        assertEquals(3, pool.free(2));
        assertEquals(2, pool.free(0));
        assertEquals(1, pool.free(5));
        assertEquals(0, pool.pagesInUse());
        assertConsistent(pool);
    }

    /** Lowest start s in [0, limit) such that s..s+pages-1 is free in the model, or -1. */
    private static int modelFirstFit(TreeMap<Integer, Integer> model, int limit, int pages) {
        int candidate = 0;
        for (Map.Entry<Integer, Integer> e : model.entrySet()) {
            if (e.getKey() - candidate >= pages) {
                break;
            }
            candidate = Math.max(candidate, e.getKey() + e.getValue());
        }
        return candidate + pages <= limit ? candidate : -1;
    }

    @Property(tries = 300)
    void randomSequencesStayConsistentAndAgreeWithAModel(
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 999) Integer> ops,
            @ForAll @IntRange(min = 1, max = 40) int perExpansion) {
        int maximum = 200;
        PagedPoolBitmaps pool = new PagedPoolBitmaps(maximum, perExpansion);
        TreeMap<Integer, Integer> model = new TreeMap<>();
        for (int op : ops) {
            if (op % 3 == 0 && !model.isEmpty()) {
                int index = (op / 3) % model.size();
                int start = model.keySet().stream().skip(index).findFirst().orElseThrow();
                assertEquals((int) model.remove(start), pool.free(start));
            } else {
                int pages = op % 10 == 1 ? 1 + op % 60 : 1 + op % 5;
                int expected = modelFirstFit(model, pool.currentSize(), pages);
                int first = pool.allocate(pages);
                if (expected >= 0) {
                    assertEquals(expected, first, "first fit within the current size");
                } else {
                    int atMaximum = modelFirstFit(model, maximum, pages);
                    int expansions = 0;
                    while (first == PagedPoolBitmaps.NEEDS_EXPANSION) {
                        assertTrue(atMaximum >= 0);
                        pool.expand();
                        expansions++;
                        first = pool.allocate(pages);
                    }
                    if (atMaximum < 0) {
                        assertEquals(PagedPoolBitmaps.EXHAUSTED, first);
                    } else {
                        assertEquals(atMaximum, first, "first fit after expansion");
                        assertTrue(expansions >= 1, "expanded only when the current size had no room");
                    }
                }
                if (first >= 0) {
                    model.put(first, pages);
                }
            }
            assertEquals(List.of(), pool.check());
            assertEquals(model.size(), pool.allocationCount());
            assertEquals(model.values().stream().mapToInt(Integer::intValue).sum(), pool.pagesInUse());
            for (Map.Entry<Integer, Integer> e : model.entrySet()) {
                assertTrue(pool.isStartOfAllocation(e.getKey()));
                assertTrue(pool.isEndOfAllocation(e.getKey() + e.getValue() - 1));
            }
        }
    }
}
