package org.mmscope.sim.pool;

import java.io.Serializable;

/**
 * One block of a small-pool page as WinDbg's {@code !pool} lists it: where its header is, its size,
 * whether it is free, and its owner's type and tag (a free block keeps the tag of its last owner, as
 * in NT).
 *
 * @param pfn          the pool page
 * @param offset       byte offset of the block's header in the page
 * @param size         block size in bytes, header included (BlockSize * 16)
 * @param previousSize size of the block before it in bytes (PreviousSize * 16), 0 for the first
 * @param free         true if the header's PoolType is 0
 * @param type         the pool type of an allocated block, null for a free one
 * @param tag          the header's PoolTag
 */
public record PoolBlock(int pfn, int offset, int size, int previousSize, boolean free, PoolType type, int tag) implements Serializable {

    /** The pool address of the block's data: {@code (pfn << 12) | (offset + 16)}, see {@link SmallBlockPool}. */
    public long address() {
        return SmallBlockPool.address(pfn, offset + PoolHeader.SIZE);
    }

    /** The tag as text. */
    public String tagText() {
        return PoolHeader.tagText(tag);
    }

    /**
     * One line in the manner of {@code !pool}: header address (page-relative pool address), size,
     * previous size, state, tag. The caller marks the block of interest with '*'.
     */
    public String line() {
        return String.format("%016x size: %4x previous size: %4x  (%s) %s", SmallBlockPool.address(pfn, offset),
                size, previousSize, free ? "Free" : "Allocated", tagText());
    }
}
