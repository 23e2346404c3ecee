package org.mmscope.model.sync;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The model's own copy of every PFN entry's stored words as of the last population, kept in columns
 * of fixed-size chunks. A chunk in which every value is the column's default (a page nobody touched:
 * no PTE, no reference, no owner) is not allocated, so a large machine whose pages are mostly Zeroed
 * costs about 12 bytes per PFN here (u1, u2 and flags) instead of an entry object per PFN.
 *
 * <p>The populator is the only writer; readers go through {@link PopulatedPfnEntryList}, which
 * serialises them with the writer.
 */
final class PfnColumns {

    static final int SHIFT = 12;
    static final int CHUNK = 1 << SHIFT;
    static final int MASK = CHUNK - 1;

    final int size;
    final IntColumn u1;
    final IntColumn u2;
    final IntColumn flags;
    final IntColumn referenceCount;
    final IntColumn pteFrame;
    final LongColumn pteAddress;
    final LongColumn originalPte;
    /** The owner packed as {@link OwnerResolver#pack}. */
    final LongColumn owner;
    /** One bit per PFN. */
    final long[] deleted;

    PfnColumns(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative page count " + size);
        }
        this.size = size;
        u1 = new IntColumn(size, 0);
        u2 = new IntColumn(size, 0);
        flags = new IntColumn(size, 0);
        referenceCount = new IntColumn(size, 0);
        pteFrame = new IntColumn(size, org.mmscope.sim.pfn.PfnDatabase.NO_PTE_FRAME);
        pteAddress = new LongColumn(size, 0);
        originalPte = new LongColumn(size, 0);
        owner = new LongColumn(size, OwnerResolver.pack(OwnerResolver.NONE, -1, -1));
        deleted = new long[(size + 63) >>> 6];
    }

    /** Entries changed through the model's setters since the last update (they may differ from the simulator). */
    private BitSet setterWrites = new BitSet();

    void setterWritten(int pfn) {
        setterWrites.set(pfn);
    }

    /** The entries changed through setters since the last call; the set starts empty again. */
    BitSet takeSetterWrites() {
        BitSet taken = setterWrites;
        setterWrites = new BitSet();
        return taken;
    }

    boolean deleted(int pfn) {
        return (deleted[pfn >>> 6] & 1L << pfn) != 0;
    }

    void setDeleted(int pfn, boolean value) {
        if (value) {
            deleted[pfn >>> 6] |= 1L << pfn;
        } else {
            deleted[pfn >>> 6] &= ~(1L << pfn);
        }
    }

    /** Bytes held by the chunks and the bitmap (arrays only, without their headers). */
    long bytes() {
        return u1.bytes() + u2.bytes() + flags.bytes() + referenceCount.bytes() + pteFrame.bytes()
                + pteAddress.bytes() + originalPte.bytes() + owner.bytes() + 8L * deleted.length;
    }

    int chunks() {
        return (size + MASK) >>> SHIFT;
    }

    static int chunkLength(int size, int chunk) {
        return Math.min(CHUNK, size - (chunk << SHIFT));
    }

    static final class IntColumn {
        private final int size;
        private final int empty;
        private final int[][] chunks;
        private int[] emptyChunk;

        IntColumn(int size, int empty) {
            this.size = size;
            this.empty = empty;
            this.chunks = new int[(size + MASK) >>> SHIFT][];
        }

        int get(int pfn) {
            int[] chunk = chunks[pfn >>> SHIFT];
            return chunk == null ? empty : chunk[pfn & MASK];
        }

        /** Chunk {@code index} for reading: a shared array of defaults when not allocated (never write to it). */
        int[] read(int index) {
            int[] chunk = chunks[index];
            if (chunk != null) {
                return chunk;
            }
            if (emptyChunk == null) {
                emptyChunk = new int[CHUNK];
                Arrays.fill(emptyChunk, empty);
            }
            return emptyChunk;
        }

        void set(int pfn, int value) {
            int[] chunk = chunks[pfn >>> SHIFT];
            if (chunk == null) {
                if (value == empty) {
                    return;
                }
                chunk = new int[chunkLength(size, pfn >>> SHIFT)];
                if (empty != 0) {
                    Arrays.fill(chunk, empty);
                }
                chunks[pfn >>> SHIFT] = chunk;
            }
            chunk[pfn & MASK] = value;
        }

        long bytes() {
            long bytes = 4L * chunks.length;
            for (int[] chunk : chunks) {
                bytes += chunk == null ? 0 : 4L * chunk.length;
            }
            return bytes;
        }
    }

    static final class LongColumn {
        private final int size;
        private final long empty;
        private final long[][] chunks;
        private long[] emptyChunk;

        LongColumn(int size, long empty) {
            this.size = size;
            this.empty = empty;
            this.chunks = new long[(size + MASK) >>> SHIFT][];
        }

        long get(int pfn) {
            long[] chunk = chunks[pfn >>> SHIFT];
            return chunk == null ? empty : chunk[pfn & MASK];
        }

        /** Chunk {@code index} for reading: a shared array of defaults when not allocated (never write to it). */
        long[] read(int index) {
            long[] chunk = chunks[index];
            if (chunk != null) {
                return chunk;
            }
            if (emptyChunk == null) {
                emptyChunk = new long[CHUNK];
                Arrays.fill(emptyChunk, empty);
            }
            return emptyChunk;
        }

        void set(int pfn, long value) {
            long[] chunk = chunks[pfn >>> SHIFT];
            if (chunk == null) {
                if (value == empty) {
                    return;
                }
                chunk = new long[chunkLength(size, pfn >>> SHIFT)];
                if (empty != 0) {
                    Arrays.fill(chunk, empty);
                }
                chunks[pfn >>> SHIFT] = chunk;
            }
            chunk[pfn & MASK] = value;
        }

        long bytes() {
            long bytes = 4L * chunks.length;
            for (long[] chunk : chunks) {
                bytes += chunk == null ? 0 : 8L * chunk.length;
            }
            return bytes;
        }
    }
}
