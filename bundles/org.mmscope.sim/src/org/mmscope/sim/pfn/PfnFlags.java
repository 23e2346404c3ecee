package org.mmscope.sim.pfn;

/**
 * Bit layout of the {@code int} that holds a PFN entry's flags, its cache attribute, its priority and
 * its page location (NT: MMPFN u3.e1 and u4 bit fields, packed our own way). {@link PfnDatabase#flags(int)}
 * returns the raw value for views that show a PFN entry bit by bit; everyone else uses the named
 * accessors of {@link PfnDatabase}.
 *
 * <pre>
 *  bit  0     Modified             bit  6     EndOfAllocation
 *  bit  1     ReadInProgress       bit  7     VerifierAllocation
 *  bit  2     WriteInProgress      bit  8     RemovalRequested
 *  bit  3     PrototypePte         bit  9     ParityError
 *  bit  4     InPageError          bit 10     NoModifiedWrite (simulator)
 *  bit  5     StartOfAllocation    bits 11-12 CacheAttribute
 *  bits 13-15 Priority (0-7)       bits 16-18 PageLocation (a {@link PageList} code)
 * </pre>
 */
public final class PfnFlags {

    /** The page's contents differ from its backing store (NT: u3.e1.Modified). */
    public static final int MODIFIED = 1;
    /** An in-page read into the page is in flight (NT: u3.e1.ReadInProgress). */
    public static final int READ_IN_PROGRESS = 1 << 1;
    /** The modified page writer is writing the page out (NT: u3.e1.WriteInProgress). */
    public static final int WRITE_IN_PROGRESS = 1 << 2;
    /** PteAddress is a prototype PTE of a section (NT: u3.e1.PrototypePte). */
    public static final int PROTOTYPE_PTE = 1 << 3;
    /** The last in-page read failed (NT: InPageError). */
    public static final int IN_PAGE_ERROR = 1 << 4;
    /** First page of a nonpaged pool allocation (NT: u3.e1.StartOfAllocation). */
    public static final int START_OF_ALLOCATION = 1 << 5;
    /** Last page of a nonpaged pool allocation (NT: u3.e1.EndOfAllocation). */
    public static final int END_OF_ALLOCATION = 1 << 6;
    /** Pool allocation tracked by Driver Verifier (NT: VerifierAllocation). */
    public static final int VERIFIER_ALLOCATION = 1 << 7;
    /** Take the page out of use when it is freed (NT: u3.e1.RemovalRequested). */
    public static final int REMOVAL_REQUESTED = 1 << 8;
    /** The hardware reported a memory error in the page (NT: u3.e1.ParityError). */
    public static final int PARITY_ERROR = 1 << 9;
    /**
     * Simulator flag: a dirty page released by its last reference goes to the ModifiedNoWrite list
     * instead of the Modified list. NT decides this from the section's control area; the PFN database
     * cannot see control areas, so the memory manager marks the page.
     */
    public static final int NO_MODIFIED_WRITE = 1 << 10;

    /** Shift of the 2-bit cache attribute (NT: u3.e1.CacheAttribute). */
    public static final int CACHE_ATTRIBUTE_SHIFT = 11;
    /** Mask of the cache attribute once shifted down. */
    public static final int CACHE_ATTRIBUTE_MASK = 0x3;
    /** Shift of the 3-bit page priority (NT: Priority). */
    public static final int PRIORITY_SHIFT = 13;
    /** Mask of the priority once shifted down. */
    public static final int PRIORITY_MASK = 0x7;
    /** Shift of the 3-bit page location, a {@link PageList} code (NT: u3.e1.PageLocation). */
    public static final int LOCATION_SHIFT = 16;
    /** Mask of the location once shifted down. */
    public static final int LOCATION_MASK = 0x7;

    /**
     * The flags that describe one use of the page; they are cleared when the page is freed or
     * repurposed. RemovalRequested and ParityError (facts about the frame), the cache attribute, the
     * priority and the location survive.
     */
    public static final int PER_USE = MODIFIED | READ_IN_PROGRESS | WRITE_IN_PROGRESS | PROTOTYPE_PTE
            | IN_PAGE_ERROR | START_OF_ALLOCATION | END_OF_ALLOCATION | VERIFIER_ALLOCATION | NO_MODIFIED_WRITE;

    /** The flags that send a page to the Bad list when it is freed. */
    public static final int GOES_BAD = REMOVAL_REQUESTED | PARITY_ERROR;

    private PfnFlags() {
    }

    /** The location code held in a raw flags value. */
    public static int location(int flags) {
        return (flags >>> LOCATION_SHIFT) & LOCATION_MASK;
    }

    /** The priority held in a raw flags value. */
    public static int priority(int flags) {
        return (flags >>> PRIORITY_SHIFT) & PRIORITY_MASK;
    }

    /** The cache attribute held in a raw flags value. */
    public static int cacheAttribute(int flags) {
        return (flags >>> CACHE_ATTRIBUTE_SHIFT) & CACHE_ATTRIBUTE_MASK;
    }
}
