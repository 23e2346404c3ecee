package org.mmscope.model.diff;

import java.util.List;
import java.util.Objects;

import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PoolType;

/**
 * What changed between two machines ({@link SnapshotDiff#compare}): totals, PFNs that changed list or
 * owner, page-table entries, pool usage by tag and processes. Immutable; every list is unmodifiable and
 * kept whole (a view pages through it), with counts alongside.
 *
 * @param before            the machine compared from
 * @param after             the machine compared to
 * @param totals            one row per {@link PageList} (in literal order), then the rows named by the
 *                          {@code *_TOTAL} constants (available pages, paging file, pool pages)
 * @param pfnChanges        every PFN whose list or owner changed, by PFN
 * @param locationChanges   how many of them changed list
 * @param ownerChanges      how many of them changed owner
 * @param transitions       the list changes summed by (old list, new list), most pages first
 * @param pteChanges        page-table entries added, removed or changed: processes' entries by pid,
 *                          address and level (PML4 first), then sections' prototype PTEs by section id
 *                          and index
 * @param poolTags          pool usage of the tags (per pool) that changed, by tag then pool
 * @param processes         processes started, exited, or with a different working set, private page
 *                          or fault count, by pid
 */
public record DiffResult(Side before, Side after, List<Total> totals, List<PfnChange> pfnChanges,
        int locationChanges, int ownerChanges, List<Transition> transitions, List<PteChange> pteChanges,
        List<PoolTagDelta> poolTags, List<ProcessChange> processes) {

    /** Name of the {@link Total} of available pages (Zeroed + Free + Standby, NT: MmAvailablePages). */
    public static final String AVAILABLE_TOTAL = "Available";
    /** Name of the {@link Total} of paging-file slots in use. */
    public static final String PAGING_FILE_USED_TOTAL = "Paging file used";
    /** Name of the {@link Total} of paging-file size in pages. */
    public static final String PAGING_FILE_SIZE_TOTAL = "Paging file size";
    /** Name of the {@link Total} of paged pool pages in use. */
    public static final String PAGED_POOL_TOTAL = "Paged pool pages";
    /** Name of the {@link Total} of nonpaged pool pages in use. */
    public static final String NONPAGED_POOL_TOTAL = "Nonpaged pool pages";

    public DiffResult {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        totals = List.copyOf(totals);
        pfnChanges = List.copyOf(pfnChanges);
        transitions = List.copyOf(transitions);
        pteChanges = List.copyOf(pteChanges);
        poolTags = List.copyOf(poolTags);
        processes = List.copyOf(processes);
    }

    /** True when nothing differs: no total moved and every change list is empty. */
    public boolean isEmpty() {
        return totals.stream().allMatch(t -> t.delta() == 0) && pfnChanges.isEmpty() && pteChanges.isEmpty()
                && poolTags.isEmpty() && processes.isEmpty();
    }

    /** The row of one page list (pages on it, or in that state for ActiveAndValid and Transition). */
    public Total listTotal(PageList list) {
        Objects.requireNonNull(list, "list");
        for (Total total : totals) {
            if (total.list() == list) {
                return total;
            }
        }
        throw new IllegalArgumentException("no total for " + list);
    }

    /** The row named {@code name} (a {@link PageList} name or one of the {@code *_TOTAL} constants). */
    public Total total(String name) {
        for (Total total : totals) {
            if (total.name().equals(name)) {
                return total;
            }
        }
        throw new IllegalArgumentException("no total named " + name);
    }

    /** Available pages before and after. */
    public Total availablePages() {
        return total(AVAILABLE_TOTAL);
    }

    /** Paging-file slots in use before and after. */
    public Total pagingFileUsed() {
        return total(PAGING_FILE_USED_TOTAL);
    }

    /** Number of PFNs that changed list or owner. */
    public int pfnChangeCount() {
        return pfnChanges.size();
    }

    /** Number of page-table and prototype entries that were added, removed or changed. */
    public int pteChangeCount() {
        return pteChanges.size();
    }

    /** Number of page-table and prototype entries with this kind of change. */
    public int pteChangeCount(Change change) {
        int count = 0;
        for (PteChange c : pteChanges) {
            count += c.change() == change ? 1 : 0;
        }
        return count;
    }

    /** The processes that were started (in {@code after} only). */
    public List<ProcessChange> started() {
        return processes.stream().filter(p -> p.change() == Change.ADDED).toList();
    }

    /** The processes that exited (in {@code before} only). */
    public List<ProcessChange> exited() {
        return processes.stream().filter(p -> p.change() == Change.REMOVED).toList();
    }

    /** How an item differs: only in {@code after}, only in {@code before}, or in both with other values. */
    public enum Change {
        /** Only in the later machine (a PTE that appeared, a process that started). */
        ADDED,
        /** Only in the earlier machine (a PTE that went away, a process that exited). */
        REMOVED,
        /** In both, with different values. */
        CHANGED;

        /** "added", "removed", "changed". */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Identity of one compared machine.
     *
     * @param name               the machine's name (scenario or snapshot)
     * @param steps              scheduler steps run
     * @param simulatedTimeNanos simulated time
     * @param eventSequence      last event's sequence number
     * @param pageCount          physical pages
     */
    public record Side(String name, long steps, long simulatedTimeNanos, long eventSequence, int pageCount) {
    }

    /**
     * A count before and after.
     *
     * @param name   a {@link PageList} name or one of the {@code *_TOTAL} constants
     * @param list   the page list for a list row, null for the others
     */
    public record Total(String name, PageList list, long before, long after) {
        public Total {
            Objects.requireNonNull(name, "name");
        }

        /** {@code after - before}. */
        public long delta() {
            return after - before;
        }
    }

    /**
     * What a physical page belonged to in one machine.
     *
     * @param kind    the owner kind
     * @param pid     owning process for private, page-table and clone pages, -1 otherwise
     * @param section owning control area id for section pages, -1 otherwise
     * @param text    readable form with the process or section name of that machine, e.g.
     *                {@code "notepad.exe (pid 12)"}, {@code "page table of hog (pid 14)"},
     *                {@code "section shared (id 1)"}, {@code "kernel"}, {@code "none"}
     */
    public record Owner(OwnerKind kind, int pid, int section, String text) {
        public Owner {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        /** True when both name the same owner (kind, pid, section), whatever the texts. */
        public boolean sameAs(Owner other) {
            return kind == other.kind && pid == other.pid && section == other.section;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A physical page that changed list or owner.
     *
     * @param pfn         page frame number
     * @param oldLocation list or state before
     * @param newLocation list or state after
     * @param oldOwner    owner before (names from the earlier machine)
     * @param newOwner    owner after (names from the later machine)
     */
    public record PfnChange(int pfn, PageList oldLocation, PageList newLocation, Owner oldOwner, Owner newOwner) {

        /** The page moved to another list or state. */
        public boolean locationChanged() {
            return oldLocation != newLocation;
        }

        /** The page belongs to someone else. */
        public boolean ownerChanged() {
            return !oldOwner.sameAs(newOwner);
        }

        /** Text of the owner before. */
        public String oldOwnerText() {
            return oldOwner.text();
        }

        /** Text of the owner after. */
        public String newOwnerText() {
            return newOwner.text();
        }
    }

    /**
     * Pages that moved from one list (or state) to another.
     *
     * @param from  list before
     * @param to    list after
     * @param pages how many pages made that move
     */
    public record Transition(PageList from, PageList to, long pages) {
    }

    /**
     * A page-table entry of a process (matched by pid, virtual address and level) or a prototype PTE of a
     * section (matched by section id and index) that was added, removed or changed.
     *
     * @param change         added, removed or changed
     * @param prototype      true for a section's prototype PTE, false for a process's page-table entry
     * @param owner          the pid, or the section's control area id
     * @param ownerName      the process or section name (from the later machine, or the earlier one for
     *                       a removed entry)
     * @param level          4 = PML4 ... 1 = PT for a process entry, 0 for a prototype PTE
     * @param address        the first virtual address the entry covers, or the prototype PTE's address
     * @param index          index in its table (0-511), or the section page of a prototype PTE
     * @param oldValue       raw entry before, 0 when added
     * @param oldDescription decoding before, null when added
     * @param newValue       raw entry after, 0 when removed
     * @param newDescription decoding after, null when removed
     */
    public record PteChange(Change change, boolean prototype, int owner, String ownerName, int level, long address,
            int index, long oldValue, String oldDescription, long newValue, String newDescription) {

        public PteChange {
            Objects.requireNonNull(change, "change");
        }

        /** Where the entry is, e.g. {@code "notepad.exe (pid 12) PT 00000000`10000000"} or {@code "section shared (id 1) page 5"}. */
        public String where() {
            String name = ownerName == null || ownerName.isEmpty() ? "" : ownerName + " ";
            if (prototype) {
                return "section " + name + "(id " + owner + ") page " + index;
            }
            return name + "(pid " + owner + ") " + levelName(level) + " "
                    + org.mmscope.model.text.ModelLabels.address(address);
        }

        /** "PML4", "PDPT", "PD", "PT", or "proto". */
        public static String levelName(int level) {
            return switch (level) {
                case 4 -> "PML4";
                case 3 -> "PDPT";
                case 2 -> "PD";
                case 1 -> "PT";
                default -> "proto";
            };
        }
    }

    /**
     * Usage of one pool tag in one pool before and after (!poolused); a tag missing on one side counts 0.
     */
    public record PoolTagDelta(String tag, PoolType type, long allocsBefore, long allocsAfter, long freesBefore,
            long freesAfter, long bytesBefore, long bytesAfter) {

        /** Allocations made in between. */
        public long allocsDelta() {
            return allocsAfter - allocsBefore;
        }

        /** Frees made in between. */
        public long freesDelta() {
            return freesAfter - freesBefore;
        }

        /** Change of the bytes in use. */
        public long bytesDelta() {
            return bytesAfter - bytesBefore;
        }
    }

    /**
     * A process that started ({@link Change#ADDED}, before values 0), exited ({@link Change#REMOVED},
     * after values 0) or whose counts changed.
     */
    public record ProcessChange(int pid, String name, Change change, long workingSetBefore, long workingSetAfter,
            long privatePagesBefore, long privatePagesAfter, long pageFaultsBefore, long pageFaultsAfter) {

        /** Change of the working-set count. */
        public long workingSetDelta() {
            return workingSetAfter - workingSetBefore;
        }

        /** Change of the private page count. */
        public long privatePagesDelta() {
            return privatePagesAfter - privatePagesBefore;
        }

        /** Page faults taken in between (negative if the pid names a different process). */
        public long pageFaultsDelta() {
            return pageFaultsAfter - pageFaultsBefore;
        }
    }
}
