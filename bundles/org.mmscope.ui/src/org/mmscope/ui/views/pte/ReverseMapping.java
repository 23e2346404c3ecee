package org.mmscope.ui.views.pte;

import java.util.ArrayList;
import java.util.List;

import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.PageTable;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;

/** From a PFN to the virtual addresses that map it: every valid or transition PTE naming it. */
public final class ReverseMapping {

    /**
     * One mapping.
     *
     * @param owner   the process name and pid, or "section NAME" for a prototype PTE
     * @param pid     the process's pid, -1 for a prototype PTE
     * @param level   the entry's level (1 for a PTE: the page is data; higher: the page is a table)
     * @param entry   the PTE (or prototype PTE)
     */
    public record Mapping(String owner, int pid, int level, PteEntry entry) {
    }

    private ReverseMapping() {
    }

    public static List<Mapping> of(Machine machine, long pfn) {
        List<Mapping> result = new ArrayList<>();
        for (Process process : machine.getProcesses()) {
            for (PageTable table : process.getPageTables()) {
                for (PteEntry entry : table.getEntries()) {
                    if (names(entry, pfn)) {
                        result.add(new Mapping(process.getName() + " (" + process.getPid() + ")", process.getPid(),
                                table.getLevel(), entry));
                    }
                }
            }
        }
        for (ControlArea section : machine.getSections()) {
            for (PteEntry entry : section.getPrototypes()) {
                if (names(entry, pfn)) {
                    result.add(new Mapping("section " + section.getName(), -1, 0, entry));
                }
            }
        }
        return result;
    }

    private static boolean names(PteEntry entry, long pfn) {
        PteKind kind = entry.getKind();
        return (kind == PteKind.VALID || kind == PteKind.TRANSITION) && entry.getPfn() == pfn;
    }
}
