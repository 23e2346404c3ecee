package org.mmscope.ui.views.pte;

import java.util.ArrayList;
import java.util.List;

import org.mmscope.model.Cpu;
import org.mmscope.model.Machine;
import org.mmscope.model.TlbEntry;
import org.mmscope.sim.pte.Pte;

/** The TLB entries that translate one page of one address space, per CPU, and whether they are stale. */
public final class TlbLookup {

    /**
     * @param cpu   the processor
     * @param entry its entry for the page
     * @param stale true when the entry no longer agrees with the PTE (not valid any more, or another PFN)
     */
    public record Hit(int cpu, TlbEntry entry, boolean stale) {
    }

    private TlbLookup() {
    }

    /** The hits for {@code walk}'s page, on every CPU. */
    public static List<Hit> of(Machine machine, PteWalk walk) {
        List<Hit> hits = new ArrayList<>();
        long page = walk.va() & ~0xFFFL;
        for (Cpu cpu : machine.getCpus()) {
            for (TlbEntry entry : cpu.getTlbEntries()) {
                boolean sameSpace = entry.getAddressSpace() == walk.process().getPml4Pfn() || entry.isGlobal();
                if (sameSpace && (entry.getVirtualAddress() & ~0xFFFL) == page) {
                    hits.add(new Hit(cpu.getNumber(), entry, staleness(entry, walk) != null));
                }
            }
        }
        return hits;
    }

    /**
     * Why a TLB entry allows what the page tables no longer do (what the invariant checker calls a
     * stale TLB entry), or null: another page, or a Write, User or execute right the PTE took away.
     */
    static String staleness(TlbEntry entry, PteWalk walk) {
        if (!walk.isMapped()) {
            return "the PTE is not valid";
        }
        if (entry.getPfn() != walk.pfn()) {
            return String.format("the PTE maps pfn 0x%x", walk.pfn());
        }
        long pte = walk.last().value();
        if (entry.isWritable() && !Pte.isWritable(pte)) {
            return "the PTE is read-only";
        }
        if (entry.isUser() && !Pte.isUser(pte)) {
            return "the PTE is kernel-only";
        }
        if (!entry.isNoExecute() && Pte.isNoExecute(pte)) {
            return "the PTE is no-execute";
        }
        return null;
    }

    /** "CPU0 none | CPU1 pfn 0x2a W U (stale: the PTE is not valid)". */
    public static String text(Machine machine, List<Hit> hits, PteWalk walk) {
        StringBuilder text = new StringBuilder("TLB: ");
        for (Cpu cpu : machine.getCpus()) {
            if (text.length() > 5) {
                text.append(" | ");
            }
            text.append("CPU").append(cpu.getNumber()).append(' ');
            boolean any = false;
            for (Hit hit : hits) {
                if (hit.cpu() == cpu.getNumber()) {
                    any = true;
                    TlbEntry e = hit.entry();
                    text.append(String.format("pfn 0x%x%s%s%s", e.getPfn(), e.isWritable() ? " W" : " R",
                            e.isUser() ? " U" : " K", e.isDirty() ? " D" : ""));
                    if (hit.stale()) {
                        text.append(" STALE: ").append(staleness(hit.entry(), walk));
                    }
                }
            }
            if (!any) {
                text.append("none");
            }
        }
        return text.toString();
    }
}
