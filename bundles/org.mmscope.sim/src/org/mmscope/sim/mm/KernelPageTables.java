package org.mmscope.sim.mm;

import java.io.Serializable;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;

/**
 * The page tables of the kernel half, as the pools use them: every PDPT there exists from boot
 * (see {@code MemoryManager.bootSystemAddressSpace}), so page directories and page tables created
 * below it are seen by every address space at once. Also maps and unmaps the resident (nonpaged)
 * pages of the pools: such a page is ActiveAndValid with reference and share count 1, mapped by one
 * valid, global, kernel-only PTE, and in no working set.
 */
final class KernelPageTables implements Serializable {

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private final PageTableWalker walker;

    KernelPageTables(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
        this.walker = mm.walker();
    }

    private int systemPml4() {
        return mm.systemProcess().pml4;
    }

    /** The page table holding the PTE of {@code va}, or -1 when it does not exist yet. */
    int pageTable(long va) {
        return walker.pageTable(systemPml4(), va);
    }

    /** The PTE of kernel address {@code va} (0 when its page table does not exist). */
    long pte(long va) {
        return walker.pte(systemPml4(), va);
    }

    /** Pages {@link #ensurePageTable(long)} would take for {@code va}: 0, 1 or 2. */
    int pagesToMap(long va) {
        if (walker.table(systemPml4(), va, 2) < 0) {
            return 2;
        }
        return walker.table(systemPml4(), va, 1) < 0 ? 1 : 0;
    }

    /**
     * The page table for {@code va}, creating its page directory and itself (zeroed) when missing.
     *
     * <p>Preconditions: {@code va} is a kernel address whose PDPT exists (a pool region); at least
     * {@link #pagesToMap(long)} pages are available.
     */
    int ensurePageTable(long va) {
        if (!X64Paging.isKernelAddress(va) || walker.table(systemPml4(), va, 3) < 0) {
            throw new IllegalArgumentException(String.format("0x%x is not in a kernel region with a PDPT", va));
        }
        if (pfns.availablePages() < pagesToMap(va)) {
            throw new IllegalStateException("no page available for a kernel page table");
        }
        int table = walker.table(systemPml4(), va, 3);
        for (int level = 3; level > 1; level--) {
            int index = X64Paging.tableIndex(va, level);
            long entry = walker.entry(table, index);
            if (!Pte.isValid(entry)) {
                int page = mm.takeZeroedPage(mm.systemProcess().takeColour());
                long entryVa = X64Paging.entryAddress(va, level);
                pfns.makeActive(page, entryVa, table, 0);
                mm.writePte(table, index, X64Paging.mappedAddress(entryVa), Pte.hardware(page, true, false, false));
                mm.systemProcess().pageTablePages++;
                entry = walker.entry(table, index);
            }
            table = (int) Pte.pfn(entry);
        }
        return table;
    }

    /**
     * Backs kernel page {@code va} with a new resident page (zeroed), mapped read/write.
     *
     * <p>Preconditions: the PTE of {@code va} is zero or demand zero; a page is available.
     *
     * @return the page's PFN
     */
    int mapResident(long va, long originalPte) {
        int pt = ensurePageTable(va);
        int index = X64Paging.tableIndex(va, 1);
        long old = walker.entry(pt, index);
        if (Pte.isValid(old) || Pte.isTransition(old)) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va, old,
                    pt, String.format("kernel page 0x%x is already backed (%s)", va, Pte.describe(old)));
        }
        if (pfns.availablePages() < 1) {
            throw new IllegalStateException("no page available for kernel page " + Long.toHexString(va));
        }
        int pfn = mm.takeZeroedPage(mm.systemProcess().takeColour());
        pfns.makeActive(pfn, X64Paging.entryAddress(va, 1), pt, originalPte);
        pfns.setModified(pfn, true); // its only copy is here
        mm.writePte(pt, index, va, MemoryManager.validPte(pfn, va, Protection.READWRITE));
        return pfn;
    }

    /**
     * Releases the resident page mapping {@code va}: its PTE becomes {@code newPte}, the TLBs forget
     * it and the page goes to the Free list.
     *
     * <p>Preconditions: the PTE of {@code va} is valid and its page is in no working set.
     */
    int unmapResident(long va, long newPte) {
        int pt = pageTable(va);
        int index = X64Paging.tableIndex(va, 1);
        long pte = pt < 0 ? 0 : walker.entry(pt, index);
        if (!Pte.isValid(pte)) {
            throw new BugCheckException(BugCheckCode.PAGE_FAULT_IN_NONPAGED_AREA, va, 0, 0, 0,
                    String.format("releasing kernel page 0x%x whose PTE is %s", va, Pte.describe(pte)));
        }
        int pfn = (int) Pte.pfn(pte);
        mm.writePte(pt, index, va, newPte);
        mm.flushTlb(mm.systemProcess(), va);
        pfns.setModified(pfn, false);
        pfns.setStartOfAllocation(pfn, false);
        pfns.setEndOfAllocation(pfn, false);
        pfns.setVerifierAllocation(pfn, false);
        pfns.markDeleted(pfn);
        PageList to = pfns.decrementShareCount(pfn);
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.ACTIVE_AND_VALID.code(), to.code(), 0);
        return pfn;
    }

    /** Rewrites the PTE of kernel page {@code va} (its page table exists) and flushes it from the TLBs. */
    void rewrite(long va, long value) {
        int pt = pageTable(va);
        if (pt < 0) {
            throw new IllegalStateException(String.format("no page table for 0x%x", va));
        }
        mm.writePte(pt, X64Paging.tableIndex(va, 1), va, value);
        mm.flushTlb(mm.systemProcess(), va);
    }

    /** The virtual address a resident kernel page is mapped at (through its PFN entry's PteAddress). */
    long addressOf(int pfn) {
        return X64Paging.mappedAddress(pfns.pteAddress(pfn));
    }

    /** The PFN behind kernel address {@code va}, or -1 when its PTE is not valid. */
    int pfnAt(long va) {
        long pte = pte(va);
        return Pte.isValid(pte) ? (int) Pte.pfn(pte) : -1;
    }
}
