package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

class NonPagedFreeRunsTest {

    /** The runs of one bucket as "first+size" strings, in list order. */
    private static List<String> bucket(NonPagedFreeRuns pool, int bucket) {
        List<String> runs = new ArrayList<>();
        for (int run = pool.firstRun(bucket); run != -1; run = pool.nextRun(run)) {
            runs.add(run + "+" + pool.runSize(run));
        }
        return runs;
    }

    private static void assertConsistent(NonPagedFreeRuns pool) {
        assertEquals(List.of(), pool.check());
    }

    @Test
    void carvesFromTheEndOfTheRun() {
        NonPagedFreeRuns pool = new NonPagedFreeRuns(64);
        pool.addRun(0, 16);
        assertEquals(List.of("0+16"), bucket(pool, 3));
        assertEquals(15, pool.allocate(1));
        assertEquals(13, pool.allocate(2));
        assertEquals(10, pool.allocate(3));
        assertEquals(5, pool.allocate(5));
        assertEquals(List.of("0+5"), bucket(pool, 3), "the run keeps its first page and its place");
        assertTrue(pool.isStartOfAllocation(5));
        assertTrue(pool.isEndOfAllocation(9));
        assertFalse(pool.isEndOfAllocation(5));
        assertEquals(5, pool.allocationSize(5));
        assertEquals(11, pool.allocatedPages());
        assertEquals(5, pool.freePages());
        assertEquals(4, pool.allocationCount());
        assertConsistent(pool);
    }

    @Test
    void aFreeThenAllocatePatternReusesRunsPerTheBucketRule() {
        NonPagedFreeRuns pool = new NonPagedFreeRuns(64);
        pool.addRun(0, 16);
        int one = pool.allocate(1); // 15
        int two = pool.allocate(2); // 13..14
        int three = pool.allocate(3); // 10..12
        pool.allocate(5); // 5..9, leaves 0..4
        assertEquals(1, pool.free(one));
        assertEquals(3, pool.free(three));
        assertEquals(List.of("15+1"), bucket(pool, 0));
        assertEquals(List.of(), bucket(pool, 1));
        assertEquals(List.of("10+3"), bucket(pool, 2));
        assertEquals(List.of("0+5"), bucket(pool, 3));

        assertEquals(11, pool.allocate(2), "bucket 1 is empty: the 3-page run is next, carved from its end");
        assertEquals(List.of("15+1", "10+1"), bucket(pool, 0), "the 1-page remainder is re-filed at the tail");
        assertEquals(List.of(), bucket(pool, 2));
        assertEquals(15, pool.allocate(1), "bucket 0 in list order");
        assertEquals(10, pool.allocate(1));
        assertEquals(4, pool.allocate(1), "buckets 0..2 empty: from the 4+ bucket");
        assertEquals(List.of("0+4"), bucket(pool, 3));
        assertEquals(0, pool.allocate(4));
        assertEquals(-1, pool.allocate(1), "exhausted: failure, not a crash");
        assertEquals(2, pool.free(two));
        assertEquals(List.of("13+2"), bucket(pool, 1));
        assertConsistent(pool);
    }

    @Test
    void freeCoalescesWithTheRunsBeforeAndAfter() {
        NonPagedFreeRuns pool = new NonPagedFreeRuns(32);
        pool.addRun(0, 8);
        int d = pool.allocate(2); // 6..7
        int c = pool.allocate(2); // 4..5
        int b = pool.allocate(2); // 2..3
        int a = pool.allocate(2); // 0..1
        assertEquals(0, pool.freePages());
        pool.free(b);
        pool.free(d);
        assertEquals(List.of("2+2", "6+2"), bucket(pool, 1));
        pool.free(c);
        assertEquals(List.of(), bucket(pool, 1), "4..5 joined the runs on both sides");
        assertEquals(List.of("2+6"), bucket(pool, 3));
        pool.free(a);
        assertEquals(List.of("0+8"), bucket(pool, 3));
        assertEquals(8, pool.freePages());
        assertConsistent(pool);
    }

    @Test
    void expansionRunsAreAddedAndCoalesced() {
        NonPagedFreeRuns pool = new NonPagedFreeRuns(64);
        pool.addRun(0, 4);
        assertEquals(-1, pool.allocate(6), "no run fits: the caller expands");
        pool.addRun(4, 4);
        assertEquals(List.of("0+8"), bucket(pool, 3), "an adjacent expansion joins the free run");
        assertEquals(2, pool.allocate(6));
        pool.addRun(20, 2);
        assertEquals(List.of("0+2", "20+2"), bucket(pool, 1), "the remainder, then the new run, at the tail");
        assertEquals(10, pool.addedPages());
        assertThrows(IllegalArgumentException.class, () -> pool.addRun(7, 2), "pages already in the pool");
        assertThrows(IllegalArgumentException.class, () -> pool.addRun(60, 5), "outside the range");
        assertThrows(IllegalArgumentException.class, () -> pool.addRun(30, 0));
        assertConsistent(pool);
    }

    @Test
    void refusesFreeingWhatIsNotTheStartOfAnAllocation() {
        NonPagedFreeRuns pool = new NonPagedFreeRuns(32);
        pool.addRun(0, 8);
        int a = pool.allocate(3);
        assertEquals(3, pool.free(a));
        BugCheckException twice = assertThrows(BugCheckException.class, () -> pool.free(a));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, twice.code());
        assertEquals(0x41, twice.parameter(1));
        assertEquals(a, twice.parameter(2));

        int b = pool.allocate(3);
        BugCheckException middle = assertThrows(BugCheckException.class, () -> pool.free(b + 1));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, middle.code());
        assertEquals(NonPagedFreeRuns.BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED, middle.parameter(1));
        assertEquals(b + 1, middle.parameter(2));

        BugCheckException never = assertThrows(BugCheckException.class, () -> pool.free(20));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, never.code());
        assertEquals(0x41, never.parameter(1));

        assertThrows(IllegalArgumentException.class, () -> pool.free(32));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> pool.firstRun(4));
        assertThrows(IllegalArgumentException.class, () -> pool.nextRun(b));
        assertThrows(IllegalArgumentException.class, () -> new NonPagedFreeRuns(0));
        assertEquals(3, pool.allocatedPages(), "refused frees change nothing");
        assertConsistent(pool);
    }

    @Test
    void protectedModeReportsWhichPagesChangeMapping() {
        List<String> calls = new ArrayList<>();
        NonPagedFreeRuns pool = new NonPagedFreeRuns(32, new NonPagedFreeRuns.MappingListener() {
            @Override
            public void map(int firstPage, int pages) {
                calls.add("map " + firstPage + "+" + pages);
            }

            @Override
            public void unmap(int firstPage, int pages) {
                calls.add("unmap " + firstPage + "+" + pages);
            }
        });
        assertTrue(pool.isProtected());
        assertFalse(new NonPagedFreeRuns(8).isProtected());
        pool.addRun(0, 8);
        int a = pool.allocate(3);
        int b = pool.allocate(1);
        pool.free(a);
        assertEquals(-1, pool.allocate(10));
        pool.free(b);
        assertEquals(List.of("unmap 0+8", "map 5+3", "map 4+1", "unmap 5+3", "unmap 4+1"), calls,
                "only the pages handed out or given back; a failed request reports nothing");
        assertConsistent(pool);
    }

    @Property(tries = 300)
    void randomSequencesStayConsistentAndAgreeWithAModel(
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 999) Integer> ops,
            @ForAll boolean protectedPool) {
        int maximum = 160;
        boolean[] mapped = new boolean[maximum];
        NonPagedFreeRuns.MappingListener listener = new NonPagedFreeRuns.MappingListener() {
            @Override
            public void map(int firstPage, int pages) {
                for (int p = firstPage; p < firstPage + pages; p++) {
                    assertFalse(mapped[p], "page " + p + " mapped twice");
                    mapped[p] = true;
                }
            }

            @Override
            public void unmap(int firstPage, int pages) {
                for (int p = firstPage; p < firstPage + pages; p++) {
                    mapped[p] = false;
                }
            }
        };
        NonPagedFreeRuns pool = new NonPagedFreeRuns(maximum, protectedPool ? listener : null);
        boolean[] added = new boolean[maximum];
        TreeMap<Integer, Integer> model = new TreeMap<>();
        int nextAdd = 0;
        for (int op : ops) {
            if (op % 3 == 0 && !model.isEmpty()) {
                int index = (op / 3) % model.size();
                int start = model.keySet().stream().skip(index).findFirst().orElseThrow();
                assertEquals((int) model.remove(start), pool.free(start));
            } else {
                int pages = op % 10 == 1 ? 1 + op % 30 : 1 + op % 6;
                int first = pool.allocate(pages);
                List<int[]> freeRuns = freeRuns(added, model);
                int largest = freeRuns.stream().mapToInt(r -> r[1]).max().orElse(0);
                if (first < 0) {
                    assertTrue(largest < pages, "-1 only when no free run is large enough");
                    int start = nextAdd + (op % 2); // sometimes a gap: runs that do not coalesce
                    int size = Math.min(8 + op % 9, maximum - start);
                    if (size > 0) {
                        pool.addRun(start, size);
                        for (int p = start; p < start + size; p++) {
                            added[p] = true;
                        }
                        nextAdd = start + size;
                    }
                } else {
                    for (int p = first; p < first + pages; p++) {
                        assertTrue(added[p], "allocated page " + p + " was added");
                        Map.Entry<Integer, Integer> below = model.floorEntry(p);
                        assertFalse(below != null && below.getKey() + below.getValue() > p, "page " + p + " was free");
                    }
                    int after = first + pages;
                    assertFalse(after < maximum && added[after] && !isAllocated(model, after),
                            "carved from the end: the page after the allocation is not free");
                    model.put(first, pages);
                }
            }
            assertEquals(List.of(), pool.check());
            assertEquals(model.size(), pool.allocationCount());
            int allocatedPages = model.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(allocatedPages, pool.allocatedPages());
            List<int[]> expectedRuns = freeRuns(added, model);
            int runs = 0;
            for (int bucket = 0; bucket < NonPagedFreeRuns.BUCKETS; bucket++) {
                runs += pool.runCount(bucket);
            }
            assertEquals(expectedRuns.size(), runs, "the buckets hold the maximal free runs");
            for (int[] run : expectedRuns) {
                assertEquals(run[1], pool.runSize(run[0]));
            }
            if (protectedPool) {
                for (int p = 0; p < maximum; p++) {
                    assertEquals(added[p] && isAllocated(model, p), mapped[p], "page " + p + " mapping");
                }
            }
        }
    }

    private static boolean isAllocated(TreeMap<Integer, Integer> model, int page) {
        Map.Entry<Integer, Integer> below = model.floorEntry(page);
        return below != null && below.getKey() + below.getValue() > page;
    }

    /** The maximal runs of added, unallocated pages: {first, size}. */
    private static List<int[]> freeRuns(boolean[] added, TreeMap<Integer, Integer> model) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int p = 0; p <= added.length; p++) {
            boolean free = p < added.length && added[p] && !isAllocated(model, p);
            if (free && start < 0) {
                start = p;
            } else if (!free && start >= 0) {
                runs.add(new int[] { start, p - start });
                start = -1;
            }
        }
        return runs;
    }
}
