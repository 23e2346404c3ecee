package org.mmscope.sim.hw;

import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;

/**
 * The x64 memory-management unit: translates virtual addresses through a processor's {@link Tlb}
 * and, on a miss, a 4-level walk of page tables held in {@link PhysicalMemory}.
 *
 * <h2>What it models</h2>
 * <ul>
 * <li><b>TLB first.</b> A hit is used as cached, even if the page tables changed since: a stale
 * translation is the visible effect of a missing flush. A write that hits an entry not yet marked
 * dirty walks again, because the processor must set Dirty in the PTE in memory.</li>
 * <li><b>Walk.</b> PML4 &rarr; PDPT &rarr; PD &rarr; PT; the entry of a level is the 8 bytes at
 * {@code tablePfn * 4096 + index * 8}. An entry with Valid=0 stops the walk with
 * {@link FaultReason#NOT_PRESENT} at that level. A PD entry with LargePage set maps a 2 MiB page
 * (physical address bits 21..47 of the PDE, the PAT bit 12 ignored).</li>
 * <li><b>Rights</b> are those of the whole walk: a write needs Write at every level (CR0.WP=1, so
 * kernel writes too), a user access needs Owner at every level, an instruction fetch needs
 * NoExecute clear at every level (EFER.NXE=1). Kernel accesses to user pages are allowed (no
 * SMEP/SMAP). When several rights are missing the fault names the first of user, write, execute,
 * at the highest level that lacks it. A not-present entry anywhere wins over missing rights.</li>
 * <li><b>Accessed and Dirty.</b> A successful walk sets Accessed in every entry it used (writing
 * back only entries that change) and Dirty in the final entry for a write; the translation then
 * enters the TLB with the combined rights and the final entry's Global bit. A faulting access
 * changes no entry.</li>
 * <li><b>Faults</b> return -1 and leave the details in {@link #lastFault()}; as on real processors,
 * a fault also drops the TLB's translations of the faulting page. A non-canonical address is
 * reported as {@link FaultReason#NON_CANONICAL} (a general-protection fault on hardware).</li>
 * </ul>
 * Not modelled: 1 GiB pages (LargePage in a PDPT entry, or the reserved bit 7 of a PML4 entry, is an
 * {@link IllegalStateException}), caching attributes, paging-structure caches, reserved-bit faults.
 *
 * <p>A page-table entry that names a frame beyond physical memory means corrupt page tables: the
 * machine stops with MEMORY_MANAGEMENT ({@link #FRAME_OUTSIDE_RAM}, address, entry, level).
 *
 * <p>Translating allocates nothing.
 */
public final class Mmu implements Serializable {

    /**
     * MEMORY_MANAGEMENT parameter 1 (simulator-defined): a page-table entry names a frame beyond
     * physical memory. Parameters 2..4: the virtual address, the entry, its level.
     */
    public static final long FRAME_OUTSIDE_RAM = 0x5151;

    /** Physical address bits 21..47 of a PDE that maps a large page. */
    private static final long LARGE_FRAME_MASK = 0x0000_FFFF_FFE0_0000L;
    private static final int PAGE_OFFSET_MASK = X64Paging.PAGE_SIZE - 1;

    private final PhysicalMemory memory;
    private final PageFault fault = new PageFault();
    /** The walk of the current translation, indexed by level: the table PFN and the entry read. */
    private final int[] walkTables = new int[X64Paging.LEVELS + 1];
    private final long[] walkEntries = new long[X64Paging.LEVELS + 1];

    private long translations;
    private long walks;
    private long faults;
    private long lastValue;

    /** An MMU reading page tables from {@code memory}. */
    public Mmu(PhysicalMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** The physical memory the tables and data live in. */
    public PhysicalMemory memory() {
        return memory;
    }

    /** Details of the most recent fault (overwritten by the next one). */
    public PageFault lastFault() {
        return fault;
    }

    /** Translations requested. */
    public long translations() {
        return translations;
    }

    /** Page-table walks made (TLB misses and dirty-bit re-walks). */
    public long walks() {
        return walks;
    }

    /** Translations that faulted. */
    public long faults() {
        return faults;
    }

    /**
     * Translates a virtual address as {@code cpu} would with CR3 holding {@code pml4Pfn}.
     *
     * @return the physical address, or -1 on a fault (details in {@link #lastFault()})
     */
    public long translate(Cpu cpu, int pml4Pfn, long va, Access access, Mode mode) {
        if (cpu == null || access == null || mode == null) {
            throw new IllegalArgumentException("translate needs a cpu, an access and a mode");
        }
        checkTablePfn(pml4Pfn);
        translations++;
        if (!X64Paging.isCanonical(va)) {
            return fail(cpu, pml4Pfn, va, access, mode, 0, 0, FaultReason.NON_CANONICAL, false);
        }
        Tlb tlb = cpu.tlb();
        int slot = tlb.lookup(pml4Pfn, va);
        if (slot >= 0) {
            int attributes = tlb.attributes(slot);
            FaultReason denied = deniedByAttributes(attributes, access, mode);
            if (denied != null) {
                return fail(cpu, pml4Pfn, va, access, mode, (attributes & Tlb.LARGE_PAGE) != 0 ? 2 : 1,
                        cachedAsPte(tlb, slot, attributes), denied, true);
            }
            if (access != Access.WRITE || (attributes & Tlb.DIRTY) != 0) {
                return (tlb.pfnFor(slot, va) << X64Paging.PAGE_SHIFT) | (va & PAGE_OFFSET_MASK);
            }
        }
        return walk(cpu, pml4Pfn, va, access, mode);
    }

    /**
     * Reads the 8 bytes at an 8-byte aligned virtual address (the value is then {@link #lastValue()}).
     *
     * @return false on a fault (details in {@link #lastFault()})
     */
    public boolean readLong(Cpu cpu, int pml4Pfn, long va, Mode mode) {
        checkAligned(va);
        long pa = translate(cpu, pml4Pfn, va, Access.READ, mode);
        if (pa < 0) {
            return false;
        }
        lastValue = memory.readLong((int) (pa >>> X64Paging.PAGE_SHIFT), (int) (pa & PAGE_OFFSET_MASK));
        return true;
    }

    /**
     * Writes 8 bytes at an 8-byte aligned virtual address.
     *
     * @return false on a fault (details in {@link #lastFault()}); memory is then unchanged
     */
    public boolean writeLong(Cpu cpu, int pml4Pfn, long va, long value, Mode mode) {
        checkAligned(va);
        long pa = translate(cpu, pml4Pfn, va, Access.WRITE, mode);
        if (pa < 0) {
            return false;
        }
        memory.writeLong((int) (pa >>> X64Paging.PAGE_SHIFT), (int) (pa & PAGE_OFFSET_MASK), value);
        return true;
    }

    /** The value the last successful {@link #readLong} read. */
    public long lastValue() {
        return lastValue;
    }

    private long walk(Cpu cpu, int pml4Pfn, long va, Access access, Mode mode) {
        walks++;
        int table = pml4Pfn;
        int leafLevel = 1;
        for (int level = X64Paging.LEVELS; level >= 1; level--) {
            long entry = memory.readLong(table, X64Paging.tableIndex(va, level) * X64Paging.PTE_SIZE);
            walkTables[level] = table;
            walkEntries[level] = entry;
            if ((entry & Pte.VALID) == 0) {
                return fail(cpu, pml4Pfn, va, access, mode, level, entry, FaultReason.NOT_PRESENT, false);
            }
            if ((entry & Pte.LARGE_PAGE) != 0 && level > 1) {
                if (level != 2) {
                    throw new IllegalStateException(String.format(
                            "LargePage set in the level-%d entry 0x%016x for 0x%016x: 1 GiB pages are not modelled",
                            level, entry, va));
                }
                leafLevel = 2;
                break;
            }
            if (level > 1) {
                table = frameOf(Pte.pfn(entry), va, entry, level);
            }
        }
        long leaf = walkEntries[leafLevel];
        long pfn = leafLevel == 2
                ? ((leaf & LARGE_FRAME_MASK) >>> X64Paging.PAGE_SHIFT) + X64Paging.tableIndex(va, 1)
                : Pte.pfn(leaf);
        frameOf(pfn, va, leaf, leafLevel);

        FaultReason denied = null;
        int deniedLevel = 0;
        if (mode == Mode.USER) {
            deniedLevel = firstLevelWithout(Pte.OWNER, leafLevel);
            denied = deniedLevel > 0 ? FaultReason.USER_ACCESS_TO_KERNEL : null;
        }
        if (denied == null && access == Access.WRITE) {
            deniedLevel = firstLevelWithout(Pte.WRITE, leafLevel);
            denied = deniedLevel > 0 ? FaultReason.WRITE_PROTECTED : null;
        }
        if (denied == null && access == Access.EXECUTE) {
            deniedLevel = firstLevelWith(Pte.NO_EXECUTE, leafLevel);
            denied = deniedLevel > 0 ? FaultReason.NO_EXECUTE : null;
        }
        if (denied != null) {
            return fail(cpu, pml4Pfn, va, access, mode, deniedLevel, walkEntries[deniedLevel], denied, false);
        }

        int attributes = Tlb.WRITABLE | Tlb.USER;
        for (int level = X64Paging.LEVELS; level >= leafLevel; level--) {
            long entry = walkEntries[level];
            long updated = entry | Pte.ACCESSED;
            if (level == leafLevel && access == Access.WRITE) {
                updated |= Pte.DIRTY;
            }
            if (updated != entry) {
                memory.writeLong(walkTables[level], X64Paging.tableIndex(va, level) * X64Paging.PTE_SIZE, updated);
            }
            if ((entry & Pte.WRITE) == 0) {
                attributes &= ~Tlb.WRITABLE;
            }
            if ((entry & Pte.OWNER) == 0) {
                attributes &= ~Tlb.USER;
            }
            if ((entry & Pte.NO_EXECUTE) != 0) {
                attributes |= Tlb.NO_EXECUTE;
            }
            if (level == leafLevel) {
                if ((updated & Pte.DIRTY) != 0) {
                    attributes |= Tlb.DIRTY;
                }
                if ((entry & Pte.GLOBAL) != 0) {
                    attributes |= Tlb.GLOBAL;
                }
            }
        }
        if (leafLevel == 2) {
            attributes |= Tlb.LARGE_PAGE;
            cpu.tlb().insertTranslation(pml4Pfn, va, (leaf & LARGE_FRAME_MASK) >>> X64Paging.PAGE_SHIFT, attributes);
        } else {
            cpu.tlb().insertTranslation(pml4Pfn, va, pfn, attributes);
        }
        return (pfn << X64Paging.PAGE_SHIFT) | (va & PAGE_OFFSET_MASK);
    }

    private int firstLevelWithout(long bit, int leafLevel) {
        for (int level = X64Paging.LEVELS; level >= leafLevel; level--) {
            if ((walkEntries[level] & bit) == 0) {
                return level;
            }
        }
        return 0;
    }

    private int firstLevelWith(long bit, int leafLevel) {
        for (int level = X64Paging.LEVELS; level >= leafLevel; level--) {
            if ((walkEntries[level] & bit) != 0) {
                return level;
            }
        }
        return 0;
    }

    private static FaultReason deniedByAttributes(int attributes, Access access, Mode mode) {
        if (mode == Mode.USER && (attributes & Tlb.USER) == 0) {
            return FaultReason.USER_ACCESS_TO_KERNEL;
        }
        if (access == Access.WRITE && (attributes & Tlb.WRITABLE) == 0) {
            return FaultReason.WRITE_PROTECTED;
        }
        if (access == Access.EXECUTE && (attributes & Tlb.NO_EXECUTE) != 0) {
            return FaultReason.NO_EXECUTE;
        }
        return null;
    }

    /** The cached translation in the hardware PTE format, for the fault report. */
    private static long cachedAsPte(Tlb tlb, int slot, int attributes) {
        long pte = Pte.VALID | Pte.ACCESSED | (tlb.pfn(slot) << X64Paging.PAGE_SHIFT);
        if ((attributes & Tlb.WRITABLE) != 0) {
            pte |= Pte.WRITE;
        }
        if ((attributes & Tlb.USER) != 0) {
            pte |= Pte.OWNER;
        }
        if ((attributes & Tlb.DIRTY) != 0) {
            pte |= Pte.DIRTY;
        }
        if ((attributes & Tlb.GLOBAL) != 0) {
            pte |= Pte.GLOBAL;
        }
        if ((attributes & Tlb.LARGE_PAGE) != 0) {
            pte |= Pte.LARGE_PAGE;
        }
        if ((attributes & Tlb.NO_EXECUTE) != 0) {
            pte |= Pte.NO_EXECUTE;
        }
        return pte;
    }

    private long fail(Cpu cpu, int pml4Pfn, long va, Access access, Mode mode, int level, long entry,
            FaultReason reason, boolean fromTlb) {
        faults++;
        fault.record(va, access, mode, pml4Pfn, cpu.number(), level, entry, reason, fromTlb);
        if (reason != FaultReason.NON_CANONICAL) {
            cpu.tlb().invalidatePage(pml4Pfn, va);
        }
        return -1;
    }

    /** The frame an entry names, which must exist: corrupt page tables stop the machine. */
    private int frameOf(long pfn, long va, long entry, int level) {
        if (pfn >= memory.pageCount()) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, FRAME_OUTSIDE_RAM, va, entry, level,
                    String.format("the level-%d entry 0x%016x for 0x%016x names frame 0x%x beyond physical memory "
                            + "(0x%x frames)", level, entry, va, pfn, memory.pageCount()));
        }
        return (int) pfn;
    }

    private void checkTablePfn(int pml4Pfn) {
        if (pml4Pfn < 0 || pml4Pfn >= memory.pageCount()) {
            throw new IllegalArgumentException(String.format(
                    "the PML4 frame 0x%x is outside physical memory (0..0x%x)", pml4Pfn, memory.pageCount() - 1));
        }
    }

    private static void checkAligned(long va) {
        if ((va & 7) != 0) {
            throw new IllegalArgumentException(String.format(
                    "an 8-byte access needs an 8-byte aligned address, not 0x%016x", va));
        }
    }
}
