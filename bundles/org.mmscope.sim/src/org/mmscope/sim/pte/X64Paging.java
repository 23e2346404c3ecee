package org.mmscope.sim.pte;

/**
 * The geometry of x64 4-level paging as the memory manager sees it: 48-bit canonical virtual
 * addresses, four levels of 512 eight-byte entries (PML4 &rarr; PDPT &rarr; PD &rarr; PT), 4 KiB pages,
 * and the recursive self-map entry that makes every page-table entry addressable at a fixed virtual
 * address.
 *
 * <p>The self-map sits at PML4 index {@value #SELF_MAP_INDEX} as on NT x64, so the page tables of the
 * current address space appear at {@code 0xFFFFF680'00000000} (NT: PTE_BASE) and the PML4 itself at
 * {@code 0xFFFFF6FB'7DBED000} (NT: PXE_BASE). The address helpers are the simulator's equivalents of
 * the NT macros MiGetPteAddress, MiGetPdeAddress, MiGetPpeAddress, MiGetPxeAddress and
 * MiGetVirtualAddressMappedByPte.
 *
 * <p>All methods are pure functions of their arguments.
 */
public final class X64Paging {

    /** Bytes in a small page. */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 12;
    /** Entries in one page-table page at any level. */
    public static final int ENTRIES_PER_TABLE = 512;
    /** Bytes in one page-table entry. */
    public static final int PTE_SIZE = 8;
    /** Number of translation levels: 4 is the PML4, 1 is the page table. */
    public static final int LEVELS = 4;
    /** Implemented virtual address bits. */
    public static final int VA_BITS = 48;

    /** PML4 index of the recursive self-map entry (NT x64: 0x1ED). */
    public static final int SELF_MAP_INDEX = 0x1ED;
    /** First PML4 index of the kernel half, shared by every address space. */
    public static final int FIRST_KERNEL_PML4_INDEX = 256;

    /** Virtual address of the PTE that maps virtual address 0 (NT: PTE_BASE). */
    public static final long PTE_BASE = canonical((long) SELF_MAP_INDEX << 39);
    /** Virtual address of the first PDE (NT: PDE_BASE). */
    public static final long PDE_BASE = PTE_BASE + ((long) SELF_MAP_INDEX << 30);
    /** Virtual address of the first PDPT entry (NT: PPE_BASE). */
    public static final long PPE_BASE = PDE_BASE + ((long) SELF_MAP_INDEX << 21);
    /** Virtual address of the first PML4 entry (NT: PXE_BASE). */
    public static final long PXE_BASE = PPE_BASE + ((long) SELF_MAP_INDEX << 12);
    /** Last byte of the page-table region. */
    public static final long PTE_TOP = PTE_BASE + (1L << 39) - 1;

    private static final long LOW_48 = (1L << VA_BITS) - 1;

    private X64Paging() {
    }

    /**
     * The index into the table of a level for a virtual address.
     *
     * @param level 4 for the PML4, 3 for the PDPT, 2 for the PD, 1 for the page table
     */
    public static int tableIndex(long va, int level) {
        if (level < 1 || level > LEVELS) {
            throw new IllegalArgumentException("paging level must be 1..4, not " + level);
        }
        return (int) ((va >>> (PAGE_SHIFT + 9 * (level - 1))) & (ENTRIES_PER_TABLE - 1));
    }

    /** Byte offset of a virtual address within its 4 KiB page. */
    public static int pageOffset(long va) {
        return (int) (va & (PAGE_SIZE - 1));
    }

    /** Virtual page number: the address without its page offset, as a 36-bit number. */
    public static long virtualPageNumber(long va) {
        return (va >>> PAGE_SHIFT) & ((1L << (VA_BITS - PAGE_SHIFT)) - 1);
    }

    /** True if bits 63..47 of the address are all equal, as the hardware requires. */
    public static boolean isCanonical(long va) {
        long top = va >> 47;
        return top == 0 || top == -1;
    }

    /** Sign-extends bit 47 into bits 63..48. */
    public static long canonical(long va) {
        return (va << (64 - VA_BITS)) >> (64 - VA_BITS);
    }

    /** True for the kernel half of the address space (PML4 index 256 and up). */
    public static boolean isKernelAddress(long va) {
        return va < 0;
    }

    /**
     * Virtual address of the entry of the given level that maps {@code va} in the current address
     * space, through the self-map.
     *
     * @param level 1 for the PTE (NT: MiGetPteAddress), 2 the PDE, 3 the PPE, 4 the PXE
     */
    public static long entryAddress(long va, int level) {
        return switch (level) {
            case 1 -> PTE_BASE + ((va >>> 9) & 0x7F_FFFF_FFF8L);
            case 2 -> PDE_BASE + ((va >>> 18) & 0x3FFF_FFF8L);
            case 3 -> PPE_BASE + ((va >>> 27) & 0x1F_FFF8L);
            case 4 -> PXE_BASE + ((va >>> 36) & 0xFF8L);
            default -> throw new IllegalArgumentException("paging level must be 1..4, not " + level);
        };
    }

    /** True if the address lies in the self-mapped page-table region. */
    public static boolean isPageTableAddress(long va) {
        return va >= PTE_BASE && va <= PTE_TOP;
    }

    /**
     * The virtual address of the page that the entry at {@code entryVa} maps (NT:
     * MiGetVirtualAddressMappedByPte). Through the self-map a PDE is also the PTE of a page-table
     * page, so for a PDE this is the address of that page-table page, and so on up the levels.
     */
    public static long mappedAddress(long entryVa) {
        if (!isPageTableAddress(entryVa)) {
            throw new IllegalArgumentException(String.format(
                    "0x%016x is not a page-table entry address (page tables live at 0x%016x-0x%016x)",
                    entryVa, PTE_BASE, PTE_TOP));
        }
        if ((entryVa & (PTE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("0x%016x is not 8-byte aligned", entryVa));
        }
        return canonical((entryVa << 9) & LOW_48);
    }
}
