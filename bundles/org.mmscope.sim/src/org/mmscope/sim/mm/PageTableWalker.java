package org.mmscope.sim.mm;

import java.io.Serializable;

import org.mmscope.sim.hw.PhysicalMemory;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;

/**
 * Walks a process's page tables in simulated physical memory the way software does (not through the
 * TLB): finds the page-table page holding the PTE of a virtual address.
 */
final class PageTableWalker implements Serializable {

    static final int NONE = -1;

    private final PhysicalMemory memory;

    PageTableWalker(PhysicalMemory memory) {
        this.memory = memory;
    }

    /** The entry at {@code index} of the table in {@code tablePfn}. */
    long entry(int tablePfn, int index) {
        return memory.readLong(tablePfn, index * X64Paging.PTE_SIZE);
    }

    /**
     * The PFN of the table of {@code level} (3 = PDPT, 2 = PD, 1 = page table) for {@code va}, or
     * {@link #NONE} when an entry above it is not valid.
     */
    int table(int pml4, long va, int level) {
        int table = pml4;
        for (int above = 4; above > level; above--) {
            long entry = entry(table, X64Paging.tableIndex(va, above));
            if (!Pte.isValid(entry)) {
                return NONE;
            }
            table = (int) Pte.pfn(entry);
        }
        return table;
    }

    /** The PFN of the page table (level 1) for {@code va}, or {@link #NONE}. */
    int pageTable(int pml4, long va) {
        return table(pml4, va, 1);
    }

    /** The PTE of {@code va}, or 0 when its page table does not exist. */
    long pte(int pml4, long va) {
        int pt = pageTable(pml4, va);
        return pt == NONE ? 0 : entry(pt, X64Paging.tableIndex(va, 1));
    }
}
