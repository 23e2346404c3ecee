package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pool.LookasideList;
import org.mmscope.sim.pool.NonPagedFreeRuns;
import org.mmscope.sim.pool.PagedPoolBitmaps;
import org.mmscope.sim.pool.PoolBlock;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolPageSupplier;
import org.mmscope.sim.pool.PoolTagStats;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pool.SpecialPoolLayout;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * The kernel pools on the memory manager (mm-behaviour.md 4.3 and 4.4): the executive allocator
 * (NT: ExAllocatePoolWithTag, ExFreePoolWithTag) over the page allocator (NT: MiAllocatePoolPages,
 * MiFreePoolPages) and special pool (NT: MmAllocateSpecialPool).
 *
 * <p><b>Ranges.</b> Paged pool from {@link #PAGED_POOL_START}, special pool from
 * {@link #SPECIAL_POOL_START}, nonpaged pool from {@link #NONPAGED_POOL_START}; their PDPTs exist
 * from boot, so every address space sees the same pool.
 *
 * <p><b>Paged pool</b> grows by one page table (512 pages) at a time ({@link PagedPoolBitmaps});
 * allocated pages get demand-zero PTEs and become resident only when touched, in the system working
 * set, from which they are trimmed and paged out like user pages. <b>Nonpaged pool</b> grows through
 * system PTEs backed at once by resident pages ({@link NonPagedFreeRuns}); the first and last PFN of an
 * allocation are marked StartOfAllocation and EndOfAllocation. With the protected free pool, free runs
 * are unmapped while free (their PTEs become {@link #PROTECTED_FREE_PROTECTION} transition PTEs that
 * still name the page). One-page requests go through a lookaside list per pool type. Requests up to
 * {@link SmallBlockPool#MAX_REQUEST} bytes are small blocks carved from pool pages; MmScope keeps
 * small-block pages of paged pool resident (locked in the system working set), which NT does not.
 *
 * <p><b>Addresses.</b> Every address here is a kernel virtual address; NULL (0) is a failed request.
 * Allocations of whole pages and of special pool are recorded, with their tag, in a big-page table
 * (NT: PoolBigPageTable), which {@code !poolfind} also reads.
 *
 * <p><b>Events.</b> {@link MmEventType#POOL_ALLOCATE}, {@link MmEventType#POOL_FREE},
 * {@link MmEventType#POOL_ALLOCATE_FAILED}, {@link MmEventType#POOL_EXPAND} and
 * {@link MmEventType#SPECIAL_POOL_VIOLATION}, with the pool kind codes {@link #KIND_NONPAGED} ..
 * {@link #KIND_SPECIAL_PAGED} in the new-state column and the tag in the old-state column.
 */
public final class KernelPools implements Serializable {

    /** First address of paged pool. */
    public static final long PAGED_POOL_START = 0xFFFFF8A0_00000000L;
    /** First address of special pool. */
    public static final long SPECIAL_POOL_START = 0xFFFFF980_00000000L;
    /** First address of nonpaged pool. */
    public static final long NONPAGED_POOL_START = 0xFFFFFA80_00000000L;
    /** PML4 entries of the pool ranges; the memory manager creates their PDPTs at boot. */
    static final int[] PML4_INDEXES = { X64Paging.tableIndex(PAGED_POOL_START, 4),
            X64Paging.tableIndex(SPECIAL_POOL_START, 4), X64Paging.tableIndex(NONPAGED_POOL_START, 4) };
    /** Pages of paged pool added per expansion: one page table. */
    public static final int PAGES_PER_EXPANSION = X64Paging.ENTRIES_PER_TABLE;
    /** Depth of each lookaside list of one-page allocations. */
    public static final int LOOKASIDE_DEPTH = 4;
    /** Pages a nonpaged expansion must leave available (NT keeps a resident-available reserve). */
    public static final int NONPAGED_RESERVE = 16;
    /** The protection of a protected free nonpaged page's transition PTE. */
    public static final int PROTECTED_FREE_PROTECTION = Protection.NOACCESS;

    /** Event pool kind: nonpaged pool. */
    public static final int KIND_NONPAGED = 0;
    /** Event pool kind: paged pool. */
    public static final int KIND_PAGED = 1;
    /** Event pool kind: special pool standing in for nonpaged pool. */
    public static final int KIND_SPECIAL_NONPAGED = 2;
    /** Event pool kind: special pool standing in for paged pool. */
    public static final int KIND_SPECIAL_PAGED = 3;

    /** How an allocation is made. */
    public enum Kind {
        /** A block smaller than a page, with a pool header, in a shared pool page. */
        SMALL,
        /** Whole pages (more than {@link SmallBlockPool#MAX_REQUEST} bytes). */
        PAGES,
        /** A special-pool page with its guard page. */
        SPECIAL
    }

    /** A live allocation, as {@code !poolfind} and the views list it. */
    public record Allocation(long address, PoolType type, Kind kind, long bytes, int tag) implements Serializable {

        /** The tag as text. */
        public String tagText() {
            return PoolHeader.tagText(tag);
        }

        /** The event pool-kind code of this allocation. */
        public int eventKind() {
            return kind == Kind.SPECIAL ? (type == PoolType.PAGED ? KIND_SPECIAL_PAGED : KIND_SPECIAL_NONPAGED)
                    : type.code();
        }
    }

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private final KernelPageTables tables;
    private final PagedPoolBitmaps paged;
    private NonPagedFreeRuns nonPaged;
    private final int nonPagedMaximum;
    private int nonPagedFrontier;
    private final LookasideList pagedLookaside = new LookasideList(LOOKASIDE_DEPTH);
    private final LookasideList nonPagedLookaside = new LookasideList(LOOKASIDE_DEPTH);
    private final SmallBlockPool smallBlocks;
    private final SpecialPool special;
    private final PoolTagStats usage = new PoolTagStats();
    private final TreeMap<Long, Allocation> bigPages = new TreeMap<>(UnsignedOrder.INSTANCE);
    private String specialTagPattern;
    private Detection specialDetection = Detection.OVERRUN;
    private long failures;

    KernelPools(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
        this.tables = new KernelPageTables(mm);
        int ram = mm.config().ramPages();
        int pagedMaximum = Math.max(8 * PAGES_PER_EXPANSION, (ram / 2) / PAGES_PER_EXPANSION * PAGES_PER_EXPANSION);
        this.paged = new PagedPoolBitmaps(pagedMaximum, PAGES_PER_EXPANSION);
        this.nonPagedMaximum = Math.max(1024, ram / 8);
        this.nonPaged = new NonPagedFreeRuns(nonPagedMaximum);
        this.smallBlocks = new SmallBlockPool(mm.memory(), new PageSupplier());
        this.special = new SpecialPool(mm, tables, SPECIAL_POOL_START, Math.min(4096, Math.max(256, ram / 64)));
    }

    // ------------------------------------------------------------------------------ settings

    /**
     * Turns the protected free nonpaged pool on or off (NT: MmProtectFreedNonPagedPool, a boot
     * setting): free runs are then unmapped while free.
     *
     * @throws IllegalStateException once nonpaged pool has pages
     */
    public void setProtectedFreePool(boolean on) {
        if (nonPaged.addedPages() > 0) {
            throw new IllegalStateException("the protected free pool is a boot setting: nonpaged pool already has "
                    + nonPaged.addedPages() + " pages");
        }
        nonPaged = on ? new NonPagedFreeRuns(nonPagedMaximum, new Protector()) : new NonPagedFreeRuns(nonPagedMaximum);
    }

    /** True if free nonpaged runs are unmapped. */
    public boolean isProtectedFreePool() {
        return nonPaged.isProtected();
    }

    /**
     * Sends the allocations whose tag matches {@code tagPattern} to special pool (NT: Driver Verifier's
     * PoolTag setting); {@code *} matches any characters, {@code ?} one. Null turns it off.
     */
    public void setSpecialPoolTag(String tagPattern, Detection detection) {
        if (tagPattern != null && (tagPattern.isEmpty() || tagPattern.length() > 4 && !tagPattern.contains("*"))) {
            throw new IllegalArgumentException("a special-pool tag pattern has at most 4 characters, * and ?: '"
                    + tagPattern + "'");
        }
        specialTagPattern = tagPattern;
        specialDetection = Objects.requireNonNull(detection, "detection");
    }

    /** The special-pool tag pattern, or null when special pool is only used on request. */
    public String specialPoolTag() {
        return specialTagPattern;
    }

    // ------------------------------------------------------------------------------ allocate

    /**
     * Allocates pool (NT: ExAllocatePoolWithTag): special pool when the tag matches the special-pool
     * pattern (falling back to the normal pool when special pool refuses); a small block up to
     * {@link SmallBlockPool#MAX_REQUEST} bytes; else whole pages, a one-page request from the lookaside
     * list first.
     *
     * <p>Preconditions: {@code irql} is the caller's; paged pool above APC_LEVEL is BAD_POOL_CALLER
     * 0x08 (parameters: IRQL, pool type, bytes).
     *
     * @return the address, or 0 (NULL) for a zero-byte request, a request larger than the pool, or an
     *         exhausted pool; each failure is a {@link MmEventType#POOL_ALLOCATE_FAILED} event
     */
    public long allocate(PoolType type, long bytes, int tag, Irql irql) {
        Objects.requireNonNull(type, "type");
        checkIrql(type, irql, BugCheckCode.BAD_POOL_CALLER_ALLOCATE_IRQL, bytes);
        if (bytes > 0 && bytes <= SpecialPoolLayout.MAX_BYTES && specialTagPattern != null
                && tagMatches(specialTagPattern, tag)) {
            long address = allocateSpecial(type, (int) bytes, tag, irql, specialDetection);
            if (address != 0) {
                return address;
            }
        }
        if (bytes <= 0 || bytes > (long) maximumPages(type) * X64Paging.PAGE_SIZE) {
            return failed(type.code(), bytes, tag);
        }
        if (bytes <= SmallBlockPool.MAX_REQUEST) {
            long poolAddress = smallBlocks.allocate(type, (int) bytes, tag);
            if (poolAddress < 0) {
                return failed(type.code(), bytes, tag);
            }
            int pfn = SmallBlockPool.pfnOf(poolAddress);
            long va = tables.addressOf(pfn) | SmallBlockPool.offsetOf(poolAddress);
            usage.recordAllocation(tag, type, SmallBlockPool.blockBytes((int) bytes));
            mm.events().emit(MmEventType.POOL_ALLOCATE, pfn, va, tag, type.code(), bytes);
            return va;
        }
        int pages = (int) ((bytes + X64Paging.PAGE_SIZE - 1) / X64Paging.PAGE_SIZE);
        long va = allocatePages(type, pages, true);
        if (va == 0) {
            return failed(type.code(), bytes, tag);
        }
        bigPages.put(va, new Allocation(va, type, Kind.PAGES, bytes, tag));
        usage.recordAllocation(tag, type, pages * X64Paging.PAGE_SIZE);
        mm.events().emit(MmEventType.POOL_ALLOCATE, tables.pfnAt(va), va, tag, type.code(), bytes);
        return va;
    }

    /**
     * Allocates from special pool (NT: MmAllocateSpecialPool): one data page and a guard page.
     *
     * <p>Preconditions: 1 &lt;= bytes &lt;= {@link SpecialPoolLayout#MAX_BYTES}; paged above APC_LEVEL
     * or nonpaged above DISPATCH_LEVEL is the bugcheck 0xC1 with parameter 4 0x30.
     *
     * @return the address, or 0 when special pool has no free pair or available pages are low
     */
    public long allocateSpecial(PoolType type, int bytes, int tag, Irql irql, Detection detection) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(irql, "irql");
        if (bytes < 1 || bytes > SpecialPoolLayout.MAX_BYTES) {
            throw new IllegalArgumentException("special pool allocations are 1.." + SpecialPoolLayout.MAX_BYTES
                    + " bytes, not " + bytes);
        }
        int kind = type == PoolType.PAGED ? KIND_SPECIAL_PAGED : KIND_SPECIAL_NONPAGED;
        try {
            SpecialPoolLayout.checkIrql(type, irql, bytes);
        } catch (BugCheckException e) {
            mm.events().emit(MmEventType.SPECIAL_POOL_VIOLATION, -1, 0, tag, kind, e.parameter(4));
            throw e;
        }
        long va = special.allocate(type, bytes, tag, detection);
        if (va == 0) {
            return failed(kind, bytes, tag);
        }
        bigPages.put(va, new Allocation(va, type, Kind.SPECIAL, bytes, tag));
        usage.recordAllocation(tag, type, X64Paging.PAGE_SIZE);
        mm.events().emit(MmEventType.POOL_ALLOCATE, tables.pfnAt(va), va, tag, kind, bytes);
        return va;
    }

    private long failed(int kind, long bytes, int tag) {
        failures++;
        mm.events().emit(MmEventType.POOL_ALLOCATE_FAILED, -1, 0, tag, kind, bytes);
        return 0;
    }

    /** Allocation requests that returned NULL. */
    public long failures() {
        return failures;
    }

    private int maximumPages(PoolType type) {
        return type == PoolType.PAGED ? paged.maximumPages() : nonPagedMaximum;
    }

    /**
     * The page allocator (NT: MiAllocatePoolPages). Returns the first page's address or 0.
     *
     * @param lookaside whether a one-page request may come from the lookaside list
     */
    private long allocatePages(PoolType type, int pages, boolean lookaside) {
        if (type == PoolType.PAGED) {
            if (pages == 1 && lookaside) {
                int page = pagedLookaside.pop();
                if (page >= 0) {
                    return pagedAddress(page);
                }
            }
            int first;
            while ((first = paged.allocate(pages)) == PagedPoolBitmaps.NEEDS_EXPANSION) {
                if (!expandPaged()) {
                    return 0;
                }
            }
            if (first == PagedPoolBitmaps.EXHAUSTED) {
                return 0;
            }
            long va = pagedAddress(first);
            for (int i = 0; i < pages; i++) {
                tables.rewrite(va + (long) i * X64Paging.PAGE_SIZE, Pte.demandZero(Protection.READWRITE));
            }
            return va;
        }
        if (pages == 1 && lookaside) {
            int page = nonPagedLookaside.pop();
            if (page >= 0) {
                return nonPagedAddress(page);
            }
        }
        int first = nonPaged.allocate(pages);
        if (first < 0) {
            if (!expandNonPaged(pages)) {
                return 0;
            }
            first = nonPaged.allocate(pages);
        }
        long va = nonPagedAddress(first);
        pfns.setStartOfAllocation(tables.pfnAt(va), true);
        pfns.setEndOfAllocation(tables.pfnAt(va + (long) (pages - 1) * X64Paging.PAGE_SIZE), true);
        return va;
    }

    /** NT: MiExpandPagedPool: the next page table of the range, zeroed. */
    private boolean expandPaged() {
        if (!paged.canExpand()) {
            return false;
        }
        long va = pagedAddress(paged.currentSize());
        if (pfns.availablePages() < tables.pagesToMap(va)) {
            return false;
        }
        int table = paged.expand();
        tables.ensurePageTable(va);
        mm.events().emit(MmEventType.POOL_EXPAND, -1, va, table, KIND_PAGED, PAGES_PER_EXPANSION);
        return true;
    }

    /** NT: MiAllocatePoolPages' expansion through system PTEs: {@code pages} new resident pages. */
    private boolean expandNonPaged(int pages) {
        if (nonPagedFrontier + pages > nonPagedMaximum) {
            return false;
        }
        long va = nonPagedAddress(nonPagedFrontier);
        int tablesNeeded = 2 * ((pages + X64Paging.ENTRIES_PER_TABLE - 1) / X64Paging.ENTRIES_PER_TABLE + 1);
        if (pfns.availablePages() < pages + tablesNeeded + NONPAGED_RESERVE) {
            return false;
        }
        for (int i = 0; i < pages; i++) {
            tables.mapResident(va + (long) i * X64Paging.PAGE_SIZE, 0);
        }
        int first = nonPagedFrontier;
        nonPagedFrontier += pages;
        nonPaged.addRun(first, pages);
        mm.events().emit(MmEventType.POOL_EXPAND, -1, va, first, KIND_NONPAGED, pages);
        return true;
    }

    // ------------------------------------------------------------------------------ free

    /**
     * Frees pool (NT: ExFreePoolWithTag). Whatever is wrong is found before anything changes.
     *
     * <p>Preconditions: paged pool above APC_LEVEL is BAD_POOL_CALLER 0x09 (parameters: IRQL, pool type,
     * address); an address that is no allocation is BAD_POOL_CALLER (0x07 already free, 0x0A wrong tag,
     * 0x41/0x50 not the start of a nonpaged/paged page allocation, 0x99 not a pool address); a special
     * pool allocation whose pattern was overwritten is 0xC1.
     *
     * @param tag the tag the caller gives, 0 for none (NT: ExFreePool)
     * @return the allocation's size in bytes
     */
    public long free(long va, int tag, Irql irql) {
        Objects.requireNonNull(irql, "irql");
        if (special.contains(va)) {
            return freeSpecial(va, tag, irql);
        }
        PoolType type = isPagedPoolAddress(va) ? PoolType.PAGED : isNonPagedPoolAddress(va) ? PoolType.NONPAGED : null;
        if (type == null) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, va,
                    0, 0, String.format("freeing 0x%x, which is not a pool address", va));
        }
        checkIrql(type, irql, BugCheckCode.BAD_POOL_CALLER_FREE_IRQL, va);
        if ((va & 0xFFF) != 0) {
            return freeSmall(type, va, tag);
        }
        Allocation allocation = bigPages.get(va);
        int page = pageIndex(type, va);
        if (allocation == null) {
            LookasideList lookaside = type == PoolType.PAGED ? pagedLookaside : nonPagedLookaside;
            if (lookaside.contains(page)) {
                throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, LookasideList.BAD_POOL_ALREADY_FREE, 0, 0, va,
                        String.format("freeing 0x%x twice: it is on the %s lookaside list", va, type));
            }
            long code = type == PoolType.PAGED ? PagedPoolBitmaps.BAD_POOL_FREE_NOT_ALLOCATED_PAGED
                    : NonPagedFreeRuns.BAD_POOL_FREE_NOT_ALLOCATED_NONPAGED;
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, code, page, page, va, String.format(
                    "freeing 0x%x, which is not the start of a %s pool allocation (freed already, or never allocated)",
                    va, type.name().toLowerCase(java.util.Locale.ROOT)));
        }
        checkTag(va, allocation.tag(), tag);
        int pages = (int) ((allocation.bytes() + X64Paging.PAGE_SIZE - 1) / X64Paging.PAGE_SIZE);
        bigPages.remove(va);
        usage.recordFree(allocation.tag(), type, pages * X64Paging.PAGE_SIZE);
        mm.events().emit(MmEventType.POOL_FREE, tables.pfnAt(va), va, allocation.tag(), type.code(), allocation.bytes());
        freePages(type, va, pages, true);
        return allocation.bytes();
    }

    private long freeSmall(PoolType type, long va, int tag) {
        int pfn = tables.pfnAt(va & ~0xFFFL);
        if (pfn < 0 || !smallBlocks.isPoolPage(pfn)) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS, va,
                    0, 0, String.format("freeing 0x%x, which is in no small-block pool page", va));
        }
        int offset = (int) (va & 0xFFF);
        // the header, read before the free merges it away; a misaligned address is refused by the free
        long first = offset >= PoolHeader.SIZE && (offset & (PoolHeader.UNIT - 1)) == 0
                ? mm.memory().readLong(pfn, offset - PoolHeader.SIZE) : 0;
        long poolAddress = SmallBlockPool.address(pfn, offset);
        try {
            smallBlocks.free(poolAddress, tag); // checks the header chain, double free and the tag first
        } catch (BugCheckException e) {
            throw inVirtualAddresses(e);
        }
        int blockTag = PoolHeader.tag(first);
        int blockBytes = PoolHeader.blockSize(first) * PoolHeader.UNIT;
        usage.recordFree(blockTag, type, blockBytes);
        long bytes = blockBytes - PoolHeader.SIZE;
        mm.events().emit(MmEventType.POOL_FREE, pfn, va, blockTag, type.code(), bytes);
        return bytes;
    }

    /**
     * The small-block allocator's BAD_POOL_CALLER with the addresses it names (PFN-based pool
     * addresses) given as the virtual addresses the caller used, as NT's parameters are: parameter 2
     * for 0x01, 0x0A and 0x99, parameter 4 for 0x07.
     */
    private BugCheckException inVirtualAddresses(BugCheckException e) {
        long subtype = e.parameter(1);
        int index = subtype == SmallBlockPool.BAD_POOL_CALLER_ALREADY_FREED ? 4
                : subtype == SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG
                        || subtype == SmallBlockPool.BAD_POOL_CALLER_INVALID_ADDRESS
                        || subtype == SmallBlockPool.BAD_POOL_CALLER_HEADER_CORRUPT ? 2 : 0;
        if (e.code() != BugCheckCode.BAD_POOL_CALLER || index == 0) {
            return e;
        }
        long poolAddress = e.parameter(index);
        long va = tables.addressOf(SmallBlockPool.pfnOf(poolAddress)) | SmallBlockPool.offsetOf(poolAddress);
        long[] p = { e.parameter(1), e.parameter(2), e.parameter(3), e.parameter(4) };
        p[index - 1] = va;
        String explanation = e.explanation().replace(String.format("0x%x", poolAddress), String.format("0x%x", va));
        return new BugCheckException(e.code(), p[0], p[1], p[2], p[3], explanation);
    }

    private long freeSpecial(long va, int tag, Irql irql) {
        int pair = special.pairOf(va);
        PoolType type = pair >= 0 && special.isInUse(pair) ? special.typeOf(pair) : PoolType.NONPAGED;
        int kind = type == PoolType.PAGED ? KIND_SPECIAL_PAGED : KIND_SPECIAL_NONPAGED;
        checkIrql(type, irql, BugCheckCode.BAD_POOL_CALLER_FREE_IRQL, va);
        Allocation allocation = bigPages.get(va);
        if (allocation != null) {
            checkTag(va, allocation.tag(), tag);
        }
        int pfn = pair >= 0 ? tables.pfnAt(special.dataPage(pair)) : -1;
        int bytes;
        try {
            bytes = special.free(va);
        } catch (BugCheckException e) {
            mm.events().emit(MmEventType.SPECIAL_POOL_VIOLATION, pfn, va, allocation != null ? allocation.tag() : tag,
                    kind, e.parameter(4));
            throw e;
        }
        bigPages.remove(va);
        usage.recordFree(allocation.tag(), type, X64Paging.PAGE_SIZE);
        mm.events().emit(MmEventType.POOL_FREE, pfn, va, allocation.tag(), kind, bytes);
        return bytes;
    }

    private static void checkTag(long va, int recorded, int given) {
        if (given != 0 && given != recorded) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG, va,
                    recorded, given, String.format("freeing 0x%x with tag '%s', but it was allocated with '%s'", va,
                            PoolHeader.tagText(given), PoolHeader.tagText(recorded)));
        }
    }

    /** The page allocator's free (NT: MiFreePoolPages), a one-page free to the lookaside list first. */
    private void freePages(PoolType type, long va, int pages, boolean lookaside) {
        int page = pageIndex(type, va);
        if (pages == 1 && lookaside && (type == PoolType.PAGED ? pagedLookaside : nonPagedLookaside).push(page)) {
            return;
        }
        if (type == PoolType.PAGED) {
            paged.free(page);
            for (int i = 0; i < pages; i++) {
                mm.deletePte(mm.systemProcess(), va + (long) i * X64Paging.PAGE_SIZE);
            }
            return;
        }
        pfns.setStartOfAllocation(tables.pfnAt(va), false);
        pfns.setEndOfAllocation(tables.pfnAt(va + (long) (pages - 1) * X64Paging.PAGE_SIZE), false);
        nonPaged.free(page);
    }

    private void checkIrql(PoolType type, Irql irql, long code, long what) {
        Objects.requireNonNull(irql, "irql");
        Irql highest = type == PoolType.PAGED ? Irql.APC_LEVEL : Irql.DISPATCH_LEVEL;
        if (irql.level() > highest.level()) {
            throw new BugCheckException(BugCheckCode.BAD_POOL_CALLER, code, irql.level(), type.code(), what,
                    String.format("%s pool %s at %s", type.name().toLowerCase(java.util.Locale.ROOT),
                            code == BugCheckCode.BAD_POOL_CALLER_ALLOCATE_IRQL ? "allocated" : "freed", irql));
        }
    }

    /** True if {@code tag} matches {@code pattern} ({@code *} any characters, {@code ?} one). */
    public static boolean tagMatches(String pattern, int tag) {
        return globMatches(pattern, 0, PoolHeader.tagText(tag), 0);
    }

    private static boolean globMatches(String p, int i, String t, int j) {
        if (i == p.length()) {
            return j == t.length() || t.substring(j).isBlank() && p.endsWith("*");
        }
        char c = p.charAt(i);
        if (c == '*') {
            for (int k = j; k <= t.length(); k++) {
                if (globMatches(p, i + 1, t, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < t.length() && (c == '?' || c == t.charAt(j)) && globMatches(p, i + 1, t, j + 1);
    }

    // ------------------------------------------------------------------------------ faults

    /**
     * Called by the kernel fault path before anything else: a guard page of special pool is
     * DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION (0xD6), a freed special-pool page
     * PAGE_FAULT_IN_FREED_SPECIAL_POOL (0xCC); both are reported as
     * {@link MmEventType#SPECIAL_POOL_VIOLATION} first (detail: the bugcheck code).
     */
    void checkGuardPage(long va, boolean write) {
        if (!special.contains(va)) {
            return;
        }
        int pair = special.pairOf(va);
        if (pair >= 0 && special.isInUse(pair)) {
            return;
        }
        int code = pair < 0 ? BugCheckCode.DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION
                : SpecialPool.PAGE_FAULT_IN_FREED_SPECIAL_POOL;
        int owner = pair >= 0 ? pair : guardOwner(va);
        boolean known = owner >= 0 && special.isInUse(owner);
        int kind = known && special.typeOf(owner) == PoolType.PAGED ? KIND_SPECIAL_PAGED : KIND_SPECIAL_NONPAGED;
        mm.events().emit(MmEventType.SPECIAL_POOL_VIOLATION, -1, va, known ? special.tagOf(owner) : 0, kind, code);
        throw new BugCheckException(code, va, write ? 1 : 0, 0, 0, pair < 0
                ? String.format("0x%x is a special-pool guard page: an access beyond the end of an allocation", va)
                : String.format("0x%x is a freed special-pool page: an access after free", va));
    }

    /**
     * The pair whose allocation guard page {@code va} protects: the pair after it when that
     * allocation's data starts its page (underrun detection) and the access is in the guard page's
     * upper half or the pair before is free; else the pair before it (overrun detection); -1 when
     * neither is in use.
     */
    private int guardOwner(long va) {
        int before = special.pairOf(va - X64Paging.PAGE_SIZE);
        int after = special.pairOf(va + X64Paging.PAGE_SIZE);
        boolean beforeInUse = before >= 0 && special.isInUse(before);
        boolean afterInUse = after >= 0 && special.isInUse(after);
        boolean underrun = afterInUse && (special.addressOf(after) & 0xFFF) == 0;
        if (underrun && (!beforeInUse || (va & 0xFFF) >= X64Paging.PAGE_SIZE / 2)) {
            return after;
        }
        return beforeInUse ? before : afterInUse ? after : -1;
    }

    // ------------------------------------------------------------------------------ addresses

    /** True if {@code va} lies in the paged pool range (allocated or not). */
    public boolean isPagedPoolAddress(long va) {
        return Long.compareUnsigned(va, PAGED_POOL_START) >= 0
                && Long.compareUnsigned(va, pagedAddress(paged.maximumPages())) < 0;
    }

    /** True if {@code va} lies in the nonpaged pool range. */
    public boolean isNonPagedPoolAddress(long va) {
        return Long.compareUnsigned(va, NONPAGED_POOL_START) >= 0
                && Long.compareUnsigned(va, nonPagedAddress(nonPagedMaximum)) < 0;
    }

    /** True if {@code va} lies in any pool range. */
    public boolean isPoolAddress(long va) {
        return isPagedPoolAddress(va) || isNonPagedPoolAddress(va) || special.contains(va);
    }

    private static long pagedAddress(int page) {
        return PAGED_POOL_START + (long) page * X64Paging.PAGE_SIZE;
    }

    private static long nonPagedAddress(int page) {
        return NONPAGED_POOL_START + (long) page * X64Paging.PAGE_SIZE;
    }

    private static int pageIndex(PoolType type, long va) {
        return (int) ((va - (type == PoolType.PAGED ? PAGED_POOL_START : NONPAGED_POOL_START)) >>> 12);
    }

    // ------------------------------------------------------------------------------ queries (views, !pool...)

    /** Paged pool's bitmaps. */
    public PagedPoolBitmaps pagedPool() {
        return paged;
    }

    /** Nonpaged pool's free runs. */
    public NonPagedFreeRuns nonPagedPool() {
        return nonPaged;
    }

    /** Pages of the nonpaged range backed so far. */
    public int nonPagedPages() {
        return nonPagedFrontier;
    }

    /** The lookaside list of one-page allocations of {@code type}. */
    public LookasideList lookaside(PoolType type) {
        return type == PoolType.PAGED ? pagedLookaside : nonPagedLookaside;
    }

    /** The small-block allocator (pool addresses in it are PFN-based; see {@link #blocksOfPage(long)}). */
    public SmallBlockPool smallBlocks() {
        return smallBlocks;
    }

    /** Special pool. */
    public SpecialPool specialPool() {
        return special;
    }

    /** Usage by tag of every kind of allocation ({@code !poolused}). */
    public PoolTagStats usage() {
        return usage;
    }

    /** Every live allocation, small blocks included, by address. */
    public List<Allocation> allocations() {
        List<Allocation> all = new ArrayList<>(bigPages.values());
        for (int i = 0; i < smallBlocks.pageCount(); i++) {
            for (PoolBlock block : blocksOfPage(tables.addressOf(smallBlocks.pageAt(i)))) {
                if (!block.free()) {
                    all.add(new Allocation(blockAddress(block), block.type(), Kind.SMALL,
                            block.size() - PoolHeader.SIZE, block.tag()));
                }
            }
        }
        all.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return all;
    }

    /** Live allocations whose tag matches {@code pattern} ({@code !poolfind}; * and ? wildcards). */
    public List<Allocation> find(String pattern) {
        return allocations().stream().filter(a -> tagMatches(pattern, a.tag())).toList();
    }

    /** The allocation holding {@code va}, or null. */
    public Allocation allocationAt(long va) {
        Map.Entry<Long, Allocation> big = bigPages.floorEntry(va);
        if (big != null) {
            Allocation a = big.getValue();
            long span = a.kind() == Kind.SPECIAL ? a.bytes()
                    : (a.bytes() + X64Paging.PAGE_SIZE - 1) / X64Paging.PAGE_SIZE * X64Paging.PAGE_SIZE;
            if (Long.compareUnsigned(va, a.address() + span) < 0) {
                return a;
            }
        }
        for (Allocation a : allocationsInSmallPage(va)) {
            if (Long.compareUnsigned(va, a.address()) >= 0 && Long.compareUnsigned(va, a.address() + a.bytes()) < 0) {
                return a;
            }
        }
        return null;
    }

    private List<Allocation> allocationsInSmallPage(long va) {
        List<Allocation> result = new ArrayList<>();
        for (PoolBlock block : blocksOfPage(va)) {
            if (!block.free()) {
                result.add(new Allocation(blockAddress(block), block.type(), Kind.SMALL, block.size() - PoolHeader.SIZE,
                        block.tag()));
            }
        }
        return result;
    }

    /**
     * The blocks of the small-block page holding {@code va} ({@code !pool}), empty when it is not one.
     * {@link PoolBlock#offset()} is the header's offset in the page.
     */
    public List<PoolBlock> blocksOfPage(long va) {
        int pfn = isPoolAddress(va) ? tables.pfnAt(va & ~0xFFFL) : -1;
        return pfn >= 0 && smallBlocks.isPoolPage(pfn) ? smallBlocks.blocks(pfn) : List.of();
    }

    /** The virtual address of a block's data. */
    public long blockAddress(PoolBlock block) {
        return tables.addressOf(block.pfn()) | (block.offset() + PoolHeader.SIZE);
    }

    /** Problems in the small-block page holding {@code va} ({@code !poolval}), or why it is not one. */
    public List<String> validatePage(long va) {
        int pfn = isPoolAddress(va) ? tables.pfnAt(va & ~0xFFFL) : -1;
        if (pfn < 0 || !smallBlocks.isPoolPage(pfn)) {
            return List.of(String.format("0x%x is not in a small-block pool page", va));
        }
        return smallBlocks.validatePage(pfn);
    }

    /**
     * Consistency for the invariant checker: the allocators' own checks, the PTEs of each range
     * against the allocators (paged: allocated pages have a PTE, free pages none; nonpaged: every
     * backed page valid, or in protected transition when free; Start/EndOfAllocation as recorded),
     * special pool, and the lookaside lists holding one-page allocations.
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        problems.addAll(paged.check());
        problems.addAll(nonPaged.check());
        problems.addAll(smallBlocks.check());
        problems.addAll(special.check());
        for (int page = 0; page < paged.currentSize(); page++) {
            long pte = tables.pte(pagedAddress(page));
            if (paged.isAllocated(page) == (pte == 0)) {
                problems.add(String.format("paged pool page %d is %s but its PTE is %s", page,
                        paged.isAllocated(page) ? "allocated" : "free", Pte.describe(pte)));
            }
        }
        for (int page = 0; page < nonPagedFrontier; page++) {
            long va = nonPagedAddress(page);
            long pte = tables.pte(va);
            boolean free = nonPaged.runSize(page) > 0 || insideFreeRun(page);
            boolean protectedFree = free && nonPaged.isProtected();
            if (protectedFree ? !isProtectedFreePte(pte) : !Pte.isValid(pte)) {
                problems.add(String.format("nonpaged pool page %d (%s) has PTE %s", page, free ? "free" : "allocated",
                        Pte.describe(pte)));
                continue;
            }
            int pfn = (int) Pte.pfn(pte);
            if (pfns.isStartOfAllocation(pfn) != nonPaged.isStartOfAllocation(page)
                    || pfns.isEndOfAllocation(pfn) != nonPaged.isEndOfAllocation(page)) {
                problems.add(String.format("nonpaged pool page %d: PFN 0x%x Start/EndOfAllocation %b/%b, the pool says"
                        + " %b/%b", page, pfn, pfns.isStartOfAllocation(pfn), pfns.isEndOfAllocation(pfn),
                        nonPaged.isStartOfAllocation(page), nonPaged.isEndOfAllocation(page)));
            }
        }
        checkLookaside(problems, PoolType.PAGED);
        checkLookaside(problems, PoolType.NONPAGED);
        for (Allocation a : bigPages.values()) {
            if (a.kind() == Kind.PAGES) {
                int page = pageIndex(a.type(), a.address());
                boolean start = a.type() == PoolType.PAGED ? paged.isStartOfAllocation(page)
                        : nonPaged.isStartOfAllocation(page);
                if (!start) {
                    problems.add(String.format("big-page table entry 0x%x is not the start of a %s allocation",
                            a.address(), a.type()));
                }
            }
        }
        return problems;
    }

    private boolean insideFreeRun(int page) {
        return !nonPaged.isStartOfAllocation(page) && allocationContaining(page) < 0;
    }

    private int allocationContaining(int page) {
        for (int p = page; p >= 0; p--) {
            if (nonPaged.isStartOfAllocation(p)) {
                return p + nonPaged.allocationSize(p) > page ? p : -1;
            }
            if (nonPaged.runSize(p) > 0) {
                return -1;
            }
        }
        return -1;
    }

    private void checkLookaside(List<String> problems, PoolType type) {
        LookasideList list = lookaside(type);
        for (int i = 0; i < list.size(); i++) {
            int page = list.pageAt(i);
            boolean ok = type == PoolType.PAGED
                    ? paged.isStartOfAllocation(page) && paged.isEndOfAllocation(page)
                    : nonPaged.isStartOfAllocation(page) && nonPaged.allocationSize(page) == 1;
            long va = type == PoolType.PAGED ? pagedAddress(page) : nonPagedAddress(page);
            if (!ok || bigPages.containsKey(va)) {
                problems.add(String.format("%s lookaside page %d is not a free one-page allocation", type, page));
            }
        }
    }

    /** True if {@code pte} is the PTE of a free page of the protected nonpaged pool. */
    static boolean isProtectedFreePte(long pte) {
        return Pte.isTransition(pte) && Pte.protection(pte) == PROTECTED_FREE_PROTECTION;
    }

    /** True if kernel page {@code va}'s transition PTE is a protected free nonpaged page (checker). */
    public boolean isProtectedFree(long va, long pte) {
        return nonPaged.isProtected() && isNonPagedPoolAddress(va) && isProtectedFreePte(pte);
    }

    /** True if valid kernel page {@code va} is a pageable page of paged pool (in the system working set). */
    public boolean isPageable(long va) {
        return isPagedPoolAddress(va);
    }

    /**
     * Every page of the pool ranges in use so far, for the pool map: paged pool up to its current size
     * (the expanded page tables), nonpaged pool up to its backed frontier, special pool from its leading
     * guard page through the last pair ever used. Pages are in address order within each range, the
     * ranges in the order nonpaged, paged, special. Reads the allocators' bookkeeping and the PTEs only;
     * allocates one record per page.
     */
    public List<PoolPage> pageMap() {
        List<PoolPage> map = new ArrayList<>(nonPagedFrontier + paged.currentSize() + 1 + 2 * special.pairsEverUsed());
        addNonPagedPages(map);
        addPagedPages(map);
        addSpecialPages(map);
        return map;
    }

    private void addNonPagedPages(List<PoolPage> map) {
        int page = 0;
        while (page < nonPagedFrontier) {
            int run = nonPaged.runSize(page);
            int size = nonPaged.allocationSize(page);
            if (run > 0 || size == 0) { // a free run (or a page no allocation starts at, shown as free)
                int end = Math.min(nonPagedFrontier, page + Math.max(run, 1));
                for (; page < end; page++) {
                    map.add(freePage(nonPagedAddress(page), PoolPage.Range.NONPAGED));
                }
                continue;
            }
            addAllocation(map, PoolType.NONPAGED, page, size);
            page += size;
        }
    }

    private void addPagedPages(List<PoolPage> map) {
        int size = paged.currentSize();
        int page = 0;
        while (page < size) {
            if (!paged.isAllocated(page)) {
                map.add(freePage(pagedAddress(page), PoolPage.Range.PAGED));
                page++;
                continue;
            }
            int pages = 1;
            while (!paged.isEndOfAllocation(page + pages - 1) && page + pages < size) {
                pages++;
            }
            addAllocation(map, PoolType.PAGED, page, pages);
            page += pages;
        }
    }

    /** The pages of one page-allocator allocation: a small-block page, a lookaside page or whole pages. */
    private void addAllocation(List<PoolPage> map, PoolType type, int first, int pages) {
        PoolPage.Range range = type == PoolType.PAGED ? PoolPage.Range.PAGED : PoolPage.Range.NONPAGED;
        long va = type == PoolType.PAGED ? pagedAddress(first) : nonPagedAddress(first);
        Allocation owner = bigPages.get(va);
        if (owner == null && pages == 1) {
            long pte = tables.pte(va);
            int pfn = Pte.isValid(pte) ? (int) Pte.pfn(pte) : -1;
            if (lookaside(type).contains(first)) {
                map.add(new PoolPage(va, range, PoolPage.State.LOOKASIDE, pte, pfn, 0, 0, 0));
                return;
            }
            if (pfn >= 0 && smallBlocks.isPoolPage(pfn)) {
                map.add(new PoolPage(va, range, PoolPage.State.SMALL_BLOCKS, pte, pfn, 0, 0,
                        X64Paging.PAGE_SIZE - smallBlocks.freeBytes(pfn)));
                return;
            }
        }
        for (int i = 0; i < pages; i++) {
            long page = va + (long) i * X64Paging.PAGE_SIZE;
            long pte = tables.pte(page);
            long used = owner == null ? 0
                    : Math.max(0, Math.min(X64Paging.PAGE_SIZE, owner.bytes() - (long) i * X64Paging.PAGE_SIZE));
            map.add(new PoolPage(page, range, PoolPage.State.WHOLE_PAGES, pte,
                    Pte.isValid(pte) ? (int) Pte.pfn(pte) : -1, owner == null ? 0 : owner.tag(), va, used));
        }
    }

    private void addSpecialPages(List<PoolPage> map) {
        int used = special.pairsEverUsed();
        if (used == 0) {
            return;
        }
        map.add(guardPage(special.start()));
        for (int pair = 0; pair < used; pair++) {
            long data = special.dataPage(pair);
            long pte = tables.pte(data);
            if (special.isInUse(pair)) {
                int pfn = (int) Pte.pfn(pte);
                map.add(new PoolPage(data, PoolPage.Range.SPECIAL, PoolPage.State.SPECIAL_DATA, pte, pfn,
                        special.tagOf(pair), special.addressOf(pair), special.bytesOf(pair)));
            } else {
                map.add(new PoolPage(data, PoolPage.Range.SPECIAL, PoolPage.State.SPECIAL_FREED, pte, -1, 0, 0, 0));
            }
            map.add(guardPage(data + X64Paging.PAGE_SIZE));
        }
    }

    private PoolPage guardPage(long va) {
        return new PoolPage(va, PoolPage.Range.SPECIAL, PoolPage.State.SPECIAL_GUARD, tables.pte(va), -1, 0, 0, 0);
    }

    private PoolPage freePage(long va, PoolPage.Range range) {
        long pte = tables.pte(va);
        return new PoolPage(va, range, PoolPage.State.FREE, pte, Pte.isValid(pte) ? (int) Pte.pfn(pte) : -1, 0, 0, 0);
    }

    /** The live allocations recorded in the big-page table, by address. */
    public List<Allocation> bigPageAllocations() {
        return Collections.unmodifiableList(new ArrayList<>(bigPages.values()));
    }

    // ------------------------------------------------------------------------------ pieces

    /** Gives the small-block allocator resident pages. */
    private final class PageSupplier implements PoolPageSupplier, Serializable {

        /**
         * A paged page is brought in at once and locked in the system working set; when that is full,
         * its oldest unlocked page makes room (NT: MiDoReplacement), and when every entry is locked the
         * request fails.
         */
        @Override
        public int allocatePoolPage(PoolType type) {
            WorkingSetList ws = mm.systemProcess().workingSet();
            if (pfns.availablePages() < 2 || type == PoolType.PAGED && ws.isFull() && !hasUnlockedEntry(ws)) {
                return -1;
            }
            long va = allocatePages(type, 1, false);
            if (va == 0) {
                return -1;
            }
            if (type == PoolType.NONPAGED) {
                return tables.pfnAt(va);
            }
            if (pfns.availablePages() < 1) { // the expansion took the last pages for page tables
                freePages(type, va, 1, false);
                return -1;
            }
            if (ws.isFull()) {
                mm.trim(mm.systemProcess(), 1, 0);
            }
            // paged: bring it in now and lock it in the system working set
            int pfn = tables.mapResident(va, Pte.demandZero(Protection.READWRITE));
            mm.addToWorkingSet(mm.systemProcess(), pfn, va, true);
            return pfn;
        }

        /** True if a trim can take a page out of {@code ws} (a scan that leaves the clock hand alone). */
        private static boolean hasUnlockedEntry(WorkingSetList ws) {
            for (int slot = 0; slot < ws.slotLimit(); slot++) {
                if (ws.isValid(slot) && !ws.isLocked(slot)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void releasePoolPage(PoolType type, int pfn) {
            long va = tables.addressOf(pfn);
            mm.memory().zeroPage(pfn);
            freePages(type, va, 1, false);
        }
    }

    /** Unmaps free runs of the protected nonpaged pool (NT: MiProtectFreeNonPagedPool and its inverse). */
    private final class Protector implements NonPagedFreeRuns.MappingListener, Serializable {

        @Override
        public void map(int firstPage, int pages) {
            for (int i = 0; i < pages; i++) {
                long va = nonPagedAddress(firstPage + i);
                long pte = tables.pte(va);
                if (!isProtectedFreePte(pte)) {
                    throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va,
                            pte, 0, String.format("protected free pool page 0x%x has PTE %s", va, Pte.describe(pte)));
                }
                tables.rewrite(va, MemoryManager.validPte((int) Pte.pfn(pte), va, Protection.READWRITE));
            }
        }

        @Override
        public void unmap(int firstPage, int pages) {
            for (int i = 0; i < pages; i++) {
                long va = nonPagedAddress(firstPage + i);
                long pte = tables.pte(va);
                if (!Pte.isValid(pte)) {
                    throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va,
                            pte, 0, String.format("free nonpaged pool page 0x%x has PTE %s", va, Pte.describe(pte)));
                }
                tables.rewrite(va, Pte.transition(Pte.pfn(pte), PROTECTED_FREE_PROTECTION));
            }
        }
    }
}
