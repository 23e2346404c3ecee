package org.mmscope.sim.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pool usage by tag, kept up to date on every allocation and free (NT: the pool tracking table,
 * PoolTrackTable, that WinDbg's {@code !poolused} prints): per tag and pool type, the number of
 * allocations, the number of frees and the bytes in use. Bytes are whole blocks, header included
 * (what NT's tracker adds up).
 *
 * <p>Tags live in an open-addressing table of primitive arrays; recording an operation for a tag
 * already seen allocates nothing. Tags are reported in the order they were first seen, or sorted
 * by {@link #usages()}.
 */
public final class PoolTagStats implements Serializable {

    /** One row of {@code !poolused}: the counters of one tag. */
    public record TagUsage(int tag, long nonPagedAllocations, long nonPagedFrees, long nonPagedBytes,
            long pagedAllocations, long pagedFrees, long pagedBytes) {

        /** The tag as text. */
        public String tagText() {
            return PoolHeader.tagText(tag);
        }
    }

    private static final int TYPES = PoolType.values().length;
    private static final int EMPTY = -1;

    private int[] slots = new int[64]; // hash slot -> row, or EMPTY
    private int[] tags = new int[32];  // row -> tag
    private long[] allocations = new long[32 * TYPES];
    private long[] frees = new long[32 * TYPES];
    private long[] bytes = new long[32 * TYPES];
    private int rows;

    /** An empty table. */
    public PoolTagStats() {
        Arrays.fill(slots, EMPTY);
    }

    /** Number of distinct tags seen. */
    public int tagCount() {
        return rows;
    }

    /** The tag of row {@code index} (0 .. tagCount()-1, in order of first use). */
    public int tagAt(int index) {
        if (index < 0 || index >= rows) {
            throw new IllegalArgumentException("no tag row " + index + " (there are " + rows + ")");
        }
        return tags[index];
    }

    /** Records an allocation of a block of {@code blockBytes} (header included). */
    public void recordAllocation(int tag, PoolType type, int blockBytes) {
        if (blockBytes <= 0) {
            throw new IllegalArgumentException("an allocated block has a positive size: " + blockBytes);
        }
        int i = rowOf(tag, true) * TYPES + type.ordinal();
        allocations[i]++;
        bytes[i] += blockBytes;
    }

    /**
     * Records the free of a block of {@code blockBytes}. Precondition: at least that many bytes of
     * this tag and type are in use.
     */
    public void recordFree(int tag, PoolType type, int blockBytes) {
        int row = rowOf(tag, false);
        if (row == EMPTY || bytes[row * TYPES + type.ordinal()] < blockBytes || blockBytes <= 0) {
            throw new IllegalStateException("free of " + blockBytes + " bytes of tag '" + PoolHeader.tagText(tag)
                    + "' (" + type + ") that is not in use");
        }
        int i = row * TYPES + type.ordinal();
        frees[i]++;
        bytes[i] -= blockBytes;
    }

    /** Allocations so far of {@code tag} in {@code type}. */
    public long allocations(int tag, PoolType type) {
        int row = rowOf(tag, false);
        return row == EMPTY ? 0 : allocations[row * TYPES + type.ordinal()];
    }

    /** Frees so far of {@code tag} in {@code type}. */
    public long frees(int tag, PoolType type) {
        int row = rowOf(tag, false);
        return row == EMPTY ? 0 : frees[row * TYPES + type.ordinal()];
    }

    /** Bytes (whole blocks) of {@code tag} in use in {@code type}. */
    public long bytesInUse(int tag, PoolType type) {
        int row = rowOf(tag, false);
        return row == EMPTY ? 0 : bytes[row * TYPES + type.ordinal()];
    }

    /** Bytes in use of every tag in {@code type}. */
    public long totalBytesInUse(PoolType type) {
        long total = 0;
        for (int r = 0; r < rows; r++) {
            total += bytes[r * TYPES + type.ordinal()];
        }
        return total;
    }

    /** The counters of one tag (all zero for a tag never seen). */
    public TagUsage usage(int tag) {
        return new TagUsage(tag, allocations(tag, PoolType.NONPAGED), frees(tag, PoolType.NONPAGED),
                bytesInUse(tag, PoolType.NONPAGED), allocations(tag, PoolType.PAGED), frees(tag, PoolType.PAGED),
                bytesInUse(tag, PoolType.PAGED));
    }

    /** Every tag seen, sorted by tag text (as {@code !poolused} without a sort flag). */
    public List<TagUsage> usages() {
        List<TagUsage> list = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            list.add(usage(tags[r]));
        }
        list.sort((a, b) -> a.tagText().compareTo(b.tagText()) != 0 ? a.tagText().compareTo(b.tagText())
                : Integer.compareUnsigned(a.tag(), b.tag()));
        return list;
    }

    private int rowOf(int tag, boolean create) {
        int mask = slots.length - 1;
        int h = mix(tag) & mask;
        while (slots[h] != EMPTY) {
            if (tags[slots[h]] == tag) {
                return slots[h];
            }
            h = (h + 1) & mask;
        }
        if (!create) {
            return EMPTY;
        }
        if (rows == tags.length) {
            int n = rows * 2;
            tags = Arrays.copyOf(tags, n);
            allocations = Arrays.copyOf(allocations, n * TYPES);
            frees = Arrays.copyOf(frees, n * TYPES);
            bytes = Arrays.copyOf(bytes, n * TYPES);
        }
        int row = rows++;
        tags[row] = tag;
        slots[h] = row;
        if (rows * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return row;
    }

    private void rehash(int size) {
        slots = new int[size];
        Arrays.fill(slots, EMPTY);
        int mask = size - 1;
        for (int r = 0; r < rows; r++) {
            int h = mix(tags[r]) & mask;
            while (slots[h] != EMPTY) {
                h = (h + 1) & mask;
            }
            slots[h] = r;
        }
    }

    private static int mix(int tag) {
        int h = tag * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
