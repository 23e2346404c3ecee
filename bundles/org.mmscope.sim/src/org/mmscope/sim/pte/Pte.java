package org.mmscope.sim.pte;

/**
 * Encodes and decodes x64 page-table entries held as {@code long} values, in every format the memory
 * manager writes. All methods are static, pure, and allocate nothing except when they throw and in
 * {@link #describe(long)} and {@link #flags(long)}, which build strings for views.
 *
 * <h2>Formats (bit 0 is the least significant)</h2>
 * <pre>
 * HARDWARE    (NT: MMPTE_HARDWARE)   V=1
 *   0 Valid  1 Write(hw)  2 Owner(1=user)  3 WriteThrough  4 CacheDisable  5 Accessed  6 Dirty
 *   7 LargePage  8 Global  9 CopyOnWrite(sw)  10 Prototype(sw)  11 Write(sw)
 *   12..47 PageFrameNumber  63 NoExecute
 * TRANSITION  (NT: MMPTE_TRANSITION) V=0 P=0 T=1
 *   1 Write  2 Owner  3 WriteThrough  4 CacheDisable  5..9 Protection  10 Prototype=0
 *   11 Transition=1  12..47 PageFrameNumber
 * PAGING_FILE (NT: MMPTE_SOFTWARE)   V=0 P=0 T=0, Protection != 0, location != 0
 *   1..4 PageFileLow (paging-file number)  5..9 Protection  10 Prototype=0  11 Transition=0
 *   32..63 PageFileHigh (offset in pages in that file)
 * DEMAND_ZERO (NT: MMPTE_SOFTWARE)   as PAGING_FILE with PageFileLow=0 and PageFileHigh=0
 * PROTOTYPE   (NT: MMPTE_PROTOTYPE)  V=0 P=1
 *   8 ReadOnly  10 Prototype=1  11..15 Protection override (0: use the prototype's)
 *   16..63 ProtoAddress (low 48 bits of the prototype PTE's virtual address)
 * LIST        (NT: MMPTE_LIST)       V=0 P=0 T=0, Protection=0
 *   1 OneEntry  32..63 NextEntry (index into system PTE space; 0xFFFFFFFF ends the list)
 * ZERO        the value 0
 * </pre>
 *
 * <h2>Classification</h2>
 * {@link #classify(long)} reads the bits in this order: the value 0 is {@link PteKind#ZERO}; Valid=1
 * is {@link PteKind#HARDWARE}; then Prototype=1 is {@link PteKind#PROTOTYPE} (before the Transition
 * bit, because bit 11 belongs to the prototype format's protection field); then Transition=1 is
 * {@link PteKind#TRANSITION}. What remains has the software layout: a committed page always has a
 * protection, so Protection=0 makes it a {@link PteKind#LIST} PTE; otherwise it is
 * {@link PteKind#DEMAND_ZERO} without a paging-file location and {@link PteKind#PAGING_FILE} with one.
 * Bits no format defines are ignored by classification and decoding.
 *
 * <p>To keep every encoded value classifying as the format that built it, the encoders refuse the
 * few argument combinations that would collide: protection 0 for paging-file and demand-zero PTEs
 * (it would read as a LIST PTE), paging-file offset 0 (with file 0 it would read as demand zero; NT
 * never hands out page 0 of a paging file either), and a list PTE with next entry 0 and OneEntry clear
 * (it would be the zero PTE).
 *
 * <p>Decoders check the format: asking for the PFN of a paging-file PTE, or the dirty bit of a
 * transition PTE, is an {@link IllegalArgumentException} naming the PTE.
 */
public final class Pte {

    // ---- hardware format (NT: MMPTE_HARDWARE) ----

    /** Bit 0: the entry is valid and the MMU translates through it. */
    public static final long VALID = 1L;
    /** Bit 1: the hardware Write bit the MMU enforces (also in transition PTEs). */
    public static final long WRITE = 1L << 1;
    /** Bit 2: Owner, 1 = user-mode accessible (also in transition PTEs). */
    public static final long OWNER = 1L << 2;
    /** Bit 3: write-through caching (also in transition PTEs). */
    public static final long WRITE_THROUGH = 1L << 3;
    /** Bit 4: caching disabled (also in transition PTEs). */
    public static final long CACHE_DISABLE = 1L << 4;
    /** Bit 5: set by the MMU on any access. */
    public static final long ACCESSED = 1L << 5;
    /** Bit 6: set by the MMU on a write. */
    public static final long DIRTY = 1L << 6;
    /** Bit 7: large page (in a PDE: a 2 MiB page). */
    public static final long LARGE_PAGE = 1L << 7;
    /** Bit 8: global, kept in the TLB across address-space switches. */
    public static final long GLOBAL = 1L << 8;
    /** Bit 9 (software, hardware format): a write must make a private copy (NT: CopyOnWrite). */
    public static final long COPY_ON_WRITE = 1L << 9;
    /** Bit 10: Prototype; in the hardware format a software bit, in an invalid PTE the format selector. */
    public static final long PROTOTYPE = 1L << 10;
    /** Bit 11 (software, hardware format): NT's software Write bit, kept for dirty tracking. */
    public static final long SOFTWARE_WRITE = 1L << 11;
    /** Bit 11 of an invalid, non-prototype PTE: the page is in transition. */
    public static final long TRANSITION = 1L << 11;
    /** Bit 63: no-execute. */
    public static final long NO_EXECUTE = 1L << 63;

    /** First bit of the page frame number in hardware and transition PTEs. */
    public static final int PFN_SHIFT = 12;
    /** Width of the page frame number. */
    public static final int PFN_BITS = 36;
    /** Largest page frame number: 2^36 - 1. */
    public static final long MAX_PFN = (1L << PFN_BITS) - 1;
    /** The page frame number field, bits 12..47. */
    public static final long PFN_MASK = MAX_PFN << PFN_SHIFT;

    // ---- software format (NT: MMPTE_SOFTWARE), shared by transition for the protection ----

    /** First bit of the 5-bit protection field in software and transition PTEs. */
    public static final int PROTECTION_SHIFT = 5;
    /** The protection field of software and transition PTEs, bits 5..9. */
    public static final long PROTECTION_MASK = 0x1FL << PROTECTION_SHIFT;
    /** First bit of PageFileLow, the paging-file number. */
    public static final int PAGE_FILE_LOW_SHIFT = 1;
    /** PageFileLow, bits 1..4. */
    public static final long PAGE_FILE_LOW_MASK = 0xFL << PAGE_FILE_LOW_SHIFT;
    /** Largest paging-file number. */
    public static final int MAX_PAGE_FILE_NUMBER = 15;
    /** First bit of PageFileHigh, the offset in pages within the paging file. */
    public static final int PAGE_FILE_HIGH_SHIFT = 32;
    /** PageFileHigh, bits 32..63. */
    public static final long PAGE_FILE_HIGH_MASK = 0xFFFF_FFFFL << PAGE_FILE_HIGH_SHIFT;
    /** Largest paging-file offset in pages (unsigned 32 bits). */
    public static final long MAX_PAGE_FILE_OFFSET = 0xFFFF_FFFFL;

    // ---- prototype format (NT: MMPTE_PROTOTYPE) ----

    /** Bit 8 of a prototype PTE: ReadOnly. */
    public static final long PROTOTYPE_READ_ONLY = 1L << 8;
    /** First bit of a prototype PTE's protection override. */
    public static final int PROTOTYPE_PROTECTION_SHIFT = 11;
    /** The protection override of a prototype PTE, bits 11..15. */
    public static final long PROTOTYPE_PROTECTION_MASK = 0x1FL << PROTOTYPE_PROTECTION_SHIFT;
    /** First bit of ProtoAddress. */
    public static final int PROTO_ADDRESS_SHIFT = 16;

    // ---- list format (NT: MMPTE_LIST) ----

    /** Bit 1 of a list PTE: the free cluster is this one PTE. */
    public static final long ONE_ENTRY = 1L << 1;
    /** First bit of NextEntry. */
    public static final int NEXT_ENTRY_SHIFT = 32;
    /** The NextEntry value that ends the free system PTE list. */
    public static final long LIST_END = 0xFFFF_FFFFL;

    /** Bit 0 of the page-frame-number field is bit 12 of the PTE: 4 KiB pages. */
    private static final long PAGE_BYTES = 1L << PFN_SHIFT;
    /** The bits a transition PTE takes over from the valid PTE it replaces. */
    private static final long KEPT_IN_TRANSITION = WRITE | OWNER | WRITE_THROUGH | CACHE_DISABLE;
    private static final long LOW_48 = (1L << 48) - 1;

    private Pte() {
    }

    // =====================================================================================
    // classification
    // =====================================================================================

    /** The format of a PTE value, by the rule in the class comment. Never throws. */
    public static PteKind classify(long pte) {
        if (pte == 0) {
            return PteKind.ZERO;
        }
        if ((pte & VALID) != 0) {
            return PteKind.HARDWARE;
        }
        if ((pte & PROTOTYPE) != 0) {
            return PteKind.PROTOTYPE;
        }
        if ((pte & TRANSITION) != 0) {
            return PteKind.TRANSITION;
        }
        if ((pte & PROTECTION_MASK) == 0) {
            return PteKind.LIST;
        }
        return (pte & (PAGE_FILE_LOW_MASK | PAGE_FILE_HIGH_MASK)) == 0 ? PteKind.DEMAND_ZERO : PteKind.PAGING_FILE;
    }

    /** True if the Valid bit is set: the hardware format. */
    public static boolean isValid(long pte) {
        return (pte & VALID) != 0;
    }

    /** True for a transition PTE (NT: MMPTE_TRANSITION). */
    public static boolean isTransition(long pte) {
        return (pte & (VALID | PROTOTYPE | TRANSITION)) == TRANSITION;
    }

    /** True for a prototype PTE (NT: MMPTE_PROTOTYPE): invalid with the Prototype bit set. */
    public static boolean isPrototype(long pte) {
        return (pte & (VALID | PROTOTYPE)) == PROTOTYPE;
    }

    // =====================================================================================
    // hardware format (NT: MMPTE_HARDWARE)
    // =====================================================================================

    /**
     * A valid PTE mapping {@code pfn}, with Accessed and Dirty clear. {@code writable} sets both the
     * hardware Write bit (what the MMU enforces) and the software Write bit; {@code user} sets Owner.
     *
     * @throws IllegalArgumentException if {@code pfn} is outside 0..2^36-1
     */
    public static long hardware(long pfn, boolean writable, boolean user, boolean noExecute) {
        long pte = VALID | (checkPfn(pfn) << PFN_SHIFT);
        if (writable) {
            pte |= WRITE | SOFTWARE_WRITE;
        }
        if (user) {
            pte |= OWNER;
        }
        if (noExecute) {
            pte |= NO_EXECUTE;
        }
        return pte;
    }

    /**
     * The page frame number of a hardware or transition PTE.
     *
     * @throws IllegalArgumentException for any other format
     */
    public static long pfn(long pte) {
        requireFrame(pte, "pfn");
        return (pte & PFN_MASK) >>> PFN_SHIFT;
    }

    /**
     * The hardware or transition PTE with its page frame number replaced; every other bit is kept.
     *
     * @throws IllegalArgumentException for any other format, or a PFN outside 0..2^36-1
     */
    public static long withPfn(long pte, long pfn) {
        requireFrame(pte, "withPfn");
        return (pte & ~PFN_MASK) | (checkPfn(pfn) << PFN_SHIFT);
    }

    /** Hardware Write bit (bit 1) of a hardware or transition PTE: the MMU allows writes. */
    public static boolean isWritable(long pte) {
        return (requireFrame(pte, "isWritable") & WRITE) != 0;
    }

    /** Sets or clears the hardware Write bit (bit 1) of a hardware or transition PTE; bit 11 is untouched. */
    public static long setWritable(long pte, boolean on) {
        return set(requireFrame(pte, "setWritable"), WRITE, on);
    }

    /** Owner bit of a hardware or transition PTE: true for a user-mode page, false for kernel. */
    public static boolean isUser(long pte) {
        return (requireFrame(pte, "isUser") & OWNER) != 0;
    }

    /** Sets (user) or clears (kernel) the Owner bit of a hardware or transition PTE. */
    public static long setUser(long pte, boolean on) {
        return set(requireFrame(pte, "setUser"), OWNER, on);
    }

    /** WriteThrough bit of a hardware or transition PTE. */
    public static boolean isWriteThrough(long pte) {
        return (requireFrame(pte, "isWriteThrough") & WRITE_THROUGH) != 0;
    }

    /** Sets or clears the WriteThrough bit of a hardware or transition PTE. */
    public static long setWriteThrough(long pte, boolean on) {
        return set(requireFrame(pte, "setWriteThrough"), WRITE_THROUGH, on);
    }

    /** CacheDisable bit of a hardware or transition PTE. */
    public static boolean isCacheDisabled(long pte) {
        return (requireFrame(pte, "isCacheDisabled") & CACHE_DISABLE) != 0;
    }

    /** Sets or clears the CacheDisable bit of a hardware or transition PTE. */
    public static long setCacheDisabled(long pte, boolean on) {
        return set(requireFrame(pte, "setCacheDisabled"), CACHE_DISABLE, on);
    }

    /** Accessed bit of a valid PTE. */
    public static boolean isAccessed(long pte) {
        return (requireHardware(pte, "isAccessed") & ACCESSED) != 0;
    }

    /** Sets or clears the Accessed bit of a valid PTE. */
    public static long setAccessed(long pte, boolean on) {
        return set(requireHardware(pte, "setAccessed"), ACCESSED, on);
    }

    /** Dirty bit of a valid PTE. */
    public static boolean isDirty(long pte) {
        return (requireHardware(pte, "isDirty") & DIRTY) != 0;
    }

    /** Sets or clears the Dirty bit of a valid PTE. */
    public static long setDirty(long pte, boolean on) {
        return set(requireHardware(pte, "setDirty"), DIRTY, on);
    }

    /** LargePage bit of a valid PTE. */
    public static boolean isLargePage(long pte) {
        return (requireHardware(pte, "isLargePage") & LARGE_PAGE) != 0;
    }

    /** Sets or clears the LargePage bit of a valid PTE. */
    public static long setLargePage(long pte, boolean on) {
        return set(requireHardware(pte, "setLargePage"), LARGE_PAGE, on);
    }

    /** Global bit of a valid PTE. */
    public static boolean isGlobal(long pte) {
        return (requireHardware(pte, "isGlobal") & GLOBAL) != 0;
    }

    /** Sets or clears the Global bit of a valid PTE. */
    public static long setGlobal(long pte, boolean on) {
        return set(requireHardware(pte, "setGlobal"), GLOBAL, on);
    }

    /** Software CopyOnWrite bit of a valid PTE (NT: MMPTE_HARDWARE.CopyOnWrite). */
    public static boolean isCopyOnWrite(long pte) {
        return (requireHardware(pte, "isCopyOnWrite") & COPY_ON_WRITE) != 0;
    }

    /** Sets or clears the software CopyOnWrite bit of a valid PTE. */
    public static long setCopyOnWrite(long pte, boolean on) {
        return set(requireHardware(pte, "setCopyOnWrite"), COPY_ON_WRITE, on);
    }

    /** Software Prototype bit (bit 10) of a valid PTE. */
    public static boolean isSoftwarePrototype(long pte) {
        return (requireHardware(pte, "isSoftwarePrototype") & PROTOTYPE) != 0;
    }

    /** Sets or clears the software Prototype bit (bit 10) of a valid PTE. */
    public static long setSoftwarePrototype(long pte, boolean on) {
        return set(requireHardware(pte, "setSoftwarePrototype"), PROTOTYPE, on);
    }

    /** Software Write bit (bit 11) of a valid PTE (NT: MMPTE_HARDWARE.Write). */
    public static boolean isSoftwareWrite(long pte) {
        return (requireHardware(pte, "isSoftwareWrite") & SOFTWARE_WRITE) != 0;
    }

    /** Sets or clears the software Write bit (bit 11) of a valid PTE; the hardware Write bit is untouched. */
    public static long setSoftwareWrite(long pte, boolean on) {
        return set(requireHardware(pte, "setSoftwareWrite"), SOFTWARE_WRITE, on);
    }

    /** NoExecute bit of a valid PTE. */
    public static boolean isNoExecute(long pte) {
        return (requireHardware(pte, "isNoExecute") & NO_EXECUTE) != 0;
    }

    /** Sets or clears the NoExecute bit of a valid PTE. */
    public static long setNoExecute(long pte, boolean on) {
        return set(requireHardware(pte, "setNoExecute"), NO_EXECUTE, on);
    }

    // =====================================================================================
    // transition format (NT: MMPTE_TRANSITION)
    // =====================================================================================

    /**
     * A transition PTE for a page still in memory on a list, with Write, Owner, WriteThrough and
     * CacheDisable clear.
     *
     * @throws IllegalArgumentException for a PFN outside 0..2^36-1 or a protection outside 0..31
     */
    public static long transition(long pfn, int protection) {
        return TRANSITION | (checkPfn(pfn) << PFN_SHIFT) | ((long) Protection.check(protection) << PROTECTION_SHIFT);
    }

    /**
     * The transition PTE that replaces a valid PTE when its page leaves the working set: same PFN,
     * Write, Owner, WriteThrough and CacheDisable kept, the given protection.
     *
     * @throws IllegalArgumentException if {@code validPte} is not valid or the protection is outside 0..31
     */
    public static long transitionFromValid(long validPte, int protection) {
        requireHardware(validPte, "transitionFromValid");
        return TRANSITION | (validPte & (PFN_MASK | KEPT_IN_TRANSITION))
                | ((long) Protection.check(protection) << PROTECTION_SHIFT);
    }

    // =====================================================================================
    // software formats (NT: MMPTE_SOFTWARE): paging file and demand zero
    // =====================================================================================

    /**
     * A paging-file PTE: the page's contents are at {@code pageOffset} pages into paging file
     * {@code fileNumber}.
     *
     * @param fileNumber paging-file number, 0..15
     * @param pageOffset offset in pages, 1..0xFFFFFFFF (page 0 of a paging file is reserved)
     * @param protection protection code, 1..31
     * @throws IllegalArgumentException for an argument out of range
     */
    public static long pagingFile(int fileNumber, long pageOffset, int protection) {
        if (fileNumber < 0 || fileNumber > MAX_PAGE_FILE_NUMBER) {
            throw new IllegalArgumentException("paging-file number must be 0..15, not " + fileNumber);
        }
        if (pageOffset < 1 || pageOffset > MAX_PAGE_FILE_OFFSET) {
            throw new IllegalArgumentException("paging-file offset must be 1..0xffffffff pages (page 0 is reserved: "
                    + "file 0 offset 0 is the demand-zero PTE), not " + Hex.hex(pageOffset));
        }
        return ((long) fileNumber << PAGE_FILE_LOW_SHIFT) | (pageOffset << PAGE_FILE_HIGH_SHIFT)
                | ((long) checkCommittedProtection(protection) << PROTECTION_SHIFT);
    }

    /**
     * A demand-zero PTE: committed with this protection, no contents yet.
     *
     * @param protection protection code, 1..31
     * @throws IllegalArgumentException for a protection outside 1..31
     */
    public static long demandZero(int protection) {
        return (long) checkCommittedProtection(protection) << PROTECTION_SHIFT;
    }

    /**
     * The paging-file number (PageFileLow) of a paging-file PTE; 0 for a demand-zero PTE.
     *
     * @throws IllegalArgumentException for any other format
     */
    public static int pageFileNumber(long pte) {
        requireSoftware(pte, "pageFileNumber");
        return (int) ((pte & PAGE_FILE_LOW_MASK) >>> PAGE_FILE_LOW_SHIFT);
    }

    /**
     * The offset in pages (PageFileHigh, unsigned) of a paging-file PTE; 0 for a demand-zero PTE.
     *
     * @throws IllegalArgumentException for any other format
     */
    public static long pageFileOffset(long pte) {
        requireSoftware(pte, "pageFileOffset");
        return pte >>> PAGE_FILE_HIGH_SHIFT;
    }

    /**
     * The protection code of a paging-file, demand-zero or transition PTE (bits 5..9), or the
     * protection override of a prototype PTE (bits 11..15; 0 means "use the prototype PTE's").
     *
     * @throws IllegalArgumentException for a hardware, list or zero PTE (a valid page's protection is
     *         kept elsewhere, in NT in the PFN's OriginalPte and the VAD)
     */
    public static int protection(long pte) {
        PteKind kind = classify(pte);
        return switch (kind) {
            case TRANSITION, PAGING_FILE, DEMAND_ZERO -> (int) ((pte & PROTECTION_MASK) >>> PROTECTION_SHIFT);
            case PROTOTYPE -> (int) ((pte & PROTOTYPE_PROTECTION_MASK) >>> PROTOTYPE_PROTECTION_SHIFT);
            default -> throw wrongKind(pte, "protection", "a transition, paging-file, demand-zero or prototype");
        };
    }

    // =====================================================================================
    // prototype format (NT: MMPTE_PROTOTYPE)
    // =====================================================================================

    /**
     * A PTE that refers to the prototype PTE at virtual address {@code protoPteVa}.
     *
     * @param protoPteVa canonical, 8-byte aligned virtual address of the prototype PTE
     * @param readOnly the ReadOnly bit
     * @param overrideProtection 0 to use the prototype PTE's protection, else the protection code
     *        (0..31) this mapping uses instead
     * @throws IllegalArgumentException for a non-canonical or unaligned address or a bad protection
     */
    public static long prototype(long protoPteVa, boolean readOnly, int overrideProtection) {
        if (!X64Paging.isCanonical(protoPteVa)) {
            throw new IllegalArgumentException("prototype PTE address " + Hex.windbg(protoPteVa)
                    + " is not canonical (bits 63..47 must be equal)");
        }
        if ((protoPteVa & (X64Paging.PTE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("prototype PTE address " + Hex.windbg(protoPteVa)
                    + " is not 8-byte aligned");
        }
        long pte = PROTOTYPE | ((protoPteVa & LOW_48) << PROTO_ADDRESS_SHIFT)
                | ((long) Protection.check(overrideProtection) << PROTOTYPE_PROTECTION_SHIFT);
        return readOnly ? pte | PROTOTYPE_READ_ONLY : pte;
    }

    /**
     * The canonical virtual address of the prototype PTE a prototype PTE refers to (bit 47 of
     * ProtoAddress sign-extended).
     *
     * @throws IllegalArgumentException for any other format
     */
    public static long prototypeAddress(long pte) {
        requirePrototype(pte, "prototypeAddress");
        return pte >> PROTO_ADDRESS_SHIFT;
    }

    /**
     * The ReadOnly bit of a prototype PTE.
     *
     * @throws IllegalArgumentException for any other format
     */
    public static boolean isPrototypeReadOnly(long pte) {
        return (requirePrototype(pte, "isPrototypeReadOnly") & PROTOTYPE_READ_ONLY) != 0;
    }

    // =====================================================================================
    // list format (NT: MMPTE_LIST)
    // =====================================================================================

    /**
     * A link of the free system PTE list.
     *
     * @param nextEntry index of the next free cluster in system PTE space, 0..0xFFFFFFFF;
     *        {@link #LIST_END} ends the list
     * @param oneEntry true if this free cluster is this single PTE
     * @throws IllegalArgumentException for a next entry out of range, or next entry 0 with
     *         {@code oneEntry} false (that value is the zero PTE)
     */
    public static long list(long nextEntry, boolean oneEntry) {
        if (nextEntry < 0 || nextEntry > LIST_END) {
            throw new IllegalArgumentException("list PTE next entry must be 0..0xffffffff, not " + Hex.hex(nextEntry));
        }
        if (nextEntry == 0 && !oneEntry) {
            throw new IllegalArgumentException("a list PTE with next entry 0 and OneEntry clear would be the zero PTE;"
                    + " system PTE index 0 can only be linked as a one-entry cluster");
        }
        return (nextEntry << NEXT_ENTRY_SHIFT) | (oneEntry ? ONE_ENTRY : 0);
    }

    /**
     * The NextEntry index of a list PTE ({@link #LIST_END} at the end of the list).
     *
     * @throws IllegalArgumentException for any other format
     */
    public static long listNext(long pte) {
        requireList(pte, "listNext");
        return pte >>> NEXT_ENTRY_SHIFT;
    }

    /**
     * The OneEntry bit of a list PTE.
     *
     * @throws IllegalArgumentException for any other format
     */
    public static boolean isOneEntry(long pte) {
        requireList(pte, "isOneEntry");
        return (pte & ONE_ENTRY) != 0;
    }

    // =====================================================================================
    // display
    // =====================================================================================

    /**
     * One line describing a PTE, in the spirit of WinDbg's {@code !pte}; numbers are lower-case hex
     * without {@code 0x}. Never throws:
     * <ul>
     * <li>{@code "Valid pfn 1b2c3 ---DA--UWEV"} (the flags of {@link #flags(long)})</li>
     * <li>{@code "Transition pfn 12 READWRITE"}</li>
     * <li>{@code "PageFile 0 offset 3000 READWRITE"}: the offset in bytes, pages &times; 4096</li>
     * <li>{@code "DemandZero READWRITE"}</li>
     * <li>{@code "Prototype fffff8a0`00123450"}, then {@code " ReadOnly"} if that bit is set and the
     * override protection if there is one</li>
     * <li>{@code "List next 5"} or {@code "List end"}, then {@code " OneEntry"} if that bit is set</li>
     * <li>{@code "Zero"}</li>
     * </ul>
     */
    public static String describe(long pte) {
        PteKind kind = classify(pte);
        String head = kind.displayName();
        return switch (kind) {
            case ZERO -> head;
            case HARDWARE -> head + " pfn " + Long.toHexString(pfn(pte)) + " " + flags(pte);
            case TRANSITION -> head + " pfn " + Long.toHexString(pfn(pte)) + " " + Protection.name(protection(pte));
            case PAGING_FILE -> head + " " + Integer.toHexString(pageFileNumber(pte)) + " offset "
                    + Long.toHexString(pageFileOffset(pte) * PAGE_BYTES) + " " + Protection.name(protection(pte));
            case DEMAND_ZERO -> head + " " + Protection.name(protection(pte));
            case PROTOTYPE -> {
                int override = protection(pte);
                yield head + " " + Hex.windbg(prototypeAddress(pte)) + (isPrototypeReadOnly(pte) ? " ReadOnly" : "")
                        + (override != 0 ? " " + Protection.name(override) : "");
            }
            case LIST -> {
                long next = listNext(pte);
                yield head + (next == LIST_END ? " end" : " next " + Long.toHexString(next))
                        + (isOneEntry(pte) ? " OneEntry" : "");
            }
        };
    }

    /**
     * The 11-character WinDbg flag string of a valid PTE, left to right: {@code C} copy-on-write,
     * {@code G} global, {@code L} large page, {@code D} dirty, {@code A} accessed, {@code N} cache
     * disabled, {@code T} write-through (each {@code -} when clear), {@code U}/{@code K} owner,
     * {@code W}/{@code R} hardware Write bit, {@code E} executable (NoExecute clear) or {@code -},
     * {@code V}. For example {@code "---DA--UWEV"}.
     *
     * @throws IllegalArgumentException if the PTE is not valid
     */
    public static String flags(long pte) {
        requireHardware(pte, "flags");
        char[] f = {
            flag(pte, COPY_ON_WRITE, 'C', '-'),
            flag(pte, GLOBAL, 'G', '-'),
            flag(pte, LARGE_PAGE, 'L', '-'),
            flag(pte, DIRTY, 'D', '-'),
            flag(pte, ACCESSED, 'A', '-'),
            flag(pte, CACHE_DISABLE, 'N', '-'),
            flag(pte, WRITE_THROUGH, 'T', '-'),
            flag(pte, OWNER, 'U', 'K'),
            flag(pte, WRITE, 'W', 'R'),
            flag(pte, NO_EXECUTE, '-', 'E'),
            'V',
        };
        return new String(f);
    }

    // =====================================================================================
    // helpers
    // =====================================================================================

    private static char flag(long pte, long bit, char set, char clear) {
        return (pte & bit) != 0 ? set : clear;
    }

    private static long set(long pte, long bit, boolean on) {
        return on ? pte | bit : pte & ~bit;
    }

    private static long checkPfn(long pfn) {
        if (pfn < 0 || pfn > MAX_PFN) {
            throw new IllegalArgumentException("page frame number must be 0..0xfffffffff (36 bits), not " + Hex.hex(pfn));
        }
        return pfn;
    }

    /** A protection for a committed software PTE: 1..31 (0 would make it a LIST PTE). */
    private static int checkCommittedProtection(int protection) {
        if (protection == Protection.ZERO_ACCESS) {
            throw new IllegalArgumentException("a committed software PTE needs a protection of 1..31: with protection 0"
                    + " (ZERO_ACCESS) it would read as a LIST PTE");
        }
        return Protection.check(protection);
    }

    /** Returns {@code pte} if it is valid. */
    private static long requireHardware(long pte, String operation) {
        if ((pte & VALID) == 0) {
            throw wrongKind(pte, operation, "a valid");
        }
        return pte;
    }

    /** Returns {@code pte} if it is valid or in transition: the formats with a page frame number. */
    private static long requireFrame(long pte, String operation) {
        if ((pte & VALID) == 0 && !isTransition(pte)) {
            throw wrongKind(pte, operation, "a valid or transition");
        }
        return pte;
    }

    private static long requirePrototype(long pte, String operation) {
        if (!isPrototype(pte)) {
            throw wrongKind(pte, operation, "a prototype");
        }
        return pte;
    }

    private static void requireSoftware(long pte, String operation) {
        PteKind kind = classify(pte);
        if (kind != PteKind.PAGING_FILE && kind != PteKind.DEMAND_ZERO) {
            throw wrongKind(pte, operation, "a paging-file or demand-zero");
        }
    }

    private static void requireList(long pte, String operation) {
        if (classify(pte) != PteKind.LIST) {
            throw wrongKind(pte, operation, "a list");
        }
    }

    private static IllegalArgumentException wrongKind(long pte, String operation, String expected) {
        return new IllegalArgumentException(operation + " needs " + expected + " PTE, but " + Hex.windbg(pte)
                + " is a " + classify(pte).displayName() + " PTE (" + describe(pte) + ")");
    }
}
