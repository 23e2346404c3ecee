package org.mmscope.sim.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/**
 * The page-level allocator of nonpaged pool (NT: MmNonPagedPoolFreeListHead[4] and the
 * MMFREE_POOL_ENTRY runs, used by MiAllocatePoolPages and MiFreePoolPages): free runs of contiguous
 * pages filed in four bucket lists by size (1, 2, 3 and 4-or-more pages), and the allocations with
 * their start and end (NT: the StartOfAllocation and EndOfAllocation bits the memory manager also
 * mirrors in the PFN database).
 *
 * <p>Pages are indexes 0 .. {@link #maximumPages()}-1 of the pool's virtual range; only pages given
 * with {@link #addRun(int, int)} belong to the pool (the initial pool and each expansion with system
 * PTEs). When {@link #allocate(int)} returns -1 the memory manager expands and calls
 * {@link #addRun(int, int)}, then retries.
 *
 * <p>Runs are kept coalesced: no two free runs touch. A run is identified by its first page; because
 * requests are carved from the END of a run, a run that stays in its bucket keeps its place in the list.
 * All state is in {@code int} arrays indexed by page; allocating and freeing allocate no objects.
 *
 * <p><b>Protected mode</b> (NT: MmProtectFreedNonPagedPool): free pages are unmapped while free. The
 * {@link MappingListener} given to the constructor is told, after each operation, which pages change
 * mapping state: {@link MappingListener#map} for the pages an allocation hands out,
 * {@link MappingListener#unmap} for the pages a free or {@link #addRun(int, int)} makes free. Pages of a
 * neighbouring free run that a free coalesces with are already unmapped and are not reported again.
 */
public final class NonPagedFreeRuns implements Serializable {

    /**
     * Told which pages change mapping state in protected mode (NT: MiUnProtectFreeNonPagedPool and
     * MiProtectFreeNonPagedPool). Called after the allocator's state is updated.
     */
    public interface MappingListener extends Serializable {

        /** Pages {@code firstPage .. firstPage+pages-1} were free (unmapped) and are now allocated: map them. */
        void map(int firstPage, int pages);

        /** Pages {@code firstPage .. firstPage+pages-1} are now free: unmap them. */
        void unmap(int firstPage, int pages);
    }

    /** Number of bucket lists: 1, 2, 3 and 4-or-more pages (NT: MI_MAX_FREE_LIST_HEADS). */
    public static final int BUCKETS = 4;
    /**
     * BAD_POOL_CALLER parameter 1 (NT's value): the page freed is not the start of a nonpaged-pool
     * allocation. Parameter 2 and 3 are the page index, parameter 4 {@link #maximumPages()}.
     */
    public static final long BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED = 0x41;

    private static final int NONE = -1;

    private final int maximumPages;
    private final MappingListener listener;
    /** Free run starting at the page: its size, else 0. */
    private final int[] runSize;
    /** Last page of a free run: its first page + 1, else 0. */
    private final int[] runStartOfLast;
    /** Links of the bucket lists, indexed by a run's first page. */
    private final int[] next;
    private final int[] previous;
    private final int[] head = new int[BUCKETS];
    private final int[] tail = new int[BUCKETS];
    private final int[] bucketRuns = new int[BUCKETS];
    /** Allocation starting at the page (StartOfAllocation): its size, else 0. */
    private final int[] allocationSize;
    /** Last page of an allocation (EndOfAllocation): its first page + 1, else 0. */
    private final int[] allocationStartOfLast;
    /** Pages given with addRun. */
    private final long[] added;
    private int addedPages;
    private int freePages;
    private int allocatedPages;
    private int allocationCount;

    /** An unprotected pool: free runs stay mapped. */
    public NonPagedFreeRuns(int maximumPages) {
        this(maximumPages, null);
    }

    /**
     * @param maximumPages pages of the pool's virtual range
     * @param listener     null for an unprotected pool; else the pool is protected (NT:
     *                     MmProtectFreedNonPagedPool) and the listener is told about mapping changes
     */
    public NonPagedFreeRuns(int maximumPages, MappingListener listener) {
        if (maximumPages < 1) {
            throw new IllegalArgumentException("nonpaged pool needs at least one page, not " + maximumPages);
        }
        this.maximumPages = maximumPages;
        this.listener = listener;
        runSize = new int[maximumPages];
        runStartOfLast = new int[maximumPages];
        next = new int[maximumPages];
        previous = new int[maximumPages];
        allocationSize = new int[maximumPages];
        allocationStartOfLast = new int[maximumPages];
        added = new long[(maximumPages + 63) >>> 6];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
    }

    /** Pages of the pool's virtual range. */
    public int maximumPages() {
        return maximumPages;
    }

    /** True if free runs are unmapped while free (NT: MmProtectFreedNonPagedPool). */
    public boolean isProtected() {
        return listener != null;
    }

    /** Pages given with {@link #addRun(int, int)}: free plus allocated. */
    public int addedPages() {
        return addedPages;
    }

    /** Pages in free runs. */
    public int freePages() {
        return freePages;
    }

    /** Pages in allocations. */
    public int allocatedPages() {
        return allocatedPages;
    }

    /** Number of allocations. */
    public int allocationCount() {
        return allocationCount;
    }

    /** The bucket a run of {@code pages} pages is filed in: min(pages, 4) - 1. */
    public static int bucketOf(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a run has at least one page, not " + pages);
        }
        return Math.min(pages, BUCKETS) - 1;
    }

    /** Number of runs in {@code bucket} (0..3). */
    public int runCount(int bucket) {
        requireBucket(bucket);
        return bucketRuns[bucket];
    }

    /** First page of the first run in {@code bucket}, or -1 if the bucket is empty. */
    public int firstRun(int bucket) {
        requireBucket(bucket);
        return head[bucket];
    }

    /** First page of the run after {@code runStart} in its bucket, or -1 at the end. */
    public int nextRun(int runStart) {
        requireRun(runStart);
        return next[runStart];
    }

    /** Size of the free run starting at {@code page}, or 0 if no free run starts there. */
    public int runSize(int page) {
        requirePage(page);
        return runSize[page];
    }

    /** Size of the allocation starting at {@code page} (StartOfAllocation), or 0 if none starts there. */
    public int allocationSize(int page) {
        requirePage(page);
        return allocationSize[page];
    }

    /** True if {@code page} is the first page of an allocation (NT: PFN StartOfAllocation). */
    public boolean isStartOfAllocation(int page) {
        requirePage(page);
        return allocationSize[page] != 0;
    }

    /** True if {@code page} is the last page of an allocation (NT: PFN EndOfAllocation). */
    public boolean isEndOfAllocation(int page) {
        requirePage(page);
        return allocationStartOfLast[page] != 0;
    }

    /** True if {@code page} was given to the pool with {@link #addRun(int, int)}. */
    public boolean isAdded(int page) {
        requirePage(page);
        return (added[page >>> 6] & (1L << page)) != 0;
    }

    /**
     * Gives pages to the pool as a free run (NT: the initial nonpaged pool, and the expansion of
     * MiAllocatePoolPages with system PTEs). The run is coalesced with free runs it touches. In protected
     * mode the listener is told to unmap the pages.
     *
     * @throws IllegalArgumentException if the range leaves the pool's range or a page was already added
     */
    public void addRun(int firstPage, int pages) {
        if (pages < 1 || firstPage < 0 || (long) firstPage + pages > maximumPages) {
            throw new IllegalArgumentException("run " + firstPage + " +" + pages + " pages is not inside the pool's range 0.."
                    + (maximumPages - 1));
        }
        for (int page = firstPage; page < firstPage + pages; page++) {
            if (isAdded(page)) {
                throw new IllegalArgumentException("page " + page + " already belongs to nonpaged pool");
            }
        }
        for (int page = firstPage; page < firstPage + pages; page++) {
            added[page >>> 6] |= 1L << page;
        }
        addedPages += pages;
        insertCoalesced(firstPage, pages);
        if (listener != null) {
            listener.unmap(firstPage, pages);
        }
    }

    /**
     * Allocates {@code pages} contiguous pages (NT: the nonpaged part of MiAllocatePoolPages): searches
     * the buckets from the request's bucket upwards, each list in order, for the first run large enough,
     * carves the request from the END of that run and re-files the remainder in the bucket of its new
     * size. Marks the allocation's start and end. In protected mode the listener is told to map the
     * allocated pages.
     *
     * @return the first page of the allocation, or -1 if no free run is large enough (the caller expands
     *         with {@link #addRun(int, int)} and retries, or fails the request)
     */
    public int allocate(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a pool request needs at least one page, not " + pages);
        }
        if (pages > freePages) {
            return -1;
        }
        for (int bucket = bucketOf(pages); bucket < BUCKETS; bucket++) {
            for (int run = head[bucket]; run != NONE; run = next[run]) {
                int size = runSize[run];
                if (size < pages) {
                    continue;
                }
                int remainder = size - pages;
                int first = run + remainder;
                if (remainder == 0) {
                    unlink(run, bucket);
                    runSize[run] = 0;
                    runStartOfLast[run + size - 1] = 0;
                } else {
                    runStartOfLast[run + size - 1] = 0;
                    runSize[run] = remainder;
                    runStartOfLast[run + remainder - 1] = run + 1;
                    int newBucket = bucketOf(remainder);
                    if (newBucket != bucket) {
                        unlink(run, bucket);
                        linkTail(run, newBucket);
                    }
                }
                freePages -= pages;
                allocationSize[first] = pages;
                allocationStartOfLast[first + pages - 1] = first + 1;
                allocatedPages += pages;
                allocationCount++;
                if (listener != null) {
                    listener.map(first, pages);
                }
                return first;
            }
        }
        return -1;
    }

    /**
     * Frees the allocation starting at {@code firstPage} (NT: the nonpaged part of MiFreePoolPages): its
     * size comes from the allocation record; the pages are coalesced with the free runs just before and
     * just after and the result filed in the bucket of its size (at the tail). In protected mode the
     * listener is told to unmap the freed pages.
     *
     * @return the number of pages freed
     * @throws BugCheckException BAD_POOL_CALLER ({@link #BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED}) if
     *                           {@code firstPage} is not the start of an allocation (double free, middle of an
     *                           allocation, a free page or a page never added)
     */
    public int free(int firstPage) {
        requirePage(firstPage);
        int pages = allocationSize[firstPage];
        if (pages == 0) {
            String what = !isAdded(firstPage) ? "does not belong to nonpaged pool"
                    : "is not the start of an allocation (double free, middle of an allocation or free page)";
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED, firstPage,
                    firstPage, maximumPages, "nonpaged pool page " + firstPage + " " + what);
        }
        allocationSize[firstPage] = 0;
        allocationStartOfLast[firstPage + pages - 1] = 0;
        allocatedPages -= pages;
        allocationCount--;
        insertCoalesced(firstPage, pages);
        if (listener != null) {
            listener.unmap(firstPage, pages);
        }
        return pages;
    }

    /**
     * Consistency check for the invariant checker: every run is in the bucket of its size and its list
     * links agree; runs do not overlap or touch; allocations and runs do not overlap and together cover
     * exactly the pages added; the counters agree. Empty when all is well. Scans everything.
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        int linked = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            int count = 0;
            int before = NONE;
            for (int run = head[bucket]; run != NONE; run = next[run]) {
                if (run < 0 || run >= maximumPages || ++count > maximumPages) {
                    problems.add("bucket " + bucket + " list is broken at " + run);
                    break;
                }
                if (previous[run] != before) {
                    problems.add("run " + run + " in bucket " + bucket + " has a wrong backward link");
                }
                if (runSize[run] < 1) {
                    problems.add("bucket " + bucket + " holds page " + run + " which starts no run");
                } else if (bucketOf(runSize[run]) != bucket) {
                    problems.add("run " + run + " of " + runSize[run] + " pages is in bucket " + bucket);
                }
                before = run;
            }
            if (tail[bucket] != before) {
                problems.add("bucket " + bucket + " tail is " + tail[bucket] + ", last run is " + before);
            }
            if (count != bucketRuns[bucket]) {
                problems.add("bucket " + bucket + " counts " + bucketRuns[bucket] + " runs, list has " + count);
            }
            linked += count;
        }
        // coverage: 1 = free run, 2 = allocation
        byte[] owner = new byte[maximumPages];
        int runs = 0;
        int free = 0;
        int allocated = 0;
        int allocations = 0;
        int previousRunEnd = Integer.MIN_VALUE;
        for (int page = 0; page < maximumPages; page++) {
            int size = runSize[page];
            if (size > 0) {
                runs++;
                free += size;
                if (page + size > maximumPages) {
                    problems.add("run " + page + " of " + size + " pages leaves the pool's range");
                    continue;
                }
                if (page == previousRunEnd) {
                    problems.add("free run " + page + " touches the run before it: not coalesced");
                }
                previousRunEnd = page + size;
                if (runStartOfLast[page + size - 1] != page + 1) {
                    problems.add("run " + page + " of " + size + " pages has no end record");
                }
                mark(owner, page, size, (byte) 1, problems);
            }
            int asize = allocationSize[page];
            if (asize > 0) {
                allocations++;
                allocated += asize;
                if (page + asize > maximumPages) {
                    problems.add("allocation " + page + " of " + asize + " pages leaves the pool's range");
                    continue;
                }
                if (allocationStartOfLast[page + asize - 1] != page + 1) {
                    problems.add("allocation " + page + " of " + asize + " pages has no EndOfAllocation");
                }
                mark(owner, page, asize, (byte) 2, problems);
            }
        }
        for (int page = 0; page < maximumPages; page++) {
            int start = runStartOfLast[page] - 1;
            if (start >= 0 && (start > page || runSize[start] != page - start + 1)) {
                problems.add("stale run end record at page " + page);
            }
            int astart = allocationStartOfLast[page] - 1;
            if (astart >= 0 && (astart > page || allocationSize[astart] != page - astart + 1)) {
                problems.add("EndOfAllocation at page " + page + " belongs to no allocation");
            }
            boolean isAdded = (added[page >>> 6] & (1L << page)) != 0;
            if (isAdded != (owner[page] != 0)) {
                problems.add("page " + page + (isAdded ? " was added but is neither free nor allocated"
                        : " is free or allocated but was never added"));
            }
        }
        if (runs != linked) {
            problems.add(runs + " free runs exist, the buckets link " + linked);
        }
        if (free != freePages) {
            problems.add("free runs hold " + free + " pages, counter says " + freePages);
        }
        if (allocated != allocatedPages || allocations != allocationCount) {
            problems.add("allocations hold " + allocated + " pages in " + allocations + ", counters say "
                    + allocatedPages + " in " + allocationCount);
        }
        if (free + allocated != addedPages) {
            problems.add("free + allocated pages = " + (free + allocated) + ", added " + addedPages);
        }
        return problems;
    }

    // ---- internals ----

    private static void mark(byte[] owner, int first, int pages, byte kind, List<String> problems) {
        for (int page = first; page < first + pages; page++) {
            if (owner[page] != 0) {
                problems.add("page " + page + " is in two " + (owner[page] == kind && kind == 1 ? "free runs"
                        : owner[page] == kind ? "allocations" : "places: a free run and an allocation"));
            }
            owner[page] = kind;
        }
    }

    /** Files pages first..first+pages-1 as free, merged with the runs just before and after. */
    private void insertCoalesced(int first, int pages) {
        int start = first;
        int size = pages;
        int end = first + pages; // exclusive
        if (first > 0 && runStartOfLast[first - 1] != 0) {
            int before = runStartOfLast[first - 1] - 1;
            int beforeSize = runSize[before];
            unlink(before, bucketOf(beforeSize));
            runSize[before] = 0;
            runStartOfLast[first - 1] = 0;
            start = before;
            size += beforeSize;
        }
        if (end < maximumPages && runSize[end] != 0) {
            int afterSize = runSize[end];
            unlink(end, bucketOf(afterSize));
            runSize[end] = 0;
            runStartOfLast[end + afterSize - 1] = 0;
            size += afterSize;
        }
        runSize[start] = size;
        runStartOfLast[start + size - 1] = start + 1;
        linkTail(start, bucketOf(size));
        freePages += pages;
    }

    private void linkTail(int run, int bucket) {
        next[run] = NONE;
        previous[run] = tail[bucket];
        if (tail[bucket] == NONE) {
            head[bucket] = run;
        } else {
            next[tail[bucket]] = run;
        }
        tail[bucket] = run;
        bucketRuns[bucket]++;
    }

    private void unlink(int run, int bucket) {
        int before = previous[run];
        int after = next[run];
        if (before == NONE) {
            head[bucket] = after;
        } else {
            next[before] = after;
        }
        if (after == NONE) {
            tail[bucket] = before;
        } else {
            previous[after] = before;
        }
        next[run] = NONE;
        previous[run] = NONE;
        bucketRuns[bucket]--;
    }

    private void requireBucket(int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IllegalArgumentException("bucket must be 0.." + (BUCKETS - 1) + ", not " + bucket);
        }
    }

    private void requireRun(int page) {
        requirePage(page);
        if (runSize[page] == 0) {
            throw new IllegalArgumentException("no free run starts at page " + page);
        }
    }

    private void requirePage(int page) {
        if (page < 0 || page >= maximumPages) {
            throw new IllegalArgumentException(
                    "page " + page + " is outside the nonpaged pool's range 0.." + (maximumPages - 1));
        }
    }
}
