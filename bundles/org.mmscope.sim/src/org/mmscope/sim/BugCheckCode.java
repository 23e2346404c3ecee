package org.mmscope.sim;

/**
 * The NT bugcheck (stop) codes the simulator raises, with their NT names. The parameters of each
 * are documented where the simulator raises it.
 */
public final class BugCheckCode {

    /** NT: IRQL_NOT_LESS_OR_EQUAL: pageable memory touched at DISPATCH_LEVEL or above. */
    public static final int IRQL_NOT_LESS_OR_EQUAL = 0x0A;
    /** NT: MEMORY_MANAGEMENT: a memory-manager structure is inconsistent. */
    public static final int MEMORY_MANAGEMENT = 0x1A;
    /** NT: PFN_LIST_CORRUPT: a page list or a PFN entry is corrupt. */
    public static final int PFN_LIST_CORRUPT = 0x4E;
    /** NT: PAGE_FAULT_IN_NONPAGED_AREA: a fault on memory that must always be resident. */
    public static final int PAGE_FAULT_IN_NONPAGED_AREA = 0x50;
    /** NT: KERNEL_DATA_INPAGE_ERROR: a kernel page could not be read from the paging file. */
    public static final int KERNEL_DATA_INPAGE_ERROR = 0x7A;
    /** NT: SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION. */
    public static final int SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION = 0xC1;
    /** NT: BAD_POOL_CALLER: a pool request or free that is wrong (double free, bad address, IRQL). */
    public static final int BAD_POOL_CALLER = 0xC2;
    /** NT: ATTEMPTED_WRITE_TO_READONLY_MEMORY: kernel-mode write to a read-only page. */
    public static final int ATTEMPTED_WRITE_TO_READONLY_MEMORY = 0xBE;
    /**
     * NT: DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION: an access to the guard page that follows (or
     * precedes) a special-pool allocation. Parameters: the address touched, 1 for a write, 0, 0.
     */
    public static final int DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION = 0xD6;

    /** BAD_POOL_CALLER parameter 1 (NT's value): pool allocated at an IRQL too high for its type. */
    public static final long BAD_POOL_CALLER_ALLOCATE_IRQL = 0x08;
    /** BAD_POOL_CALLER parameter 1 (NT's value): pool freed at an IRQL too high for its type. */
    public static final long BAD_POOL_CALLER_FREE_IRQL = 0x09;

    /** PFN_LIST_CORRUPT parameter 1: a list head or link is inconsistent. */
    public static final long PFN_LIST_CORRUPT_BAD_LINK = 0x01;
    /** PFN_LIST_CORRUPT parameter 1: a reference count would go below zero or wrap. */
    public static final long PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT = 0x07;
    /** PFN_LIST_CORRUPT parameter 1: the zero page thread took a page that was not the list head. */
    public static final long PFN_LIST_CORRUPT_ZERO_PAGE_NOT_HEAD = 0x8F;
    /** PFN_LIST_CORRUPT parameter 1: a PFN entry and its PTE disagree. */
    public static final long PFN_LIST_CORRUPT_PTE_MISMATCH = 0x99;

    /** MEMORY_MANAGEMENT parameter 1 (NT's value): a PTE or the working-set list is corrupt. */
    public static final long MM_WORKING_SET_CORRUPT = 0x41284;
    /** MEMORY_MANAGEMENT parameter 1 (MmScope's own): an address space is created twice. */
    public static final long MM_ADDRESS_SPACE_EXISTS = 0xF201;
    /** MEMORY_MANAGEMENT parameter 1 (MmScope's own): a disk request completed that was never issued. */
    public static final long MM_UNKNOWN_IO_COMPLETION = 0xF202;
    /**
     * MEMORY_MANAGEMENT parameter 1 (MmScope's own): a fork's clone block and the PTEs or pages that
     * refer to it disagree (a reference count below zero, a copy-on-write PTE on a page no clone
     * prototype PTE holds, a private PTE naming something that is no clone prototype PTE).
     */
    public static final long MM_CLONE_BLOCK_CORRUPT = 0xF203;

    private BugCheckCode() {
    }

    /** The NT name of a code, or its hexadecimal value when unknown. */
    public static String name(int code) {
        return switch (code) {
            case IRQL_NOT_LESS_OR_EQUAL -> "IRQL_NOT_LESS_OR_EQUAL";
            case MEMORY_MANAGEMENT -> "MEMORY_MANAGEMENT";
            case PFN_LIST_CORRUPT -> "PFN_LIST_CORRUPT";
            case PAGE_FAULT_IN_NONPAGED_AREA -> "PAGE_FAULT_IN_NONPAGED_AREA";
            case KERNEL_DATA_INPAGE_ERROR -> "KERNEL_DATA_INPAGE_ERROR";
            case SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION -> "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION";
            case BAD_POOL_CALLER -> "BAD_POOL_CALLER";
            case ATTEMPTED_WRITE_TO_READONLY_MEMORY -> "ATTEMPTED_WRITE_TO_READONLY_MEMORY";
            case DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION -> "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION";
            default -> String.format("0x%08X", code);
        };
    }
}
