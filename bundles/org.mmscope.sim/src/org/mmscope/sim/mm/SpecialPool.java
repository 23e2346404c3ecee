package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pool.SpecialPoolLayout;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;

/**
 * Special pool (NT: MmAllocateSpecialPool, MmFreeSpecialPool; mm-behaviour.md 4.4): its own range of
 * system PTEs, laid out as a guard page followed by pairs (data page, guard page). An allocation takes
 * the pair at the head of the free queue; a free verifies the pattern around the data, releases the
 * page and puts the pair at the TAIL of the queue, so a freed address stays invalid as long as
 * possible and a use after free faults (PAGE_FAULT_IN_FREED_SPECIAL_POOL, 0xCC).
 *
 * <p>Data pages are resident for both pool types (MmScope does not page special paged pool out; NT
 * may). A guard PTE is a demand-zero PTE with protection {@code NOACCESS}, which no fault resolves.
 */
public final class SpecialPool implements Serializable {

    /** Available pages below which special pool refuses (NT: 0x100, mm-behaviour.md 4.4). */
    public static final int MINIMUM_AVAILABLE = 0x100;
    /** NT: PAGE_FAULT_IN_FREED_SPECIAL_POOL. */
    public static final int PAGE_FAULT_IN_FREED_SPECIAL_POOL = 0xCC;
    /** The PTE of every guard page. */
    public static final long GUARD_PTE = Pte.demandZero(Protection.NOACCESS);

    private final long start;
    private final int pairs;
    private final KernelPageTables tables;
    private final PfnDatabase pfns;
    private final MemoryManager mm;
    /** FIFO of free pair indexes: allocate from head, free to tail. */
    private final int[] queue;
    private int head;
    private int queued;
    /** Per pair: -1 never used, 0 free, 1 nonpaged in use, 2 paged in use. */
    private final byte[] state;
    private int inUse;

    SpecialPool(MemoryManager mm, KernelPageTables tables, long start, int pairs) {
        this.mm = mm;
        this.tables = tables;
        this.pfns = mm.pfns();
        this.start = start;
        this.pairs = pairs;
        this.queue = new int[pairs];
        this.state = new byte[pairs];
        for (int i = 0; i < pairs; i++) {
            queue[i] = i;
            state[i] = -1;
        }
        queued = pairs;
    }

    /** First address of the special pool range (a guard page). */
    public long start() {
        return start;
    }

    /** One past the last address of the range. */
    public long end() {
        return start + (1L + 2L * pairs) * 4096;
    }

    /** Number of (data, guard) pairs. */
    public int pairCount() {
        return pairs;
    }

    /** Pairs in use. */
    public int inUse() {
        return inUse;
    }

    /** True if {@code va} lies in the special pool range. */
    public boolean contains(long va) {
        return Long.compareUnsigned(va, start) >= 0 && Long.compareUnsigned(va, end()) < 0;
    }

    /** The data page address of pair {@code pair}. */
    public long dataPage(int pair) {
        return start + (1L + 2L * pair) * 4096;
    }

    /** The pair whose data page holds {@code va}, or -1 (a guard page, or outside). */
    public int pairOf(long va) {
        if (!contains(va)) {
            return -1;
        }
        long page = (va - start) >>> 12;
        return page % 2 == 1 ? (int) ((page - 1) / 2) : -1;
    }

    /** True if {@code va} is a guard page of the range. */
    public boolean isGuardPage(long va) {
        return contains(va) && ((va - start) >>> 12) % 2 == 0;
    }

    /**
     * Pairs used at least once: pairs are taken from the free queue in index order until every pair has
     * been used, so these are pairs 0 .. n-1 and the pairs after them have never been mapped.
     */
    public int pairsEverUsed() {
        for (int pair = pairs - 1; pair >= 0; pair--) {
            if (state[pair] >= 0) {
                return pair + 1;
            }
        }
        return 0;
    }

    /** True if pair {@code pair} holds an allocation now. */
    public boolean isInUse(int pair) {
        return state[pair] > 0;
    }

    /** True if pair {@code pair} held an allocation that was freed. */
    public boolean wasFreed(int pair) {
        return state[pair] == 0;
    }

    /** The pool type of the allocation in pair {@code pair} (in use). */
    public PoolType typeOf(int pair) {
        return state[pair] == 2 ? PoolType.PAGED : PoolType.NONPAGED;
    }

    /**
     * Allocates {@code bytes} (NT: MmAllocateSpecialPool after its IRQL check).
     *
     * <p>Preconditions: 1 &lt;= bytes &lt;= {@link SpecialPoolLayout#MAX_BYTES}; IRQL checked by the caller.
     *
     * @return the data address, or 0 when available pages are below {@link #MINIMUM_AVAILABLE} or no pair
     *         is free
     */
    long allocate(PoolType type, int bytes, int tag, Detection detection) {
        if (bytes < 1 || bytes > SpecialPoolLayout.MAX_BYTES) {
            throw new IllegalArgumentException("special pool allocations are 1.." + SpecialPoolLayout.MAX_BYTES
                    + " bytes, not " + bytes);
        }
        if (queued == 0 || pfns.availablePages() < MINIMUM_AVAILABLE) {
            return 0;
        }
        int pair = queue[head];
        long data = dataPage(pair);
        long guard = data + 4096;
        int needed = tables.pagesToMap(data) + tables.pagesToMap(guard) + 1;
        if (pfns.availablePages() < needed) {
            return 0;
        }
        head = (head + 1) % pairs;
        queued--;
        if (data == start + 4096) {
            tables.ensurePageTable(start); // the leading guard page
            tables.rewrite(start, GUARD_PTE);
        }
        tables.ensurePageTable(guard);
        tables.rewrite(guard, GUARD_PTE);
        if (tables.pte(data) != 0) {
            tables.rewrite(data, 0); // a freed pair's data PTE is a guard PTE until reused
        }
        int pfn = tables.mapResident(data, 0);
        pfns.setStartOfAllocation(pfn, true);
        pfns.setEndOfAllocation(pfn, true);
        pfns.setVerifierAllocation(pfn, true);
        long poolAddress = SpecialPoolLayout.allocate(mm.memory(), pfn, bytes, type, tag, detection);
        state[pair] = (byte) (type == PoolType.PAGED ? 2 : 1);
        inUse++;
        return data | SmallBlockPool.offsetOf(poolAddress);
    }

    /**
     * Frees the allocation at {@code va} (NT: MmFreeSpecialPool): verifies the header and the pattern
     * around the data, then releases the page; the data PTE becomes a guard PTE.
     *
     * <p>Preconditions: {@code va} is in the special pool range.
     *
     * @return the allocation's byte count
     * @throws BugCheckException 0xC1 with parameter 4 naming the corruption (see {@link SpecialPoolLayout})
     */
    int free(long va) {
        int pair = pairOf(va);
        if (pair < 0 || !isInUse(pair)) {
            throw new BugCheckException(BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, va, 0, 0,
                    SpecialPoolLayout.FREED_NOT_ALLOCATED,
                    String.format("special pool free of 0x%x: %s", va, pair < 0 ? "a guard page"
                            : wasFreed(pair) ? "already freed" : "never allocated"));
        }
        int pfn = tables.pfnAt(dataPage(pair));
        int bytes;
        try {
            bytes = SpecialPoolLayout.verifyFree(mm.memory(), SmallBlockPool.address(pfn, (int) (va & 0xFFF)));
        } catch (BugCheckException e) {
            // the layout speaks in PFN-based pool addresses: report virtual ones, as NT does
            long page = dataPage(pair);
            long corrupt = e.parameter(4) == SpecialPoolLayout.CORRUPTED_BEFORE_DATA
                    || e.parameter(4) == SpecialPoolLayout.CORRUPTED_AFTER_DATA ? page | (e.parameter(2) & 0xFFF)
                            : e.parameter(2);
            throw new BugCheckException(e.code(), va, corrupt, e.parameter(3), e.parameter(4),
                    e.explanation().replace(String.format("0x%x", SmallBlockPool.address(pfn, (int) (va & 0xFFF))),
                            String.format("0x%x", va)));
        }
        tables.unmapResident(dataPage(pair), GUARD_PTE);
        state[pair] = 0;
        inUse--;
        queue[(head + queued) % pairs] = pair;
        queued++;
        return bytes;
    }

    /** The tag of the allocation in pair {@code pair} (in use). */
    int tagOf(int pair) {
        int pfn = tables.pfnAt(dataPage(pair));
        return SpecialPoolLayout.headerTag(mm.memory(), pfn, headerOffsetOf(pfn));
    }

    /** The byte count of the allocation in pair {@code pair} (in use). */
    int bytesOf(int pair) {
        int pfn = tables.pfnAt(dataPage(pair));
        return SpecialPoolLayout.headerBytes(mm.memory(), pfn, headerOffsetOf(pfn));
    }

    /** The data address of the allocation in pair {@code pair} (in use). */
    long addressOf(int pair) {
        int pfn = tables.pfnAt(dataPage(pair));
        int header = headerOffsetOf(pfn);
        int bytes = SpecialPoolLayout.headerBytes(mm.memory(), pfn, header);
        Detection detection = header == 0 ? Detection.OVERRUN : Detection.UNDERRUN;
        return dataPage(pair) | SpecialPoolLayout.dataOffset(bytes, detection);
    }

    private int headerOffsetOf(int pfn) {
        // overrun layout: header at 0 with the signature at 8; underrun: at the page end
        return mm.memory().readLong(pfn, 8) == SpecialPoolLayout.HEADER_SIGNATURE ? 0
                : SpecialPoolLayout.PAGE_SIZE - SpecialPoolLayout.HEADER_SIZE;
    }

    /** Consistency: every pair in use has a valid data PTE and a guard PTE; free pairs have none. */
    List<String> check() {
        List<String> problems = new ArrayList<>();
        int used = 0;
        for (int pair = 0; pair < pairs; pair++) {
            long data = dataPage(pair);
            long dataPte = tables.pte(data);
            if (isInUse(pair)) {
                used++;
                if (!Pte.isValid(dataPte)) {
                    problems.add(String.format("special pool pair %d is in use but its data PTE is %s", pair,
                            Pte.describe(dataPte)));
                } else if (!pfns.isVerifierAllocation((int) Pte.pfn(dataPte))) {
                    problems.add(String.format("special pool page 0x%x lacks VerifierAllocation", Pte.pfn(dataPte)));
                }
                if (tables.pte(data + 4096) != GUARD_PTE) {
                    problems.add(String.format("special pool pair %d has no guard PTE after it", pair));
                }
            } else if (Pte.classify(dataPte) == PteKind.HARDWARE || Pte.isTransition(dataPte)) {
                problems.add(String.format("special pool pair %d is free but its data page is mapped", pair));
            }
        }
        if (used != inUse) {
            problems.add("special pool counts " + inUse + " pairs in use, the PTEs show " + used);
        }
        if (used + queued != pairs) {
            problems.add("special pool: " + used + " in use + " + queued + " queued != " + pairs + " pairs");
        }
        return problems;
    }
}
