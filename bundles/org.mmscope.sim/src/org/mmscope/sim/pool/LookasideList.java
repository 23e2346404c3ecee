package org.mmscope.sim.pool;

import java.io.Serializable;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/**
 * A lookaside list of free one-page pool allocations (NT: the per-processor and system lookaside
 * S-lists for one-page requests, paged and nonpaged, with the counters of GENERAL_LOOKASIDE): a LIFO
 * stack of page indexes, at most {@link #depth()} deep. A free pushes the page here if there is room,
 * else the caller frees it for real; a one-page allocation pops from here first.
 *
 * <p>The stack is an {@code int} array; push and pop allocate nothing.
 */
public final class LookasideList implements Serializable {

    /**
     * BAD_POOL_CALLER parameter 1 (NT's value for freeing pool already freed): a page pushed while it is
     * already on the list. Parameter 4 is the page.
     */
    public static final long BAD_POOL_ALREADY_FREE = 0x07;

    private final int[] pages;
    private int size;
    private long totalAllocates;
    private long allocateHits;
    private long totalFrees;
    private long freeHits;

    /** @param depth the most pages the list holds (NT: Depth), at least 1 */
    public LookasideList(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("lookaside depth must be at least 1, not " + depth);
        }
        pages = new int[depth];
    }

    /** The most pages the list holds. */
    public int depth() {
        return pages.length;
    }

    /** Pages on the list now. */
    public int size() {
        return size;
    }

    /** True when {@link #size()} has reached {@link #depth()}. */
    public boolean isFull() {
        return size == pages.length;
    }

    /**
     * The page {@code index} places below the top: 0 is the page the next {@link #pop()} returns. For
     * views.
     */
    public int pageAt(int index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("lookaside list holds " + size + " pages, no index " + index);
        }
        return pages[size - 1 - index];
    }

    /** True if {@code page} is on the list (a linear scan of at most {@link #depth()} entries). */
    public boolean contains(int page) {
        for (int i = 0; i < size; i++) {
            if (pages[i] == page) {
                return true;
            }
        }
        return false;
    }

    /**
     * Offers a freed page to the list (NT: the lookaside push of ExFreePoolWithTag). Counts a free, and
     * a free hit when the page is kept.
     *
     * @return true if the page is now on the list; false if the list is full and the caller must free the
     *         page for real
     * @throws BugCheckException BAD_POOL_CALLER ({@link #BAD_POOL_ALREADY_FREE}) if the page is already
     *                           on the list (a double free)
     */
    public boolean push(int page) {
        if (page < 0) {
            throw new IllegalArgumentException("not a page index: " + page);
        }
        if (contains(page)) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_ALREADY_FREE, 0, 0, page,
                    "pool page " + page + " freed twice: it is already on the lookaside list");
        }
        totalFrees++;
        if (size == pages.length) {
            return false;
        }
        freeHits++;
        pages[size++] = page;
        return true;
    }

    /**
     * Takes the page freed last (NT: the lookaside pop of ExAllocatePoolWithTag). Counts an allocate,
     * and an allocate hit when a page is returned.
     *
     * @return the page, or -1 if the list is empty (the caller allocates for real)
     */
    public int pop() {
        totalAllocates++;
        if (size == 0) {
            return -1;
        }
        allocateHits++;
        return pages[--size];
    }

    /** Pops requested (NT: TotalAllocates). */
    public long totalAllocates() {
        return totalAllocates;
    }

    /** Pops that returned a page (NT: AllocateHits; AllocateMisses = total - hits). */
    public long allocateHits() {
        return allocateHits;
    }

    /** Pushes offered (NT: TotalFrees). */
    public long totalFrees() {
        return totalFrees;
    }

    /** Pushes that kept the page (NT: FreeHits; FreeMisses = total - hits). */
    public long freeHits() {
        return freeHits;
    }
}
