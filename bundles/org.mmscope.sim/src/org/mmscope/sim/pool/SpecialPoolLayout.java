package org.mmscope.sim.pool;

import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.hw.PhysicalMemory;

/**
 * Where a special-pool allocation's header and data go in its data page, and the check of the page
 * on free (NT: the placement of MmAllocateSpecialPool and the verification of MmFreeSpecialPool).
 * The guard page after the data page and the PTEs are the memory manager's business; this class only
 * places and verifies bytes in the data page.
 *
 * <p><b>Layout.</b> {@link Detection#OVERRUN} (the default in NT): header at offset 0, data at the
 * end of the page aligned down to 16 bytes, so a write past the end of the page hits the guard page;
 * the up to 15 bytes between the data's end and the page end are slack. {@link Detection#UNDERRUN}:
 * data at offset 0 (a write before it hits the guard page before the data page), header in the last
 * 16 bytes of the page. Everything else in the page holds the pattern byte.
 *
 * <p><b>Pattern.</b> {@link #patternFor(int)}: {@code 0xA0 | (pfn & 0x0F)}, a non-zero byte that
 * varies with the page (MmScope's choice; NT derives its pattern from the allocation as well).
 *
 * <p><b>Header</b> (MmScope's layout, 16 bytes): first long bits 0..15 the byte count, 16..23 the
 * pattern byte, bit 24 set for paged pool, bit 25 set for underrun detection, bits 32..63 the tag;
 * second long the signature {@link #HEADER_SIGNATURE}.
 *
 * <p><b>Pool address.</b> As in {@link SmallBlockPool}: {@code (pfn << 12) | dataOffset}.
 *
 * <p><b>Bugcheck parameters.</b> SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION (0xC1) carries its subtype
 * in parameter 4, as NT documents it; the subtype constants below are NT's values.
 */
public final class SpecialPoolLayout implements Serializable {

    /** Which side of the data the guard page protects. */
    public enum Detection {
        /** Data at the end of the page: writes past the end fault (NT's default). */
        OVERRUN,
        /** Data at the start of the page: writes before the start fault. */
        UNDERRUN
    }

    /** Bytes in a page. */
    public static final int PAGE_SIZE = 4096;
    /** Size of the special-pool header, and the data alignment. */
    public static final int HEADER_SIZE = PoolHeader.SIZE;
    /** Largest special-pool allocation: a page minus the header. */
    public static final int MAX_BYTES = PAGE_SIZE - HEADER_SIZE;
    /** Second long of every special-pool header (MmScope's value, "SpclPool" in ASCII). */
    public static final long HEADER_SIGNATURE = 0x6C6F6F506C637053L;

    /**
     * 0xC1 parameter 4 (NT's value): the address freed is not a special-pool allocation (no valid
     * header where it should be). Parameters 1: address; 2: header first long; 3: 0.
     */
    public static final long FREED_NOT_ALLOCATED = 0x20;
    /**
     * 0xC1 parameter 4 (NT's value): the header's byte count does not match where the data is (the
     * header was overwritten or the address is wrong). Parameters 1: address; 2: bytes in the header;
     * 3: the data offset those bytes imply.
     */
    public static final long FREED_BAD_SIZE = 0x21;
    /**
     * 0xC1 parameter 4 (NT's value): bytes of the page before the data (between the header and the
     * data) no longer hold the pattern. Parameters 1: address; 2: pool address of the first
     * corrupted byte; 3: the byte found.
     */
    public static final long CORRUPTED_BEFORE_DATA = 0x23;
    /**
     * 0xC1 parameter 4 (NT's value): bytes after the end of the allocation (the slack up to the page
     * end or up to the header) no longer hold the pattern. Parameters as {@link #CORRUPTED_BEFORE_DATA}.
     */
    public static final long CORRUPTED_AFTER_DATA = 0x24;
    /**
     * 0xC1 parameter 4 (NT's value): special pool requested at an IRQL too high for the pool type.
     * Parameters 1: the IRQL; 2: the pool type code; 3: the byte count (0 when not known).
     */
    public static final long BAD_IRQL = 0x30;

    private static final long PAGED_FLAG = 1L << 24;
    private static final long UNDERRUN_FLAG = 1L << 25;

    private SpecialPoolLayout() {
    }

    /** The pattern byte of data page {@code pfn}: {@code 0xA0 | (pfn & 0x0F)}, never 0. */
    public static byte patternFor(int pfn) {
        return (byte) (0xA0 | (pfn & 0x0F));
    }

    /** Offset of the data in the page for {@code bytes} (1 .. {@value #MAX_BYTES}). */
    public static int dataOffset(int bytes, Detection detection) {
        checkBytes(bytes);
        Objects.requireNonNull(detection, "detection");
        return detection == Detection.OVERRUN ? (PAGE_SIZE - bytes) & -HEADER_SIZE : 0;
    }

    /** Offset of the header in the page for {@code bytes} (1 .. {@value #MAX_BYTES}). */
    public static int headerOffset(int bytes, Detection detection) {
        checkBytes(bytes);
        Objects.requireNonNull(detection, "detection");
        return detection == Detection.OVERRUN ? 0 : PAGE_SIZE - HEADER_SIZE;
    }

    /**
     * Lays out an allocation in data page {@code pfn} (NT: MmAllocateSpecialPool once it has the
     * page): fills the page with {@link #patternFor(int)} and writes the header.
     *
     * @param bytes 1 .. {@value #MAX_BYTES}
     * @return the pool address of the data
     */
    public static long allocate(PhysicalMemory memory, int pfn, int bytes, PoolType type, int tag,
            Detection detection) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(type, "type");
        int data = dataOffset(bytes, detection);
        int header = headerOffset(bytes, detection);
        byte pattern = patternFor(pfn);
        memory.fillPage(pfn, pattern);
        long first = bytes | (pattern & 0xFFL) << 16 | (type == PoolType.PAGED ? PAGED_FLAG : 0)
                | (detection == Detection.UNDERRUN ? UNDERRUN_FLAG : 0) | (tag & 0xFFFF_FFFFL) << 32;
        memory.writeLong(pfn, header, first);
        memory.writeLong(pfn, header + 8, HEADER_SIGNATURE);
        return SmallBlockPool.address(pfn, data);
    }

    /**
     * Verifies an allocation being freed (NT: MmFreeSpecialPool's checks): the header is where the
     * address says it is and agrees with it, and every byte of the page outside the header and the
     * data still holds the pattern. Offset 0 means underrun detection (header at the page end),
     * any other offset overrun detection (header at offset 0).
     *
     * @return the allocation's byte count
     * @throws BugCheckException 0xC1 with parameter 4 {@link #FREED_NOT_ALLOCATED}, {@link #FREED_BAD_SIZE},
     *                           {@link #CORRUPTED_BEFORE_DATA} or {@link #CORRUPTED_AFTER_DATA}
     */
    public static int verifyFree(PhysicalMemory memory, long address) {
        Objects.requireNonNull(memory, "memory");
        if (address < 0 || address >>> 12 >= memory.pageCount()) {
            throw new IllegalArgumentException(String.format("0x%x is not a pool address in physical memory", address));
        }
        int pfn = SmallBlockPool.pfnOf(address);
        int data = SmallBlockPool.offsetOf(address);
        Detection detection = data == 0 ? Detection.UNDERRUN : Detection.OVERRUN;
        int header = detection == Detection.OVERRUN ? 0 : PAGE_SIZE - HEADER_SIZE;
        long first = memory.readLong(pfn, header);
        byte pattern = patternFor(pfn);
        boolean underrunFlag = (first & UNDERRUN_FLAG) != 0;
        if (memory.readLong(pfn, header + 8) != HEADER_SIGNATURE || (byte) (first >>> 16) != pattern
                || underrunFlag != (detection == Detection.UNDERRUN) || (data & (HEADER_SIZE - 1)) != 0) {
            throw special(address, first, 0, FREED_NOT_ALLOCATED, "no special-pool header for this address");
        }
        int bytes = (int) (first & 0xFFFF);
        if (bytes < 1 || bytes > MAX_BYTES || dataOffset(bytes, detection) != data) {
            throw special(address, bytes, bytes < 1 || bytes > MAX_BYTES ? 0 : dataOffset(bytes, detection),
                    FREED_BAD_SIZE, "the header's size " + bytes + " does not put the data at 0x"
                            + Integer.toHexString(data));
        }
        int end = data + bytes;
        byte[] page = new byte[PAGE_SIZE]; // one copy of the page, not 4,096 single-byte reads
        memory.readPage(pfn, page);
        for (int off = 0; off < PAGE_SIZE; off++) {
            if (off == header) {
                off += HEADER_SIZE - 1;
                continue;
            }
            if (off == data) {
                off = end - 1;
                continue;
            }
            byte b = page[off];
            if (b != pattern) {
                long parameter = off < data ? CORRUPTED_BEFORE_DATA : CORRUPTED_AFTER_DATA;
                throw special(address, SmallBlockPool.address(pfn, off), b & 0xFF, parameter,
                        String.format("byte 0x%03x of the page is 0x%02x, not the pattern 0x%02x (%s the data)", off,
                                b & 0xFF, pattern & 0xFF, off < data ? "before" : "after"));
            }
        }
        return bytes;
    }

    /** The byte count recorded in the header at {@code headerOffset} of page {@code pfn}. */
    public static int headerBytes(PhysicalMemory memory, int pfn, int headerOffset) {
        return (int) (memory.readLong(pfn, headerOffset) & 0xFFFF);
    }

    /** The tag recorded in the header at {@code headerOffset} of page {@code pfn}. */
    public static int headerTag(PhysicalMemory memory, int pfn, int headerOffset) {
        return (int) (memory.readLong(pfn, headerOffset) >>> 32);
    }

    /** The pool type recorded in the header at {@code headerOffset} of page {@code pfn}. */
    public static PoolType headerType(PhysicalMemory memory, int pfn, int headerOffset) {
        return (memory.readLong(pfn, headerOffset) & PAGED_FLAG) != 0 ? PoolType.PAGED : PoolType.NONPAGED;
    }

    /** {@link #checkIrql(PoolType, Irql, int)} when the byte count is not known (parameter 3 is 0). */
    public static void checkIrql(PoolType type, Irql irql) {
        checkIrql(type, irql, 0);
    }

    /**
     * The IRQL rule of special pool (NT: MmAllocateSpecialPool's first check): paged pool above
     * APC_LEVEL or nonpaged pool above DISPATCH_LEVEL is a 0xC1 bugcheck with parameter 4
     * {@link #BAD_IRQL}.
     */
    public static void checkIrql(PoolType type, Irql irql, int bytes) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(irql, "irql");
        Irql highest = type == PoolType.PAGED ? Irql.APC_LEVEL : Irql.DISPATCH_LEVEL;
        if (irql.level() > highest.level()) {
            throw new BugCheckException(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, irql.level(),
                    type.code(), bytes, BAD_IRQL, type + " special pool requested at " + irql);
        }
    }

    private static BugCheckException special(long address, long p2, long p3, long subtype, String what) {
        return new BugCheckException(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, address, p2, p3, subtype,
                String.format("special pool free of 0x%x: %s", address, what));
    }

    private static void checkBytes(int bytes) {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("special pool allocations are 1.." + MAX_BYTES + " bytes, not " + bytes);
        }
    }
}
