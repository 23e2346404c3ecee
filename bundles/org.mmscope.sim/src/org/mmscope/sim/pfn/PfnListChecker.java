package org.mmscope.sim.pfn;

import java.util.ArrayList;
import java.util.List;

/**
 * The consistency check behind {@link PfnDatabase#checkLists()}: the PFN database part of the
 * invariants of mm-behaviour.md section 6. It walks every physical list once from its head and then
 * every entry once, so it is O(pages + slots); it allocates one bit per page and the result.
 *
 * <p>What it checks: each list's links are symmetric and end where the head says; each list's total
 * equals the pages linked on it; per-colour and per-priority totals add up to the list totals; every
 * listed page's location, colour and priority match the list it is linked on, its reference count is
 * 0 and its flags fit the list; every page whose location is a list is linked on it exactly once;
 * active pages are mapped and referenced, transition pages are not mapped; the per-location counters
 * equal the pages found and add up to the page count.
 */
final class PfnListChecker {

    /** Violations reported in full; the rest are counted. */
    static final int MAX_VIOLATIONS = 100;

    private final PfnDatabase db;
    private final PageListHeads heads;
    private final long[] linked;
    private final List<String> violations = new ArrayList<>();
    private int suppressed;

    PfnListChecker(PfnDatabase db, PageListHeads heads) {
        this.db = db;
        this.heads = heads;
        this.linked = new long[(db.pageCount() + 63) >>> 6];
    }

    /** Runs every check and returns the violations found, empty when the database is consistent. */
    List<String> check() {
        int[] slotSums = new int[PageList.LINKED_COUNT];
        for (int slot = 0; slot < heads.slotCount(); slot++) {
            walk(slot);
            slotSums[heads.listOf(slot).code()] += heads.total(slot);
        }
        for (int code = 0; code < PageList.LINKED_COUNT; code++) {
            if (slotSums[code] != heads.listTotal(code)) {
                report("%s: the colour/priority totals add up to %d but the list total is %d",
                        PageList.fromCode(code).ntName(), slotSums[code], heads.listTotal(code));
            }
        }
        checkEntries();
        if (suppressed > 0) {
            violations.add("... and " + suppressed + " more violations");
        }
        return violations;
    }

    private void walk(int slot) {
        PageList list = heads.listOf(slot);
        String name = heads.describe(slot);
        int previous = PageListHeads.END;
        int count = 0;
        int pfn = heads.first(slot);
        while (pfn != PageListHeads.END) {
            if (pfn < 0 || pfn >= db.pageCount()) {
                report("%s: link 0x%x after PFN 0x%x is outside the database", name, pfn, previous);
                break;
            }
            if (isLinked(pfn)) {
                report("%s: PFN 0x%x is reached twice (a cycle or a page on two lists)", name, pfn);
                break;
            }
            markLinked(pfn);
            count++;
            checkListedEntry(slot, list, name, pfn, previous);
            previous = pfn;
            pfn = db.rawU1(pfn);
        }
        if (heads.last(slot) != previous) {
            report("%s: the tail is 0x%x but the walk from the head ends at 0x%x", name, heads.last(slot), previous);
        }
        if (count != heads.total(slot)) {
            report("%s: total is %d but %d pages are linked", name, heads.total(slot), count);
        }
    }

    private void checkListedEntry(int slot, PageList list, String name, int pfn, int previous) {
        int location = db.locationCode(pfn);
        if (location != list.code()) {
            report("%s: PFN 0x%x is linked here but its location is %s", name, pfn,
                    PageList.fromCode(location).ntName());
        } else if (db.slotOfListed(pfn) != slot) {
            report("%s: PFN 0x%x (colour %d, priority %d) is linked on the wrong colour or priority list", name, pfn,
                    db.colour(pfn), db.priority(pfn));
        }
        if (db.rawU2(pfn) != previous) {
            report("%s: PFN 0x%x has backward link 0x%x but follows 0x%x", name, pfn, db.rawU2(pfn), previous);
        }
        if (db.referenceCount(pfn) != 0) {
            report("%s: PFN 0x%x has reference count %d", name, pfn, db.referenceCount(pfn));
        }
        int flags = db.flags(pfn);
        if ((flags & (PfnFlags.READ_IN_PROGRESS | PfnFlags.WRITE_IN_PROGRESS)) != 0) {
            report("%s: PFN 0x%x has I/O in progress", name, pfn);
        }
        boolean modified = (flags & PfnFlags.MODIFIED) != 0;
        switch (list) {
            case ZEROED, FREE, STANDBY -> {
                if (modified) {
                    report("%s: PFN 0x%x is modified", name, pfn);
                }
            }
            case MODIFIED, MODIFIED_NO_WRITE -> {
                if (!modified) {
                    report("%s: PFN 0x%x is not modified", name, pfn);
                }
            }
            default -> {
            }
        }
        if ((list == PageList.STANDBY || list == PageList.MODIFIED || list == PageList.MODIFIED_NO_WRITE)
                && db.isDeleted(pfn)) {
            report("%s: PFN 0x%x has no PTE that could take it back", name, pfn);
        }
    }

    private void checkEntries() {
        int[] found = new int[PageList.values().length];
        for (int pfn = 0; pfn < db.pageCount(); pfn++) {
            int location = db.locationCode(pfn);
            found[location]++;
            PageList list = PageList.fromCode(location);
            if (list.isLinked()) {
                if (!isLinked(pfn)) {
                    report("PFN 0x%x says %s but is not linked on it", pfn, list.ntName());
                }
            } else if (location == PageList.ACTIVE_AND_VALID.code()) {
                if (db.rawU2(pfn) < 1 || db.referenceCount(pfn) < 1) {
                    report("PFN 0x%x is ActiveAndValid with share count %d and reference count %d", pfn,
                            db.rawU2(pfn), db.referenceCount(pfn));
                }
            } else if (db.rawU2(pfn) != 0) {
                report("PFN 0x%x is in Transition with share count %d", pfn, db.rawU2(pfn));
            }
        }
        long sum = 0;
        for (int code = 0; code < found.length; code++) {
            PageList list = PageList.fromCode(code);
            sum += db.countedAt(code);
            if (found[code] != db.countedAt(code)) {
                report("%s: %d pages have this location but the counter says %d", list.ntName(), found[code],
                        db.countedAt(code));
            }
            if (list.isLinked() && found[code] != heads.listTotal(code)) {
                report("%s: %d pages have this location but the list total is %d", list.ntName(), found[code],
                        heads.listTotal(code));
            }
        }
        if (sum != db.pageCount()) {
            report("the location counters add up to %d, not the page count %d", sum, db.pageCount());
        }
    }

    private boolean isLinked(int pfn) {
        return (linked[pfn >>> 6] & (1L << pfn)) != 0;
    }

    private void markLinked(int pfn) {
        linked[pfn >>> 6] |= 1L << pfn;
    }

    private void report(String format, Object... arguments) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(String.format(format, arguments));
        } else {
            suppressed++;
        }
    }
}
