package org.mmscope.sim.pool;

import java.io.Serializable;

import org.mmscope.sim.hw.PhysicalMemory;

/**
 * The 16-byte header in front of every small pool block (NT: POOL_HEADER on x64), as two
 * little-endian longs in simulated memory.
 *
 * <p>First long: bits 0..7 PreviousSize, 8..15 PoolIndex, 16..23 BlockSize, 24..31 PoolType, 32..63
 * PoolTag. Sizes are in {@link #UNIT}-byte units and include the header. PoolType is 0 for a free
 * block and {@link PoolType#headerCode()} for an allocated one. The tag is four ASCII characters
 * stored little-endian, so the first character is the lowest byte (as NT stores {@code 'Mm  '}).
 * Second long: NT's ProcessBilled (the quota-charged process); the simulator writes 0.
 *
 * <p>All methods are static and allocate nothing except the tag text helpers.
 */
public final class PoolHeader implements Serializable {

    /** Size of a pool header in bytes, and the pool's allocation granularity (NT: POOL_OVERHEAD). */
    public static final int SIZE = 16;
    /** Bytes per PreviousSize/BlockSize unit (NT: 1 << POOL_BLOCK_SHIFT on x64). */
    public static final int UNIT = 16;
    /** Largest value of the 8-bit size, index and type fields. */
    public static final int MAX_FIELD = 0xFF;
    /** PoolType field value of a free block. */
    public static final int FREE_TYPE = 0;

    private PoolHeader() {
    }

    /**
     * Encodes the first long of a header.
     *
     * @param previousSize 0..255 units: the size of the block before this one in the page, 0 for the first
     * @param poolIndex    0..255: the pool descriptor index (NT: PoolIndex)
     * @param blockSize    0..255 units, header included
     * @param poolType     0..255: 0 free, otherwise {@link PoolType#headerCode()}
     * @param tag          four tag bytes, see {@link #tagOf(String)}
     */
    public static long encode(int previousSize, int poolIndex, int blockSize, int poolType, int tag) {
        checkField("PreviousSize", previousSize);
        checkField("PoolIndex", poolIndex);
        checkField("BlockSize", blockSize);
        checkField("PoolType", poolType);
        return (previousSize & 0xFFL) | (poolIndex & 0xFFL) << 8 | (blockSize & 0xFFL) << 16
                | (poolType & 0xFFL) << 24 | (tag & 0xFFFF_FFFFL) << 32;
    }

    /** PreviousSize in units from a header's first long. */
    public static int previousSize(long first) {
        return (int) (first & 0xFF);
    }

    /** PoolIndex from a header's first long. */
    public static int poolIndex(long first) {
        return (int) (first >>> 8 & 0xFF);
    }

    /** BlockSize in units from a header's first long. */
    public static int blockSize(long first) {
        return (int) (first >>> 16 & 0xFF);
    }

    /** PoolType field (0 = free) from a header's first long. */
    public static int poolType(long first) {
        return (int) (first >>> 24 & 0xFF);
    }

    /** PoolTag from a header's first long. */
    public static int tag(long first) {
        return (int) (first >>> 32);
    }

    /** True if the header's PoolType field says the block is free. */
    public static boolean isFree(long first) {
        return poolType(first) == FREE_TYPE;
    }

    /** The first long with PreviousSize replaced. */
    public static long withPreviousSize(long first, int previousSize) {
        checkField("PreviousSize", previousSize);
        return first & ~0xFFL | previousSize;
    }

    /** The first long with BlockSize replaced. */
    public static long withBlockSize(long first, int blockSize) {
        checkField("BlockSize", blockSize);
        return first & ~(0xFFL << 16) | (long) blockSize << 16;
    }

    /** The first long with PoolType replaced (0 = free). */
    public static long withPoolType(long first, int poolType) {
        checkField("PoolType", poolType);
        return first & ~(0xFFL << 24) | (long) poolType << 24;
    }

    /**
     * Reads the first long of the header at {@code offset} of page {@code pfn}.
     *
     * @param offset a multiple of 16 below 4096
     */
    public static long readFirst(PhysicalMemory memory, int pfn, int offset) {
        checkOffset(offset);
        return memory.readLong(pfn, offset);
    }

    /** Reads the second long (NT: ProcessBilled) of the header at {@code offset} of page {@code pfn}. */
    public static long readSecond(PhysicalMemory memory, int pfn, int offset) {
        checkOffset(offset);
        return memory.readLong(pfn, offset + 8);
    }

    /** Writes the first long of the header at {@code offset}, leaving the second unchanged. */
    public static void writeFirst(PhysicalMemory memory, int pfn, int offset, long first) {
        checkOffset(offset);
        memory.writeLong(pfn, offset, first);
    }

    /** Writes both longs of the header at {@code offset} of page {@code pfn}. */
    public static void write(PhysicalMemory memory, int pfn, int offset, long first, long second) {
        checkOffset(offset);
        memory.writeLong(pfn, offset, first);
        memory.writeLong(pfn, offset + 8, second);
    }

    /**
     * The tag value of four characters, first character in the lowest byte (NT's multi-character
     * constant order as stored in memory): {@code tagOf("Mm  ")} is 0x20206D4D.
     *
     * @param text exactly four characters in 0x20..0x7E
     */
    public static int tagOf(String text) {
        if (text == null || text.length() != 4) {
            throw new IllegalArgumentException("a pool tag is exactly 4 characters: " + quote(text));
        }
        int tag = 0;
        for (int i = 0; i < 4; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("pool tag characters are printable ASCII: " + quote(text));
            }
            tag |= c << (8 * i);
        }
        return tag;
    }

    /**
     * The four characters of a tag, lowest byte first; a byte outside printable ASCII shows as '.'
     * (as WinDbg prints unprintable tag bytes). NT's protected-tag bit (0x80000000) is not cleared.
     */
    public static String tagText(int tag) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = tag >>> (8 * i) & 0xFF;
            chars[i] = b >= 0x20 && b <= 0x7E ? (char) b : '.';
        }
        return new String(chars);
    }

    private static void checkField(String name, int value) {
        if (value < 0 || value > MAX_FIELD) {
            throw new IllegalArgumentException("pool header " + name + " is 8 bits: " + value);
        }
    }

    private static void checkOffset(int offset) {
        if (offset < 0 || offset > 4096 - SIZE || (offset & (SIZE - 1)) != 0) {
            throw new IllegalArgumentException("a pool header is at a multiple of 16 in a page, not " + offset);
        }
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }
}
