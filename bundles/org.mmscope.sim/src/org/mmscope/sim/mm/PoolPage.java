package org.mmscope.sim.mm;

import java.io.Serializable;

import org.mmscope.sim.pool.PoolHeader;

/**
 * One page of a pool's virtual range as the pool map shows it (MmScope's view; NT has no single
 * structure for it: the paged-pool bitmaps, the nonpaged free runs, the lookaside lists, the
 * small-block pages, the big-page table and special pool's pairs each know part of it).
 *
 * @param address    the page's kernel virtual address
 * @param pool       the range: {@link Range#PAGED}, {@link Range#NONPAGED} or {@link Range#SPECIAL}
 * @param state      what the page holds
 * @param pte        the page's PTE (valid, demand zero, transition or paging file for a paged-pool page)
 * @param pfn        the physical page when the PTE is valid, else -1
 * @param tag        the owner's tag of a whole-page, lookaside or special-pool data page, 0 otherwise
 * @param allocation the address of the allocation the page belongs to (whole pages: its first page;
 *                   special pool: the data), 0 when none
 * @param bytesUsed  bytes of the page in use: the allocated blocks (headers included) of a small-block
 *                   page, the allocation's bytes on this page for whole pages and special pool, 0 for
 *                   free, lookaside and guard pages
 */
public record PoolPage(long address, Range pool, State state, long pte, int pfn, int tag, long allocation,
        long bytesUsed) implements Serializable {

    /** The pool ranges. */
    public enum Range {
        /** Nonpaged pool. */
        NONPAGED,
        /** Paged pool. */
        PAGED,
        /** Special pool (Driver Verifier). */
        SPECIAL
    }

    /** What a pool page holds. */
    public enum State {
        /** Part of the range but in no allocation (a free run, a clear bitmap bit). */
        FREE,
        /** A page tiled by small blocks behind pool headers ({@code !pool} lists them). */
        SMALL_BLOCKS,
        /** A page of an allocation of whole pages (in the big-page table). */
        WHOLE_PAGES,
        /** A freed one-page allocation held on the pool's lookaside list for reuse. */
        LOOKASIDE,
        /** A special-pool data page holding one allocation. */
        SPECIAL_DATA,
        /** A special-pool guard page: no access, an overrun or underrun faults (0xD6). */
        SPECIAL_GUARD,
        /** A freed special-pool data page: no access until its pair is reused, a use after free faults (0xCC). */
        SPECIAL_FREED
    }

    /** The tag as text, "" when there is none. */
    public String tagText() {
        return tag == 0 ? "" : PoolHeader.tagText(tag);
    }
}
