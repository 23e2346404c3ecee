package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.InternalEList;
import org.junit.jupiter.api.Test;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.PoolType;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.diff.DiffReport;
import org.mmscope.model.diff.DiffResult;
import org.mmscope.model.diff.DiffResult.Change;
import org.mmscope.model.diff.DiffResult.PfnChange;
import org.mmscope.model.diff.DiffResult.PoolTagDelta;
import org.mmscope.model.diff.DiffResult.ProcessChange;
import org.mmscope.model.diff.DiffResult.PteChange;
import org.mmscope.model.diff.DiffTool;
import org.mmscope.model.diff.MachineLoader;
import org.mmscope.model.diff.SnapshotDiff;
import org.mmscope.model.snapshot.SnapshotException;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * The snapshot diff against facts worked out independently from the two machines it compares: states
 * taken from real scenario runs (a copy of the model at one mark, the model again at a later one).
 */
class SnapshotDiffTest {

    /** Two processes; "a" is trimmed (its pages end on Standby once written), then "b" exits. */
    static final String TRIM_AND_EXIT = """
            machine ram=256M colours=4 cpus=1 pagefile=64M seed=5 background=off
            process a {
                thread main {
                    commit 0x10000000 size=512K rw
                    touch 0x10000000..+256K write
                    touch 0x10040000..+256K read
                }
            }
            process b {
                thread main {
                    commit 0x10000000 size=256K rw
                    touch 0x10000000..+256K write
                }
            }
            join a
            join b
            mark "both running"
            trim a
            wait 100ms
            mark "a trimmed"
            exit b
            mark "b exited"
            """;

    static void runUntilMark(ScenarioRun run, String mark) {
        while (!run.marks().contains(mark)) {
            if (!run.step()) {
                throw new AssertionError("the scenario ended before the mark '" + mark + "'");
            }
        }
    }

    /** The model at two marks: a copy at {@code first}, the same populator's model at {@code second}. */
    record States(Machine before, Machine after) {
    }

    static States states(String name, ScenarioRun run, String first, String second, boolean newPopulator) {
        runUntilMark(run, first);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), name);
        populator.populate();
        Machine before = EcoreUtil.copy(populator.machine());
        runUntilMark(run, second);
        if (newPopulator) {
            populator = new ModelPopulator(run.simulation().memoryManager(), name);
        }
        populator.populate();
        return new States(before, populator.machine());
    }

    static States trimAndExit(String first, String second, boolean newPopulator) throws Exception {
        return states("trim.mms", ScenarioRun.start(ScenarioParser.parse("trim.mms", TRIM_AND_EXIT)), first, second,
                newPopulator);
    }

    static Process process(Machine machine, String name) {
        return machine.getProcesses().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + name));
    }

    /** Pages per location, counted entry by entry. */
    static long[] recount(Machine machine) {
        long[] counts = new long[PageList.VALUES.size()];
        for (PfnEntry e : machine.getPfnDatabase().getEntries()) {
            counts[e.getLocation().getValue()]++;
        }
        return counts;
    }

    /** PFNs whose location or owner differ, by a plain loop over the decoded fields. */
    static List<Integer> changedPfns(Machine before, Machine after) {
        List<Integer> changed = new ArrayList<>();
        List<PfnEntry> b = before.getPfnDatabase().getEntries();
        List<PfnEntry> a = after.getPfnDatabase().getEntries();
        for (int pfn = 0; pfn < b.size(); pfn++) {
            PfnEntry x = b.get(pfn);
            PfnEntry y = a.get(pfn);
            if (x.getLocation() != y.getLocation() || x.getOwnerKind() != y.getOwnerKind()
                    || x.getOwnerPid() != y.getOwnerPid() || x.getOwnerSection() != y.getOwnerSection()) {
                changed.add(pfn);
            }
        }
        return changed;
    }

    /** Checks what every diff must satisfy against its two machines. */
    static void assertConsistent(DiffResult diff, Machine before, Machine after) {
        long[] b = recount(before);
        long[] a = recount(after);
        for (PageList list : PageList.VALUES) {
            assertEquals(b[list.getValue()], diff.listTotal(list).before(), "before " + list);
            assertEquals(a[list.getValue()], diff.listTotal(list).after(), "after " + list);
            assertEquals(a[list.getValue()] - b[list.getValue()], diff.listTotal(list).delta(), "delta " + list);
        }
        assertEquals(after.getAvailablePages() - before.getAvailablePages(), diff.availablePages().delta());
        assertEquals(b[0] + b[1] + b[2], diff.availablePages().before(), "available = zeroed + free + standby");
        assertEquals(after.getPagingFileUsed() - before.getPagingFileUsed(), diff.pagingFileUsed().delta());

        List<Integer> expected = changedPfns(before, after);
        assertEquals(expected, diff.pfnChanges().stream().map(PfnChange::pfn).toList(), "PFNs that changed");
        int moved = 0;
        int owned = 0;
        for (PfnChange c : diff.pfnChanges()) {
            PfnEntry x = before.getPfnDatabase().getEntries().get(c.pfn());
            PfnEntry y = after.getPfnDatabase().getEntries().get(c.pfn());
            assertEquals(x.getLocation(), c.oldLocation());
            assertEquals(y.getLocation(), c.newLocation());
            assertEquals(x.getOwnerKind(), c.oldOwner().kind());
            assertEquals(y.getOwnerKind(), c.newOwner().kind());
            assertEquals(x.getOwnerPid(), c.oldOwner().pid());
            assertEquals(y.getOwnerPid(), c.newOwner().pid());
            moved += x.getLocation() != y.getLocation() ? 1 : 0;
            owned += c.ownerChanged() ? 1 : 0;
        }
        assertEquals(moved, diff.locationChanges());
        assertEquals(owned, diff.ownerChanges());
        assertEquals(moved, diff.transitions().stream().mapToLong(t -> t.pages()).sum());
    }

    /** Valid level-1 entries of a process, by virtual address: the pages it has mapped. */
    static Map<Long, PteEntry> validPtes(Process process) {
        Map<Long, PteEntry> valid = new HashMap<>();
        for (PageTable table : process.getPageTables()) {
            if (table.getLevel() == 1) {
                for (PteEntry e : table.getEntries()) {
                    if (e.getKind() == org.mmscope.model.PteKind.VALID) {
                        valid.put(e.getVirtualAddress(), e);
                    }
                }
            }
        }
        return valid;
    }

    @Test
    void aTrimMovesTheProcessPagesToStandbyOrModified() throws Exception {
        States s = trimAndExit("both running", "a trimmed", false);
        DiffResult diff = SnapshotDiff.compare(s.before(), s.after());
        assertConsistent(diff, s.before(), s.after());

        Process a = process(s.before(), "a");
        Map<Long, PteEntry> mapped = validPtes(a);
        assertEquals(128, mapped.size(), "a has touched 512K");
        Map<Integer, PfnChange> changes = new HashMap<>();
        diff.pfnChanges().forEach(c -> changes.put(c.pfn(), c));
        Map<Long, PteEntry> afterPtes = new HashMap<>();
        process(s.after(), "a").getPageTables().stream().filter(t -> t.getLevel() == 1)
                .forEach(t -> t.getEntries().forEach(e -> afterPtes.put(e.getVirtualAddress(), e)));
        for (PteEntry pte : mapped.values()) {
            PfnChange c = changes.get((int) pte.getPfn());
            assertNotNull(c, "trimmed page PFN 0x" + Long.toHexString(pte.getPfn()) + " is in the diff");
            assertEquals(PageList.ACTIVE_AND_VALID, c.oldLocation());
            assertTrue(c.newLocation() == PageList.STANDBY || c.newLocation() == PageList.MODIFIED,
                    "trimmed to " + c.newLocation());
            assertFalse(c.ownerChanged(), "a trimmed page still belongs to a");
            assertEquals("a (pid " + a.getPid() + ")", c.oldOwnerText());
            PteChange pteChange = diff.pteChanges().stream()
                    .filter(p -> !p.prototype() && p.owner() == a.getPid() && p.level() == 1
                            && p.address() == pte.getVirtualAddress())
                    .findFirst().orElseThrow(() -> new AssertionError("no PTE change at " + pte.getVirtualAddress()));
            assertEquals(Change.CHANGED, pteChange.change());
            assertEquals(pte.getValue(), pteChange.oldValue());
            assertEquals(afterPtes.get(pte.getVirtualAddress()).getValue(), pteChange.newValue());
            assertEquals(afterPtes.get(pte.getVirtualAddress()).getDescription(), pteChange.newDescription());
        }
        long standbyAndModified = diff.listTotal(PageList.STANDBY).delta() + diff.listTotal(PageList.MODIFIED).delta();
        assertEquals(mapped.size(), standbyAndModified);
        assertEquals(-mapped.size(), diff.listTotal(PageList.ACTIVE_AND_VALID).delta());

        ProcessChange pa = diff.processes().stream().filter(p -> p.pid() == a.getPid()).findFirst().orElseThrow();
        assertEquals(Change.CHANGED, pa.change());
        assertEquals(a.getWorkingSet().getCount(), pa.workingSetBefore());
        assertEquals(process(s.after(), "a").getWorkingSet().getCount(), pa.workingSetAfter());
        assertEquals(-mapped.size(), pa.workingSetDelta());
        assertTrue(diff.started().isEmpty());
        assertTrue(diff.exited().isEmpty());
        assertTrue(diff.poolTags().isEmpty(), "no pool use in this scenario: " + diff.poolTags());
    }

    @Test
    void aProcessExitShowsAsExitedAndItsPagesLoseTheirOwner() throws Exception {
        States s = trimAndExit("a trimmed", "b exited", true);
        DiffResult diff = SnapshotDiff.compare(s.before(), s.after());
        assertConsistent(diff, s.before(), s.after());

        Process b = process(s.before(), "b");
        assertTrue(s.after().getProcesses().stream().noneMatch(p -> p.getPid() == b.getPid()), "b is gone");
        assertEquals(List.of(b.getPid()), diff.exited().stream().map(ProcessChange::pid).toList());
        assertEquals("b", diff.exited().get(0).name());
        assertEquals(b.getWorkingSet().getCount(), diff.exited().get(0).workingSetBefore());
        assertEquals(0, diff.exited().get(0).workingSetAfter());
        assertTrue(diff.started().isEmpty());

        Set<Integer> ownedByB = new TreeSet<>();
        List<PfnEntry> entries = s.before().getPfnDatabase().getEntries();
        for (PfnEntry e : entries) {
            if (e.getOwnerPid() == b.getPid()
                    && (e.getOwnerKind() == OwnerKind.PROCESS_PRIVATE || e.getOwnerKind() == OwnerKind.PAGE_TABLE)) {
                ownedByB.add(e.getPfn());
            }
        }
        assertTrue(ownedByB.size() >= 64, "b's 64 private pages and its page tables: " + ownedByB.size());
        Map<Integer, PfnChange> changes = new HashMap<>();
        diff.pfnChanges().forEach(c -> changes.put(c.pfn(), c));
        for (int pfn : ownedByB) {
            assertEquals(OwnerKind.NONE, s.after().getPfnDatabase().getEntries().get(pfn).getOwnerKind());
            PfnChange c = changes.get(pfn);
            assertNotNull(c, "PFN 0x" + Integer.toHexString(pfn) + " of b is in the diff");
            assertTrue(c.ownerChanged());
            assertTrue(c.oldOwnerText().contains("b (pid " + b.getPid() + ")"), c.oldOwnerText());
            assertEquals(OwnerKind.NONE, c.newOwner().kind());
            assertEquals("none", c.newOwnerText());
            assertEquals(PageList.FREE, c.newLocation(), "background=off: nothing zeroes them yet");
        }
        assertEquals(ownedByB, new TreeSet<>(changes.keySet()), "only b's pages changed");

        int bEntries = b.getPageTables().stream().mapToInt(t -> t.getEntries().size()).sum();
        List<PteChange> removed = diff.pteChanges().stream().filter(p -> p.owner() == b.getPid()).toList();
        assertEquals(bEntries, removed.size());
        assertTrue(removed.stream().allMatch(p -> p.change() == Change.REMOVED && p.newDescription() == null));
        assertEquals(bEntries, diff.pteChangeCount(Change.REMOVED));
        assertEquals(ownedByB.size(), diff.listTotal(PageList.FREE).delta());
    }

    @Test
    void poolAllocationsShowTheirTagDeltas() throws Exception {
        States s = states("pools", ScenarioRun.start(BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME)),
                "nonpaged: run carved from its end, lookaside reused", "small blocks allocated", false);
        DiffResult diff = SnapshotDiff.compare(s.before(), s.after());
        assertConsistent(diff, s.before(), s.after());

        Map<String, PoolTagUsage> before = new HashMap<>();
        s.before().getPools().getTags().forEach(t -> before.put(t.getTag() + "/" + t.getType(), t));
        Map<String, PoolTagUsage> after = new HashMap<>();
        s.after().getPools().getTags().forEach(t -> after.put(t.getTag() + "/" + t.getType(), t));
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        Map<String, PoolTagDelta> deltas = new HashMap<>();
        diff.poolTags().forEach(d -> deltas.put(d.tag() + "/" + d.type(), d));
        for (String key : keys) {
            long bytes = (after.containsKey(key) ? after.get(key).getBytes() : 0)
                    - (before.containsKey(key) ? before.get(key).getBytes() : 0);
            long allocs = (after.containsKey(key) ? after.get(key).getAllocs() : 0)
                    - (before.containsKey(key) ? before.get(key).getAllocs() : 0);
            if (bytes == 0 && allocs == 0) {
                assertFalse(deltas.containsKey(key), "unchanged tag " + key + " is left out");
            } else {
                assertEquals(bytes, deltas.get(key).bytesDelta(), key);
                assertEquals(allocs, deltas.get(key).allocsDelta(), key);
            }
        }
        PoolTagDelta irp = deltas.get("Irp /" + PoolType.NON_PAGED);
        assertNotNull(irp, "Irp blocks were allocated: " + diff.poolTags());
        assertEquals(3, irp.allocsDelta());
        assertEquals(1, irp.freesDelta());
        assertTrue(irp.bytesDelta() > 0);
        assertEquals(1, deltas.get("Obj /" + PoolType.NON_PAGED).allocsDelta());
        assertEquals(1, deltas.get("Reg /" + PoolType.PAGED).allocsDelta());
        assertTrue(deltas.get("Reg /" + PoolType.PAGED).bytesDelta() >= 1000);
        assertEquals(3, diff.poolTags().size(), "Nic and Dma did not change: " + diff.poolTags());
        assertEquals(s.after().getPools().getPagedPages() - s.before().getPools().getPagedPages(),
                diff.total(DiffResult.PAGED_POOL_TOTAL).delta());

        String text = DiffReport.toText(diff, 10);
        assertTrue(text.contains("Pool usage by tag (3 changed)"), text);
        assertTrue(text.contains("'Irp '"), text);
    }

    @Test
    void identicalMachinesGiveAnEmptyDiff() throws Exception {
        States s = trimAndExit("both running", "a trimmed", false);
        for (Machine machine : List.of(s.before(), s.after())) {
            for (DiffResult diff : List.of(SnapshotDiff.compare(machine, EcoreUtil.copy(machine)),
                    SnapshotDiff.compare(machine, machine))) {
                assertTrue(diff.isEmpty(), DiffReport.toText(diff, 5));
                assertEquals(0, diff.pfnChangeCount());
                assertEquals(0, diff.pteChangeCount());
                assertEquals(0, diff.locationChanges());
                assertEquals(0, diff.ownerChanges());
                assertTrue(diff.transitions().isEmpty());
                assertTrue(diff.poolTags().isEmpty());
                assertTrue(diff.processes().isEmpty());
                assertTrue(diff.totals().stream().allMatch(t -> t.delta() == 0));
                String text = DiffReport.toText(diff, 5);
                assertTrue(text.contains("No differences."), text);
                assertTrue(text.contains("PFNs that changed list or owner (0)"), text);
                assertTrue(text.contains("PTE changes (0)"), text);
            }
        }
        // the same state read by two populators is the same too
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("trim.mms", TRIM_AND_EXIT));
        runUntilMark(run, "a trimmed");
        ModelPopulator one = new ModelPopulator(run.simulation().memoryManager(), "trim");
        one.populate();
        ModelPopulator two = new ModelPopulator(run.simulation().memoryManager(), "trim");
        two.populate();
        assertTrue(SnapshotDiff.compare(one.machine(), two.machine()).isEmpty());
    }

    /** A page-file-backed section mapped and written by a process, then trimmed. */
    static final String SECTION = """
            machine ram=256M colours=16 cpus=2 pagefile=256M seed=7 background=off
            section create shared size=64K rw
            process parent { thread main { commit 0x10000 size=256K rw; touch 0x10000..+256K write } }
            join parent
            mark "parent ready"
            in parent: map 0x40000000 section=shared rw
            in parent: touch 0x40000000..+64K write
            mark "section touched"
            trim all
            wait 100ms
            mark "trimmed"
            """;

    /** Prototype PTE values by "section id/index". */
    static Map<String, Long> prototypes(Machine machine) {
        Map<String, Long> values = new HashMap<>();
        for (org.mmscope.model.ControlArea area : machine.getSections()) {
            for (PteEntry e : area.getPrototypes()) {
                values.put(area.getId() + "/" + e.getIndex(), e.getValue());
            }
        }
        return values;
    }

    static void assertPrototypeChanges(DiffResult diff, Machine before, Machine after) {
        Map<String, Long> b = prototypes(before);
        Map<String, Long> a = prototypes(after);
        Set<String> expected = new TreeSet<>();
        for (String key : a.keySet()) {
            if (!b.containsKey(key) || !b.get(key).equals(a.get(key))) {
                expected.add(key);
            }
        }
        for (String key : b.keySet()) {
            if (!a.containsKey(key)) {
                expected.add(key);
            }
        }
        Set<String> found = new TreeSet<>();
        for (PteChange c : diff.pteChanges()) {
            if (c.prototype()) {
                String key = c.owner() + "/" + c.index();
                assertTrue(found.add(key), "one change per prototype PTE: " + key);
                assertEquals(b.getOrDefault(key, 0L), c.oldValue(), key);
                assertEquals(a.getOrDefault(key, 0L), c.newValue(), key);
                assertEquals(!b.containsKey(key) ? Change.ADDED : !a.containsKey(key) ? Change.REMOVED : Change.CHANGED,
                        c.change(), key);
                assertEquals(0, c.level());
            }
        }
        assertEquals(expected, found);
    }

    @Test
    void sectionPagesAndPrototypePtesAreMatchedBySectionAndIndex() throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("section.mms", SECTION));
        States touched = states("section.mms", run, "parent ready", "section touched", false);
        DiffResult diff = SnapshotDiff.compare(touched.before(), touched.after());
        assertConsistent(diff, touched.before(), touched.after());
        assertPrototypeChanges(diff, touched.before(), touched.after());
        org.mmscope.model.ControlArea shared = touched.after().getSections().get(0);
        List<PteChange> protos = diff.pteChanges().stream().filter(PteChange::prototype).toList();
        assertEquals(16, protos.size(), "64K written: 16 prototype PTEs became valid");
        assertEquals("section shared (id " + shared.getId() + ") page 0", protos.get(0).where());
        Map<Integer, PfnChange> changes = new HashMap<>();
        diff.pfnChanges().forEach(c -> changes.put(c.pfn(), c));
        for (PteEntry proto : shared.getPrototypes()) {
            PfnChange c = changes.get((int) proto.getPfn());
            assertNotNull(c, "section page " + proto.getIndex());
            assertEquals(OwnerKind.SECTION, c.newOwner().kind());
            assertEquals(shared.getId(), c.newOwner().section());
            assertEquals("section shared (id " + shared.getId() + ")", c.newOwnerText());
        }

        Machine touchedCopy = EcoreUtil.copy(touched.after());
        runUntilMark(run, "trimmed");
        ModelPopulator fresh = new ModelPopulator(run.simulation().memoryManager(), "section.mms");
        fresh.populate();
        DiffResult trimmed = SnapshotDiff.compare(touchedCopy, fresh.machine());
        assertConsistent(trimmed, touchedCopy, fresh.machine());
        assertPrototypeChanges(trimmed, touchedCopy, fresh.machine());
        assertEquals(16, trimmed.pteChanges().stream().filter(PteChange::prototype).count(),
                "the trimmed section pages' prototype PTEs are in transition now");
    }

    static Machine synthetic(String name, int pages) {
        MmFactory factory = MmFactory.eINSTANCE;
        Machine machine = factory.createMachine();
        machine.setName(name);
        PfnDatabase db = factory.createPfnDatabase();
        db.setPageCount(pages);
        PfnEntry[] entries = new PfnEntry[pages];
        for (int pfn = 0; pfn < pages; pfn++) {
            PfnEntry e = factory.createPfnEntry();
            e.setPfn(pfn);
            e.setFlags(PageList.ZEROED_VALUE << 16);
            entries[pfn] = e;
        }
        ((InternalEList<PfnEntry>) db.getEntries()).addAllUnique(Arrays.asList(entries));
        machine.setPfnDatabase(db);
        return machine;
    }

    @Test
    void machinesOfDifferentSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotDiff.compare(synthetic("small", 4096), synthetic("large", 8192)));
        assertTrue(e.getMessage().contains("4096") && e.getMessage().contains("8192"), e.getMessage());
        assertTrue(e.getMessage().contains("small") && e.getMessage().contains("large"), e.getMessage());
    }

    @Test
    void aMillionPfnsAreComparedInOnePass() {
        int pages = 1 << 20;
        Machine before = synthetic("before", pages);
        Machine after = synthetic("after", pages);
        List<PfnEntry> entries = after.getPfnDatabase().getEntries();
        for (int pfn = 0; pfn < pages; pfn += 1024) {
            entries.get(pfn).setFlags(PageList.ACTIVE_AND_VALID_VALUE << 16); // 1024 pages moved
        }
        for (int pfn = 512; pfn < pages; pfn += 2048) {
            entries.get(pfn).setOwnerKind(OwnerKind.KERNEL); // 512 pages with a new owner
        }
        entries.get(7).setU2(99); // a raw word that is neither location nor owner
        entries.get(9).setFlags(entries.get(9).getFlags() | 1); // Modified: not a location change
        SnapshotDiff.compare(before, after); // warm up
        long start = System.nanoTime();
        DiffResult diff = SnapshotDiff.compare(before, after);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1024 + 512, diff.pfnChangeCount());
        assertEquals(1024, diff.locationChanges());
        assertEquals(512, diff.ownerChanges());
        assertEquals(PageList.ZEROED, diff.pfnChanges().get(0).oldLocation());
        assertEquals(PageList.ACTIVE_AND_VALID, diff.pfnChanges().get(0).newLocation());
        assertEquals("kernel", diff.pfnChanges().get(1).newOwnerText());
        assertTrue(millis < 5_000, "a million PFNs compared in " + millis + " ms");
        System.out.println("SnapshotDiffTest: 1,048,576 PFNs compared in " + millis + " ms");
    }

    @Test
    void theReportListsTotalsFirstThenEachSectionWithItsCount() throws Exception {
        States s = trimAndExit("both running", "b exited", false);
        DiffResult diff = SnapshotDiff.compare(s.before(), s.after());
        assertConsistent(diff, s.before(), s.after());
        String text = DiffReport.toText(diff, 3);
        int totals = text.indexOf("Totals");
        int pfns = text.indexOf("PFNs that changed list or owner (" + diff.pfnChangeCount() + ")");
        int ptes = text.indexOf("PTE changes (" + diff.pteChangeCount() + ")");
        int pools = text.indexOf("Pool usage by tag (0 changed)");
        int processes = text.indexOf("Processes (" + diff.processes().size() + ")");
        assertTrue(totals >= 0 && pfns > totals && ptes > pfns && pools > ptes && processes > pools, text);
        assertTrue(diff.pfnChangeCount() > 3 && diff.pteChangeCount() > 3);
        assertTrue(text.contains("... " + (diff.pfnChangeCount() - 3) + " more"), text);
        assertTrue(text.contains("... " + (diff.pteChangeCount() - 3) + " more"), text);
        PfnChange first = diff.pfnChanges().get(0);
        assertTrue(text.contains("0x" + Integer.toHexString(first.pfn())), text);
        PfnChange fourth = diff.pfnChanges().get(3);
        assertFalse(text.lines().anyMatch(l -> l.trim().startsWith("0x" + Integer.toHexString(fourth.pfn()) + " ")),
                "only 3 rows per table");
        for (PageList list : PageList.VALUES) {
            assertTrue(text.lines().anyMatch(l -> l.trim().startsWith(list.getName() + " ")), list.getName());
        }
        assertTrue(text.contains("exited"), text);
        assertTrue(text.contains("Standby"), text);
        String all = DiffReport.toText(diff, Integer.MAX_VALUE);
        assertFalse(all.contains(" more\n"), "every row printed");
        assertThrows(IllegalArgumentException.class, () -> DiffReport.toText(diff, -1));
    }

    record ToolRun(int code, String out, String err) {
    }

    static ToolRun tool(MachineLoader loader, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = loader == null ? DiffTool.run(args, o, e) : DiffTool.run(args, o, e, loader);
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertOneLineError(ToolRun run, String expected) {
        assertEquals(2, run.code(), run.toString());
        assertEquals("", run.out(), "nothing on out");
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("DiffTool: "), run.err());
        assertTrue(run.err().contains(expected), "'" + expected + "' in " + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void theDiffToolRefusesBadArgumentsWithOneLine() throws Exception {
        Path dir = Files.createTempDirectory("diff-tool");
        assertOneLineError(tool(null), "expected two snapshot files, got 0");
        assertOneLineError(tool(null, "one.mmsnap"), "expected two snapshot files, got 1");
        assertOneLineError(tool(null, "a", "b", "c"), "expected two snapshot files, got 3");
        assertOneLineError(tool(null, "a", "b", "--max-rows"), "--max-rows needs a number");
        assertOneLineError(tool(null, "a", "b", "--max-rows", "ten"), "--max-rows needs a number, not 'ten'");
        assertOneLineError(tool(null, "a", "b", "--max-rows=-1"), "--max-rows must be 0 or more");
        assertOneLineError(tool(null, "a", "b", "--colour"), "unknown option --colour");
        Path missing = dir.resolve("missing.mmsnap");
        assertOneLineError(tool(null, missing.toString(), missing.toString()), missing.toString());
        Path garbage = dir.resolve("garbage.mmsnap");
        Files.writeString(garbage, "not a snapshot\n");
        assertOneLineError(tool(null, garbage.toString(), garbage.toString()), garbage.toString());
        Files.delete(garbage);
        Files.delete(dir);
        ToolRun help = tool(null, "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("BEFORE AFTER [--max-rows N]"), help.out());
    }

    @Test
    void theDiffToolComparesTwoSnapshots() throws Exception {
        States s = trimAndExit("both running", "a trimmed", false);
        Map<Path, Machine> files = Map.of(Path.of("before.mmsnap"), s.before(), Path.of("after.mmsnap"), s.after(),
                Path.of("small.mmsnap"), synthetic("small", 16));
        MachineLoader loader = file -> {
            Machine machine = files.get(file);
            if (machine == null) {
                throw new SnapshotException(file, file + " is not a MmScope snapshot (truncated)");
            }
            return machine;
        };
        DiffResult diff = SnapshotDiff.compare(s.before(), s.after());

        ToolRun run = tool(loader, "before.mmsnap", "after.mmsnap", "--max-rows", "2");
        assertEquals(1, run.code(), "differences: exit 1 like diff(1); " + run.err());
        assertEquals("", run.err());
        assertEquals(DiffReport.toText(diff, 2), run.out());
        assertTrue(run.out().contains("... " + (diff.pfnChangeCount() - 2) + " more"), run.out());

        ToolRun defaults = tool(loader, "before.mmsnap", "after.mmsnap");
        assertEquals(DiffReport.toText(diff, DiffTool.DEFAULT_MAX_ROWS), defaults.out());

        ToolRun same = tool(loader, "--max-rows=0", "after.mmsnap", "after.mmsnap");
        assertEquals(0, same.code());
        assertTrue(same.out().contains("No differences."), same.out());

        assertOneLineError(tool(loader, "before.mmsnap", "broken.mmsnap"),
                "broken.mmsnap is not a MmScope snapshot (truncated)");
        assertOneLineError(tool(loader, "before.mmsnap", "small.mmsnap"), "different sizes");
        assertOneLineError(tool(file -> {
            throw new IllegalStateException("line one\nline two");
        }, "x.mmsnap", "y.mmsnap"), "cannot load x.mmsnap: line one line two");
    }
}
