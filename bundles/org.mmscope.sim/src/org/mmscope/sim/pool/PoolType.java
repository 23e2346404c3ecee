package org.mmscope.sim.pool;

/**
 * The pools the simulator implements (NT: POOL_TYPE, its base types only). The code of each is NT's
 * numeric value ({@code NonPagedPool} = 0, {@code PagedPool} = 1); a pool header stores the code plus
 * one, so that a header type of 0 means a free block, as in NT.
 */
public enum PoolType {
    /** Resident pool, usable at any IRQL up to DISPATCH_LEVEL (NT: NonPagedPool = 0). */
    NONPAGED(0),
    /** Pageable pool, usable at IRQL up to APC_LEVEL (NT: PagedPool = 1). */
    PAGED(1);

    private static final PoolType[] BY_CODE = values();

    private final int code;

    PoolType(int code) {
        this.code = code;
    }

    /** NT's POOL_TYPE value: 0 for nonpaged, 1 for paged. */
    public int code() {
        return code;
    }

    /** The value a pool header's PoolType field holds for an allocated block of this type: code + 1. */
    public int headerCode() {
        return code + 1;
    }

    /**
     * The pool type of an allocated block's header PoolType field.
     *
     * @param headerCode 1 (nonpaged) or 2 (paged); 0 (free) and anything else is refused
     */
    public static PoolType ofHeaderCode(int headerCode) {
        if (headerCode < 1 || headerCode > BY_CODE.length) {
            throw new IllegalArgumentException("not the header code of an allocated block: " + headerCode);
        }
        return BY_CODE[headerCode - 1];
    }

    /** True if {@code headerCode} is the header code of an allocated block of some pool type. */
    public static boolean isAllocatedHeaderCode(int headerCode) {
        return headerCode >= 1 && headerCode <= BY_CODE.length;
    }
}
