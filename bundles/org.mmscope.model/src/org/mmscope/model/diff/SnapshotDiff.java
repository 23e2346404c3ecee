package org.mmscope.model.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.emf.common.util.BasicEList;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PoolState;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.diff.DiffResult.Change;
import org.mmscope.model.diff.DiffResult.Owner;
import org.mmscope.model.diff.DiffResult.PfnChange;
import org.mmscope.model.diff.DiffResult.PoolTagDelta;
import org.mmscope.model.diff.DiffResult.ProcessChange;
import org.mmscope.model.diff.DiffResult.PteChange;
import org.mmscope.model.diff.DiffResult.Side;
import org.mmscope.model.diff.DiffResult.Total;
import org.mmscope.model.diff.DiffResult.Transition;
import org.mmscope.sim.pfn.PfnFlags;

/**
 * Compares two machines: two snapshots, or a snapshot against the live model. Reads only the model; the
 * machines may come from snapshot files, from {@link org.mmscope.model.sync.ModelPopulator} or from
 * {@link org.eclipse.emf.ecore.util.EcoreUtil#copy}.
 *
 * <p>The PFN database is compared in one pass over both entry lists, reading the location bits of the
 * raw flags and the owner fields; an object is made only for a page that changed. Owners are shared
 * between changes with the same owner, so a million changed pages cost a million small records and no
 * more strings than there are owners.
 *
 * <p>Not thread-safe with respect to the machines: call it where the models may be read (the thread
 * that populates the live one, while it is not populating).
 */
public final class SnapshotDiff {

    private static final int LOCATION_BITS = PfnFlags.LOCATION_MASK << PfnFlags.LOCATION_SHIFT;
    private static final PageList[] LISTS = PageList.VALUES.toArray(new PageList[0]);

    private SnapshotDiff() {
    }

    /**
     * Compares {@code before} with {@code after}.
     *
     * @throws IllegalArgumentException if the machines have different numbers of physical pages
     */
    public static DiffResult compare(Machine before, Machine after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        List<PfnEntry> beforeEntries = entries(before);
        List<PfnEntry> afterEntries = entries(after);
        if (beforeEntries.size() != afterEntries.size()) {
            throw new IllegalArgumentException("cannot compare machines of different sizes: "
                    + describe("before", before, beforeEntries.size()) + ", "
                    + describe("after", after, afterEntries.size()));
        }
        Names beforeNames = new Names(before);
        Names afterNames = new Names(after);

        List<Total> totals = totals(before, after);
        List<PfnChange> pfnChanges = new ArrayList<>();
        long[][] moves = new long[LISTS.length][LISTS.length];
        int[] counts = comparePfns(beforeEntries, afterEntries, beforeNames, afterNames, pfnChanges, moves);
        List<Transition> transitions = new ArrayList<>();
        for (int from = 0; from < LISTS.length; from++) {
            for (int to = 0; to < LISTS.length; to++) {
                if (moves[from][to] > 0) {
                    transitions.add(new Transition(LISTS[from], LISTS[to], moves[from][to]));
                }
            }
        }
        transitions.sort(Comparator.comparingLong(Transition::pages).reversed());

        List<PteChange> pteChanges = new ArrayList<>();
        compareProcessPtes(before, after, pteChanges);
        comparePrototypes(before, after, pteChanges);

        return new DiffResult(side(before, beforeEntries.size()), side(after, afterEntries.size()), totals,
                Collections.unmodifiableList(pfnChanges), counts[0], counts[1], transitions, pteChanges,
                poolTags(before.getPools(), after.getPools()), processes(before, after));
    }

    private static String describe(String which, Machine machine, int pages) {
        return which + (machine.getName() == null ? "" : " (" + machine.getName() + ")") + " has " + pages
                + " pages (" + ((long) pages * 4096 >> 20) + " MiB)";
    }

    private static List<PfnEntry> entries(Machine machine) {
        PfnDatabase db = machine.getPfnDatabase();
        return db == null ? List.of() : db.getEntries();
    }

    private static Side side(Machine machine, int pages) {
        return new Side(machine.getName(), machine.getSteps(), machine.getSimulatedTimeNanos(),
                machine.getEventSequence(), pages);
    }

    // --- totals ---------------------------------------------------------------------------------

    private static List<Total> totals(Machine before, Machine after) {
        long[] b = listTotals(before);
        long[] a = listTotals(after);
        List<Total> totals = new ArrayList<>();
        for (PageList list : LISTS) {
            totals.add(new Total(list.getName(), list, b[list.getValue()], a[list.getValue()]));
        }
        totals.add(new Total(DiffResult.AVAILABLE_TOTAL, null, before.getAvailablePages(), after.getAvailablePages()));
        totals.add(new Total(DiffResult.PAGING_FILE_USED_TOTAL, null, before.getPagingFileUsed(),
                after.getPagingFileUsed()));
        totals.add(new Total(DiffResult.PAGING_FILE_SIZE_TOTAL, null, before.getPagingFilePages(),
                after.getPagingFilePages()));
        PoolState bp = before.getPools();
        PoolState ap = after.getPools();
        totals.add(new Total(DiffResult.PAGED_POOL_TOTAL, null, bp == null ? 0 : bp.getPagedPages(),
                ap == null ? 0 : ap.getPagedPages()));
        totals.add(new Total(DiffResult.NONPAGED_POOL_TOTAL, null, bp == null ? 0 : bp.getNonPagedPages(),
                ap == null ? 0 : ap.getNonPagedPages()));
        return totals;
    }

    /** Pages per list value, summed over the colours and priorities of the list heads. */
    private static long[] listTotals(Machine machine) {
        long[] totals = new long[LISTS.length];
        if (machine.getPfnDatabase() != null) {
            for (PageListHead head : machine.getPfnDatabase().getListHeads()) {
                if (head.getList() != null) {
                    totals[head.getList().getValue()] += head.getTotal();
                }
            }
        }
        return totals;
    }

    // --- PFNs -----------------------------------------------------------------------------------

    /** Returns {location changes, owner changes}; adds the changes and counts the list moves. */
    private static int[] comparePfns(List<PfnEntry> before, List<PfnEntry> after, Names beforeNames,
            Names afterNames, List<PfnChange> changes, long[][] moves) {
        Object[] b = raw(before);
        Object[] a = raw(after);
        int pages = before.size();
        int locationChanges = 0;
        int ownerChanges = 0;
        for (int pfn = 0; pfn < pages; pfn++) {
            PfnEntry old = (PfnEntry) b[pfn];
            PfnEntry now = (PfnEntry) a[pfn];
            int oldFlags = old.getFlags();
            int newFlags = now.getFlags();
            boolean moved = ((oldFlags ^ newFlags) & LOCATION_BITS) != 0;
            OwnerKind oldKind = old.getOwnerKind();
            OwnerKind newKind = now.getOwnerKind();
            boolean owned = oldKind != newKind || old.getOwnerPid() != now.getOwnerPid()
                    || old.getOwnerSection() != now.getOwnerSection();
            if (!moved && !owned) {
                continue;
            }
            int from = (oldFlags >>> PfnFlags.LOCATION_SHIFT) & PfnFlags.LOCATION_MASK;
            int to = (newFlags >>> PfnFlags.LOCATION_SHIFT) & PfnFlags.LOCATION_MASK;
            if (moved) {
                locationChanges++;
                moves[from][to]++;
            }
            if (owned) {
                ownerChanges++;
            }
            changes.add(new PfnChange(pfn, LISTS[from], LISTS[to],
                    beforeNames.owner(oldKind, old.getOwnerPid(), old.getOwnerSection()),
                    afterNames.owner(newKind, now.getOwnerPid(), now.getOwnerSection())));
        }
        return new int[] { locationChanges, ownerChanges };
    }

    /** The backing array of an EMF list (no per-element range checks), or a copy of any other list. */
    private static Object[] raw(List<PfnEntry> entries) {
        if (entries instanceof BasicEList<?> list) {
            return list.data() == null ? new Object[0] : list.data();
        }
        return entries.toArray();
    }

    /** Process and section names of one machine, and the owners made so far (one object per owner). */
    private static final class Names {
        private final Map<Integer, String> processes = new HashMap<>();
        private final Map<Integer, String> sections = new HashMap<>();
        private final Map<Long, Owner> owners = new HashMap<>();

        Names(Machine machine) {
            for (Process p : machine.getProcesses()) {
                processes.putIfAbsent(p.getPid(), p.getName());
            }
            for (ControlArea c : machine.getSections()) {
                sections.putIfAbsent(c.getId(), c.getName());
            }
        }

        Owner owner(OwnerKind kind, int pid, int section) {
            OwnerKind k = kind == null ? OwnerKind.NONE : kind;
            long key = ((long) k.getValue() << 56) ^ ((long) (section + 1) << 28) ^ (pid + 1L);
            Owner owner = owners.get(key);
            if (owner == null || owner.kind() != k || owner.pid() != pid || owner.section() != section) {
                owner = new Owner(k, pid, section, text(k, pid, section));
                owners.put(key, owner);
            }
            return owner;
        }

        private String text(OwnerKind kind, int pid, int section) {
            return switch (kind) {
                case NONE -> "none";
                case PROCESS_PRIVATE -> process(pid);
                case PAGE_TABLE -> "page table of " + process(pid);
                case SECTION -> sections.containsKey(section)
                        ? "section " + sections.get(section) + " (id " + section + ")"
                        : "section " + section;
                case CLONE_BLOCK -> "fork of " + process(pid);
                case KERNEL -> "kernel";
            };
        }

        String process(int pid) {
            String name = processes.get(pid);
            return name == null ? "pid " + pid : name + " (pid " + pid + ")";
        }
    }

    // --- PTEs -----------------------------------------------------------------------------------

    private static void compareProcessPtes(Machine before, Machine after, List<PteChange> changes) {
        Map<Integer, Process> old = byPid(before);
        Map<Integer, Process> now = byPid(after);
        TreeMap<Integer, Boolean> pids = new TreeMap<>();
        old.keySet().forEach(pid -> pids.put(pid, Boolean.TRUE));
        now.keySet().forEach(pid -> pids.put(pid, Boolean.TRUE));
        for (int pid : pids.keySet()) {
            Process o = old.get(pid);
            Process n = now.get(pid);
            String name = n != null ? n.getName() : o.getName();
            Map<Long, PteEntry> earlier = new HashMap<>();
            if (o != null) {
                for (PageTable table : o.getPageTables()) {
                    for (PteEntry e : table.getEntries()) {
                        earlier.put(key(table.getLevel(), e.getVirtualAddress()), e);
                    }
                }
            }
            List<PteChange> found = new ArrayList<>();
            if (n != null) {
                for (PageTable table : n.getPageTables()) {
                    int level = table.getLevel();
                    for (PteEntry e : table.getEntries()) {
                        PteEntry was = earlier.remove(key(level, e.getVirtualAddress()));
                        if (was == null) {
                            found.add(new PteChange(Change.ADDED, false, pid, name, level, e.getVirtualAddress(),
                                    e.getIndex(), 0, null, e.getValue(), e.getDescription()));
                        } else if (was.getValue() != e.getValue()) {
                            found.add(new PteChange(Change.CHANGED, false, pid, name, level, e.getVirtualAddress(),
                                    e.getIndex(), was.getValue(), was.getDescription(), e.getValue(),
                                    e.getDescription()));
                        }
                    }
                }
            }
            for (PteEntry was : earlier.values()) {
                PageTable table = (PageTable) was.eContainer();
                int level = table == null ? 0 : table.getLevel();
                found.add(new PteChange(Change.REMOVED, false, pid, o.getName(), level, was.getVirtualAddress(),
                        was.getIndex(), was.getValue(), was.getDescription(), 0, null));
            }
            found.sort(Comparator.comparing(PteChange::address, Long::compareUnsigned)
                    .thenComparing(Comparator.comparingInt(PteChange::level).reversed()));
            changes.addAll(found);
        }
    }

    /** Level and virtual address in one key: a canonical address is fixed by its low 48 bits. */
    private static long key(int level, long va) {
        return ((long) level << 48) | (va & 0xFFFF_FFFF_FFFFL);
    }

    private static Map<Integer, Process> byPid(Machine machine) {
        Map<Integer, Process> map = new LinkedHashMap<>();
        for (Process p : machine.getProcesses()) {
            map.putIfAbsent(p.getPid(), p);
        }
        return map;
    }

    private static void comparePrototypes(Machine before, Machine after, List<PteChange> changes) {
        Map<Integer, ControlArea> old = new HashMap<>();
        before.getSections().forEach(c -> old.putIfAbsent(c.getId(), c));
        Map<Integer, ControlArea> now = new HashMap<>();
        after.getSections().forEach(c -> now.putIfAbsent(c.getId(), c));
        TreeMap<Integer, Boolean> ids = new TreeMap<>();
        old.keySet().forEach(id -> ids.put(id, Boolean.TRUE));
        now.keySet().forEach(id -> ids.put(id, Boolean.TRUE));
        for (int id : ids.keySet()) {
            ControlArea o = old.get(id);
            ControlArea n = now.get(id);
            String name = n != null ? n.getName() : o.getName();
            Map<Integer, PteEntry> earlier = new HashMap<>();
            if (o != null) {
                o.getPrototypes().forEach(e -> earlier.put(e.getIndex(), e));
            }
            List<PteChange> found = new ArrayList<>();
            if (n != null) {
                for (PteEntry e : n.getPrototypes()) {
                    PteEntry was = earlier.remove(e.getIndex());
                    if (was == null) {
                        found.add(new PteChange(Change.ADDED, true, id, name, 0, e.getVirtualAddress(), e.getIndex(),
                                0, null, e.getValue(), e.getDescription()));
                    } else if (was.getValue() != e.getValue()) {
                        found.add(new PteChange(Change.CHANGED, true, id, name, 0, e.getVirtualAddress(),
                                e.getIndex(), was.getValue(), was.getDescription(), e.getValue(),
                                e.getDescription()));
                    }
                }
            }
            for (PteEntry was : earlier.values()) {
                found.add(new PteChange(Change.REMOVED, true, id, o.getName(), 0, was.getVirtualAddress(),
                        was.getIndex(), was.getValue(), was.getDescription(), 0, null));
            }
            found.sort(Comparator.comparingInt(PteChange::index));
            changes.addAll(found);
        }
    }

    // --- pools and processes --------------------------------------------------------------------

    private static List<PoolTagDelta> poolTags(PoolState before, PoolState after) {
        Map<String, PoolTagUsage> old = tags(before);
        Map<String, PoolTagUsage> now = tags(after);
        TreeMap<String, Boolean> keys = new TreeMap<>();
        old.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
        now.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
        List<PoolTagDelta> deltas = new ArrayList<>();
        for (String key : keys.keySet()) {
            PoolTagUsage o = old.get(key);
            PoolTagUsage n = now.get(key);
            PoolTagUsage any = n != null ? n : o;
            PoolTagDelta delta = new PoolTagDelta(any.getTag(), any.getType(), o == null ? 0 : o.getAllocs(),
                    n == null ? 0 : n.getAllocs(), o == null ? 0 : o.getFrees(), n == null ? 0 : n.getFrees(),
                    o == null ? 0 : o.getBytes(), n == null ? 0 : n.getBytes());
            if (delta.allocsDelta() != 0 || delta.freesDelta() != 0 || delta.bytesDelta() != 0) {
                deltas.add(delta);
            }
        }
        return deltas;
    }

    /** Tags by "tag/pool value" (the pool's value sorts NonPaged before Paged). */
    private static Map<String, PoolTagUsage> tags(PoolState pools) {
        Map<String, PoolTagUsage> map = new HashMap<>();
        if (pools != null) {
            for (PoolTagUsage t : pools.getTags()) {
                map.putIfAbsent(t.getTag() + "/" + (t.getType() == null ? 0 : t.getType().getValue()), t);
            }
        }
        return map;
    }

    private static List<ProcessChange> processes(Machine before, Machine after) {
        Map<Integer, Process> old = byPid(before);
        Map<Integer, Process> now = byPid(after);
        TreeMap<Integer, Boolean> pids = new TreeMap<>();
        old.keySet().forEach(pid -> pids.put(pid, Boolean.TRUE));
        now.keySet().forEach(pid -> pids.put(pid, Boolean.TRUE));
        List<ProcessChange> changes = new ArrayList<>();
        for (int pid : pids.keySet()) {
            Process o = old.get(pid);
            Process n = now.get(pid);
            Change change = o == null ? Change.ADDED : n == null ? Change.REMOVED : Change.CHANGED;
            ProcessChange c = new ProcessChange(pid, n != null ? n.getName() : o.getName(), change,
                    workingSet(o), workingSet(n), o == null ? 0 : o.getPrivatePages(),
                    n == null ? 0 : n.getPrivatePages(), o == null ? 0 : o.getPageFaults(),
                    n == null ? 0 : n.getPageFaults());
            if (change != Change.CHANGED || c.workingSetDelta() != 0 || c.privatePagesDelta() != 0
                    || c.pageFaultsDelta() != 0) {
                changes.add(c);
            }
        }
        return changes;
    }

    private static long workingSet(Process p) {
        return p == null || p.getWorkingSet() == null ? 0 : p.getWorkingSet().getCount();
    }
}
