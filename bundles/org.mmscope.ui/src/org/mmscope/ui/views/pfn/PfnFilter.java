package org.mmscope.ui.views.pfn;

import java.util.EnumSet;
import java.util.Set;

import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;

/**
 * Which PFNs the inspector lists: a page list (or any), an owning process (or any), flags that must all
 * be set, and an inclusive PFN range.
 *
 * @param list     the list, or {@code null} for any
 * @param pid      the owning process (private pages, its page tables and its clone blocks), or -1
 * @param flags    flags that must all be set
 * @param firstPfn the lowest PFN shown
 * @param lastPfn  the highest PFN shown
 */
public record PfnFilter(PageList list, int pid, Set<PfnFlag> flags, long firstPfn, long lastPfn) {

    /** Everything. */
    public static final PfnFilter ALL = new PfnFilter(null, -1, EnumSet.noneOf(PfnFlag.class), 0, Long.MAX_VALUE);

    public PfnFilter {
        flags = flags.isEmpty() ? EnumSet.noneOf(PfnFlag.class) : EnumSet.copyOf(flags);
    }

    public boolean isAll() {
        return list == null && pid < 0 && flags.isEmpty() && firstPfn <= 0 && lastPfn == Long.MAX_VALUE;
    }

    public boolean accepts(PfnEntry e) {
        int pfn = e.getPfn();
        if (pfn < firstPfn || pfn > lastPfn) {
            return false;
        }
        if (list != null && e.getLocation() != list) {
            return false;
        }
        if (pid >= 0 && (e.getOwnerPid() != pid || !ownedByProcess(e.getOwnerKind()))) {
            return false;
        }
        for (PfnFlag flag : flags) {
            if (!flag.isSet(e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ownedByProcess(OwnerKind kind) {
        return kind == OwnerKind.PROCESS_PRIVATE || kind == OwnerKind.PAGE_TABLE || kind == OwnerKind.CLONE_BLOCK;
    }

    public PfnFilter withList(PageList newList) {
        return new PfnFilter(newList, pid, flags, firstPfn, lastPfn);
    }

    public PfnFilter withPid(int newPid) {
        return new PfnFilter(list, newPid, flags, firstPfn, lastPfn);
    }

    public PfnFilter withFlags(Set<PfnFlag> newFlags) {
        return new PfnFilter(list, pid, newFlags, firstPfn, lastPfn);
    }

    public PfnFilter withRange(long first, long last) {
        return new PfnFilter(list, pid, flags, first, last);
    }
}
