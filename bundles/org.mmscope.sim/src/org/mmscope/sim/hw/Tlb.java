package org.mmscope.sim.hw;

import java.io.Serializable;

import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;

/**
 * The translation lookaside buffer of one processor: a small cache of virtual-to-physical
 * translations, tagged with the address space (the PFN of the PML4 loaded in CR3, like a PCID).
 *
 * <p>The cache is deliberately <em>not</em> kept coherent with the page tables: an entry stays until
 * it is flushed or evicted, so a memory manager that weakens a valid PTE and forgets
 * {@link #flushSingle} (NT: KeFlushSingleTb) or {@link #flushAll} (NT: KeFlushEntireTb) leaves a
 * stale translation that the {@link Mmu} keeps using. That is the bug class the tool shows.
 *
 * <p>An entry holds the address space, the virtual page number, the PFN and attribute bits
 * ({@link #WRITABLE}, {@link #USER}, {@link #NO_EXECUTE}, {@link #DIRTY}, {@link #GLOBAL},
 * {@link #LARGE_PAGE}). The attributes are the effective rights of the whole walk (a page is writable
 * only if every level allows writes), as a real TLB caches them. A global entry matches every address
 * space. A large entry covers 512 pages (2 MiB) from a 2 MiB-aligned virtual page and physical frame.
 *
 * <p>Slots are numbered 0..{@link #capacity()}-1; views read them with the per-slot getters or
 * {@link #forEachValid}. A new entry replaces an entry for the same page, else takes the lowest free
 * slot, else evicts round-robin. Everything is deterministic and nothing allocates after construction.
 */
public final class Tlb implements Serializable {

    /** Attribute: writes allowed. */
    public static final int WRITABLE = 1;
    /** Attribute: user-mode accesses allowed. */
    public static final int USER = 1 << 1;
    /** Attribute: instruction fetches forbidden. */
    public static final int NO_EXECUTE = 1 << 2;
    /** Attribute: the PTE's Dirty bit is known to be set in memory. */
    public static final int DIRTY = 1 << 3;
    /** Attribute: the entry matches every address space and survives {@link #flushAddressSpace}. */
    public static final int GLOBAL = 1 << 4;
    /** Attribute: a 2 MiB translation. */
    public static final int LARGE_PAGE = 1 << 5;
    /** Every attribute bit. */
    public static final int ALL_ATTRIBUTES = WRITABLE | USER | NO_EXECUTE | DIRTY | GLOBAL | LARGE_PAGE;

    /** Largest capacity accepted. */
    public static final int MAX_CAPACITY = 1 << 16;

    /** Pages in a 2 MiB large page. */
    private static final long LARGE_PAGES = X64Paging.ENTRIES_PER_TABLE;
    private static final long LARGE_MASK = LARGE_PAGES - 1;
    /** Physical address bits 21..47 of a large PDE. */
    private static final long LARGE_FRAME_MASK = 0x0000_FFFF_FFE0_0000L;
    private static final int VALID = 1 << 7;

    /** Receives the valid entries of {@link #forEachValid}, one call per entry, in slot order. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param slot         the slot index
         * @param addressSpace PFN of the PML4 the entry was loaded under
         * @param va           first virtual address the entry maps (canonical)
         * @param pfn          first page frame it maps to
         * @param attributes   the attribute bits ({@link #WRITABLE} ...)
         */
        void visit(int slot, int addressSpace, long va, long pfn, int attributes);
    }

    private final int capacity;
    private final int[] addressSpaces;
    private final long[] pages;
    private final long[] frames;
    /** Attribute bits plus {@link #VALID}. */
    private final int[] flags;
    private int nextVictim;
    private int entryCount;

    private long hits;
    private long misses;
    private long singleFlushes;
    private long entireFlushes;
    private long addressSpaceFlushes;
    private long evictions;

    /**
     * An empty TLB.
     *
     * @param capacity number of entries, 1..{@link #MAX_CAPACITY}
     */
    public Tlb(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("a TLB holds 1.." + MAX_CAPACITY + " entries, not " + capacity);
        }
        this.capacity = capacity;
        this.addressSpaces = new int[capacity];
        this.pages = new long[capacity];
        this.frames = new long[capacity];
        this.flags = new int[capacity];
    }

    /** Number of slots. */
    public int capacity() {
        return capacity;
    }

    /** Number of valid entries. */
    public int entryCount() {
        return entryCount;
    }

    // ------------------------------------------------------------------------------------------
    // lookup
    // ------------------------------------------------------------------------------------------

    /**
     * Finds the entry that translates {@code va} in an address space, counting a hit or a miss.
     *
     * @return the slot, or -1 when no entry matches
     */
    public int lookup(int addressSpace, long va) {
        int slot = find(addressSpace, va);
        if (slot < 0) {
            misses++;
        } else {
            hits++;
        }
        return slot;
    }

    /** As {@link #lookup}, without counting: for views and tests. */
    public int peek(int addressSpace, long va) {
        return find(addressSpace, va);
    }

    private int find(int addressSpace, long va) {
        long page = virtualPage(va);
        for (int slot = 0; slot < capacity; slot++) {
            int f = flags[slot];
            if ((f & VALID) != 0 && covers(slot, f, page)
                    && ((f & GLOBAL) != 0 || addressSpaces[slot] == addressSpace)) {
                return slot;
            }
        }
        return -1;
    }

    private boolean covers(int slot, int f, long page) {
        return (f & LARGE_PAGE) != 0 ? (page & ~LARGE_MASK) == pages[slot] : page == pages[slot];
    }

    // ------------------------------------------------------------------------------------------
    // insertion
    // ------------------------------------------------------------------------------------------

    /**
     * Caches the translation a valid PTE gives for {@code va}, with the PTE's own rights (Write, Owner,
     * NoExecute, Dirty, Global; LargePage makes a 2 MiB entry from the PDE's frame bits 21..47).
     *
     * @return the slot used
     * @throws IllegalArgumentException if the PTE is not valid or {@code va} is not canonical
     */
    public int insert(int addressSpace, long va, long pte) {
        if (!Pte.isValid(pte)) {
            throw new IllegalArgumentException(String.format("only a valid PTE can enter the TLB, not 0x%016x", pte));
        }
        int attributes = 0;
        if ((pte & Pte.WRITE) != 0) {
            attributes |= WRITABLE;
        }
        if ((pte & Pte.OWNER) != 0) {
            attributes |= USER;
        }
        if ((pte & Pte.NO_EXECUTE) != 0) {
            attributes |= NO_EXECUTE;
        }
        if ((pte & Pte.DIRTY) != 0) {
            attributes |= DIRTY;
        }
        if ((pte & Pte.GLOBAL) != 0) {
            attributes |= GLOBAL;
        }
        long pfn;
        if ((pte & Pte.LARGE_PAGE) != 0) {
            attributes |= LARGE_PAGE;
            pfn = (pte & LARGE_FRAME_MASK) >>> X64Paging.PAGE_SHIFT;
        } else {
            pfn = Pte.pfn(pte);
        }
        return insertTranslation(addressSpace, va, pfn, attributes);
    }

    /**
     * Caches a translation with explicit attributes, as the MMU does after a walk. Entries it overlaps
     * in the same address space (or any address space, when either is global) are replaced.
     *
     * @param pfn        the frame {@code va}'s page (or, for a large entry, its 2 MiB page) starts at;
     *                   for a large entry a multiple of 512
     * @param attributes a combination of {@link #ALL_ATTRIBUTES}
     * @return the slot used
     */
    public int insertTranslation(int addressSpace, long va, long pfn, int attributes) {
        long page = virtualPage(va);
        if ((attributes & ~ALL_ATTRIBUTES) != 0) {
            throw new IllegalArgumentException("unknown TLB attribute bits 0x" + Integer.toHexString(attributes));
        }
        if (pfn < 0 || pfn > Pte.MAX_PFN) {
            throw new IllegalArgumentException("a TLB entry's PFN must be 0..2^36-1, not " + pfn);
        }
        boolean large = (attributes & LARGE_PAGE) != 0;
        if (large && (pfn & LARGE_MASK) != 0) {
            throw new IllegalArgumentException("a 2 MiB TLB entry needs a 512-aligned PFN, not 0x" + Long.toHexString(pfn));
        }
        long first = large ? page & ~LARGE_MASK : page;
        long end = first + (large ? LARGE_PAGES : 1);
        boolean global = (attributes & GLOBAL) != 0;
        int reuse = -1;
        int free = -1;
        for (int slot = 0; slot < capacity; slot++) {
            int f = flags[slot];
            if ((f & VALID) == 0) {
                if (free < 0) {
                    free = slot;
                }
                continue;
            }
            long otherFirst = pages[slot];
            long otherEnd = otherFirst + ((f & LARGE_PAGE) != 0 ? LARGE_PAGES : 1);
            boolean overlaps = otherFirst < end && first < otherEnd;
            boolean sameSpace = global || (f & GLOBAL) != 0 || addressSpaces[slot] == addressSpace;
            if (overlaps && sameSpace) {
                if (reuse < 0) {
                    reuse = slot;
                } else {
                    invalidate(slot);
                }
            }
        }
        int slot;
        if (reuse >= 0) {
            slot = reuse;
        } else if (free >= 0) {
            slot = free;
            entryCount++;
        } else {
            slot = nextVictim;
            nextVictim = (nextVictim + 1) % capacity;
            evictions++;
        }
        addressSpaces[slot] = addressSpace;
        pages[slot] = first;
        frames[slot] = pfn;
        flags[slot] = attributes | VALID;
        return slot;
    }

    /** Records that the PTE behind a cached entry is now dirty in memory (the MMU after it set Dirty). */
    public void markDirty(int slot) {
        checkValidSlot(slot);
        flags[slot] |= DIRTY;
    }

    // ------------------------------------------------------------------------------------------
    // flushes
    // ------------------------------------------------------------------------------------------

    /**
     * Removes the translation of one page in one address space, and a global one for that page, as
     * INVLPG does (NT: KeFlushSingleTb on this processor).
     *
     * @return true if an entry was removed
     */
    public boolean flushSingle(int addressSpace, long va) {
        long page = virtualPage(va);
        singleFlushes++;
        return removePage(addressSpace, page);
    }

    /**
     * Drops the translations of {@code va}'s page in an address space without counting a flush: what
     * the processor does itself when an access to that page faults.
     */
    void invalidatePage(int addressSpace, long va) {
        removePage(addressSpace, virtualPage(va));
    }

    private boolean removePage(int addressSpace, long page) {
        boolean removed = false;
        for (int slot = 0; slot < capacity; slot++) {
            int f = flags[slot];
            if ((f & VALID) != 0 && covers(slot, f, page)
                    && ((f & GLOBAL) != 0 || addressSpaces[slot] == addressSpace)) {
                invalidate(slot);
                removed = true;
            }
        }
        return removed;
    }

    /** Removes every entry, global ones too (NT: KeFlushEntireTb on this processor). */
    public void flushAll() {
        entireFlushes++;
        for (int slot = 0; slot < capacity; slot++) {
            flags[slot] = 0;
        }
        entryCount = 0;
    }

    /**
     * Removes the non-global entries of one address space, as loading CR3 does on a context switch.
     *
     * @return the number of entries removed
     */
    public int flushAddressSpace(int addressSpace) {
        addressSpaceFlushes++;
        int removed = 0;
        for (int slot = 0; slot < capacity; slot++) {
            int f = flags[slot];
            if ((f & VALID) != 0 && (f & GLOBAL) == 0 && addressSpaces[slot] == addressSpace) {
                invalidate(slot);
                removed++;
            }
        }
        return removed;
    }

    private void invalidate(int slot) {
        flags[slot] = 0;
        entryCount--;
    }

    // ------------------------------------------------------------------------------------------
    // entry getters, by slot
    // ------------------------------------------------------------------------------------------

    /** True if the slot holds an entry. */
    public boolean isValid(int slot) {
        checkSlot(slot);
        return (flags[slot] & VALID) != 0;
    }

    /** The PML4 PFN the entry was loaded under. */
    public int addressSpace(int slot) {
        checkValidSlot(slot);
        return addressSpaces[slot];
    }

    /** The entry's first virtual page number (36 bits; 512-aligned for a large entry). */
    public long virtualPageNumber(int slot) {
        checkValidSlot(slot);
        return pages[slot];
    }

    /** The first virtual address the entry maps, canonical. */
    public long virtualAddress(int slot) {
        checkValidSlot(slot);
        return X64Paging.canonical(pages[slot] << X64Paging.PAGE_SHIFT);
    }

    /** The first page frame the entry maps to. */
    public long pfn(int slot) {
        checkValidSlot(slot);
        return frames[slot];
    }

    /** The page frame the entry gives for {@code va}, which it must cover. */
    public long pfnFor(int slot, long va) {
        checkValidSlot(slot);
        long page = virtualPage(va);
        if (!covers(slot, flags[slot], page)) {
            throw new IllegalArgumentException(String.format("TLB slot %d does not map 0x%016x", slot, va));
        }
        return frames[slot] + (page - pages[slot]);
    }

    /** The attribute bits ({@link #WRITABLE} ...). */
    public int attributes(int slot) {
        checkValidSlot(slot);
        return flags[slot] & ALL_ATTRIBUTES;
    }

    /** Writes allowed. */
    public boolean isWritable(int slot) {
        return (attributes(slot) & WRITABLE) != 0;
    }

    /** User-mode accesses allowed. */
    public boolean isUser(int slot) {
        return (attributes(slot) & USER) != 0;
    }

    /** Instruction fetches forbidden. */
    public boolean isNoExecute(int slot) {
        return (attributes(slot) & NO_EXECUTE) != 0;
    }

    /** The PTE was dirty when cached (or the MMU set Dirty since). */
    public boolean isDirty(int slot) {
        return (attributes(slot) & DIRTY) != 0;
    }

    /** Matches every address space. */
    public boolean isGlobal(int slot) {
        return (attributes(slot) & GLOBAL) != 0;
    }

    /** A 2 MiB entry. */
    public boolean isLargePage(int slot) {
        return (attributes(slot) & LARGE_PAGE) != 0;
    }

    /** Calls {@code visitor} for every valid entry in slot order. */
    public void forEachValid(EntryVisitor visitor) {
        if (visitor == null) {
            throw new IllegalArgumentException("visitor is null");
        }
        for (int slot = 0; slot < capacity; slot++) {
            int f = flags[slot];
            if ((f & VALID) != 0) {
                visitor.visit(slot, addressSpaces[slot], X64Paging.canonical(pages[slot] << X64Paging.PAGE_SHIFT),
                        frames[slot], f & ALL_ATTRIBUTES);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // counters
    // ------------------------------------------------------------------------------------------

    /** Lookups that found an entry. */
    public long hits() {
        return hits;
    }

    /** Lookups that found none. */
    public long misses() {
        return misses;
    }

    /** Calls of {@link #flushSingle}. */
    public long singleFlushes() {
        return singleFlushes;
    }

    /** Calls of {@link #flushAll}. */
    public long entireFlushes() {
        return entireFlushes;
    }

    /** Calls of {@link #flushAddressSpace}. */
    public long addressSpaceFlushes() {
        return addressSpaceFlushes;
    }

    /** Entries pushed out by an insertion into a full TLB. */
    public long evictions() {
        return evictions;
    }

    private static long virtualPage(long va) {
        if (!X64Paging.isCanonical(va)) {
            throw new IllegalArgumentException(String.format("0x%016x is not a canonical virtual address", va));
        }
        return X64Paging.virtualPageNumber(va);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= capacity) {
            throw new IllegalArgumentException("TLB slot must be 0.." + (capacity - 1) + ", not " + slot);
        }
    }

    private void checkValidSlot(int slot) {
        checkSlot(slot);
        if ((flags[slot] & VALID) == 0) {
            throw new IllegalArgumentException("TLB slot " + slot + " holds no entry");
        }
    }

    @Override
    public String toString() {
        return "Tlb[" + entryCount + "/" + capacity + " entries, " + hits + " hits, " + misses + " misses]";
    }
}

