package org.mmscope.sim.hw;

import java.io.Serializable;

/**
 * A file mapped by sections (data or image file): a {@link BackingStore} whose pages, until written,
 * hold content generated deterministically from the file's name, a seed and the page offset, so a
 * test can tell a page read from the file from a zeroed page, and two runs read the same bytes.
 * Written pages (a dirty mapped page flushed back) are remembered sparsely and read back as written.
 *
 * <p>The generated value at word {@code i} of page {@code p} is {@link #generatedLong(long, int)}:
 * a SplitMix64-style mix of the seed, a 64-bit FNV-1a hash of the name, {@code p} and {@code i}. It is
 * a hash, not a random stream: no state, no allocation.
 */
public final class MappedFile extends BackingStore implements Serializable {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final long key;

    /**
     * @param name        the file's name, as views show it (e.g. "C:\\data\\big.dat")
     * @param sizeInPages at least 1
     * @param seed        varies the generated content
     */
    public MappedFile(String name, long sizeInPages, long seed) {
        super(name, sizeInPages);
        this.seed = seed;
        this.key = mix(seed ^ nameHash(name));
    }

    /** The seed the content is generated from. */
    public long seed() {
        return seed;
    }

    /** The value a never-written page holds at word {@code index} (0..511), that is byte offset {@code 8 * index}. */
    public long generatedLong(long pageOffset, int index) {
        checkOffset(pageOffset);
        if (index < 0 || index >= PhysicalMemory.LONGS_PER_PAGE) {
            throw new IllegalArgumentException("a word index in a page is 0..511, not " + index);
        }
        return word(pageOffset, index);
    }

    @Override
    protected void unwrittenContent(long pageOffset, long[] into) {
        for (int i = 0; i < PhysicalMemory.LONGS_PER_PAGE; i++) {
            into[i] = word(pageOffset, i);
        }
    }

    @Override
    protected boolean unwrittenReadsZero() {
        return false;
    }

    private long word(long pageOffset, int index) {
        return mix(key + pageOffset * GOLDEN * PhysicalMemory.LONGS_PER_PAGE + (index + 1) * GOLDEN);
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long nameHash(String name) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }
}
