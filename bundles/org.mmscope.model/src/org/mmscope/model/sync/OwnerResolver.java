package org.mmscope.model.sync;

import java.util.Arrays;
import java.util.BitSet;

import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.section.ControlArea;

/**
 * Works out what each physical page belongs to (the "owner" column of RAMMap): a process's private
 * page, a page-table page of a process, a section's page, a fork's clone page, a kernel page, or
 * nothing. Page-table pages are found by walking every address space from its PML4; any other page
 * is placed by the page table holding its PTE (its PteFrame) or by its prototype PTE.
 *
 * <p>An owner is packed in a {@code long}: the {@link org.mmscope.model.OwnerKind} value in bits
 * 48-55, the section id + 1 in bits 24-47, the process id + 1 in bits 0-23.
 */
final class OwnerResolver {

    static final int NONE = 0;
    static final int PROCESS_PRIVATE = 1;
    static final int PAGE_TABLE = 2;
    static final int SECTION = 3;
    static final int CLONE_BLOCK = 4;
    static final int KERNEL = 5;

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private int[] tableOwner;
    /** The table pages marked by the last walk, and by the one before it (their owners are in tableOwner). */
    private int[] marked = new int[64];
    private int markedCount;
    /** Pages whose table owner differs from the previous walk. */
    private final BitSet changedTables = new BitSet();
    private int systemPid;

    OwnerResolver(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
    }

    /** Walks every address space again; call before asking for owners in a sync. */
    void refresh() {
        if (tableOwner == null) {
            tableOwner = new int[pfns.pageCount()];
            Arrays.fill(tableOwner, -1);
        }
        // forget the last walk's marks (only the table pages, not the whole array), remembering them
        int[] previous = Arrays.copyOf(marked, markedCount);
        int[] previousOwner = new int[previous.length];
        for (int i = 0; i < previous.length; i++) {
            previousOwner[i] = tableOwner[previous[i]];
            tableOwner[previous[i]] = -1;
        }
        markedCount = 0;
        MmProcess system = mm.systemProcess();
        systemPid = system.pid();
        for (MmProcess process : mm.processes()) {
            int pid = process.pid();
            mark(process.pml4(), pid);
            mark(process.workingSetPage(), pid);
            mark(process.hyperspacePageTable(), pid);
            walk(process.pml4(), 4, process == system, pid);
        }
        changedTables.clear();
        for (int i = 0; i < previous.length; i++) {
            if (tableOwner[previous[i]] != previousOwner[i]) {
                changedTables.set(previous[i]);
            }
        }
        BitSet wasMarked = new BitSet();
        for (int pfn : previous) {
            wasMarked.set(pfn);
        }
        for (int i = 0; i < markedCount; i++) {
            if (!wasMarked.get(marked[i])) {
                changedTables.set(marked[i]); // a new table page
            }
        }
    }

    private void walk(int table, int level, boolean kernelHalf, int pid) {
        for (int index = 0; index < 512; index++) {
            if (level == 4 && (index == X64Paging.SELF_MAP_INDEX
                    || (index >= 256 && index != MemoryManager.HYPERSPACE_INDEX && !kernelHalf))) {
                continue; // the self-map is the PML4 itself; the shared kernel half belongs to System
            }
            long entry = mm.tableEntry(table, index);
            if (!Pte.isValid(entry)) {
                continue;
            }
            int child = (int) Pte.pfn(entry);
            if (child < 0 || child >= tableOwner.length) {
                continue;
            }
            mark(child, pid); // a PDPT, PD or PT (no large pages in the simulator)
            if (level > 2) {
                walk(child, level - 1, kernelHalf, pid);
            }
        }
    }

    private void mark(int pfn, int pid) {
        if (pfn >= 0 && pfn < tableOwner.length && tableOwner[pfn] < 0) {
            tableOwner[pfn] = pid;
            if (markedCount == marked.length) {
                marked = Arrays.copyOf(marked, markedCount * 2);
            }
            marked[markedCount++] = pfn;
        }
    }

    /** True if some page table changed hands in the last walk. */
    boolean anyTableOwnerChanged() {
        return !changedTables.isEmpty();
    }

    /** True if {@code pfn}'s owner may have changed only because a page table changed hands. */
    boolean tableOwnerChanged(int pfn) {
        if (changedTables.isEmpty()) {
            return false;
        }
        int frame = pfns.pteFrame(pfn);
        return changedTables.get(pfn) || frame >= 0 && changedTables.get(frame);
    }

    /** The packed owner of {@code pfn}. */
    long ownerOf(int pfn) {
        PageList location = pfns.location(pfn);
        if (location == PageList.ZEROED || location == PageList.FREE || location == PageList.BAD) {
            return pack(NONE, -1, -1);
        }
        if (tableOwner[pfn] >= 0) {
            return pack(PAGE_TABLE, tableOwner[pfn], -1);
        }
        long pteAddress = pfns.pteAddress(pfn);
        if (pfns.isPrototypePte(pfn)) {
            ControlArea area = mm.sections().sectionOfPrototype(pteAddress);
            if (area != null) {
                return pack(SECTION, -1, area.id());
            }
            if (mm.forks().blockOf(pteAddress) != null) {
                return pack(CLONE_BLOCK, mm.forks().blockOf(pteAddress).parentPid(), -1);
            }
            return pack(KERNEL, systemPid, -1);
        }
        if (pteAddress != PfnDatabase.NO_PTE_ADDRESS && X64Paging.isPageTableAddress(pteAddress)
                && (pteAddress & 7) == 0) {
            long va = X64Paging.mappedAddress(pteAddress);
            if (X64Paging.isKernelAddress(va) && !X64Paging.isPageTableAddress(va)) {
                return pack(KERNEL, systemPid, -1);
            }
            int frame = pfns.pteFrame(pfn);
            if (frame >= 0 && frame < tableOwner.length && tableOwner[frame] >= 0) {
                return pack(PROCESS_PRIVATE, tableOwner[frame], -1);
            }
        }
        return pack(pfns.isDeleted(pfn) && location != PageList.ACTIVE_AND_VALID ? NONE : KERNEL,
                location == PageList.ACTIVE_AND_VALID ? systemPid : -1, -1);
    }

    static long pack(int kind, int pid, int section) {
        return ((long) kind << 48) | ((long) (section + 1) & 0xFF_FFFFL) << 24 | ((pid + 1) & 0xFF_FFFFL);
    }

    static int kind(long owner) {
        return (int) (owner >>> 48) & 0xFF;
    }

    static int pid(long owner) {
        return (int) (owner & 0xFF_FFFFL) - 1;
    }

    static int section(long owner) {
        return (int) ((owner >>> 24) & 0xFF_FFFFL) - 1;
    }
}
