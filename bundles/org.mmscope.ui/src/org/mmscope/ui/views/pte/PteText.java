package org.mmscope.ui.views.pte;

import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.model.VadInfo;
import org.mmscope.model.text.ModelLabels;
import org.mmscope.sim.pte.Pte;
import org.mmscope.ui.views.pfn.PfnColumn;

/** The walker's texts: raw values WinDbg-style and the decoding of valid and invalid entries. */
public final class PteText {

    private PteText() {
    }

    /** The raw value as WinDbg prints it: {@code 0a000000`1b2c3867}. */
    public static String raw(long value) {
        return ModelLabels.address(value);
    }

    /** The PFN column: the page a valid or transition entry names, else "". */
    public static String pfn(PteEntry entry) {
        if (entry == null) {
            return "";
        }
        return entry.getKind() == PteKind.VALID || entry.getKind() == PteKind.TRANSITION
                ? "0x" + Long.toHexString(entry.getPfn()) : "";
    }

    /** WinDbg's flag letters of a valid entry ({@code ---DA--UWEV}), else "". */
    public static String flags(PteEntry entry) {
        return entry != null && entry.getKind() == PteKind.VALID ? Pte.flags(entry.getValue()) : "";
    }

    /**
     * What the entry of a walk means; a zero entry is explained by the VAD that covers the address (NT:
     * MiCheckVirtualAddress): demand zero for committed private memory, the prototype PTE for a view.
     */
    public static String decode(Machine machine, Process process, long va, PteEntry entry) {
        if (entry != null) {
            return decode(machine, entry);
        }
        for (VadInfo vad : process.getVads()) {
            if (Long.compareUnsigned(va, vad.getStart()) >= 0 && Long.compareUnsigned(va, vad.getEnd()) < 0) {
                String range = ModelLabels.address(vad.getStart()) + "-" + ModelLabels.address(vad.getEnd() - 1);
                return vad.getSectionId() >= 0
                        ? "Zero: in the view " + range + " of section " + vad.getSectionId()
                                + "; the first access fills it from the prototype PTE"
                        : "Zero: demand zero through the VAD " + range + " " + vad.getProtectionName()
                                + " (committed, never touched)";
            }
        }
        return "Zero: no VAD covers this address (an access is an access violation)";
    }

    /** What an entry means, e.g. "Transition: pfn 0x12 on Standby, protection READWRITE". */
    public static String decode(Machine machine, PteEntry entry) {
        if (entry == null) {
            return "Zero: not present (never committed here, or released)";
        }
        long value = entry.getValue();
        return switch (entry.getKind()) {
            case VALID -> String.format("Valid: pfn 0x%x %s%s", entry.getPfn(), Pte.flags(value), page(machine,
                    entry.getPfn()));
            case TRANSITION -> String.format("Transition: pfn 0x%x%s, protection %s", entry.getPfn(),
                    page(machine, entry.getPfn()), ModelLabels.protection(entry.getProtection()));
            case PAGE_FILE -> String.format("Paging file %d, page 0x%x (byte offset 0x%x), protection %s",
                    Pte.pageFileNumber(value), entry.getPageFileOffset(), entry.getPageFileOffset() << 12,
                    ModelLabels.protection(entry.getProtection()));
            case DEMAND_ZERO -> "Demand zero, protection " + ModelLabels.protection(entry.getProtection());
            case PROTOTYPE -> {
                ControlArea section = sectionOf(machine, entry.getPrototypeAddress());
                yield "Prototype: the page is described by the prototype PTE at "
                        + ModelLabels.address(entry.getPrototypeAddress())
                        + (section == null ? "" : " (section " + section.getName() + ")")
                        + (Pte.isPrototypeReadOnly(value) ? ", read-only" : "");
            }
            case LIST -> "Free-list link: " + entry.getDescription();
            case ZERO -> "Zero: not present";
        };
    }

    private static String page(Machine machine, long pfn) {
        if (machine.getPfnDatabase() == null || pfn < 0 || pfn >= machine.getPfnDatabase().getEntries().size()) {
            return "";
        }
        PfnEntry page = machine.getPfnDatabase().getEntries().get((int) pfn);
        return page.getPfn() == pfn ? " on " + PfnColumn.listName(page.getLocation()) : "";
    }

    /** The section whose prototype PTEs include {@code address}, or null. */
    public static ControlArea sectionOf(Machine machine, long address) {
        for (ControlArea section : machine.getSections()) {
            if (prototype(section, address) != null) {
                return section;
            }
        }
        return null;
    }

    /** The prototype PTE at {@code address} in any section, or null (zero prototypes are not in the model). */
    public static PteEntry prototype(Machine machine, long address) {
        for (ControlArea section : machine.getSections()) {
            PteEntry entry = prototype(section, address);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private static PteEntry prototype(ControlArea section, long address) {
        for (PteEntry entry : section.getPrototypes()) {
            if (entry.getVirtualAddress() == address) {
                return entry;
            }
        }
        return null;
    }
}
