package org.mmscope.sim.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.hw.PhysicalMemory;

/**
 * The allocator of pool blocks smaller than a page (NT: the small-block path of
 * ExAllocatePoolWithTag and ExFreePoolWithTag). Pool pages come from a {@link PoolPageSupplier}; each
 * page is tiled by blocks, each starting with a {@link PoolHeader} written into
 * {@link PhysicalMemory}, so what a view reads in the page is the real chain.
 *
 * <p><b>Pool address.</b> A block is identified by the pool address of its data:
 * {@code ((long) pfn << 12) | (headerOffset + 16)}. The memory manager translates it to a virtual
 * address in the pool's range. -1 means "no block".
 *
 * <p><b>Placement.</b> Requests are rounded up to 16 bytes and a 16-byte header is added. The pages
 * of each pool type that have free blocks are searched in ascending PFN order; within a page the
 * first free block large enough (first fit along the chain) is split: the allocation takes its
 * front and the rest becomes a free block (keeping the old tag) whose PreviousSize links are fixed.
 * When no page has room a new page is taken from the supplier; its first block is the allocation and
 * the rest of the page one free block. Since BlockSize has 8 bits (at most 255 units, while a page
 * is 256), the largest request is a page minus two headers, {@value #MAX_REQUEST} bytes (NT:
 * POOL_BUDDY_MAX); anything larger belongs to the page allocator.
 *
 * <p><b>Free.</b> The block is located by walking its page's chain from the start, checking every
 * header on the way; errors are BAD_POOL_CALLER (0xC2) with parameter 1 as documented on the
 * constants. The freed block merges with a free neighbour on either side (adjacent free blocks
 * never exist); a page whose blocks are all free goes back to the supplier.
 *
 * <p><b>Views.</b> {@link #blocks(int)} is {@code !pool}, {@link #stats()} is {@code !poolused},
 * {@link #find(int, boolean)} is {@code !poolfind}, {@link #validatePage(int)} is {@code !poolval}.
 *
 * <p>Allocating and freeing allocate no Java objects (except when a tag is seen for the first time
 * and the tag table grows) and are deterministic.
 */
public final class SmallBlockPool implements Serializable {

    /** Bytes in a page. */
    public static final int PAGE_SIZE = 4096;
    /** Header units in a page. */
    public static final int UNITS_PER_PAGE = PAGE_SIZE / PoolHeader.UNIT;
    /** Largest request in bytes: a page minus two headers (NT: POOL_BUDDY_MAX). */
    public static final int MAX_REQUEST = PAGE_SIZE - 2 * PoolHeader.SIZE;

    /**
     * BAD_POOL_CALLER parameter 1 (NT's value: "the pool header has been corrupted"): a header of
     * the page is inconsistent (PreviousSize not the size of the block before, BlockSize 0 or past the
     * page end, PoolType not a known value or not the page's type). Parameter 2: pool address of the
     * header; 3: its first long; 4: 0.
     */
    public static final long BAD_POOL_CALLER_HEADER_CORRUPT = 0x01;
    /**
     * BAD_POOL_CALLER parameter 1 (NT's value: "freeing pool that was already freed"). Parameter 2:
     * 0; 3: the header's first long; 4: the address freed.
     */
    public static final long BAD_POOL_CALLER_ALREADY_FREED = 0x07;
    /**
     * BAD_POOL_CALLER parameter 1 (NT's value: "freeing pool with the wrong tag"). Parameter 2: the
     * address freed; 3: the tag in the header; 4: the tag given.
     */
    public static final long BAD_POOL_CALLER_WRONG_TAG = 0x0A;
    /**
     * BAD_POOL_CALLER parameter 1 (NT's value: "freeing pool with an invalid address"): the address
     * is not in a small-pool page or is not the start of a block's data. Parameter 2: the address
     * freed; 3: 0; 4: 0.
     */
    public static final long BAD_POOL_CALLER_INVALID_ADDRESS = 0x99;

    private static final PoolType[] TYPES = PoolType.values();

    private final PhysicalMemory memory;
    private final PoolPageSupplier supplier;
    private final PoolTagStats stats = new PoolTagStats();

    // the pages, sorted by PFN
    private int[] pagePfn = new int[16];
    private byte[] pageType = new byte[16];
    private short[] pageFreeUnits = new short[16];
    private short[] pageLargestFree = new short[16];
    // per page: the value of 'stamps' when its chain last changed (observers skip unchanged pages)
    private long[] pageStamp = new long[16];
    private long stamps;
    private int pages;

    /**
     * @param memory   where the pages' contents live
     * @param supplier gives and takes back pool pages
     */
    public SmallBlockPool(PhysicalMemory memory, PoolPageSupplier supplier) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    /** The pool address of byte {@code offset} of page {@code pfn}: {@code (pfn << 12) | offset}. */
    public static long address(int pfn, int offset) {
        return (long) pfn << 12 | offset;
    }

    /** The PFN of a pool address. */
    public static int pfnOf(long address) {
        return (int) (address >>> 12);
    }

    /** The byte offset in its page of a pool address. */
    public static int offsetOf(long address) {
        return (int) (address & 0xFFF);
    }

    /** The block size in bytes (header included) an allocation of {@code bytes} takes. */
    public static int blockBytes(int bytes) {
        checkRequest(bytes);
        return ((bytes + PoolHeader.UNIT - 1) / PoolHeader.UNIT + 1) * PoolHeader.UNIT;
    }

    /** The usage by tag, maintained on every allocation and free ({@code !poolused}). */
    public PoolTagStats stats() {
        return stats;
    }

    /**
     * Allocates a block (NT: ExAllocatePoolWithTag for less than a page).
     *
     * @param bytes 1 .. {@value #MAX_REQUEST}
     * @param tag   the owner's tag, see {@link PoolHeader#tagOf(String)}
     * @return the pool address of the data, or -1 when the supplier has no page for this pool type
     */
    public long allocate(PoolType type, int bytes, int tag) {
        Objects.requireNonNull(type, "type");
        checkRequest(bytes);
        int need = (bytes + PoolHeader.UNIT - 1) / PoolHeader.UNIT + 1;
        for (int i = 0; i < pages; i++) {
            if (pageType[i] != type.ordinal() || pageLargestFree[i] < need) {
                continue;
            }
            int pfn = pagePfn[i];
            for (int off = 0; off < PAGE_SIZE;) {
                long first = memory.readLong(pfn, off);
                int size = PoolHeader.blockSize(first);
                if (size == 0) {
                    throw corrupt(pfn, off, first, "BlockSize 0 in the chain");
                }
                if (PoolHeader.isFree(first) && size >= need) {
                    return carve(i, off, first, need, type, tag);
                }
                off += size * PoolHeader.UNIT;
            }
            throw corrupt(pfn, 0, memory.readLong(pfn, 0), "the page's largest free block was not found");
        }
        int pfn = supplier.allocatePoolPage(type);
        if (pfn == -1) {
            return -1;
        }
        if (pfn < 0 || pfn >= memory.pageCount()) {
            throw new IllegalStateException("the pool page supplier gave PFN " + pfn + " outside physical memory");
        }
        if (indexOf(pfn) >= 0) {
            throw new IllegalStateException(String.format("the pool page supplier gave PFN 0x%x twice", pfn));
        }
        int i = insertPage(pfn, type);
        long allFree = PoolHeader.encode(0, 0, 0, PoolHeader.FREE_TYPE, 0);
        // a fresh page is one 256-unit free run, too large for the 8-bit BlockSize: carve it directly
        return carveFresh(i, allFree, need, type, tag);
    }

    /**
     * Frees a block (NT: ExFreePoolWithTag for a small block).
     *
     * @param address     the pool address {@link #allocate} returned
     * @param expectedTag the tag the caller believes the block has, or 0 to not check it
     * @throws BugCheckException BAD_POOL_CALLER: {@link #BAD_POOL_CALLER_INVALID_ADDRESS},
     *                           {@link #BAD_POOL_CALLER_HEADER_CORRUPT}, {@link #BAD_POOL_CALLER_ALREADY_FREED},
     *                           {@link #BAD_POOL_CALLER_WRONG_TAG}
     */
    public void free(long address, int expectedTag) {
        int i = address < 0 || address >>> 12 > Integer.MAX_VALUE ? -1 : indexOf(pfnOf(address));
        int dataOffset = (int) (address & 0xFFF);
        if (i < 0 || dataOffset < PoolHeader.SIZE || (dataOffset & (PoolHeader.UNIT - 1)) != 0) {
            throw invalidAddress(address, "not the data of a block in a small-pool page");
        }
        int pfn = pagePfn[i];
        int header = dataOffset - PoolHeader.SIZE;
        int previous = 0;
        int off = 0;
        while (off < header) {
            long first = memory.readLong(pfn, off);
            checkLinks(pfn, off, first, previous);
            previous = PoolHeader.blockSize(first);
            off += previous * PoolHeader.UNIT;
        }
        if (off != header) {
            throw invalidAddress(address, "no block starts there");
        }
        long first = memory.readLong(pfn, header);
        checkLinks(pfn, header, first, previous);
        int size = PoolHeader.blockSize(first);
        int end = header + size * PoolHeader.UNIT;
        long next = end < PAGE_SIZE ? memory.readLong(pfn, end) : 0;
        if (end < PAGE_SIZE && PoolHeader.previousSize(next) != size) {
            throw corrupt(pfn, end, next, "the next block's PreviousSize is not this block's size " + size);
        }
        if (PoolHeader.isFree(first)) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_CALLER_ALREADY_FREED, 0, first,
                    address, String.format("pool block at 0x%x is already free", address));
        }
        int typeCode = PoolHeader.poolType(first);
        if (typeCode != pageType[i] + 1) {
            throw corrupt(pfn, header, first, "PoolType " + typeCode + " in a " + typeOf(i) + " page");
        }
        int tag = PoolHeader.tag(first);
        if (expectedTag != 0 && tag != expectedTag) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_CALLER_WRONG_TAG, address,
                    tag & 0xFFFF_FFFFL, expectedTag & 0xFFFF_FFFFL,
                    String.format("pool block at 0x%x has tag '%s', freed as '%s'", address,
                            PoolHeader.tagText(tag), PoolHeader.tagText(expectedTag)));
        }
        PoolType type = typeOf(i);
        stats.recordFree(tag, type, size * PoolHeader.UNIT);
        int freeUnits = pageFreeUnits[i] + size;
        if (freeUnits == UNITS_PER_PAGE) {
            removePage(i);
            supplier.releasePoolPage(type, pfn);
            return;
        }
        pageFreeUnits[i] = (short) freeUnits;
        pageStamp[i] = ++stamps;
        int start = header;
        int merged = size;
        int mergedPrevious = previous;
        long result = PoolHeader.withPoolType(first, PoolHeader.FREE_TYPE);
        if (end < PAGE_SIZE && PoolHeader.isFree(next)) {
            merged += PoolHeader.blockSize(next);
        }
        if (header > 0) {
            int before = header - previous * PoolHeader.UNIT;
            long beforeFirst = memory.readLong(pfn, before);
            if (PoolHeader.isFree(beforeFirst)) {
                start = before;
                merged += previous;
                mergedPrevious = PoolHeader.previousSize(beforeFirst);
                result = beforeFirst;
            }
        }
        result = PoolHeader.withBlockSize(PoolHeader.withPreviousSize(result, mergedPrevious), merged);
        memory.writeLong(pfn, start, result);
        int after = start + merged * PoolHeader.UNIT;
        if (after < PAGE_SIZE) {
            memory.writeLong(pfn, after, PoolHeader.withPreviousSize(memory.readLong(pfn, after), merged));
        }
        pageLargestFree[i] = (short) largestFree(pfn);
    }

    /** Number of pages the allocator holds. */
    public int pageCount() {
        return pages;
    }

    /** The PFN of page {@code index} (0 .. pageCount()-1, ascending PFN). */
    public int pageAt(int index) {
        checkIndex(index);
        return pagePfn[index];
    }

    /** The pool type of page {@code index}. */
    public PoolType pageTypeAt(int index) {
        checkIndex(index);
        return typeOf(index);
    }

    /** True if {@code pfn} is one of the allocator's pages. */
    public boolean isPoolPage(int pfn) {
        return indexOf(pfn) >= 0;
    }

    /** Free bytes (headers of free blocks included) in page {@code pfn}, one of the allocator's. */
    public int freeBytes(int pfn) {
        return pageFreeUnits[requirePage(pfn)] * PoolHeader.UNIT;
    }

    /**
     * A stamp that changes whenever the chain of page {@code pfn} may have changed: an allocation or
     * free in it, or {@link #noteWritten(int)}. Stamps are never reused by one allocator, so an
     * observer that copied the page's blocks at a stamp can skip the page while the stamp is the same.
     * Only bookkeeping: nothing in the simulator reads it.
     */
    public long pageStamp(int pfn) {
        return pageStamp[requirePage(pfn)];
    }

    /** Tells the allocator that something other than it wrote into page {@code pfn} (e.g. a pool write). */
    public void noteWritten(int pfn) {
        int i = indexOf(pfn);
        if (i >= 0) {
            pageStamp[i] = ++stamps;
        }
    }

    /**
     * The blocks of page {@code pfn} in address order ({@code !pool}). The walk stops at the first
     * header that does not fit (see {@link #validatePage(int)} for why).
     */
    public List<PoolBlock> blocks(int pfn) {
        int i = requirePage(pfn);
        List<PoolBlock> list = new ArrayList<>();
        int previous = 0;
        for (int off = 0; off < PAGE_SIZE;) {
            long first = memory.readLong(pfn, off);
            int size = PoolHeader.blockSize(first);
            if (size == 0 || off + size * PoolHeader.UNIT > PAGE_SIZE) {
                break;
            }
            list.add(block(i, off, first));
            previous = size;
            off += previous * PoolHeader.UNIT;
        }
        return list;
    }

    /**
     * The blocks with {@code tag} in every page, by ascending PFN and offset ({@code !poolfind}).
     *
     * @param includeFree also list free blocks that still carry the tag of their last owner
     */
    public List<PoolBlock> find(int tag, boolean includeFree) {
        List<PoolBlock> list = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            for (PoolBlock b : blocks(pagePfn[i])) {
                if (b.tag() == tag && (includeFree || !b.free())) {
                    list.add(b);
                }
            }
        }
        return list;
    }

    /**
     * Walks the chain of page {@code pfn} ({@code !poolval}): every BlockSize non-zero and inside the
     * page, every PreviousSize equal to the size of the block before (0 for the first), PoolType 0 or
     * the page's type, no two free blocks side by side, the blocks tiling the page exactly, and the
     * free space agreeing with the allocator's bookkeeping.
     *
     * @return the violations, empty when the page is sound; never throws for a corrupt page
     */
    public List<String> validatePage(int pfn) {
        List<String> violations = new ArrayList<>();
        int i = indexOf(pfn);
        if (i < 0) {
            violations.add(String.format("PFN 0x%x is not a small-pool page", pfn));
            return violations;
        }
        int previous = 0;
        boolean previousFree = false;
        int freeUnits = 0;
        int largest = 0;
        int off = 0;
        while (off < PAGE_SIZE) {
            long first = memory.readLong(pfn, off);
            int size = PoolHeader.blockSize(first);
            String where = String.format("page 0x%x offset 0x%03x", pfn, off);
            if (size == 0) {
                violations.add(where + ": BlockSize is 0");
                return violations;
            }
            if (off + size * PoolHeader.UNIT > PAGE_SIZE) {
                violations.add(where + ": BlockSize 0x" + Integer.toHexString(size) + " runs past the page end");
                return violations;
            }
            if (PoolHeader.previousSize(first) != previous) {
                violations.add(where + ": PreviousSize 0x" + Integer.toHexString(PoolHeader.previousSize(first))
                        + " but the block before has BlockSize 0x" + Integer.toHexString(previous));
            }
            boolean free = PoolHeader.isFree(first);
            if (!free && PoolHeader.poolType(first) != pageType[i] + 1) {
                violations.add(where + ": PoolType " + PoolHeader.poolType(first) + " in a " + typeOf(i) + " page");
            }
            if (free && previousFree) {
                violations.add(where + ": two free blocks side by side (not coalesced)");
            }
            if (free) {
                freeUnits += size;
                largest = Math.max(largest, size);
            }
            previousFree = free;
            previous = size;
            off += size * PoolHeader.UNIT;
        }
        if (freeUnits != pageFreeUnits[i]) {
            violations.add(String.format("page 0x%x: %d free bytes in the chain, %d in the bookkeeping", pfn,
                    freeUnits * PoolHeader.UNIT, pageFreeUnits[i] * PoolHeader.UNIT));
        }
        if (largest != pageLargestFree[i]) {
            violations.add(String.format("page 0x%x: largest free block %d units, %d in the bookkeeping", pfn,
                    largest, pageLargestFree[i]));
        }
        return violations;
    }

    /**
     * The invariant check: every page validates, pages are distinct, no page is entirely free, and
     * the tag statistics' bytes in use per pool type equal the allocated blocks' bytes.
     */
    public List<String> check() {
        List<String> violations = new ArrayList<>();
        long[] used = new long[TYPES.length];
        for (int i = 0; i < pages; i++) {
            int pfn = pagePfn[i];
            if (i > 0 && pagePfn[i - 1] >= pfn) {
                violations.add(String.format("pages out of order at 0x%x", pfn));
            }
            violations.addAll(validatePage(pfn));
            if (pageFreeUnits[i] >= UNITS_PER_PAGE) {
                violations.add(String.format("page 0x%x is entirely free but still held", pfn));
            }
            used[pageType[i]] += (UNITS_PER_PAGE - pageFreeUnits[i]) * PoolHeader.UNIT;
        }
        for (PoolType type : TYPES) {
            long inStats = stats.totalBytesInUse(type);
            if (inStats != used[type.ordinal()]) {
                violations.add(type + ": " + used[type.ordinal()] + " bytes allocated in the pages, " + inStats
                        + " in the tag statistics");
            }
        }
        return violations;
    }

    // ---- internals

    private long carve(int i, int off, long first, int need, PoolType type, int tag) {
        int pfn = pagePfn[i];
        int size = PoolHeader.blockSize(first);
        int previous = PoolHeader.previousSize(first);
        memory.writeLong(pfn, off, PoolHeader.encode(previous, 0, need, type.headerCode(), tag));
        if (size > need) {
            int rest = off + need * PoolHeader.UNIT;
            memory.writeLong(pfn, rest, PoolHeader.encode(need, 0, size - need, PoolHeader.FREE_TYPE,
                    PoolHeader.tag(first)));
            memory.writeLong(pfn, rest + 8, 0);
            int after = off + size * PoolHeader.UNIT;
            if (after < PAGE_SIZE) {
                memory.writeLong(pfn, after,
                        PoolHeader.withPreviousSize(memory.readLong(pfn, after), size - need));
            }
        }
        memory.writeLong(pfn, off + 8, 0);
        return allocated(i, off, need, type, tag);
    }

    private long carveFresh(int i, long freeFirst, int need, PoolType type, int tag) {
        int pfn = pagePfn[i];
        memory.writeLong(pfn, 0, PoolHeader.encode(0, 0, need, type.headerCode(), tag));
        memory.writeLong(pfn, 8, 0);
        int rest = need * PoolHeader.UNIT;
        memory.writeLong(pfn, rest, PoolHeader.encode(need, 0, UNITS_PER_PAGE - need, PoolHeader.FREE_TYPE,
                PoolHeader.tag(freeFirst)));
        memory.writeLong(pfn, rest + 8, 0);
        pageFreeUnits[i] = (short) UNITS_PER_PAGE;
        return allocated(i, 0, need, type, tag);
    }

    private long allocated(int i, int off, int need, PoolType type, int tag) {
        pageStamp[i] = ++stamps;
        pageFreeUnits[i] -= (short) need;
        pageLargestFree[i] = (short) largestFree(pagePfn[i]);
        stats.recordAllocation(tag, type, need * PoolHeader.UNIT);
        return address(pagePfn[i], off + PoolHeader.SIZE);
    }

    private int largestFree(int pfn) {
        int largest = 0;
        for (int off = 0; off < PAGE_SIZE;) {
            long first = memory.readLong(pfn, off);
            int size = PoolHeader.blockSize(first);
            if (size == 0) {
                throw corrupt(pfn, off, first, "BlockSize 0 in the chain");
            }
            if (PoolHeader.isFree(first) && size > largest) {
                largest = size;
            }
            off += size * PoolHeader.UNIT;
        }
        return largest;
    }

    private void checkLinks(int pfn, int off, long first, int previous) {
        int size = PoolHeader.blockSize(first);
        if (size == 0 || off + size * PoolHeader.UNIT > PAGE_SIZE) {
            throw corrupt(pfn, off, first, "BlockSize 0x" + Integer.toHexString(size) + " does not fit the page");
        }
        if (PoolHeader.previousSize(first) != previous) {
            throw corrupt(pfn, off, first, "PreviousSize 0x" + Integer.toHexString(PoolHeader.previousSize(first))
                    + " but the block before has BlockSize 0x" + Integer.toHexString(previous));
        }
    }

    private static BugCheckException corrupt(int pfn, int off, long first, String what) {
        long at = address(pfn, off);
        return new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_CALLER_HEADER_CORRUPT, at, first, 0,
                String.format("pool header at 0x%x is corrupt: %s", at, what));
    }

    private static BugCheckException invalidAddress(long address, String what) {
        return new BugCheckException(BugCheckCode.BAD_POOL_CALLER, BAD_POOL_CALLER_INVALID_ADDRESS, address, 0, 0,
                String.format("free of pool address 0x%x: %s", address, what));
    }

    private PoolBlock block(int i, int off, long first) {
        boolean free = PoolHeader.isFree(first);
        PoolType type = free || !PoolType.isAllocatedHeaderCode(PoolHeader.poolType(first)) ? null
                : PoolType.ofHeaderCode(PoolHeader.poolType(first));
        return new PoolBlock(pagePfn[i], off, PoolHeader.blockSize(first) * PoolHeader.UNIT,
                PoolHeader.previousSize(first) * PoolHeader.UNIT, free, type, PoolHeader.tag(first));
    }

    private PoolType typeOf(int i) {
        return TYPES[pageType[i]];
    }

    private static void checkRequest(int bytes) {
        if (bytes < 1 || bytes > MAX_REQUEST) {
            throw new IllegalArgumentException("small pool requests are 1.." + MAX_REQUEST + " bytes, not " + bytes
                    + (bytes > MAX_REQUEST ? " (larger requests go to the pool page allocator)" : ""));
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= pages) {
            throw new IllegalArgumentException("no pool page index " + index + " (there are " + pages + ")");
        }
    }

    private int requirePage(int pfn) {
        int i = indexOf(pfn);
        if (i < 0) {
            throw new IllegalArgumentException(String.format("PFN 0x%x is not a small-pool page", pfn));
        }
        return i;
    }

    private int indexOf(int pfn) {
        int i = Arrays.binarySearch(pagePfn, 0, pages, pfn);
        return i >= 0 ? i : -1;
    }

    private int insertPage(int pfn, PoolType type) {
        if (pages == pagePfn.length) {
            int n = pages * 2;
            pagePfn = Arrays.copyOf(pagePfn, n);
            pageType = Arrays.copyOf(pageType, n);
            pageFreeUnits = Arrays.copyOf(pageFreeUnits, n);
            pageLargestFree = Arrays.copyOf(pageLargestFree, n);
            pageStamp = Arrays.copyOf(pageStamp, n);
        }
        int i = -Arrays.binarySearch(pagePfn, 0, pages, pfn) - 1;
        int tail = pages - i;
        System.arraycopy(pagePfn, i, pagePfn, i + 1, tail);
        System.arraycopy(pageType, i, pageType, i + 1, tail);
        System.arraycopy(pageFreeUnits, i, pageFreeUnits, i + 1, tail);
        System.arraycopy(pageLargestFree, i, pageLargestFree, i + 1, tail);
        System.arraycopy(pageStamp, i, pageStamp, i + 1, tail);
        pagePfn[i] = pfn;
        pageStamp[i] = ++stamps;
        pageType[i] = (byte) type.ordinal();
        pageFreeUnits[i] = 0;
        pageLargestFree[i] = 0;
        pages++;
        return i;
    }

    private void removePage(int i) {
        int tail = pages - i - 1;
        System.arraycopy(pagePfn, i + 1, pagePfn, i, tail);
        System.arraycopy(pageType, i + 1, pageType, i, tail);
        System.arraycopy(pageFreeUnits, i + 1, pageFreeUnits, i, tail);
        System.arraycopy(pageLargestFree, i + 1, pageLargestFree, i, tail);
        System.arraycopy(pageStamp, i + 1, pageStamp, i, tail);
        pages--;
    }
}
