package org.mmscope.sim.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/**
 * The page-level allocator of paged pool (NT: MmPagedPoolInfo.PagedPoolAllocationMap and
 * EndOfPagedPoolBitmap, used by MiAllocatePoolPages and MiFreePoolPages): one bit per page of the
 * pool's virtual range says whether the page belongs to an allocation, a second bit says whether it is
 * the last page of one, so that a free finds the size from the start page alone.
 *
 * <p>Pages are indexes 0 .. {@link #maximumPages()}-1 inside the pool's range; mapping them is the
 * memory manager's business. Only the first {@link #currentSize()} pages are usable: the pool grows by
 * {@link #expand()} in steps of {@link #pagesPerExpansion()} pages (one page table each, NT:
 * MiExpandPagedPool and the expansion PDEs). Expansion is always visible to the caller:
 * {@link #allocate(int)} never expands by itself but returns {@link #NEEDS_EXPANSION}, and the memory
 * manager then calls {@link #expand()}, which names the page table to create and zero, and retries:
 *
 * <pre>
 * int first;
 * while ((first = bitmaps.allocate(pages)) == PagedPoolBitmaps.NEEDS_EXPANSION) {
 *     int table = bitmaps.expand(); // create and zero page table 'table'
 * }
 * if (first == PagedPoolBitmaps.EXHAUSTED) { ... out of paged pool ... }
 * </pre>
 *
 * <p>One-page requests search from a hint (NT: PagedPoolHint), wrapping around; larger requests take
 * the first fit from page 0. The bitmaps are {@code long} words; allocating and freeing allocate no
 * objects.
 */
public final class PagedPoolBitmaps implements Serializable {

    /** {@link #allocate(int)}: no run fits even if the pool grew to its maximum (NT: out of paged pool). */
    public static final int EXHAUSTED = -1;
    /** {@link #allocate(int)}: no run fits in the current size, one fits after {@link #expand()}. */
    public static final int NEEDS_EXPANSION = -2;
    /**
     * BAD_POOL_CALLER parameter 1 (NT's value): the page freed is not the start of a paged-pool
     * allocation. Parameter 2 and 3 are the page index, parameter 4 the current size in bytes.
     */
    public static final long BAD_POOL_FREE_NOT_ALLOCATED_PAGED = 0x50;

    private static final int PAGE_SIZE = 4096;

    private final int maximumPages;
    private final int pagesPerExpansion;
    private final long[] allocationMap;
    private final long[] endMap;
    private int currentSize;
    private int hint;
    private int pagesInUse;
    private int allocationCount;
    private int expansions;

    /**
     * Creates an empty pool of size 0: the memory manager makes the initial paged pool with
     * {@link #expand()} calls at boot.
     *
     * @param maximumPages      pages the pool's virtual range holds (NT: the paged pool's end)
     * @param pagesPerExpansion pages one expansion adds, 512 for one x64 page table; the last expansion
     *                          may be shorter when maximumPages is not a multiple of it
     */
    public PagedPoolBitmaps(int maximumPages, int pagesPerExpansion) {
        if (maximumPages < 1) {
            throw new IllegalArgumentException("paged pool needs at least one page, not " + maximumPages);
        }
        if (pagesPerExpansion < 1) {
            throw new IllegalArgumentException("pages per expansion must be at least 1, not " + pagesPerExpansion);
        }
        this.maximumPages = maximumPages;
        this.pagesPerExpansion = pagesPerExpansion;
        int words = (maximumPages + 63) >>> 6;
        allocationMap = new long[words];
        endMap = new long[words];
    }

    /** Pages the pool can grow to. */
    public int maximumPages() {
        return maximumPages;
    }

    /** Pages one {@link #expand()} adds (the last one may add fewer). */
    public int pagesPerExpansion() {
        return pagesPerExpansion;
    }

    /** Pages currently usable: 0 .. currentSize()-1 (NT: the part of the bitmap in use). */
    public int currentSize() {
        return currentSize;
    }

    /** Number of {@link #expand()} calls so far = page tables the pool uses. */
    public int pageTableCount() {
        return expansions;
    }

    /** Pages that belong to an allocation. */
    public int pagesInUse() {
        return pagesInUse;
    }

    /** Number of allocations. */
    public int allocationCount() {
        return allocationCount;
    }

    /** Where the next one-page request starts searching (NT: PagedPoolHint). */
    public int hint() {
        return hint;
    }

    /** True if {@code page} belongs to an allocation. */
    public boolean isAllocated(int page) {
        requirePage(page);
        return test(allocationMap, page);
    }

    /** True if {@code page} is the last page of an allocation (NT: its bit in EndOfPagedPoolBitmap). */
    public boolean isEndOfAllocation(int page) {
        requirePage(page);
        return test(endMap, page);
    }

    /** True if {@code page} is the first page of an allocation (what {@link #free(int)} accepts). */
    public boolean isStartOfAllocation(int page) {
        requirePage(page);
        return isStart(page);
    }

    /**
     * Allocates {@code pages} contiguous pages (NT: the paged part of MiAllocatePoolPages). One-page
     * requests search from {@link #hint()} to the current end, then from 0; larger ones take the first
     * fit from 0. The allocation's last page is marked in the end bitmap.
     *
     * @return the first page, {@link #NEEDS_EXPANSION} when the caller must {@link #expand()} and retry,
     *         or {@link #EXHAUSTED} when no run fits even in the pool at its maximum size
     */
    public int allocate(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a pool request needs at least one page, not " + pages);
        }
        if (pages > maximumPages) {
            return EXHAUSTED;
        }
        int first;
        if (pages == 1) {
            first = findRun(hint, currentSize, 1);
            if (first < 0) {
                first = findRun(0, Math.min(hint, currentSize), 1);
            }
        } else {
            first = findRun(0, currentSize, pages);
        }
        if (first < 0) {
            return findRun(0, maximumPages, pages) < 0 ? EXHAUSTED : NEEDS_EXPANSION;
        }
        setRange(allocationMap, first, first + pages);
        set(endMap, first + pages - 1);
        pagesInUse += pages;
        allocationCount++;
        if (pages == 1) {
            hint = first;
        }
        return first;
    }

    /**
     * How many {@link #expand()} calls a request of {@code pages} pages needs before it fits: 0 if it
     * fits now, -1 if it never fits (the pool at its maximum has no such run).
     */
    public int expansionsNeeded(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a pool request needs at least one page, not " + pages);
        }
        if (pages > maximumPages) {
            return -1;
        }
        if (findRun(0, currentSize, pages) >= 0) {
            return 0;
        }
        int first = findRun(0, maximumPages, pages);
        if (first < 0) {
            return -1;
        }
        int beyond = first + pages - currentSize;
        return (beyond + pagesPerExpansion - 1) / pagesPerExpansion;
    }

    /** True if the pool can still grow. */
    public boolean canExpand() {
        return currentSize < maximumPages;
    }

    /**
     * Grows the usable part by one step (NT: MiExpandPagedPool taking the next expansion PDE). The new
     * pages are free; the caller creates and zeroes the page table that maps them.
     *
     * @return the index of the new page table: it maps pages {@code index * pagesPerExpansion()} onwards
     * @throws IllegalStateException if the pool is already at its maximum size
     */
    public int expand() {
        if (!canExpand()) {
            throw new IllegalStateException("paged pool is at its maximum of " + maximumPages + " pages");
        }
        int table = expansions;
        currentSize = (int) Math.min((long) maximumPages, (long) currentSize + pagesPerExpansion);
        expansions++;
        return table;
    }

    /**
     * Frees the allocation starting at {@code firstPage} (NT: the paged part of MiFreePoolPages): its
     * size is where the next end bit is. A freed page below the hint lowers the hint, so one-page
     * requests refill low holes first.
     *
     * @return the number of pages freed
     * @throws BugCheckException BAD_POOL_CALLER ({@link #BAD_POOL_FREE_NOT_ALLOCATED_PAGED}) if
     *                           {@code firstPage} is not the start of an allocation (never allocated, freed
     *                           twice, or in the middle of one)
     */
    public int free(int firstPage) {
        requirePage(firstPage);
        if (!isStart(firstPage)) {
            String what = !test(allocationMap, firstPage) ? "is not allocated (double free or never allocated)"
                    : "is in the middle of an allocation";
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_FREE_NOT_ALLOCATED_PAGED, firstPage,
                    firstPage, (long) currentSize * PAGE_SIZE, "paged pool page " + firstPage + " " + what);
        }
        int last = nextSet(endMap, firstPage, currentSize);
        if (last >= currentSize || nextClear(allocationMap, firstPage, last + 1) <= last) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_FREE_NOT_ALLOCATED_PAGED, firstPage,
                    firstPage, (long) currentSize * PAGE_SIZE,
                    "paged pool allocation at page " + firstPage + " has no end-of-allocation bit: bitmaps corrupt");
        }
        int pages = last - firstPage + 1;
        clearRange(allocationMap, firstPage, last + 1);
        clear(endMap, last);
        pagesInUse -= pages;
        allocationCount--;
        if (firstPage < hint) {
            hint = firstPage;
        }
        return pages;
    }

    /**
     * Consistency check for the invariant checker: the end bitmap agrees with the allocation bitmap and
     * the counters. Empty when all is well. Scans the whole range; not for hot paths.
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        if (currentSize < 0 || currentSize > maximumPages) {
            problems.add("current size " + currentSize + " outside 0.." + maximumPages);
        }
        if (hint < 0 || (hint > 0 && hint >= currentSize)) {
            problems.add("hint " + hint + " outside the current size " + currentSize);
        }
        int used = 0;
        int ends = 0;
        for (int page = 0; page < maximumPages; page++) {
            boolean allocated = test(allocationMap, page);
            boolean end = test(endMap, page);
            if (page >= currentSize && (allocated || end)) {
                problems.add("page " + page + " beyond the current size " + currentSize + " is marked");
                continue;
            }
            if (allocated) {
                used++;
                boolean nextAllocated = page + 1 < maximumPages && test(allocationMap, page + 1);
                if (!nextAllocated && !end) {
                    problems.add("allocation ending at page " + page + " has no end-of-allocation bit");
                }
            }
            if (end) {
                ends++;
                if (!allocated) {
                    problems.add("end-of-allocation bit on free page " + page);
                }
            }
        }
        for (int word = 0; word < allocationMap.length; word++) {
            long beyond = word == allocationMap.length - 1 && (maximumPages & 63) != 0 ? -1L << (maximumPages & 63) : 0;
            if (((allocationMap[word] | endMap[word]) & beyond) != 0) {
                problems.add("bits set beyond the maximum of " + maximumPages + " pages");
            }
        }
        if (used != pagesInUse) {
            problems.add("allocation bitmap has " + used + " pages set, counter says " + pagesInUse);
        }
        if (ends != allocationCount) {
            problems.add("end bitmap has " + ends + " allocations, counter says " + allocationCount);
        }
        return problems;
    }

    // ---- bitmap primitives ----

    private boolean isStart(int page) {
        return test(allocationMap, page) && (page == 0 || !test(allocationMap, page - 1) || test(endMap, page - 1));
    }

    /** First run of {@code pages} clear bits starting in [from, limit) and ending by limit, or -1. */
    private int findRun(int from, int limit, int pages) {
        int start = from;
        while (true) {
            int clear = nextClear(allocationMap, start, limit);
            if ((long) clear + pages > limit) {
                return -1;
            }
            int set = nextSet(allocationMap, clear, clear + pages);
            if (set == clear + pages) {
                return clear;
            }
            start = set + 1;
        }
    }

    /** First clear bit in [from, limit), or limit. */
    private static int nextClear(long[] map, int from, int limit) {
        if (from >= limit) {
            return limit;
        }
        int word = from >>> 6;
        long bits = ~map[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                int index = (word << 6) + Long.numberOfTrailingZeros(bits);
                return Math.min(index, limit);
            }
            word++;
            if ((word << 6) >= limit) {
                return limit;
            }
            bits = ~map[word];
        }
    }

    /** First set bit in [from, limit), or limit. */
    private static int nextSet(long[] map, int from, int limit) {
        if (from >= limit) {
            return limit;
        }
        int word = from >>> 6;
        long bits = map[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                int index = (word << 6) + Long.numberOfTrailingZeros(bits);
                return Math.min(index, limit);
            }
            word++;
            if ((word << 6) >= limit) {
                return limit;
            }
            bits = map[word];
        }
    }

    private static boolean test(long[] map, int bit) {
        return (map[bit >>> 6] & (1L << bit)) != 0;
    }

    private static void set(long[] map, int bit) {
        map[bit >>> 6] |= 1L << bit;
    }

    private static void clear(long[] map, int bit) {
        map[bit >>> 6] &= ~(1L << bit);
    }

    private static void setRange(long[] map, int from, int to) {
        for (int bit = from; bit < to;) {
            int word = bit >>> 6;
            int end = Math.min(to, (word + 1) << 6);
            map[word] |= mask(bit & 63, end - bit);
            bit = end;
        }
    }

    private static void clearRange(long[] map, int from, int to) {
        for (int bit = from; bit < to;) {
            int word = bit >>> 6;
            int end = Math.min(to, (word + 1) << 6);
            map[word] &= ~mask(bit & 63, end - bit);
            bit = end;
        }
    }

    private static long mask(int shift, int count) {
        return (count == 64 ? -1L : (1L << count) - 1) << shift;
    }

    private void requirePage(int page) {
        if (page < 0 || page >= maximumPages) {
            throw new IllegalArgumentException(
                    "page " + page + " is outside the paged pool's range 0.." + (maximumPages - 1));
        }
    }
}
