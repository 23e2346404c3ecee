package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PoolPageState;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.model.sync.SyncReport;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pool.PoolTagStats;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.ScenarioParser;
import org.mmscope.sim.ws.WorkingSetList;

/** The model equals the simulator's state field by field, and an incremental update equals a full population. */
class PopulationTest {

    static final String SECTIONS_AND_FORK = """
            machine ram=256M colours=16 cpus=2 pagefile=256M seed=7
            section create shared size=64K rw
            process parent { thread main { commit 0x10000 size=256K rw; touch 0x10000..+256K write } }
            join parent
            in parent: map 0x40000000 section=shared rw
            in parent: touch 0x40000000..+64K write
            fork parent as child
            in child: touch 0x10000..+64K write
            in child: touch 0x40000000..+64K read
            trim all
            join child
            """;

    static ScenarioRun run(String name, String text, long steps) throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse(name, text));
        run.run(steps);
        return run;
    }

    static ScenarioRun defaultRun(long steps) throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        run.run(steps);
        return run;
    }

    @Test
    void theDefaultScenarioIsCopiedFieldByFieldAtSeveralPoints() throws Exception {
        ScenarioRun run = defaultRun(0);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        for (long steps : new long[] { 1_000, 20_000, 60_000 }) {
            run.run(steps);
            populator.populate();
            assertSameAsSimulator(populator.machine(), run.simulation().memoryManager());
        }
    }

    @Test
    void poolsSectionsAndForksAreCopiedFieldByField() throws Exception {
        ScenarioRun pools = ScenarioRun.start(BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME));
        pools.run(Long.MAX_VALUE);
        ModelPopulator populator = new ModelPopulator(pools.simulation().memoryManager(), "pools");
        populator.populate();
        assertSameAsSimulator(populator.machine(), pools.simulation().memoryManager());
        assertFalse(populator.machine().getPools().getTags().isEmpty(), "the pools scenario leaves tags in use");

        ScenarioRun forked = run("fork.mms", SECTIONS_AND_FORK, Long.MAX_VALUE);
        ModelPopulator second = new ModelPopulator(forked.simulation().memoryManager(), "fork");
        second.populate();
        Machine machine = second.machine();
        assertSameAsSimulator(machine, forked.simulation().memoryManager());
        assertEquals(1, machine.getSections().size());
        assertFalse(machine.getCloneBlocks().isEmpty(), "the fork's clone block is in the model");
        assertTrue(machine.getPfnDatabase().getEntries().stream().anyMatch(e -> e.getOwnerKind() == OwnerKind.SECTION),
                "section pages are owned by their section");
        assertTrue(machine.getPfnDatabase().getEntries().stream()
                .anyMatch(e -> e.getOwnerKind() == OwnerKind.CLONE_BLOCK), "fork pages are owned by the clone block");
    }

    @Test
    void anIncrementalUpdateEqualsAFullPopulationAndKeepsTheSameObjects() throws Exception {
        ScenarioRun run = defaultRun(5_000);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator incremental = new ModelPopulator(mm, "default");
        SyncReport first = incremental.populate();
        assertTrue(first.full());
        Process system = incremental.machine().getProcesses().get(0);
        PfnEntry pfn7 = incremental.machine().getPfnDatabase().getEntries().get(7);
        for (long steps : new long[] { 10, 3_000, 40_000 }) {
            run.run(steps);
            SyncReport update = incremental.populate();
            assertFalse(update.full());
            assertTrue(update.changedPfns() < mm.pfns().pageCount(), "an update copies only changed entries: " + update);
            ModelPopulator fresh = new ModelPopulator(mm, "default");
            fresh.populate();
            EcoreUtil.EqualityHelper equality = new EcoreUtil.EqualityHelper();
            assertTrue(equality.equals(fresh.machine(), incremental.machine()),
                    "after " + steps + " more steps the updated model equals a new one");
        }
        assertSame(system, incremental.machine().getProcesses().get(0), "views keep their objects across updates");
        assertSame(pfn7, incremental.machine().getPfnDatabase().getEntries().get(7));
    }

    @Test
    void thePoolMapIsCopiedAndAnIncrementalUpdateEqualsAFullPopulationThroughThePoolsScenario() throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME));
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator incremental = new ModelPopulator(mm, "pools");
        incremental.populate();
        boolean sawSmallBlocks = false;
        boolean sawGuard = false;
        boolean sawPagedOut = false;
        for (int round = 0; round < 5_000 && !run.isFinished(); round++) {
            run.run(25);
            incremental.populate();
            assertPoolPages(incremental.machine(), mm);
            ModelPopulator fresh = new ModelPopulator(mm, "pools");
            fresh.populate();
            assertTrue(new EcoreUtil.EqualityHelper().equals(fresh.machine().getPools(), incremental.machine().getPools()),
                    "round " + round + ": the updated pool state equals a new one");
            for (PoolPage page : incremental.machine().getPools().getPages()) {
                sawSmallBlocks |= page.getState() == PoolPageState.SMALL_BLOCKS && page.getBlocks().size() > 1;
                sawGuard |= page.getState() == PoolPageState.SPECIAL_GUARD;
                sawPagedOut |= page.getPool() == org.mmscope.model.PoolType.PAGED
                        && page.getState() == PoolPageState.WHOLE_PAGES && page.getPfn() < 0
                        && page.getPteKind() != org.mmscope.model.PteKind.DEMAND_ZERO;
            }
        }
        assertTrue(run.isFinished(), "the pools scenario ran to its end");
        assertTrue(sawSmallBlocks, "a page of several small blocks was seen");
        assertTrue(sawGuard, "a special-pool guard page was seen");
        assertTrue(sawPagedOut, "a trimmed paged-pool page (transition or paging file) was seen");
    }

    @Test
    void aPoolWriteOverAHeaderIsSeenByAnIncrementalUpdate() throws Exception {
        ScenarioRun run = run("overrun.mms", """
                machine ram=256M cpus=1 pagefile=256M seed=3
                pool alloc nonpaged 32 bytes tag='Aaaa' as a
                pool alloc nonpaged 32 bytes tag='Bbbb' as b
                pool write a offset=32 size=16 value=0x41
                """, 0);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator incremental = new ModelPopulator(mm, "overrun");
        incremental.populate();
        List<String> tagsSeen = new java.util.ArrayList<>();
        while (!run.isFinished()) {
            run.run(1);
            incremental.populate();
            ModelPopulator fresh = new ModelPopulator(mm, "overrun");
            fresh.populate();
            assertTrue(new EcoreUtil.EqualityHelper().equals(fresh.machine().getPools(), incremental.machine().getPools()),
                    "the updated pool state equals a new one");
            incremental.machine().getPools().getPages().stream().flatMap(p -> p.getBlocks().stream())
                    .map(PoolPageBlock::getTag).forEach(tagsSeen::add);
        }
        assertTrue(tagsSeen.contains("Bbbb"), "b's header is copied before the write: " + tagsSeen);
        assertTrue(incremental.machine().getPools().getPages().stream().flatMap(p -> p.getBlocks().stream())
                .noneMatch(b -> b.getTag().equals("Bbbb")), "and the overwritten header after it");
    }

    @Test
    void anUpdateWithNothingChangedCopiesNothing() throws Exception {
        ScenarioRun run = defaultRun(2_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        assertEquals(0, populator.populate().changedPfns());
    }

    /** The pool map: one model page per simulator page, every field, and the blocks of small-block pages. */
    static void assertPoolPages(Machine machine, MemoryManager mm) {
        List<org.mmscope.sim.mm.PoolPage> source = mm.pools().pageMap();
        List<PoolPage> pages = machine.getPools().getPages();
        assertEquals(source.size(), pages.size());
        for (int i = 0; i < source.size(); i++) {
            org.mmscope.sim.mm.PoolPage s = source.get(i);
            PoolPage p = pages.get(i);
            String at = "pool page 0x" + Long.toHexString(s.address());
            assertEquals(s.address(), p.getAddress(), at);
            assertEquals(s.pool().name(), switch (p.getPool()) {
                case NON_PAGED -> "NONPAGED";
                case PAGED -> "PAGED";
                case SPECIAL -> "SPECIAL";
            }, at);
            assertEquals(s.state().ordinal(), p.getState().getValue(), at);
            assertEquals(s.pte(), p.getPte(), at);
            assertEquals(Pte.classify(s.pte()).ordinal(), p.getPteKind().getValue(), at);
            assertEquals(s.pfn(), p.getPfn(), at);
            assertEquals(s.tagText(), p.getTag(), at);
            assertEquals(s.allocation(), p.getAllocation(), at);
            assertEquals(s.bytesUsed(), p.getBytesUsed(), at);
            List<org.mmscope.sim.pool.PoolBlock> blocks = s.state() == org.mmscope.sim.mm.PoolPage.State.SMALL_BLOCKS
                    ? mm.pools().blocksOfPage(s.address()) : List.of();
            assertEquals(blocks.size(), p.getBlocks().size(), at);
            long used = 0;
            for (int b = 0; b < blocks.size(); b++) {
                org.mmscope.sim.pool.PoolBlock block = blocks.get(b);
                PoolPageBlock copy = p.getBlocks().get(b);
                assertEquals(s.address() | block.offset(), copy.getAddress(), at);
                assertEquals(block.size(), copy.getSize(), at);
                assertEquals(block.previousSize(), copy.getPreviousSize(), at);
                assertEquals(block.free(), copy.isFree(), at);
                assertEquals(block.tagText(), copy.getTag(), at);
                used += block.free() ? 0 : block.size();
            }
            if (p.getState() == PoolPageState.SMALL_BLOCKS) {
                assertEquals(used, p.getBytesUsed(), at + ": bytes used are the allocated blocks");
            }
        }
    }

    /** Compares every copied field with the simulator's own accessors. */
    static void assertSameAsSimulator(Machine machine, MemoryManager mm) {
        PfnDatabase pfns = mm.pfns();
        assertEquals(pfns.pageCount(), machine.getPfnDatabase().getEntries().size());
        assertEquals((long) pfns.pageCount() << 12, machine.getRamBytes());
        assertEquals(pfns.availablePages(), machine.getAvailablePages());
        assertEquals(mm.eventLog().last(), machine.getEventSequence());
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            PfnEntry e = machine.getPfnDatabase().getEntries().get(pfn);
            String at = "PFN 0x" + Integer.toHexString(pfn);
            assertEquals(pfn, e.getPfn(), at);
            assertEquals(pfns.location(pfn).code(), e.getLocation().getValue(), at);
            assertEquals(pfns.referenceCount(pfn), e.getReferenceCount(), at);
            assertEquals(pfns.shareCount(pfn), e.getShareCount(), at);
            assertEquals(pfns.pteAddress(pfn), e.getPteAddress(), at);
            assertEquals(pfns.originalPte(pfn), e.getOriginalPte(), at);
            assertEquals(pfns.pteFrame(pfn), e.getPteFrame(), at);
            assertEquals(pfns.colour(pfn), e.getColour(), at);
            assertEquals(pfns.priority(pfn), e.getPriority(), at);
            assertEquals(pfns.isModified(pfn), e.isModified(), at);
            assertEquals(pfns.isReadInProgress(pfn), e.isReadInProgress(), at);
            assertEquals(pfns.isWriteInProgress(pfn), e.isWriteInProgress(), at);
            assertEquals(pfns.isPrototypePte(pfn), e.isPrototypePte(), at);
            assertEquals(pfns.isInPageError(pfn), e.isInPageError(), at);
            assertEquals(pfns.isStartOfAllocation(pfn), e.isStartOfAllocation(), at);
            assertEquals(pfns.isEndOfAllocation(pfn), e.isEndOfAllocation(), at);
            assertEquals(pfns.isDeleted(pfn), e.isDeleted(), at);
            switch (pfns.location(pfn)) {
                case ACTIVE_AND_VALID -> assertEquals(pfns.wsIndex(pfn), e.getWsIndex(), at);
                case TRANSITION -> assertEquals(pfns.eventId(pfn), e.getInPageEvent(), at);
                default -> {
                    assertEquals(pfns.flink(pfn), e.getFlink(), at);
                    assertEquals(pfns.blink(pfn), e.getBlink(), at);
                }
            }
            if (e.getLocation() == PageList.ZEROED || e.getLocation() == PageList.FREE) {
                assertEquals(OwnerKind.NONE, e.getOwnerKind(), at);
            }
        }
        for (PageListHead head : machine.getPfnDatabase().getListHeads()) {
            org.mmscope.sim.pfn.PageList list = org.mmscope.sim.pfn.PageList.fromCode(head.getList().getValue());
            long expected = head.getColour() >= 0 ? pfns.listTotal(list, head.getColour())
                    : head.getPriority() >= 0 ? pfns.standbyTotal(head.getPriority()) : pfns.listTotal(list);
            assertEquals(expected, head.getTotal(), head.toString());
        }
        List<MmProcess> live = mm.processes().stream().filter(p -> !p.hasExited()).toList();
        assertEquals(live.size(), machine.getProcesses().size());
        for (int i = 0; i < live.size(); i++) {
            MmProcess source = live.get(i);
            Process p = machine.getProcesses().get(i);
            assertEquals(source.pid(), p.getPid());
            assertEquals(source.name(), p.getName());
            assertEquals(source.privatePages(), p.getPrivatePages());
            assertEquals(source.pageFaults(), p.getPageFaults());
            WorkingSetList ws = source.workingSet();
            assertEquals(ws.count(), p.getWorkingSet().getCount());
            assertEquals(ws.count(), p.getWorkingSet().getEntries().size());
            for (WorkingSetEntry entry : p.getWorkingSet().getEntries()) {
                assertEquals(ws.page(entry.getIndex()), entry.getVirtualAddress());
                assertEquals(ws.age(entry.getIndex()), entry.getAge());
                long pte = mm.pte(source, entry.getVirtualAddress());
                assertEquals(Pte.isValid(pte) ? Pte.pfn(pte) : -1, entry.getPfn());
            }
            assertEquals(source.vads().all().size(), p.getVads().size());
            assertEquals(source.pml4(), p.getPageTables().get(0).getPfn(), "the PML4 comes first");
            for (PageTable table : p.getPageTables()) {
                int nonZero = 0;
                for (int index = 0; index < 512; index++) {
                    nonZero += mm.tableEntry(table.getPfn(), index) != 0 ? 1 : 0;
                }
                assertEquals(nonZero, table.getEntries().size(), "entries of table PFN " + table.getPfn());
                for (PteEntry entry : table.getEntries()) {
                    assertEquals(mm.tableEntry(table.getPfn(), entry.getIndex()), entry.getValue());
                    assertEquals(Pte.classify(entry.getValue()).ordinal(), entry.getKind().getValue());
                    assertEquals(Pte.describe(entry.getValue()), entry.getDescription());
                }
                if (table.getLevel() == 1) {
                    for (PteEntry entry : table.getEntries()) {
                        if (Pte.isValid(entry.getValue()) && p.getPid() != mm.systemProcess().pid()) {
                            PfnEntry page = machine.getPfnDatabase().getEntries().get((int) entry.getPfn());
                            assertTrue(page.getOwnerKind() == OwnerKind.PROCESS_PRIVATE && page.getOwnerPid() == p.getPid()
                                    || page.getOwnerKind() == OwnerKind.SECTION
                                    || page.getOwnerKind() == OwnerKind.CLONE_BLOCK,
                                    "owner of the page at " + Long.toHexString(entry.getVirtualAddress()) + ": "
                                            + page.getOwnerKind() + " " + page.getOwnerPid());
                            if (page.getOwnerKind() == OwnerKind.PROCESS_PRIVATE) {
                                assertEquals(entry.getVirtualAddress(), page.getVirtualAddress());
                            }
                        }
                    }
                }
            }
        }
        Map<String, Long> bytes = new HashMap<>();
        for (PoolTagStats.TagUsage usage : mm.pools().usage().usages()) {
            bytes.put(usage.tagText() + "/NonPaged", usage.nonPagedBytes());
            bytes.put(usage.tagText() + "/Paged", usage.pagedBytes());
        }
        for (PoolTagUsage tag : machine.getPools().getTags()) {
            assertEquals(bytes.get(tag.getTag() + "/" + tag.getType().getName()), tag.getBytes(), tag.getTag());
        }
        assertEquals(mm.pools().allocations().size(), machine.getPools().getAllocations().size());
        assertPoolPages(machine, mm);
        assertEquals(mm.sections().sections().size(), machine.getSections().size());
        for (ControlArea area : machine.getSections()) {
            org.mmscope.sim.section.ControlArea source = mm.sections().sections().stream()
                    .filter(a -> a.id() == area.getId()).findFirst().orElseThrow();
            assertEquals(mm.sections().pfnReferences(source), area.getPfnReferences());
            assertEquals(source.mappedViews(), area.getMappedViews());
            for (PteEntry proto : area.getPrototypes()) {
                assertEquals(mm.sections().prototypePte(source.prototypePteAddress(proto.getIndex())), proto.getValue());
            }
            assertNotEquals(0, area.getSubsections().size() + (area.getFileName() == null ? 1 : 0));
        }
        assertEquals(mm.forks().cloneBlocks().size(), machine.getCloneBlocks().size());
        assertEquals(mm.cpuCount(), machine.getCpus().size());
        int window = Math.min(ModelPopulator.DEFAULT_EVENT_WINDOW, mm.eventLog().size());
        assertEquals(window, machine.getEvents().size());
        if (window > 0) {
            assertEquals(mm.eventLog().last(), machine.getEvents().get(window - 1).getSequence());
        }
    }
}
