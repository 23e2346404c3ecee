package org.mmscope.ui.views.pte;

import org.mmscope.model.PteEntry;

/**
 * One level of a walk: the entry (PXE, PPE, PDE or PTE) that maps the address at that level.
 *
 * @param level        4 (PXE) down to 1 (PTE)
 * @param entryAddress the entry's own virtual address, through the self-map
 * @param tablePfn     the PFN of the table page holding the entry
 * @param entry        the model's entry, or {@code null} when the entry is zero
 * @param value        the raw 64-bit entry (0 when {@code entry} is null)
 */
public record PteStep(int level, long entryAddress, long tablePfn, PteEntry entry, long value) {

    /** WinDbg's name of the level. */
    public String levelName() {
        return switch (level) {
            case 4 -> "PXE";
            case 3 -> "PPE";
            case 2 -> "PDE";
            default -> "PTE";
        };
    }
}
