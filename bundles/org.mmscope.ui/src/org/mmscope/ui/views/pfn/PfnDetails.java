package org.mmscope.ui.views.pfn;

import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.text.ModelLabels;
import org.mmscope.sim.pte.Pte;

/**
 * The decoded MMPFN of one page, field by field under NT's names (WinDbg's {@code dt nt!_MMPFN} and
 * {@code !pfn} in one), and the links the details pane offers.
 */
public final class PfnDetails {

    private PfnDetails() {
    }

    /** The decoded entry, one field a line. */
    public static String text(PfnEntry e, Owners owners) {
        StringBuilder t = new StringBuilder(512);
        PageList list = e.getLocation();
        line(t, "PFN", String.format("0x%x (physical address 0x%x)", e.getPfn(), (long) e.getPfn() << 12));
        line(t, "PageLocation", PfnColumn.listName(list) + (list == PageList.STANDBY ? ", priority " + e.getPriority()
                : ""));
        boolean onList = list.getValue() <= PageList.BAD_VALUE;
        if (onList) {
            line(t, "u1.Flink", link(e.getFlink()));
            line(t, "u2.Blink", link(e.getBlink()));
        } else {
            if (e.isReadInProgress()) {
                line(t, "u1.Event", "in-page event " + e.getInPageEvent());
            } else {
                line(t, "u1.WsIndex", Integer.toString(e.getWsIndex()));
            }
            line(t, "u2.ShareCount", Integer.toString(e.getShareCount()));
        }
        line(t, "u3.ReferenceCount", Integer.toString(e.getReferenceCount()));
        StringBuilder flags = new StringBuilder();
        for (PfnFlag flag : PfnFlag.values()) {
            if (flag.isSet(e)) {
                flags.append(flags.isEmpty() ? "" : " ").append(flag.ntName()).append(" (").append(flag.letter())
                        .append(')');
            }
        }
        line(t, "u3.e1 flags", flags.isEmpty() ? "none" : flags.toString());
        line(t, "u3.e1.Priority", Integer.toString(e.getPriority()));
        line(t, "u3.e1.CacheAttribute", Integer.toString(e.getCacheAttribute()));
        line(t, "Colour", Integer.toString(e.getColour()));
        line(t, "PteAddress", e.getPteAddress() == 0 ? "none" : ModelLabels.address(e.getPteAddress())
                + (e.getVirtualAddress() >= 0 ? "  (maps VA " + ModelLabels.address(e.getVirtualAddress()) + ")" : ""));
        line(t, "OriginalPte", String.format("0x%016x  %s", e.getOriginalPte(), Pte.describe(e.getOriginalPte())));
        line(t, "u4.PteFrame", String.format("0x%x", e.getPteFrame()));
        line(t, "Owner", e.getOwnerKind() == OwnerKind.NONE ? "none" : owners.of(e) + " (" + e.getOwnerKind().getName()
                + ")");
        if (e.isDeleted()) {
            line(t, "Deleted", "yes (PteAddress low bit: the PTE is being torn down)");
        }
        return t.toString();
    }

    private static String link(int pfn) {
        return pfn < 0 || pfn == 0xFFFF_FFFF ? "end of list" : String.format("0x%x", pfn);
    }

    private static void line(StringBuilder t, String name, String value) {
        t.append(String.format("%-22s %s%n", name, value));
    }
}
