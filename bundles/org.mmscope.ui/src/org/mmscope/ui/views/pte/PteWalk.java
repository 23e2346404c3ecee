package org.mmscope.ui.views.pte;

import java.util.ArrayList;
import java.util.List;

import org.mmscope.model.Machine;
import org.mmscope.model.PageTable;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.sim.pte.X64Paging;

/**
 * The four-level walk of one virtual address through a process's page tables in the model, as the
 * hardware (and WinDbg's {@code !pte}) does it: PXE, PPE, PDE, PTE, stopping at the first entry that is
 * not valid. NT: MiGetPxeAddress .. MiGetPteAddress give the entries' self-map addresses.
 *
 * @param process the process whose address space was walked (System for kernel addresses of others)
 * @param va      the address
 * @param steps   the levels walked, PXE first
 */
public record PteWalk(Process process, long va, List<PteStep> steps) {

    /**
     * Walks {@code va} in {@code process}. Kernel addresses are walked in the System process's tables
     * when {@code process} has none for them (the kernel half is shared).
     */
    public static PteWalk of(Machine machine, Process process, long va) {
        PteWalk walk = walk(process, va);
        Process system = system(machine);
        if (X64Paging.isKernelAddress(va) && walk.steps.get(0).entry() == null && system != null
                && system != process) {
            return walk(system, va);
        }
        return walk;
    }

    private static PteWalk walk(Process space, long va) {
        List<PteStep> steps = new ArrayList<>(4);
        long tablePfn = space.getPml4Pfn();
        for (int level = 4; level >= 1; level--) {
            PageTable table = table(space, level, tablePfn);
            int index = X64Paging.tableIndex(va, level);
            PteEntry entry = table == null ? null : entryAt(table, index);
            long value = entry == null ? 0 : entry.getValue();
            steps.add(new PteStep(level, X64Paging.entryAddress(va, level), tablePfn, entry, value));
            if (entry == null || entry.getKind() != PteKind.VALID) {
                break;
            }
            tablePfn = entry.getPfn();
        }
        return new PteWalk(space, va, List.copyOf(steps));
    }

    /** The last entry walked: the PTE, or the first invalid entry above it. */
    public PteStep last() {
        return steps.get(steps.size() - 1);
    }

    /** True when the walk reached a valid PTE. */
    public boolean isMapped() {
        PteStep last = last();
        return last.level() == 1 && last.entry() != null && last.entry().getKind() == PteKind.VALID;
    }

    /** The PFN the address translates to (valid) or waits on (transition), else -1. */
    public long pfn() {
        PteStep last = last();
        if (last.level() != 1 || last.entry() == null) {
            return -1;
        }
        PteKind kind = last.entry().getKind();
        return kind == PteKind.VALID || kind == PteKind.TRANSITION ? last.entry().getPfn() : -1;
    }

    static Process system(Machine machine) {
        for (Process p : machine.getProcesses()) {
            if (p.getPid() == 4 || "System".equalsIgnoreCase(p.getName())) {
                return p;
            }
        }
        return null;
    }

    /** The table of {@code level} with page {@code pfn} (any table of that level for -1), or null. */
    private static PageTable table(Process process, int level, long pfn) {
        for (PageTable table : process.getPageTables()) {
            if (table.getLevel() == level && (pfn < 0 || table.getPfn() == pfn)) {
                return table;
            }
        }
        return null;
    }

    private static PteEntry entryAt(PageTable table, int index) {
        for (PteEntry entry : table.getEntries()) {
            if (entry.getIndex() == index) {
                return entry;
            }
        }
        return null;
    }
}
