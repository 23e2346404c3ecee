package org.mmscope.sim.pfn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The list heads of the PFN database (NT: MMPFNLIST): first page, last page and total of every
 * physical list, and the doubly linked list operations on the link arrays they share with
 * {@link PfnDatabase}.
 *
 * <p>A physical list is a "slot": one per colour for Zeroed and for Free (NT: MmFreePagesByColor),
 * one per priority 0-7 for Standby (NT: MmStandbyPageListByPriority), one each for Modified,
 * ModifiedNoWrite and Bad. Slots are numbered Zeroed colours, then Free colours, then Standby
 * priorities, then the three single lists. A page's forward link is its PFN entry's u1 and its
 * backward link its u2; {@link #END} ends a list in both directions. Lists are FIFO: pages are
 * linked at the tail and taken from the head (NT: Flink from the head, Blink from the tail).
 *
 * <p>Every operation checks the links it relies on and throws PFN_LIST_CORRUPT 0x01 when a link or a
 * head does not point back.
 */
final class PageListHeads implements Serializable {

    /** The link value that ends a list, and the head value of an empty list. */
    static final int END = -1;
    /** A slot number meaning "no slot with pages". */
    static final int NO_SLOT = -1;

    private final int pageCount;
    private final int colours;
    /** Told of every link written (shared with the PfnDatabase). */
    private final WriteStamps stamps;
    private final int[] flink;
    private final int[] blink;
    private final int[] first;
    private final int[] last;
    private final int[] total;
    private final int[] listTotal = new int[PageList.LINKED_COUNT];

    /**
     * @param flink the database's u1 array, used as the forward link of listed pages
     * @param blink the database's u2 array, used as the backward link of listed pages
     */
    PageListHeads(int pageCount, int colours, int[] flink, int[] blink, WriteStamps stamps) {
        this.stamps = stamps;
        this.pageCount = pageCount;
        this.colours = colours;
        this.flink = flink;
        this.blink = blink;
        int slots = 2 * colours + PfnDatabase.PRIORITIES + 3;
        first = new int[slots];
        last = new int[slots];
        total = new int[slots];
        Arrays.fill(first, END);
        Arrays.fill(last, END);
    }

    /** Number of slots. */
    int slotCount() {
        return first.length;
    }

    /** The slot of the Zeroed list of a colour. */
    int zeroedSlot(int colour) {
        return colour;
    }

    /** The slot of the Free list of a colour. */
    int freeSlot(int colour) {
        return colours + colour;
    }

    /** The slot of the Standby list of a priority. */
    int standbySlot(int priority) {
        return 2 * colours + priority;
    }

    /** The slot of Modified, ModifiedNoWrite or Bad. */
    int singleSlot(PageList list) {
        return 2 * colours + PfnDatabase.PRIORITIES + (list.code() - PageList.MODIFIED.code());
    }

    /**
     * The slot of a list and a colour (Zeroed, Free), a priority (Standby) or 0 (the others); argument
     * errors are the caller's.
     */
    int slot(PageList list, int colourOrPriority) {
        if (list == null || !list.isLinked()) {
            throw new IllegalArgumentException("not a linked page list: " + list);
        }
        int limit = switch (list) {
            case ZEROED, FREE -> colours;
            case STANDBY -> PfnDatabase.PRIORITIES;
            default -> 1;
        };
        if (colourOrPriority < 0 || colourOrPriority >= limit) {
            throw new IllegalArgumentException(list.ntName() + (list == PageList.STANDBY ? " priority " : " index ")
                    + colourOrPriority + " is outside 0.." + (limit - 1));
        }
        return switch (list) {
            case ZEROED -> zeroedSlot(colourOrPriority);
            case FREE -> freeSlot(colourOrPriority);
            case STANDBY -> standbySlot(colourOrPriority);
            default -> singleSlot(list);
        };
    }

    /** The list a slot belongs to. */
    PageList listOf(int slot) {
        if (slot < colours) {
            return PageList.ZEROED;
        }
        if (slot < 2 * colours) {
            return PageList.FREE;
        }
        if (slot < 2 * colours + PfnDatabase.PRIORITIES) {
            return PageList.STANDBY;
        }
        return PageList.fromCode(PageList.MODIFIED.code() + slot - 2 * colours - PfnDatabase.PRIORITIES);
    }

    /** The colour (Zeroed, Free), priority (Standby) or 0 of a slot. */
    int indexOf(int slot) {
        if (slot < 2 * colours) {
            return slot % colours;
        }
        if (slot < 2 * colours + PfnDatabase.PRIORITIES) {
            return slot - 2 * colours;
        }
        return 0;
    }

    /** A slot named for people, e.g. "FreePageList colour 3". */
    String describe(int slot) {
        PageList list = listOf(slot);
        return switch (list) {
            case ZEROED, FREE -> list.ntName() + " colour " + indexOf(slot);
            case STANDBY -> list.ntName() + " priority " + indexOf(slot);
            default -> list.ntName();
        };
    }

    int first(int slot) {
        return first[slot];
    }

    int last(int slot) {
        return last[slot];
    }

    int total(int slot) {
        return total[slot];
    }

    /** The total of a whole linked list (all colours or priorities). */
    int listTotal(int listCode) {
        return listTotal[listCode];
    }

    /** Links a page that is on no list at the tail of a slot (NT: the Blink end). */
    void linkAtTail(int slot, int pfn) {
        int tail = last[slot];
        if (tail == END) {
            requireEmpty(slot);
            first[slot] = pfn;
        } else {
            requireLink(slot, tail, flink[tail], END, "forward link of the tail");
            flink[tail] = pfn;
            stamps.written(tail);
        }
        blink[pfn] = tail;
        stamps.written(pfn);
        flink[pfn] = END;
        stamps.written(pfn);
        last[slot] = pfn;
        counted(slot, 1);
    }

    /** Links a page that is on no list at the head of a slot, where it is taken first. */
    void linkAtHead(int slot, int pfn) {
        int head = first[slot];
        if (head == END) {
            requireEmpty(slot);
            last[slot] = pfn;
        } else {
            requireLink(slot, head, blink[head], END, "backward link of the head");
            blink[head] = pfn;
            stamps.written(head);
        }
        flink[pfn] = head;
        stamps.written(pfn);
        blink[pfn] = END;
        stamps.written(pfn);
        first[slot] = pfn;
        counted(slot, 1);
    }

    /**
     * Unlinks a page from a slot after checking that its neighbours (or the head and tail) point at
     * it. Leaves the page's own links untouched; the caller reuses u1/u2.
     */
    void unlink(int slot, int pfn) {
        int next = flink[pfn];
        int previous = blink[pfn];
        if (total[slot] <= 0) {
            throw PfnBugChecks.badLink(pfn, total[slot], 1,
                    String.format("PFN 0x%x is unlinked from %s whose total is %d", pfn, describe(slot), total[slot]));
        }
        if (previous == END) {
            requireLink(slot, pfn, first[slot], pfn, "head (the page has no predecessor)");
        } else {
            requireInRange(slot, pfn, previous, "backward link");
            requireLink(slot, previous, flink[previous], pfn, "forward link of the predecessor");
            if (first[slot] == pfn) {
                throw PfnBugChecks.badLink(pfn, previous, END, String.format(
                        "PFN 0x%x heads %s but has predecessor 0x%x", pfn, describe(slot), previous));
            }
        }
        if (next == END) {
            requireLink(slot, pfn, last[slot], pfn, "tail (the page has no successor)");
        } else {
            requireInRange(slot, pfn, next, "forward link");
            requireLink(slot, next, blink[next], pfn, "backward link of the successor");
            if (last[slot] == pfn) {
                throw PfnBugChecks.badLink(pfn, next, END, String.format(
                        "PFN 0x%x ends %s but has successor 0x%x", pfn, describe(slot), next));
            }
        }
        if (previous == END) {
            first[slot] = next;
        } else {
            flink[previous] = next;
            stamps.written(previous);
        }
        if (next == END) {
            last[slot] = previous;
        } else {
            blink[next] = previous;
            stamps.written(next);
        }
        counted(slot, -1);
    }

    /**
     * The slot {@link PfnDatabase#removeAnyPage(int)} takes from among Free and Zeroed: the colour's
     * Free list, its Zeroed list, the other colours' Free lists from colour+1 wrapping, then their
     * Zeroed lists; {@link #NO_SLOT} if both lists are empty. A list total that no colour list
     * accounts for is PFN_LIST_CORRUPT 0x01.
     */
    int findFreeOrZeroedSlot(int colour) {
        int slot = freeSlot(colour);
        if (total(slot) > 0) {
            return slot;
        }
        slot = zeroedSlot(colour);
        if (total(slot) > 0) {
            return slot;
        }
        slot = findOtherColour(PageList.FREE, colour);
        return slot != NO_SLOT ? slot : findOtherColour(PageList.ZEROED, colour);
    }

    /**
     * The slot {@link PfnDatabase#removeZeroedPage(int)} takes from among Zeroed and Free: the
     * colour's Zeroed list, the other colours' Zeroed lists, the colour's Free list, then the other
     * colours' Free lists; {@link #NO_SLOT} if both lists are empty.
     */
    int findZeroedOrFreeSlot(int colour) {
        int slot = zeroedSlot(colour);
        if (total(slot) > 0) {
            return slot;
        }
        slot = findOtherColour(PageList.ZEROED, colour);
        if (slot != NO_SLOT) {
            return slot;
        }
        slot = freeSlot(colour);
        return total(slot) > 0 ? slot : findOtherColour(PageList.FREE, colour);
    }

    private int findOtherColour(PageList list, int colour) {
        int remaining = listTotal(list.code());
        if (remaining == 0) {
            return NO_SLOT;
        }
        for (int i = 1; i < colours; i++) {
            int other = (colour + i) & (colours - 1);
            int slot = list == PageList.FREE ? freeSlot(other) : zeroedSlot(other);
            if (total(slot) > 0) {
                return slot;
            }
        }
        throw PfnBugChecks.badLink(END, remaining, 0, String.format(
                "%s total is %d but no other colour than %d has a page", list.ntName(), remaining, colour));
    }

    /** The Standby slot removals take from: the lowest priority with pages; {@link #NO_SLOT} if none. */
    int findStandbySlot() {
        int remaining = listTotal(PageList.STANDBY.code());
        if (remaining == 0) {
            return NO_SLOT;
        }
        for (int priority = 0; priority < PfnDatabase.PRIORITIES; priority++) {
            int slot = standbySlot(priority);
            if (total(slot) > 0) {
                return slot;
            }
        }
        throw PfnBugChecks.badLink(END, remaining, 0,
                "StandbyPageList total is " + remaining + " but no priority has a page");
    }

    /** Test hook: overwrite a slot's total without touching its pages, to simulate corruption. */
    void corruptTotal(int slot, int value) {
        total[slot] = value;
    }

    /** Test hook: overwrite a slot's head without touching its pages, to simulate corruption. */
    void corruptFirst(int slot, int pfn) {
        first[slot] = pfn;
    }

    private void counted(int slot, int delta) {
        total[slot] += delta;
        listTotal[listOf(slot).code()] += delta;
    }

    private void requireEmpty(int slot) {
        if (first[slot] != END || last[slot] != END || total[slot] != 0) {
            throw PfnBugChecks.badLink(-1, total[slot], 0, String.format(
                    "%s has head 0x%x, tail 0x%x and total %d: head, tail and total disagree", describe(slot),
                    first[slot], last[slot], total[slot]));
        }
    }

    /** Link checks take constant strings so that the path that finds no corruption allocates nothing. */
    private void requireInRange(int slot, int pfn, int link, String what) {
        if (link < 0 || link >= pageCount) {
            throw PfnBugChecks.badLink(pfn, link, END, String.format(
                    "PFN 0x%x on %s has %s 0x%x outside the PFN database", pfn, describe(slot), what, link));
        }
    }

    private void requireLink(int slot, int pfn, int found, int expected, String what) {
        if (found != expected) {
            throw PfnBugChecks.badLink(pfn, found, expected, String.format(
                    "%s of %s is 0x%x, expected 0x%x (PFN 0x%x)", what, describe(slot), found, expected, pfn));
        }
    }
}
