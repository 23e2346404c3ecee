package org.mmscope.sim.pfn;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/**
 * The bugchecks the PFN database raises and what their parameters mean.
 *
 * <p>PFN_LIST_CORRUPT (0x4E), parameter 1 one of {@link BugCheckCode}'s PFN_LIST_CORRUPT_* values:
 * <ul>
 * <li>0x01 {@link BugCheckCode#PFN_LIST_CORRUPT_BAD_LINK BAD_LINK}: a link or a list head does not point
 * back, a head and a total disagree, or a page is inserted while already on a list. Parameter 2 the
 * PFN (or {@code -1} when the problem is a head alone), 3 the value found, 4 the value expected.</li>
 * <li>0x07 {@link BugCheckCode#PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT BAD_REFERENCE_COUNT}: the 16-bit
 * reference count would wrap or go below zero, a page is put on a list while referenced, or the
 * count reaches zero while the page is still mapped. Parameter 2 the PFN, 3 the reference count
 * found, 4 the share count.</li>
 * <li>0x8F {@link BugCheckCode#PFN_LIST_CORRUPT_ZERO_PAGE_NOT_HEAD ZERO_PAGE_NOT_HEAD}: the zero page
 * thread's removal did not yield the Free list head it saw. Parameter 2 the PFN removed ({@code -1}
 * for none), 3 the PFN expected, 4 the colour.</li>
 * <li>0x99 {@link BugCheckCode#PFN_LIST_CORRUPT_PTE_MISMATCH PTE_MISMATCH}: a valid PTE is being
 * dropped for a page the database says no valid PTE maps (share count already 0 or page not
 * active). Parameter 2 the PFN, 3 the location code, 4 the share count.</li>
 * </ul>
 *
 * <p>MEMORY_MANAGEMENT (0x1A), parameter 1 one of the simulator-defined codes below, parameter 2 the
 * PFN, 3 and 4 as documented with each code.
 */
public final class PfnBugChecks {

    /**
     * A routine found the page in a state it does not accept, e.g. inserting an active page in a list
     * or activating a page that is on a list. Parameter 3 the location code, 4 the reference count.
     */
    public static final long WRONG_STATE = 0xF101;
    /**
     * The Modified flag does not fit the target list: a dirty page put on Free, Zeroed or Standby (its
     * data would be lost), a clean page put on Modified or ModifiedNoWrite, or the flag changed while
     * the page is on a list. Parameter 3 the target list code, 4 the flags.
     */
    public static final long MODIFIED_MISMATCH = 0xF102;
    /**
     * A page with ReadInProgress or WriteInProgress is being put on a list or activated. Parameter 3
     * the target list code, 4 the flags.
     */
    public static final long IO_IN_PROGRESS = 0xF103;
    /**
     * A page without a PTE address is being put on Standby or Modified, where only pages that a
     * transition PTE can fault back belong. Parameter 3 the target list code, 4 0.
     */
    public static final long NO_PTE_ADDRESS = 0xF104;
    /** The share count would pass {@link Integer#MAX_VALUE}. Parameter 3 the share count, 4 0. */
    public static final long SHARE_COUNT_OVERFLOW = 0xF105;

    private PfnBugChecks() {
    }

    static BugCheckException badLink(long pfn, long found, long expected, String explanation) {
        return new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT, BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, pfn, found,
                expected, explanation);
    }

    static BugCheckException badReferenceCount(int pfn, int referenceCount, int shareCount, String explanation) {
        return new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT, BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                pfn, referenceCount, shareCount, explanation);
    }

    static BugCheckException zeroPageNotHead(int removed, int expected, int colour) {
        return new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT, BugCheckCode.PFN_LIST_CORRUPT_ZERO_PAGE_NOT_HEAD,
                removed, expected, colour, String.format(
                        "zero page thread expected Free list head PFN 0x%x of colour %d but removed PFN 0x%x",
                        expected, colour, removed));
    }

    static BugCheckException pteMismatch(int pfn, int location, int shareCount) {
        return new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT, BugCheckCode.PFN_LIST_CORRUPT_PTE_MISMATCH, pfn,
                location, shareCount,
                String.format("a valid PTE mapping PFN 0x%x is dropped but the page is %s with share count %d", pfn,
                        PageList.fromCode(location).ntName(), shareCount));
    }

    static BugCheckException memoryManagement(long subcode, int pfn, long p3, long p4, String explanation) {
        return new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, subcode, pfn, p3, p4, explanation);
    }
}
