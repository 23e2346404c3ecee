package org.mmscope.sim.pfn;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The page frame number database: one entry per physical page and the page lists (NT: MMPFN, the
 * PFN database, and the MMPFNLIST heads). Entries are columns of primitive arrays indexed by an
 * {@code int} PFN; list links are PFNs; nothing is allocated per page or per operation.
 *
 * <h2>Fields of an entry</h2>
 * <ul>
 * <li><b>u1</b> (NT: u1, overlaid as in NT): the forward link while the page is on a list
 * ({@link #flink(int)}), the working-set index while it is ActiveAndValid ({@link #wsIndex(int)}), the
 * in-page event id while it is in Transition ({@link #eventId(int)}).</li>
 * <li><b>u2</b> (NT: u2, overlaid): the backward link while on a list ({@link #blink(int)}), the share
 * count otherwise ({@link #shareCount(int)}, which reads 0 for a listed page).</li>
 * <li>PTE address (NT: PteAddress), original PTE (NT: OriginalPte), PTE frame (NT: u4.PteFrame),
 * the 16-bit reference count (NT: u3.e2.ReferenceCount), and an {@code int} of flags, cache
 * attribute, priority and location laid out in {@link PfnFlags}. The colour is not stored: it is
 * {@code pfn & (colours - 1)} (NT: the PFN masked with MmSecondaryColorMask).</li>
 * </ul>
 *
 * <h2>States</h2>
 * A page is always in exactly one of:
 * <ul>
 * <li>a <b>linked list</b> (Zeroed and Free by colour, Standby by priority, Modified,
 * ModifiedNoWrite, Bad): reference count 0;</li>
 * <li><b>ActiveAndValid</b>: share count &ge; 1 and reference count &ge; 1;</li>
 * <li><b>Transition</b>: share count 0. With reference count &ge; 1 the page is held, typically for
 * I/O. With reference count 0 it is <em>detached</em>: just taken off a list by
 * {@link #removeAnyPage(int)}, {@link #removeZeroedPage(int)}, {@link #removeFreePageForZeroing()} or
 * {@link #unlinkFromList(int)}, and owned by the caller, who must next call
 * {@link #makeActive(int, long, int, long)}, {@link #initializeReadInProgress(int, long, int, long, int)},
 * {@link #activateTransitionPage(int)}, {@link #incrementReferenceCount(int)} or
 * {@link #insertInList(PageList, int)}.</li>
 * </ul>
 *
 * <h2>Zeroing</h2>
 * The database does not own page contents. {@link #removeZeroedPage(int)} may return a Free or a
 * repurposed Standby page when no zeroed page is left; it then reports
 * {@link #lastRemovalNeedsZeroing()} {@code true} and the caller must zero the page
 * ({@link #lastRemovedFrom()} says where it came from).
 *
 * <h2>Errors</h2>
 * Arguments out of range (a PFN, a colour, a priority) are {@link IllegalArgumentException}s. A page in
 * a state the routine does not accept, a broken link or a count about to wrap is corruption: a
 * {@link org.mmscope.sim.BugCheckException} whose codes and parameters are listed in
 * {@link PfnBugChecks}. Preconditions are checked before anything changes.
 *
 * <p>Initially every page is on the Free list of its colour, linked in PFN order, with reference
 * count 0 and priority {@link #DEFAULT_PRIORITY}.
 */
public final class PfnDatabase implements Serializable {

    /** Number of Standby priorities (0-7); 0 is repurposed first. */
    public static final int PRIORITIES = 8;
    /** Priority a page gets when it is made active or read in: a thread's normal page priority, 5. */
    public static final int DEFAULT_PRIORITY = 5;
    /** Largest number of page colours. */
    public static final int MAX_COLOURS = 1024;
    /** Largest 16-bit reference count. */
    public static final int MAX_REFERENCE_COUNT = 0xFFFF;
    /** Returned when there is no page: end of a list, empty list, no page available. */
    public static final int NO_PAGE = -1;
    /** The PTE frame of a page that has no PTE. */
    public static final int NO_PTE_FRAME = -1;
    /** The PTE address of a page that has no PTE. */
    public static final long NO_PTE_ADDRESS = 0;

    /** Low bit of a stored PTE address: the page was deleted by its owner (NT: MI_SET_PFN_DELETED). */
    private static final long DELETED_MARK = 1;
    private static final int IO_FLAGS = PfnFlags.READ_IN_PROGRESS | PfnFlags.WRITE_IN_PROGRESS;
    private static final int LOCATION_BITS = PfnFlags.LOCATION_MASK << PfnFlags.LOCATION_SHIFT;
    private static final int PRIORITY_BITS = PfnFlags.PRIORITY_MASK << PfnFlags.PRIORITY_SHIFT;
    private static final int ACTIVE = PageList.ACTIVE_AND_VALID.code();
    private static final int TRANSITION = PageList.TRANSITION.code();

    private final int pageCount;
    private final int colours;
    private final int colourMask;
    private final int[] u1;
    private final int[] u2;
    private final long[] pteAddress;
    private final long[] originalPte;
    private final int[] pteFrame;
    private final char[] referenceCount;
    private final int[] flags;
    private final PageListHeads heads;
    /** Which entries were written when (bookkeeping for observers; the simulator never reads it). */
    private final WriteStamps stamps;
    private final int[] locationCount = new int[PageList.values().length];

    private RepurposeHook repurposeHook = RepurposeHook.NONE;
    private int zeroingColour;
    private PageList lastRemovedFrom;

    /**
     * A database of {@code pageCount} pages, all on the Free list.
     *
     * @param pageCount number of physical pages, at least 1
     * @param colours   number of page colours, a power of two from 1 to {@value #MAX_COLOURS}
     */
    public PfnDatabase(int pageCount, int colours) {
        if (pageCount < 1) {
            throw new IllegalArgumentException("a PFN database needs at least one page, not " + pageCount);
        }
        if (colours < 1 || colours > MAX_COLOURS || Integer.bitCount(colours) != 1) {
            throw new IllegalArgumentException("page colours must be a power of two from 1 to " + MAX_COLOURS
                    + ", not " + colours);
        }
        this.pageCount = pageCount;
        this.colours = colours;
        this.colourMask = colours - 1;
        u1 = new int[pageCount];
        u2 = new int[pageCount];
        pteAddress = new long[pageCount];
        originalPte = new long[pageCount];
        pteFrame = new int[pageCount];
        referenceCount = new char[pageCount];
        flags = new int[pageCount];
        stamps = new WriteStamps(pageCount);
        heads = new PageListHeads(pageCount, colours, u1, u2, stamps);
        int freeFlags = (PageList.FREE.code() << PfnFlags.LOCATION_SHIFT)
                | (DEFAULT_PRIORITY << PfnFlags.PRIORITY_SHIFT);
        for (int pfn = 0; pfn < pageCount; pfn++) {
            pteFrame[pfn] = NO_PTE_FRAME;
            stamps.written(pfn);
            flags[pfn] = freeFlags;
            stamps.written(pfn);
            heads.linkAtTail(heads.freeSlot(pfn & colourMask), pfn);
        }
        locationCount[PageList.FREE.code()] = pageCount;
    }

    // ---------------------------------------------------------------- geometry and hooks

    /** Number of physical pages. */
    public int pageCount() {
        return pageCount;
    }

    /** Number of page colours. */
    public int colours() {
        return colours;
    }

    /** Installs the memory manager's hook that restores PTEs of repurposed pages; {@code null} is refused. */
    public void setRepurposeHook(RepurposeHook hook) {
        this.repurposeHook = Objects.requireNonNull(hook, "repurpose hook");
    }

    // ---------------------------------------------------------------- reading an entry

    /** Where the page is (NT: u3.e1.PageLocation). */
    public PageList location(int pfn) {
        checkPfn(pfn);
        return PageList.fromCode(locationCode(pfn));
    }

    /** The page's colour: {@code pfn & (colours - 1)} (NT: {@code PFN & MmSecondaryColorMask}). */
    public int colour(int pfn) {
        checkPfn(pfn);
        return pfn & colourMask;
    }

    /** The page's priority, 0-7 (NT: Priority). */
    public int priority(int pfn) {
        checkPfn(pfn);
        return PfnFlags.priority(flags[pfn]);
    }

    /** The page's cache attribute, 0-3 (NT: u3.e1.CacheAttribute). */
    public int cacheAttribute(int pfn) {
        checkPfn(pfn);
        return PfnFlags.cacheAttribute(flags[pfn]);
    }

    /** The raw flags word, laid out as {@link PfnFlags} describes. */
    public int flags(int pfn) {
        checkPfn(pfn);
        return flags[pfn];
    }

    /** NT: u3.e1.Modified. */
    public boolean isModified(int pfn) {
        return hasFlag(pfn, PfnFlags.MODIFIED);
    }

    /** NT: u3.e1.ReadInProgress. */
    public boolean isReadInProgress(int pfn) {
        return hasFlag(pfn, PfnFlags.READ_IN_PROGRESS);
    }

    /** NT: u3.e1.WriteInProgress. */
    public boolean isWriteInProgress(int pfn) {
        return hasFlag(pfn, PfnFlags.WRITE_IN_PROGRESS);
    }

    /** NT: u3.e1.PrototypePte. */
    public boolean isPrototypePte(int pfn) {
        return hasFlag(pfn, PfnFlags.PROTOTYPE_PTE);
    }

    /** NT: InPageError. */
    public boolean isInPageError(int pfn) {
        return hasFlag(pfn, PfnFlags.IN_PAGE_ERROR);
    }

    /** NT: u3.e1.StartOfAllocation. */
    public boolean isStartOfAllocation(int pfn) {
        return hasFlag(pfn, PfnFlags.START_OF_ALLOCATION);
    }

    /** NT: u3.e1.EndOfAllocation. */
    public boolean isEndOfAllocation(int pfn) {
        return hasFlag(pfn, PfnFlags.END_OF_ALLOCATION);
    }

    /** NT: VerifierAllocation. */
    public boolean isVerifierAllocation(int pfn) {
        return hasFlag(pfn, PfnFlags.VERIFIER_ALLOCATION);
    }

    /** NT: u3.e1.RemovalRequested. */
    public boolean isRemovalRequested(int pfn) {
        return hasFlag(pfn, PfnFlags.REMOVAL_REQUESTED);
    }

    /** NT: u3.e1.ParityError. */
    public boolean isParityError(int pfn) {
        return hasFlag(pfn, PfnFlags.PARITY_ERROR);
    }

    /** Simulator flag {@link PfnFlags#NO_MODIFIED_WRITE}: dirty, the page goes to ModifiedNoWrite. */
    public boolean isNoModifiedWrite(int pfn) {
        return hasFlag(pfn, PfnFlags.NO_MODIFIED_WRITE);
    }

    /** The 16-bit reference count (NT: u3.e2.ReferenceCount). */
    public int referenceCount(int pfn) {
        checkPfn(pfn);
        return referenceCount[pfn];
    }

    /** Number of valid PTEs mapping the page (NT: u2.ShareCount); 0 for a page on a list. */
    public int shareCount(int pfn) {
        checkPfn(pfn);
        return isLinkedCode(locationCode(pfn)) ? 0 : u2[pfn];
    }

    /**
     * The virtual address of the PTE or prototype PTE that maps the page (NT: PteAddress), without
     * the deleted mark; {@link #NO_PTE_ADDRESS} when it has none.
     */
    public long pteAddress(int pfn) {
        checkPfn(pfn);
        return pteAddress[pfn] & ~DELETED_MARK;
    }

    /**
     * True if no PTE owns the page: it never got a PTE address, or its owner deleted it
     * ({@link #markDeleted(int)}; NT: MI_IS_PFN_DELETED). Such a page goes to Free when released.
     */
    public boolean isDeleted(int pfn) {
        checkPfn(pfn);
        return isDeletedUnchecked(pfn);
    }

    /** What the PTE becomes when the page leaves memory (NT: OriginalPte). */
    public long originalPte(int pfn) {
        checkPfn(pfn);
        return originalPte[pfn];
    }

    /** The PFN of the page-table page holding the PTE (NT: u4.PteFrame); {@link #NO_PTE_FRAME} if none. */
    public int pteFrame(int pfn) {
        checkPfn(pfn);
        return pteFrame[pfn];
    }

    /** The forward link of a page on a list; {@link #NO_PAGE} at the tail. */
    public int flink(int pfn) {
        requireListed(pfn, "flink");
        return u1[pfn];
    }

    /** The backward link of a page on a list; {@link #NO_PAGE} at the head. */
    public int blink(int pfn) {
        requireListed(pfn, "blink");
        return u2[pfn];
    }

    /** The next page on the page's list, {@link #NO_PAGE} at the tail; for walking a list from {@link #firstPage}. */
    public int nextPage(int pfn) {
        return flink(pfn);
    }

    /** The previous page on the page's list, {@link #NO_PAGE} at the head. */
    public int previousPage(int pfn) {
        return blink(pfn);
    }

    /** The working-set index of an ActiveAndValid page (NT: u1.WsIndex); 0 when none was set. */
    public int wsIndex(int pfn) {
        checkPfn(pfn);
        if (locationCode(pfn) != ACTIVE) {
            throw new IllegalStateException(String.format("PFN 0x%x is %s: u1 is not a working-set index", pfn,
                    location(pfn).ntName()));
        }
        return u1[pfn];
    }

    /** The in-page event id of a Transition page (NT: u1.Event); 0 when none was set. */
    public int eventId(int pfn) {
        checkPfn(pfn);
        if (locationCode(pfn) != TRANSITION) {
            throw new IllegalStateException(String.format("PFN 0x%x is %s: u1 is not an event", pfn,
                    location(pfn).ntName()));
        }
        return u1[pfn];
    }

    /** The raw u1 word (link, working-set index or event id), for a raw PFN entry view. */
    public int rawU1(int pfn) {
        checkPfn(pfn);
        return u1[pfn];
    }

    /** The raw u2 word (link or share count), for a raw PFN entry view. */
    public int rawU2(int pfn) {
        checkPfn(pfn);
        return u2[pfn];
    }

    /** Which entries were written since a given moment (for observers such as the model's population). */
    public WriteStamps writeStamps() {
        return stamps;
    }

    // ---------------------------------------------------------------- lists, totals, counters

    /**
     * Pages on a list (the head's total, NT: MMPFNLIST.Total; for Zeroed and Free the sum over
     * colours, for Standby over priorities), or in a state for ActiveAndValid and Transition.
     */
    public int listTotal(PageList list) {
        Objects.requireNonNull(list, "list");
        return list.isLinked() ? heads.listTotal(list.code()) : locationCount[list.code()];
    }

    /** Pages on the Zeroed or Free list of one colour. */
    public int colourTotal(PageList list, int colour) {
        if (list != PageList.ZEROED && list != PageList.FREE) {
            throw new IllegalArgumentException("only the Zeroed and Free lists are kept per colour, not " + list);
        }
        return heads.total(heads.slot(list, colour));
    }

    /** Pages on the Standby list of one priority. */
    public int standbyTotal(int priority) {
        return heads.total(heads.slot(PageList.STANDBY, priority));
    }

    /**
     * The first page of a list, where removals take pages; {@link #NO_PAGE} if empty.
     *
     * @param colourOrPriority the colour for Zeroed and Free, the priority for Standby, 0 otherwise
     */
    public int firstPage(PageList list, int colourOrPriority) {
        return heads.first(heads.slot(list, colourOrPriority));
    }

    /**
     * Pages on one head of a list: one colour of Zeroed or Free, one priority of Standby; for the
     * other lists the whole list ({@code colourOrPriority} 0).
     */
    public int listTotal(PageList list, int colourOrPriority) {
        return heads.total(heads.slot(list, colourOrPriority));
    }

    /** The last page of a list, where insertions go; {@link #NO_PAGE} if empty. */
    public int lastPage(PageList list, int colourOrPriority) {
        return heads.last(heads.slot(list, colourOrPriority));
    }

    /** Zeroed + Free + Standby pages (NT: MmAvailablePages). */
    public int availablePages() {
        return heads.listTotal(PageList.ZEROED.code()) + heads.listTotal(PageList.FREE.code())
                + heads.listTotal(PageList.STANDBY.code());
    }

    /** Pages whose location is {@code list}, from a counter kept at every change. */
    public int locationCount(PageList list) {
        return locationCount[Objects.requireNonNull(list, "list").code()];
    }

    /** Copies the per-location counters, indexed by {@link PageList#code()}, into {@code target} (length 8 or more). */
    public void locationCounts(int[] target) {
        if (target.length < locationCount.length) {
            throw new IllegalArgumentException("need room for " + locationCount.length + " counters");
        }
        System.arraycopy(locationCount, 0, target, 0, locationCount.length);
    }

    /** The colour at which {@link #removeFreePageForZeroing()} starts its next scan. */
    public int zeroingColour() {
        return zeroingColour;
    }

    /** The list the last successful remove routine took its page from; {@code null} if none or it found no page. */
    public PageList lastRemovedFrom() {
        return lastRemovedFrom;
    }

    /** True if the page the last remove routine returned is not known to be zero: the caller must zero it. */
    public boolean lastRemovalNeedsZeroing() {
        return lastRemovedFrom != null && lastRemovedFrom != PageList.ZEROED;
    }

    /**
     * Checks the lists and the entries (mm-behaviour.md section 6): totals equal the pages linked,
     * per-colour and per-priority totals add up, links are symmetric, every page is in exactly one
     * place and its location says so, counters agree. O(pages); allocates; returns an empty list when
     * all is well, else one line per violation (at most 100, then a line saying how many more).
     */
    public List<String> checkLists() {
        return new PfnListChecker(this, heads).check();
    }

    // ---------------------------------------------------------------- setters

    /** Sets the PTE address (NT: PteAddress), clearing any deleted mark; must be 8-byte aligned. */
    public void setPteAddress(int pfn, long address) {
        checkPfn(pfn);
        checkPteAddress(address);
        pteAddress[pfn] = address;
        stamps.written(pfn);
    }

    /**
     * Marks the page deleted: its owner no longer wants its contents, so when its last reference goes
     * it is freed rather than kept on Standby or Modified (NT: MI_SET_PFN_DELETED). The PTE address
     * stays readable. Only for a page not on a list (unlink it first, as NT does).
     */
    public void markDeleted(int pfn) {
        checkPfn(pfn);
        requireNotListed(pfn, PfnBugChecks.WRONG_STATE, "marking a page deleted");
        pteAddress[pfn] |= DELETED_MARK;
        stamps.written(pfn);
    }

    /** Sets the original PTE (NT: OriginalPte). */
    public void setOriginalPte(int pfn, long pte) {
        checkPfn(pfn);
        originalPte[pfn] = pte;
        stamps.written(pfn);
    }

    /** Sets the PTE frame (NT: u4.PteFrame): a PFN, or {@link #NO_PTE_FRAME}. */
    public void setPteFrame(int pfn, int frame) {
        checkPfn(pfn);
        checkPteFrame(frame);
        pteFrame[pfn] = frame;
        stamps.written(pfn);
    }

    /** Sets or clears Modified; refused for a page on a list, whose list depends on the flag. */
    public void setModified(int pfn, boolean modified) {
        checkPfn(pfn);
        requireNotListed(pfn, PfnBugChecks.MODIFIED_MISMATCH, "changing the Modified flag");
        setFlag(pfn, PfnFlags.MODIFIED, modified);
    }

    /** Sets or clears ReadInProgress; refused for a page on a list (listed pages have no I/O). */
    public void setReadInProgress(int pfn, boolean value) {
        checkPfn(pfn);
        requireNotListed(pfn, PfnBugChecks.WRONG_STATE, "changing ReadInProgress");
        setFlag(pfn, PfnFlags.READ_IN_PROGRESS, value);
    }

    /** Sets or clears WriteInProgress; refused for a page on a list (listed pages have no I/O). */
    public void setWriteInProgress(int pfn, boolean value) {
        checkPfn(pfn);
        requireNotListed(pfn, PfnBugChecks.WRONG_STATE, "changing WriteInProgress");
        setFlag(pfn, PfnFlags.WRITE_IN_PROGRESS, value);
    }

    /** NT: u3.e1.PrototypePte. */
    public void setPrototypePte(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.PROTOTYPE_PTE, value);
    }

    /** NT: InPageError. A clean page released with it set is discarded, not kept on Standby. */
    public void setInPageError(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.IN_PAGE_ERROR, value);
    }

    /** NT: u3.e1.StartOfAllocation. */
    public void setStartOfAllocation(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.START_OF_ALLOCATION, value);
    }

    /** NT: u3.e1.EndOfAllocation. */
    public void setEndOfAllocation(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.END_OF_ALLOCATION, value);
    }

    /** NT: VerifierAllocation. */
    public void setVerifierAllocation(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.VERIFIER_ALLOCATION, value);
    }

    /**
     * NT: u3.e1.RemovalRequested. The page is not moved now; when it is next freed or released it
     * goes to the Bad list.
     */
    public void setRemovalRequested(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.REMOVAL_REQUESTED, value);
    }

    /** NT: u3.e1.ParityError. Like RemovalRequested, the page goes to the Bad list when next freed. */
    public void setParityError(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.PARITY_ERROR, value);
    }

    /** Simulator flag {@link PfnFlags#NO_MODIFIED_WRITE}. */
    public void setNoModifiedWrite(int pfn, boolean value) {
        checkPfn(pfn);
        setFlag(pfn, PfnFlags.NO_MODIFIED_WRITE, value);
    }

    /** NT: u3.e1.CacheAttribute, 0-3. */
    public void setCacheAttribute(int pfn, int attribute) {
        checkPfn(pfn);
        if (attribute < 0 || attribute > PfnFlags.CACHE_ATTRIBUTE_MASK) {
            throw new IllegalArgumentException("cache attribute must be 0..3, not " + attribute);
        }
        flags[pfn] = (flags[pfn] & ~(PfnFlags.CACHE_ATTRIBUTE_MASK << PfnFlags.CACHE_ATTRIBUTE_SHIFT))
                | (attribute << PfnFlags.CACHE_ATTRIBUTE_SHIFT);
        stamps.written(pfn);
    }

    /**
     * Sets the page priority, 0-7 (NT: the PFN's Priority field). A page on the Standby list moves to the
     * tail of its new priority's list.
     */
    public void setPriority(int pfn, int priority) {
        checkPfn(pfn);
        checkPriority(priority);
        boolean onStandby = locationCode(pfn) == PageList.STANDBY.code();
        if (onStandby) {
            heads.unlink(heads.standbySlot(PfnFlags.priority(flags[pfn])), pfn);
        }
        flags[pfn] = (flags[pfn] & ~PRIORITY_BITS) | (priority << PfnFlags.PRIORITY_SHIFT);
        stamps.written(pfn);
        if (onStandby) {
            heads.linkAtTail(heads.standbySlot(priority), pfn);
        }
    }

    /** Sets the working-set index (NT: u1.WsIndex) of an ActiveAndValid page. */
    public void setWsIndex(int pfn, int index) {
        checkPfn(pfn);
        if (index < 0) {
            throw new IllegalArgumentException("working-set index must not be negative: " + index);
        }
        requireLocation(pfn, ACTIVE, "setting the working-set index");
        u1[pfn] = index;
        stamps.written(pfn);
    }

    /** Sets the in-page event id (NT: u1.Event) of a Transition page; 0 for none. */
    public void setEventId(int pfn, int eventId) {
        checkPfn(pfn);
        if (eventId < 0) {
            throw new IllegalArgumentException("event id must not be negative: " + eventId);
        }
        requireLocation(pfn, TRANSITION, "setting the in-page event");
        u1[pfn] = eventId;
        stamps.written(pfn);
    }

    // ---------------------------------------------------------------- list primitives

    /**
     * Puts a detached page (Transition, reference count 0) on a list and returns the list it went to
     * (NT: MiInsertPageInList; MiInsertPageInFreeList for Free).
     * Zeroed and Free go to the page's colour list, Standby to its priority list, all at the tail.
     * <ul>
     * <li>Free, Zeroed: the page must not be Modified; its PTE fields and per-use flags
     * ({@link PfnFlags#PER_USE}) are cleared; with RemovalRequested or ParityError it goes to Bad
     * instead (NT does the same).</li>
     * <li>Standby: clean and with a PTE address: it keeps PteAddress, OriginalPte and PteFrame so a
     * transition fault can take it back.</li>
     * <li>Modified, ModifiedNoWrite: Modified and with a PTE address; keeps its PTE fields.</li>
     * <li>Bad: PTE fields and per-use flags cleared.</li>
     * </ul>
     * No page under I/O goes on a list.
     *
     * @throws org.mmscope.sim.BugCheckException PFN_LIST_CORRUPT 0x01 if the page is already on a list,
     *         0x07 if it is referenced; MEMORY_MANAGEMENT {@link PfnBugChecks#WRONG_STATE} if active,
     *         {@link PfnBugChecks#MODIFIED_MISMATCH}, {@link PfnBugChecks#IO_IN_PROGRESS},
     *         {@link PfnBugChecks#NO_PTE_ADDRESS} as above
     */
    public PageList insertInList(PageList list, int pfn) {
        checkPfn(pfn);
        checkLinked(list);
        requireDetached(pfn);
        return place(checkedTarget(list, pfn), pfn, false);
    }

    /**
     * Puts a detached, clean page with a PTE address at the head of its Standby priority list, so that
     * it is the next Standby page of that priority to be repurposed (NT: MiInsertStandbyListAtFront,
     * used for pages unlikely to be wanted again, e.g. unused read-ahead).
     */
    public PageList insertStandbyAtFront(int pfn) {
        checkPfn(pfn);
        requireDetached(pfn);
        return place(checkedTarget(PageList.STANDBY, pfn), pfn, true);
    }

    /**
     * Takes a page off whatever list it is on (NT: MiUnlinkPageFromList), e.g. a Standby or Modified
     * page taken back by a transition fault, a Modified page taken by the modified page writer, or a
     * Free page wanted for itself. The page becomes detached (Transition, reference count 0, share
     * count 0, u1 0) and keeps its PTE fields and flags; the caller then makes it ActiveAndValid
     * ({@link #activateTransitionPage(int)}), references it for I/O, or inserts it elsewhere.
     *
     * @throws org.mmscope.sim.BugCheckException MEMORY_MANAGEMENT {@link PfnBugChecks#WRONG_STATE} if the
     *         page is on no list; PFN_LIST_CORRUPT 0x01 if its neighbours or the head do not point at it
     */
    public void unlinkFromList(int pfn) {
        checkPfn(pfn);
        int location = locationCode(pfn);
        if (!isLinkedCode(location)) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.WRONG_STATE, pfn, location, referenceCount[pfn],
                    String.format("PFN 0x%x is unlinked but is %s, on no list", pfn, location(pfn).ntName()));
        }
        heads.unlink(slotOfListed(pfn), pfn);
        detach(pfn);
    }

    /**
     * Takes any page of a colour for a new owner (NT: MiRemoveAnyPage): the head of the colour's Free
     * list, else of its Zeroed list, else the Free lists of the other colours (colour+1, colour+2, ...
     * wrapping), else their Zeroed lists, else the oldest Standby page of the lowest priority (0 first).
     * A Standby page is repurposed: the {@link RepurposeHook} is called with its PTE fields, which are
     * then cleared. The page returned is detached (Transition, reference count 0); see
     * {@link #lastRemovedFrom()}.
     *
     * @return the PFN, or {@link #NO_PAGE} if no page is available
     */
    public int removeAnyPage(int colour) {
        checkColour(colour);
        int slot = heads.findFreeOrZeroedSlot(colour);
        if (slot == PageListHeads.NO_SLOT) {
            slot = heads.findStandbySlot();
        }
        return takeFrom(slot);
    }

    /**
     * Takes a page to be used zeroed (NT: MiRemoveZeroPage): the colour's Zeroed list, else the other
     * colours' Zeroed lists (colour+1, ... wrapping), else the colour's Free list, else the other
     * colours' Free lists, else Standby (lowest priority first, repurposed as in
     * {@link #removeAnyPage(int)}). The database cannot zero memory: when the page did not come from
     * a Zeroed list, {@link #lastRemovalNeedsZeroing()} is true and the caller must zero it.
     *
     * @return the PFN, or {@link #NO_PAGE} if no page is available
     */
    public int removeZeroedPage(int colour) {
        checkColour(colour);
        int slot = heads.findZeroedOrFreeSlot(colour);
        if (slot == PageListHeads.NO_SLOT) {
            slot = heads.findStandbySlot();
        }
        return takeFrom(slot);
    }

    /**
     * The zero page thread's removal (NT: MmZeroPageThread, mm-behaviour.md 4.2 and 4.7): scans the
     * colours' Free list heads from {@link #zeroingColour()}, notes the first head found, takes a page
     * of that colour the way {@link #removeAnyPage(int)} does (without Standby), and checks that it got
     * the page it noted. The next scan starts at the following colour. The page returned is detached
     * and {@link #lastRemovalNeedsZeroing()} is true; after zeroing it the thread inserts it in
     * {@link PageList#ZEROED}.
     *
     * @return the PFN, or {@link #NO_PAGE} if the Free list is empty
     * @throws org.mmscope.sim.BugCheckException PFN_LIST_CORRUPT 0x8F if the page removed is not the head
     *         seen; 0x01 if the heads and totals disagree
     */
    public int removeFreePageForZeroing() {
        int expected = NO_PAGE;
        int colour = 0;
        for (int i = 0; i < colours && expected == NO_PAGE; i++) {
            colour = (zeroingColour + i) & colourMask;
            expected = heads.first(heads.freeSlot(colour));
        }
        if (expected == NO_PAGE) {
            int total = heads.listTotal(PageList.FREE.code());
            if (total != 0) {
                throw PfnBugChecks.badLink(NO_PAGE, total, 0,
                        "every Free colour list head is empty but the Free list total is " + total);
            }
            lastRemovedFrom = null;
            return NO_PAGE;
        }
        int slot = heads.findFreeOrZeroedSlot(colour);
        int removed = slot == PageListHeads.NO_SLOT ? NO_PAGE : takeHead(slot);
        if (removed != expected) {
            throw PfnBugChecks.zeroPageNotHead(removed, expected, colour);
        }
        zeroingColour = (colour + 1) & colourMask;
        lastRemovedFrom = PageList.FREE;
        return removed;
    }

    // ---------------------------------------------------------------- activation

    /**
     * Gives a detached page its first mapping (NT: MiInitializePfn): ActiveAndValid, share count 1,
     * reference count 1, working-set index 0, priority {@link #DEFAULT_PRIORITY}, with the PTE fields
     * given. Flags are kept (a page taken back from Modified stays Modified). The PTE frame's share
     * count is not touched: NT's routine adds one to it, here the memory manager calls
     * {@link #incrementShareCount(int)} on the frame itself.
     *
     * @param pteFrame the page-table page's PFN, or {@link #NO_PTE_FRAME}
     */
    public void makeActive(int pfn, long pteAddress, int pteFrame, long originalPte) {
        checkPfn(pfn);
        checkPteAddress(pteAddress);
        checkPteFrame(pteFrame);
        requireDetached(pfn);
        requireNoIo(pfn, ACTIVE);
        setIdentity(pfn, pteAddress, pteFrame, originalPte);
        flags[pfn] = (flags[pfn] & ~PRIORITY_BITS) | (DEFAULT_PRIORITY << PfnFlags.PRIORITY_SHIFT);
        stamps.written(pfn);
        u1[pfn] = 0;
        stamps.written(pfn);
        u2[pfn] = 1;
        stamps.written(pfn);
        referenceCount[pfn] = 1;
        stamps.written(pfn);
        moveLocation(pfn, ACTIVE);
    }

    /**
     * Prepares a detached page for an in-page read (NT: MiInitializeReadInProgressPfn): stays in
     * Transition with reference count 1 (held by the I/O), share count 0, ReadInProgress set, the
     * in-page event id in u1, priority {@link #DEFAULT_PRIORITY}, and the PTE fields given. When the
     * read is done the memory manager clears ReadInProgress and calls
     * {@link #activateTransitionPage(int)} and {@link #decrementReferenceCount(int)}.
     */
    public void initializeReadInProgress(int pfn, long pteAddress, int pteFrame, long originalPte, int eventId) {
        checkPfn(pfn);
        checkPteAddress(pteAddress);
        checkPteFrame(pteFrame);
        if (eventId < 0) {
            throw new IllegalArgumentException("event id must not be negative: " + eventId);
        }
        requireDetached(pfn);
        requireNoIo(pfn, TRANSITION);
        setIdentity(pfn, pteAddress, pteFrame, originalPte);
        flags[pfn] = (flags[pfn] & ~PRIORITY_BITS) | (DEFAULT_PRIORITY << PfnFlags.PRIORITY_SHIFT)
                | PfnFlags.READ_IN_PROGRESS;
        stamps.written(pfn);
        u1[pfn] = eventId;
        stamps.written(pfn);
        u2[pfn] = 0;
        stamps.written(pfn);
        referenceCount[pfn] = 1;
        stamps.written(pfn);
    }

    /**
     * Makes a Transition page valid again, keeping its PTE fields and flags (the PFN side of NT's
     * MiResolveTransitionFault): share count 0 &rarr; 1, reference count + 1, working-set index 0,
     * ActiveAndValid. Works for a page just unlinked (reference 0 &rarr; 1) and for a page held for I/O
     * (e.g. under a modified write: the write keeps its own reference). Refused while a read is in
     * progress: faulting threads wait for it (a collided fault).
     */
    public void activateTransitionPage(int pfn) {
        checkPfn(pfn);
        requireLocation(pfn, TRANSITION, "activating a transition page");
        if ((flags[pfn] & PfnFlags.READ_IN_PROGRESS) != 0) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.IO_IN_PROGRESS, pfn, ACTIVE, flags[pfn],
                    String.format("PFN 0x%x is activated while its in-page read is in progress", pfn));
        }
        requireShareCountZero(pfn);
        requireReferenceCanGrow(pfn);
        referenceCount[pfn]++;
        stamps.written(pfn);
        u1[pfn] = 0;
        stamps.written(pfn);
        u2[pfn] = 1;
        stamps.written(pfn);
        moveLocation(pfn, ACTIVE);
    }

    // ---------------------------------------------------------------- share and reference counts

    /** One more valid PTE maps an ActiveAndValid page (NT: u2.ShareCount += 1). */
    public void incrementShareCount(int pfn) {
        checkPfn(pfn);
        requireLocation(pfn, ACTIVE, "incrementing the share count");
        if (u2[pfn] == Integer.MAX_VALUE) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.SHARE_COUNT_OVERFLOW, pfn, u2[pfn], 0,
                    String.format("share count of PFN 0x%x would overflow", pfn));
        }
        u2[pfn]++;
        stamps.written(pfn);
    }

    /**
     * One valid PTE fewer maps the page (NT: MiDecrementShareCount). When the count reaches 0 the page
     * leaves ActiveAndValid: its location becomes Transition, u1 is cleared, and
     * {@link #decrementReferenceCount(int)} drops the reference the mappings held, which puts the page
     * on Modified (dirty), Standby (clean) or Free (deleted) unless I/O still holds it. The memory
     * manager rewrites the PTE into a transition PTE (or its original form) before calling this.
     *
     * @return where the page is afterwards
     * @throws org.mmscope.sim.BugCheckException PFN_LIST_CORRUPT 0x99 if the page is not ActiveAndValid
     *         or its share count is 0
     */
    public PageList decrementShareCount(int pfn) {
        checkPfn(pfn);
        int location = locationCode(pfn);
        if (location != ACTIVE || u2[pfn] <= 0) {
            throw PfnBugChecks.pteMismatch(pfn, location, isLinkedCode(location) ? 0 : u2[pfn]);
        }
        if (u2[pfn] == 1) {
            if (referenceCount[pfn] == 0) {
                throw PfnBugChecks.badReferenceCount(pfn, 0, u2[pfn], String.format(
                        "PFN 0x%x is mapped but its reference count is already 0", pfn));
            }
            requireReleasable(pfn);
        }
        u2[pfn]--;
        stamps.written(pfn);
        if (u2[pfn] > 0) {
            return PageList.ACTIVE_AND_VALID;
        }
        u1[pfn] = 0;
        stamps.written(pfn);
        moveLocation(pfn, TRANSITION);
        return decrementReferenceCount(pfn);
    }

    /**
     * Takes a reference to an ActiveAndValid or Transition page, e.g. to lock it for I/O (NT:
     * MI_ADD_LOCKED_PAGE_CHARGE / the reference count increment). A page on a list must be unlinked
     * first.
     *
     * @throws org.mmscope.sim.BugCheckException PFN_LIST_CORRUPT 0x07 if the 16-bit count would wrap
     *         past {@value #MAX_REFERENCE_COUNT}; MEMORY_MANAGEMENT {@link PfnBugChecks#WRONG_STATE} for a
     *         listed page
     */
    public void incrementReferenceCount(int pfn) {
        checkPfn(pfn);
        requireNotListed(pfn, PfnBugChecks.WRONG_STATE, "referencing a page");
        requireReferenceCanGrow(pfn);
        referenceCount[pfn]++;
        stamps.written(pfn);
    }

    /**
     * Drops a reference (NT: MiDecrementReferenceCount). At 0 the page, whose share count must be 0,
     * goes where its state says:
     * <ol>
     * <li>deleted (no PTE owns it): Modified is cleared (the data is discarded) and it goes to Free;</li>
     * <li>Modified: to ModifiedNoWrite if {@link PfnFlags#NO_MODIFIED_WRITE} is set, else to
     * Modified, keeping its PTE fields (RemovalRequested waits until it has been written);</li>
     * <li>InPageError, RemovalRequested or ParityError: its contents are discarded: the
     * {@link RepurposeHook} restores its PTE, its PTE fields are cleared, and it goes to Free;</li>
     * <li>otherwise to the tail of the Standby list of its priority, keeping its PTE fields.</li>
     * </ol>
     * A page going to Free with RemovalRequested or ParityError goes to Bad instead (NT's
     * MiInsertPageInFreeList does the same).
     *
     * @return where the page is afterwards
     * @throws org.mmscope.sim.BugCheckException PFN_LIST_CORRUPT 0x07 if the count is already 0 or would
     *         reach 0 while the share count is not 0; MEMORY_MANAGEMENT {@link PfnBugChecks#IO_IN_PROGRESS}
     *         if it would reach 0 during I/O
     */
    public PageList decrementReferenceCount(int pfn) {
        checkPfn(pfn);
        int references = referenceCount[pfn];
        if (references == 0) {
            throw PfnBugChecks.badReferenceCount(pfn, 0, shareCount(pfn),
                    String.format("reference count of PFN 0x%x would go below 0", pfn));
        }
        requireNotListed(pfn, PfnBugChecks.WRONG_STATE, "dereferencing a page");
        if (references == 1) {
            if (u2[pfn] != 0) {
                throw PfnBugChecks.badReferenceCount(pfn, references, u2[pfn], String.format(
                        "reference count of PFN 0x%x would reach 0 while %d PTEs map it", pfn, u2[pfn]));
            }
            requireReleasable(pfn);
        }
        referenceCount[pfn]--;
        stamps.written(pfn);
        if (references > 1) {
            return location(pfn);
        }
        return release(pfn);
    }

    // ---------------------------------------------------------------- test hooks (package-private)

    /** Test hook: overwrite the total of one physical list, simulating corruption. */
    void corruptTotalForTest(PageList list, int colourOrPriority, int value) {
        heads.corruptTotal(heads.slot(list, colourOrPriority), value);
    }

    /** Test hook: overwrite the head of one physical list, simulating corruption. */
    void corruptFirstForTest(PageList list, int colourOrPriority, int pfn) {
        heads.corruptFirst(heads.slot(list, colourOrPriority), pfn);
    }

    /** Test hook: overwrite a page's u1 and u2 words, simulating corruption. */
    void corruptLinksForTest(int pfn, int newU1, int newU2) {
        u1[pfn] = newU1;
        stamps.written(pfn);
        u2[pfn] = newU2;
        stamps.written(pfn);
    }

    /** Test hook: overwrite a page's location bits without moving it or counting it. */
    void corruptLocationForTest(int pfn, PageList list) {
        flags[pfn] = (flags[pfn] & ~LOCATION_BITS) | (list.code() << PfnFlags.LOCATION_SHIFT);
        stamps.written(pfn);
    }

    /** Test hook: overwrite a page's reference count. */
    void corruptReferenceCountForTest(int pfn, int value) {
        referenceCount[pfn] = (char) value;
        stamps.written(pfn);
    }

    // ---------------------------------------------------------------- internals

    /** The location code of a page, without the range check. */
    int locationCode(int pfn) {
        return PfnFlags.location(flags[pfn]);
    }

    /** Per-location counter, for the checker. */
    int countedAt(int locationCode) {
        return locationCount[locationCode];
    }

    /** The slot a listed page belongs to according to its location, colour and priority. */
    int slotOfListed(int pfn) {
        int location = locationCode(pfn);
        if (location == PageList.ZEROED.code()) {
            return heads.zeroedSlot(pfn & colourMask);
        }
        if (location == PageList.FREE.code()) {
            return heads.freeSlot(pfn & colourMask);
        }
        if (location == PageList.STANDBY.code()) {
            return heads.standbySlot(PfnFlags.priority(flags[pfn]));
        }
        return heads.singleSlot(PageList.fromCode(location));
    }

    private static boolean isLinkedCode(int location) {
        return location < PageList.LINKED_COUNT;
    }

    private boolean isDeletedUnchecked(int pfn) {
        long address = pteAddress[pfn];
        return address == NO_PTE_ADDRESS || (address & DELETED_MARK) != 0;
    }

    /** The list a page asked to go on really goes to, after the checks of {@link #insertInList}. */
    private PageList checkedTarget(PageList list, int pfn) {
        requireNoIo(pfn, list.code());
        int f = flags[pfn];
        boolean modified = (f & PfnFlags.MODIFIED) != 0;
        switch (list) {
            case ZEROED, FREE, STANDBY -> {
                if (modified) {
                    throw PfnBugChecks.memoryManagement(PfnBugChecks.MODIFIED_MISMATCH, pfn, list.code(), f,
                            String.format("modified PFN 0x%x would go to the %s and lose its data", pfn,
                                    list.ntName()));
                }
            }
            case MODIFIED, MODIFIED_NO_WRITE -> {
                if (!modified) {
                    throw PfnBugChecks.memoryManagement(PfnBugChecks.MODIFIED_MISMATCH, pfn, list.code(), f,
                            String.format("clean PFN 0x%x would go to the %s", pfn, list.ntName()));
                }
            }
            default -> {
            }
        }
        if ((list == PageList.STANDBY || list == PageList.MODIFIED || list == PageList.MODIFIED_NO_WRITE)
                && isDeletedUnchecked(pfn)) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.NO_PTE_ADDRESS, pfn, list.code(), 0, String.format(
                    "PFN 0x%x has no PTE that could take it back but would go to the %s", pfn, list.ntName()));
        }
        if ((list == PageList.FREE || list == PageList.ZEROED) && (f & PfnFlags.GOES_BAD) != 0) {
            return PageList.BAD;
        }
        return list;
    }

    /**
     * Links a detached page that passed its checks and sets its location. Free, Zeroed and Bad pages
     * lose their PTE fields and per-use flags.
     */
    private PageList place(PageList list, int pfn, boolean atHead) {
        int slot;
        switch (list) {
            case ZEROED -> slot = heads.zeroedSlot(pfn & colourMask);
            case FREE -> slot = heads.freeSlot(pfn & colourMask);
            case STANDBY -> slot = heads.standbySlot(PfnFlags.priority(flags[pfn]));
            default -> slot = heads.singleSlot(list);
        }
        if (list == PageList.ZEROED || list == PageList.FREE || list == PageList.BAD) {
            clearIdentity(pfn);
        }
        if (atHead) {
            heads.linkAtHead(slot, pfn);
        } else {
            heads.linkAtTail(slot, pfn);
        }
        moveLocation(pfn, list.code());
        return list;
    }

    /** The release at reference count 0 (NT: the tail of MiDecrementReferenceCount). */
    private PageList release(int pfn) {
        int f = flags[pfn];
        if (isDeletedUnchecked(pfn)) {
            flags[pfn] = f & ~PfnFlags.MODIFIED;
            stamps.written(pfn);
            return place(checkedTarget(PageList.FREE, pfn), pfn, false);
        }
        if ((f & PfnFlags.MODIFIED) != 0) {
            PageList list = (f & PfnFlags.NO_MODIFIED_WRITE) != 0 ? PageList.MODIFIED_NO_WRITE : PageList.MODIFIED;
            return place(list, pfn, false);
        }
        if ((f & (PfnFlags.IN_PAGE_ERROR | PfnFlags.GOES_BAD)) != 0) {
            repurpose(pfn);
            return place(checkedTarget(PageList.FREE, pfn), pfn, false);
        }
        return place(PageList.STANDBY, pfn, false);
    }

    /** Takes the head of a slot for a remove routine, repurposing a Standby page. */
    private int takeFrom(int slot) {
        if (slot == PageListHeads.NO_SLOT) {
            lastRemovedFrom = null;
            return NO_PAGE;
        }
        int pfn = takeHead(slot);
        PageList from = heads.listOf(slot);
        if (from == PageList.STANDBY) {
            repurpose(pfn);
        }
        lastRemovedFrom = from;
        return pfn;
    }

    /** Unlinks the head of a non-empty slot after checking it belongs there, and detaches it. */
    private int takeHead(int slot) {
        int pfn = heads.first(slot);
        if (pfn == PageListHeads.END || pfn < 0 || pfn >= pageCount) {
            throw PfnBugChecks.badLink(NO_PAGE, pfn, heads.total(slot), String.format(
                    "%s has total %d but head 0x%x", heads.describe(slot), heads.total(slot), pfn));
        }
        if (slotOfListed(pfn) != slot || !isLinkedCode(locationCode(pfn))) {
            throw PfnBugChecks.badLink(pfn, locationCode(pfn), heads.listOf(slot).code(), String.format(
                    "PFN 0x%x heads %s but its entry says %s", pfn, heads.describe(slot), location(pfn).ntName()));
        }
        heads.unlink(slot, pfn);
        detach(pfn);
        return pfn;
    }

    /** Hands a page's PTE to the repurpose hook, then forgets the page's PTE fields and per-use flags. */
    private void repurpose(int pfn) {
        repurposeHook.repurpose(pfn, pteAddress[pfn] & ~DELETED_MARK, pteFrame[pfn], originalPte[pfn]);
        clearIdentity(pfn);
    }

    private void detach(int pfn) {
        u1[pfn] = 0;
        stamps.written(pfn);
        u2[pfn] = 0;
        stamps.written(pfn);
        moveLocation(pfn, TRANSITION);
    }

    private void clearIdentity(int pfn) {
        pteAddress[pfn] = NO_PTE_ADDRESS;
        stamps.written(pfn);
        originalPte[pfn] = 0;
        stamps.written(pfn);
        pteFrame[pfn] = NO_PTE_FRAME;
        stamps.written(pfn);
        flags[pfn] &= ~PfnFlags.PER_USE;
        stamps.written(pfn);
    }

    private void setIdentity(int pfn, long address, int frame, long original) {
        pteAddress[pfn] = address;
        stamps.written(pfn);
        pteFrame[pfn] = frame;
        stamps.written(pfn);
        originalPte[pfn] = original;
        stamps.written(pfn);
    }

    private void moveLocation(int pfn, int newLocation) {
        locationCount[locationCode(pfn)]--;
        locationCount[newLocation]++;
        flags[pfn] = (flags[pfn] & ~LOCATION_BITS) | (newLocation << PfnFlags.LOCATION_SHIFT);
        stamps.written(pfn);
    }

    private boolean hasFlag(int pfn, int flag) {
        checkPfn(pfn);
        return (flags[pfn] & flag) != 0;
    }

    private void setFlag(int pfn, int flag, boolean value) {
        flags[pfn] = value ? flags[pfn] | flag : flags[pfn] & ~flag;
        stamps.written(pfn);
    }

    // ---------------------------------------------------------------- precondition checks

    private void requireDetached(int pfn) {
        int location = locationCode(pfn);
        if (isLinkedCode(location)) {
            throw PfnBugChecks.badLink(pfn, location, TRANSITION, String.format(
                    "PFN 0x%x is already on the %s", pfn, location(pfn).ntName()));
        }
        if (location != TRANSITION) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.WRONG_STATE, pfn, location, referenceCount[pfn],
                    String.format("PFN 0x%x is %s with share count %d, not detached", pfn,
                            location(pfn).ntName(), u2[pfn]));
        }
        if (referenceCount[pfn] != 0) {
            throw PfnBugChecks.badReferenceCount(pfn, referenceCount[pfn], u2[pfn], String.format(
                    "PFN 0x%x is still referenced %d times", pfn, (int) referenceCount[pfn]));
        }
    }

    private void requireLocation(int pfn, int expected, String routine) {
        int location = locationCode(pfn);
        if (location != expected) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.WRONG_STATE, pfn, location, referenceCount[pfn],
                    String.format("%s: PFN 0x%x is %s, not %s", routine, pfn, location(pfn).ntName(),
                            PageList.fromCode(expected).ntName()));
        }
    }

    private void requireNotListed(int pfn, long subcode, String routine) {
        int location = locationCode(pfn);
        if (isLinkedCode(location)) {
            throw PfnBugChecks.memoryManagement(subcode, pfn, location, referenceCount[pfn],
                    String.format("%s: PFN 0x%x is on the %s", routine, pfn, location(pfn).ntName()));
        }
    }

    private void requireNoIo(int pfn, int target) {
        if ((flags[pfn] & IO_FLAGS) != 0) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.IO_IN_PROGRESS, pfn, target, flags[pfn], String.format(
                    "PFN 0x%x has I/O in progress and would go to %s", pfn, PageList.fromCode(target).ntName()));
        }
    }

    /** A page whose last reference goes must have no I/O in flight: the I/O holds a reference. */
    private void requireReleasable(int pfn) {
        if (referenceCount[pfn] == 1 && (flags[pfn] & IO_FLAGS) != 0) {
            throw PfnBugChecks.memoryManagement(PfnBugChecks.IO_IN_PROGRESS, pfn, TRANSITION, flags[pfn],
                    String.format("last reference of PFN 0x%x goes while its I/O is in progress", pfn));
        }
    }

    private void requireShareCountZero(int pfn) {
        if (u2[pfn] != 0) {
            throw PfnBugChecks.pteMismatch(pfn, locationCode(pfn), u2[pfn]);
        }
    }

    private void requireReferenceCanGrow(int pfn) {
        if (referenceCount[pfn] == MAX_REFERENCE_COUNT) {
            throw PfnBugChecks.badReferenceCount(pfn, MAX_REFERENCE_COUNT, shareCount(pfn), String.format(
                    "reference count of PFN 0x%x would wrap past 0x%x", pfn, MAX_REFERENCE_COUNT));
        }
    }

    private void requireListed(int pfn, String field) {
        checkPfn(pfn);
        if (!isLinkedCode(locationCode(pfn))) {
            throw new IllegalStateException(String.format("PFN 0x%x is %s: u1/u2 hold no %s", pfn,
                    location(pfn).ntName(), field));
        }
    }

    private void checkPfn(int pfn) {
        if (pfn < 0 || pfn >= pageCount) {
            throw new IllegalArgumentException(
                    String.format("PFN 0x%x is outside the database (0..0x%x)", pfn, pageCount - 1));
        }
    }

    private void checkColour(int colour) {
        if (colour < 0 || colour >= colours) {
            throw new IllegalArgumentException("colour " + colour + " is outside 0.." + (colours - 1));
        }
    }

    private static void checkPriority(int priority) {
        if (priority < 0 || priority >= PRIORITIES) {
            throw new IllegalArgumentException("priority must be 0..7, not " + priority);
        }
    }

    private static void checkLinked(PageList list) {
        if (list == null || !list.isLinked()) {
            throw new IllegalArgumentException("pages are inserted in a linked list, not " + list);
        }
    }

    private static void checkPteAddress(long address) {
        if ((address & 7) != 0) {
            throw new IllegalArgumentException(String.format("PTE address 0x%x is not 8-byte aligned", address));
        }
    }

    private void checkPteFrame(int frame) {
        if (frame != NO_PTE_FRAME && (frame < 0 || frame >= pageCount)) {
            throw new IllegalArgumentException(String.format("PTE frame 0x%x is outside the database", frame));
        }
    }
}
