package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.events;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Mode;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadState;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.section.CloneBlock;
import org.mmscope.sim.section.ControlArea;

/**
 * Fork and copy-on-write (mm-behaviour.md 4.5; NT: MiCloneProcessAddressSpace, MiCopyOnWrite), with
 * the invariant checker after every simulation step.
 */
class ForkTest {

    private static final long BASE = 0x1000_0000L;
    private static final int PAGE = 4096;
    /** Where the tests put a marker in each page before the fork (the touches write at offset 0). */
    private static final int MARK_OFFSET = 0x800;

    private final Simulation simulation = new Simulation(
            MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 5).withWorkingSet(16, 4096));
    private final MemoryManager mm = simulation.memoryManager();
    private final PfnDatabase pfns = mm.pfns();
    private final ForkManager forks = mm.forks();

    private void run(MmProcess process, Operation... operations) {
        simulation.createThread(process, "t", List.of(operations));
        runChecked(simulation, 2_000_000);
    }

    private static long va(int page) {
        return BASE + (long) page * PAGE;
    }

    private static long marker(int page) {
        return 0x4D41_524B_0000_0000L | page;
    }

    /** A process with {@code pages} committed pages, each written and marked at {@link #MARK_OFFSET}. */
    private MmProcess parentWithPages(String name, int pages) {
        MmProcess parent = mm.createProcess(name);
        mm.allocateVirtual(parent, BASE, (long) pages * PAGE, Protection.READWRITE, true);
        run(parent, Operations.touch(BASE, va(pages), PAGE, true));
        for (int i = 0; i < pages; i++) {
            assertTrue(mm.mmu().writeLong(mm.cpu(0), parent.pml4(), va(i) + MARK_OFFSET, marker(i), Mode.USER));
        }
        assertInvariants();
        return parent;
    }

    /**
     * Trims every page of {@code process}, writes them to the paging file and pushes them out of
     * memory: every available page is taken, which repurposes the Standby ones (their PTEs become
     * paging-file PTEs again), then given back zeroed (as Free pages the zero page thread would zero
     * them one step at a time, each step checked).
     */
    private void pageOut(MmProcess process, int pages) {
        mm.emptyWorkingSet(process);
        mm.runModifiedPageWriter(pages);
        runChecked(simulation, 2_000_000);
        List<Integer> taken = new ArrayList<>();
        for (int pfn = pfns.removeAnyPage(0); pfn >= 0; pfn = pfns.removeAnyPage(0)) {
            taken.add(pfn);
        }
        for (int pfn : taken) {
            mm.memory().zeroPage(pfn);
            pfns.insertInList(PageList.ZEROED, pfn);
        }
        assertInvariants();
    }

    private void assertInvariants() {
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    private int pfnAt(MmProcess process, long va) {
        long pte = mm.pte(process, va);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return (int) Pte.pfn(pte);
    }

    private long readLong(MmProcess process, long va, int offset) {
        return mm.memory().readLong(pfnAt(process, va), offset);
    }

    /** The clone prototype PTE a process PTE refers to (valid or prototype format). */
    private long cloneProto(MmProcess process, long va) {
        long pte = mm.pte(process, va);
        long address = Pte.isValid(pte) ? pfns.pteAddress((int) Pte.pfn(pte)) : Pte.prototypeAddress(pte);
        assertTrue(forks.isClonePrototype(address), Pte.describe(pte) + " refers to no clone prototype PTE");
        return address;
    }

    private long totalCloneReferences() {
        long total = 0;
        for (CloneBlock block : forks.cloneBlocks()) {
            total += block.references();
        }
        return total;
    }

    @Test
    void afterForkParentAndChildShareEveryPageThroughCloneProtoypePtes() {
        MmProcess parent = parentWithPages("parent", 16);
        assertEquals(16, parent.privatePages());
        MmProcess child = forks.fork(parent, "child");
        assertInvariants();

        assertEquals(1, forks.cloneBlocks().size());
        CloneBlock block = forks.cloneBlocks().get(0);
        assertEquals(16, block.entries());
        assertEquals(32, block.references(), "each entry: the parent's PTE and the child's");
        EventRecord created = PoolTestSupport.lastEvent(mm, MmEventType.CLONE_CREATE);
        assertEquals(block.address(), created.va());
        assertEquals(16, created.detail());
        assertEquals(parent.vads().all().size(), child.vads().all().size());
        assertEquals(16, child.vads().find(BASE).committedPages());

        for (int i = 0; i < 16; i++) {
            long parentPte = mm.pte(parent, va(i));
            assertTrue(Pte.isValid(parentPte), "the parent keeps its pages valid");
            assertFalse(Pte.isWritable(parentPte), "but write-protected");
            assertTrue(Pte.isCopyOnWrite(parentPte));
            int pfn = (int) Pte.pfn(parentPte);
            assertTrue(pfns.isPrototypePte(pfn));
            assertEquals(block.prototypePteAddress(i), pfns.pteAddress(pfn));
            assertEquals(mm.sections().frameOf(block.prototypePteAddress(i)), pfns.pteFrame(pfn));
            assertEquals(1, pfns.shareCount(pfn));
            assertEquals(2, forks.referenceCount(block.prototypePteAddress(i)));
            long childPte = mm.pte(child, va(i));
            assertEquals(PteKind.PROTOTYPE, Pte.classify(childPte), "the child starts with prototype PTEs");
            assertEquals(block.prototypePteAddress(i), Pte.prototypeAddress(childPte));
        }
        assertEquals(0, parent.privatePages(), "the parent's pages are shared now");
        assertEquals(0, child.privatePages());

        run(child, Operations.touch(BASE, va(16), PAGE, false));
        for (int i = 0; i < 16; i++) {
            int pfn = pfnAt(child, va(i));
            assertEquals(pfnAt(parent, va(i)), pfn, "the same page in both");
            assertEquals(2, pfns.shareCount(pfn));
            assertFalse(Pte.isWritable(mm.pte(child, va(i))));
            assertTrue(Pte.isCopyOnWrite(mm.pte(child, va(i))));
            assertEquals(Operations.contentOf(parent, va(i)), readLong(child, va(i), 0),
                    "the child sees the parent's data");
            assertEquals(marker(i), readLong(child, va(i), MARK_OFFSET));
        }
        assertEquals(16, child.transitionFaults(), "every page was found valid through its clone prototype PTE");
        assertEquals(0, child.copyOnWriteFaults());
    }

    @Test
    void aWriteInEitherMakesAPrivateCopyWithTheSameContentAndTheOtherKeepsTheOriginal() {
        MmProcess parent = parentWithPages("parent", 4);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(4), PAGE, false));
        int shared = pfnAt(parent, va(0));
        long proto = cloneProto(parent, va(0));
        long cowEventsBefore = mm.eventLog().count(MmEventType.COPY_ON_WRITE);

        run(child, Operations.touch(va(0), va(1), PAGE, Access.WRITE, 0x77));
        int copy = pfnAt(child, va(0));
        assertNotEquals(shared, copy, "the child got its own page");
        assertEquals(0x7777_7777_7777_7777L, readLong(child, va(0), 0), "with the child's write");
        assertEquals(marker(0), readLong(child, va(0), MARK_OFFSET), "and the rest of the page copied");
        long childPte = mm.pte(child, va(0));
        assertTrue(Pte.isWritable(childPte) && Pte.isDirty(childPte) && Pte.isAccessed(childPte));
        assertFalse(Pte.isCopyOnWrite(childPte));
        assertFalse(pfns.isPrototypePte(copy), "a private page");
        assertEquals(org.mmscope.sim.pte.X64Paging.entryAddress(va(0), 1), pfns.pteAddress(copy),
                "whose PTE address is the child's own PTE");
        assertEquals(pfns.colour(shared), pfns.colour(copy), "of the same colour");
        assertEquals(shared, pfnAt(parent, va(0)), "the parent keeps the original");
        assertEquals(Operations.contentOf(parent, va(0)), readLong(parent, va(0), 0));
        assertEquals(1, pfns.shareCount(shared));
        assertEquals(1, forks.referenceCount(proto));
        assertEquals(1, child.copyOnWriteFaults());
        assertEquals(1, child.privatePages());
        assertEquals(cowEventsBefore + 1, mm.eventLog().count(MmEventType.COPY_ON_WRITE));
        EventRecord cow = PoolTestSupport.lastEvent(mm, MmEventType.COPY_ON_WRITE);
        assertEquals(copy, cow.pfn());
        assertEquals(va(0), cow.va());
        assertEquals(shared, cow.detail());
        assertEquals(shared, PoolTestSupport.lastEvent(mm, MmEventType.FAULT_COPY_ON_WRITE).pfn());

        // the parent writes too: the last reference goes, the shared page with it
        run(parent, Operations.touch(va(0), va(1), PAGE, Access.WRITE, 0x11));
        int parentCopy = pfnAt(parent, va(0));
        assertNotEquals(shared, parentCopy);
        assertEquals(marker(0), readLong(parent, va(0), MARK_OFFSET));
        assertEquals(0x1111_1111_1111_1111L, readLong(parent, va(0), 0));
        assertEquals(0x7777_7777_7777_7777L, readLong(child, va(0), 0), "each keeps its own write");
        assertEquals(0, forks.referenceCount(proto));
        assertEquals(0, forks.prototypePte(proto), "an unreferenced clone prototype PTE is zero");
        assertTrue(pfns.location(shared) == PageList.FREE || pfns.location(shared) == PageList.ZEROED,
                "the shared page went back to Free: " + pfns.location(shared));
        assertEquals(1, parent.copyOnWriteFaults());
        assertEquals(1, parent.privatePages());
    }

    @Test
    void aWriteThroughAPrototypeFormatPteCopiesAtOnce() {
        MmProcess parent = parentWithPages("parent", 2);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(va(1), va(2), PAGE, Access.WRITE, 0x42));
        assertEquals(1, child.copyOnWriteFaults(), "one fault: found through the clone prototype PTE, then copied");
        assertEquals(marker(1), readLong(child, va(1), MARK_OFFSET));
        assertEquals(1, pfns.shareCount(pfnAt(parent, va(1))), "the parent's mapping is the only share left");
        assertEquals(1, forks.referenceCount(cloneProto(parent, va(1))));
    }

    @Test
    void shareCountsTheCloneBlockCountAndThePrivatePageCountsAddUp() {
        MmProcess parent = parentWithPages("parent", 12);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(8), PAGE, false));                       // child maps 0..7
        run(child, Operations.touch(va(4), va(10), PAGE, Access.WRITE, 1));           // child copies 4..9
        run(parent, Operations.touch(va(8), va(12), PAGE, Access.WRITE, 2));          // parent copies 8..11
        // 0..3 shared and valid in both; 4..7 shared, the child has a copy; 8..9 both have copies
        // (the entry is gone); 10..11: the parent has a copy, the child still refers
        CloneBlock block = forks.cloneBlocks().get(0);
        for (int i = 0; i < 12; i++) {
            long proto = block.prototypePteAddress(i);
            int expected = (i < 4 ? 2 : 0) + (i >= 4 && i < 8 ? 1 : 0) + (i >= 10 ? 1 : 0);
            assertEquals(expected, forks.referenceCount(proto), "entry " + i);
            if (i < 4) {
                assertEquals(2, pfns.shareCount(pfnAt(parent, va(i))));
            } else if (i < 8) {
                assertEquals(1, pfns.shareCount(pfnAt(parent, va(i))));
            }
        }
        assertEquals(4 * 2 + 4 + 2, block.references());
        assertEquals(totalCloneReferences(), block.references());
        assertEquals(6, child.privatePages());
        assertEquals(6, child.copyOnWriteFaults());
        assertEquals(4, parent.privatePages());
        assertEquals(4, parent.copyOnWriteFaults());
        assertInvariants();
    }

    @Test
    void aProtectionChangeMakesTheForkPagePrivateWithoutMakingItWritable() {
        MmProcess parent = parentWithPages("parent", 3);
        MmProcess child = forks.fork(parent, "child");
        int shared = pfnAt(parent, va(0));
        long proto = cloneProto(parent, va(0));

        int old = mm.protectVirtual(parent, va(0), PAGE, Protection.READONLY);
        assertEquals(Protection.READWRITE, old);
        int copy = pfnAt(parent, va(0));
        assertNotEquals(shared, copy, "copied");
        assertFalse(pfns.isPrototypePte(copy));
        assertFalse(Pte.isWritable(mm.pte(parent, va(0))), "not made writable");
        assertFalse(Pte.isCopyOnWrite(mm.pte(parent, va(0))), "and no longer copy-on-write");
        assertEquals(Protection.READONLY, Pte.protection(pfns.originalPte(copy)));
        assertEquals(marker(0), readLong(parent, va(0), MARK_OFFSET));
        assertEquals(1, forks.referenceCount(proto), "only the child refers to the clone page now");
        assertEquals(0, parent.copyOnWriteFaults(), "a protection change is not a copy-on-write fault");
        assertEquals(1, parent.privatePages());
        run(parent, Operations.touch(va(0), va(1), PAGE, true));
        assertEquals(1, parent.accessViolations(), "read-only now");
        assertEquals(Protection.READONLY, mm.protectVirtual(parent, va(0), PAGE, Protection.READWRITE));
        assertEquals(copy, pfnAt(parent, va(0)), "a private page changes protection in place");
        assertTrue(Pte.isWritable(mm.pte(parent, va(0))));

        // the child's PTE is still in prototype format: it keeps the protection until the page is touched
        assertEquals(Protection.READWRITE, mm.protectVirtual(child, va(1), PAGE, Protection.READONLY));
        assertEquals(PteKind.PROTOTYPE, Pte.classify(mm.pte(child, va(1))));
        assertEquals(Protection.READONLY, Pte.protection(mm.pte(child, va(1))));
        run(child, Operations.touch(va(1), va(2), PAGE, false));
        int childCopy = pfnAt(child, va(1));
        assertNotEquals(pfnAt(parent, va(1)), childCopy, "one page cannot carry two protections: a private copy");
        assertFalse(Pte.isWritable(mm.pte(child, va(1))));
        assertEquals(marker(1), readLong(child, va(1), MARK_OFFSET));
        run(child, Operations.touch(va(1), va(2), PAGE, true));
        assertEquals(1, child.accessViolations());
        assertInvariants();
    }

    @Test
    void whenPagesAreShortTheCopyWaitsAndTakesTheFaultAgain() {
        Simulation quiet = new Simulation(new MachineConfig(65_536, 16, 2, 65_536, 9, 1 << 18, 16, 4096, 5_000_000L,
                20_000L, 1_000L, false));
        MemoryManager m = quiet.memoryManager();
        MmProcess parent = m.createProcess("parent");
        m.allocateVirtual(parent, BASE, 2L * PAGE, Protection.READWRITE, true);
        quiet.createThread(parent, "w", List.of(Operations.touch(BASE, va(2), PAGE, true)));
        runChecked(quiet, 100_000);
        MmProcess child = m.forks().fork(parent, "child");

        List<Integer> held = new ArrayList<>();
        for (int pfn = m.pfns().removeAnyPage(0); pfn >= 0; pfn = m.pfns().removeAnyPage(0)) {
            held.add(pfn);
        }
        assertEquals(0, m.pfns().availablePages());
        long waits = m.eventLog().count(MmEventType.MEMORY_WAIT);
        SimThread childWriter = quiet.createThread(child, "cw", List.of(Operations.touch(BASE, va(1), PAGE, true)));
        SimThread parentWriter = quiet.createThread(parent, "pw", List.of(Operations.touch(va(1), va(2), PAGE, true)));
        quiet.run(1_000);
        assertEquals(ThreadState.WAITING, childWriter.state());
        assertEquals(WaitReason.FREE_PAGE, childWriter.waitReason());
        assertEquals(ThreadState.WAITING, parentWriter.state());
        assertEquals(WaitReason.FREE_PAGE, parentWriter.waitReason(), "the copy-on-write fault waits for a page");
        assertEquals(waits + 2, m.eventLog().count(MmEventType.MEMORY_WAIT));
        assertEquals(PteKind.PROTOTYPE, Pte.classify(m.pte(child, BASE)), "nothing changed while waiting");
        assertTrue(Pte.isCopyOnWrite(m.pte(parent, va(1))));
        assertEquals(0, child.copyOnWriteFaults() + parent.copyOnWriteFaults());

        for (int pfn : held) {
            m.pfns().insertInList(PageList.FREE, pfn);
        }
        runChecked(quiet, 100_000);
        assertEquals(ThreadState.TERMINATED, childWriter.state());
        assertEquals(ThreadState.TERMINATED, parentWriter.state());
        assertEquals(1, child.copyOnWriteFaults());
        assertEquals(1, parent.copyOnWriteFaults());
        assertEquals(Operations.contentOf(child, BASE), m.memory().readLong((int) Pte.pfn(m.pte(child, BASE)), 0));
        assertEquals(List.of(), InvariantChecker.check(m));
    }

    @Test
    void aFaultOfTheParentDuringTheForkWaitsForItThenIsTakenAgain() {
        MmProcess parent = parentWithPages("parent", 200);
        ForkManager.Fork fork = forks.beginFork(parent, "child");
        assertTrue(parent.isForkInProgress());
        assertTrue(fork.child().isForkInProgress());
        assertEquals(ForkManager.StepResult.MORE, fork.step(null, 64));
        assertTrue(Pte.isCopyOnWrite(mm.pte(parent, va(0))), "the first 64 pages are shared already");
        assertTrue(Pte.isWritable(mm.pte(parent, va(150))), "the rest not yet");
        assertInvariants();
        assertThrows(IllegalStateException.class, () -> mm.freeVirtual(parent, va(0), PAGE, false),
                "the address space cannot change during the fork");

        long threadWaits = mm.eventLog().count(MmEventType.THREAD_WAIT);
        SimThread writer = simulation.createThread(parent, "w", List.of(Operations.touch(va(0), va(1), PAGE, true)));
        SimThread freer = simulation.createThread(parent, "f", List.of(Operations.free(va(199), PAGE, false)));
        for (int i = 0; i < 20; i++) {
            simulation.step();
            assertInvariants();
        }
        assertEquals(ThreadState.WAITING, writer.state());
        assertEquals(WaitReason.FORK, writer.waitReason());
        assertEquals(ThreadState.WAITING, freer.state(), "an operation on the address space waits too");
        assertEquals(WaitReason.FORK, freer.waitReason());
        assertEquals(threadWaits + 1, mm.eventLog().count(MmEventType.THREAD_WAIT));
        assertTrue(Pte.isCopyOnWrite(mm.pte(parent, va(0))), "nothing was written");

        while (fork.step(null, 64) != ForkManager.StepResult.DONE) {
            assertInvariants();
        }
        assertFalse(parent.isForkInProgress());
        runChecked(simulation, 100_000);
        assertEquals(ThreadState.TERMINATED, writer.state());
        assertEquals(1, parent.copyOnWriteFaults(), "the fault was taken again after the fork: a copy");
        assertEquals(PteKind.ZERO, Pte.classify(mm.pte(parent, va(199))), "the decommit ran after the fork");
        assertEquals(1, forks.referenceCount(cloneProto(fork.child(), va(199))), "the child still has page 199");
    }

    @Test
    void aStepWiseForkRunsBesideTheParentsThreads() {
        MmProcess parent = parentWithPages("parent", 512);
        List<MmProcess> children = new ArrayList<>();
        simulation.createThread(mm.systemProcess(), "forker",
                List.of(Operations.fork(m -> parent, "child", children::add)));
        simulation.createThread(parent, "writer", List.of(Operations.touch(BASE, va(512), PAGE, Access.WRITE, 9)));
        runChecked(simulation, 2_000_000);
        assertEquals(1, children.size());
        MmProcess child = children.get(0);
        assertTrue(mm.eventLog().count(MmEventType.THREAD_WAIT) > 0, "the writer ran into the fork");
        // every page the writer wrote before the fork reached it was shared with that content, the others
        // were copied: the child sees a consistent snapshot either way (the marker is everywhere)
        run(child, Operations.touch(BASE, va(512), PAGE, false));
        for (int i = 0; i < 512; i++) {
            assertEquals(marker(i), readLong(child, va(i), MARK_OFFSET));
            assertEquals(0x0909_0909_0909_0909L, readLong(parent, va(i), 0));
        }
        assertTrue(parent.copyOnWriteFaults() > 0 && parent.copyOnWriteFaults() < 512,
                "copies: " + parent.copyOnWriteFaults());
    }

    @Test
    void theForkFlushesTheParentsWritableTranslations() {
        MmProcess parent = parentWithPages("parent", 8);
        for (int c = 0; c < mm.cpuCount(); c++) {
            mm.mmu().translate(mm.cpu(c), parent.pml4(), va(3), Access.WRITE, Mode.USER);
        }
        assertTrue(mm.cpu(0).tlb().peek(parent.pml4(), va(3)) >= 0, "a writable translation is cached");
        long flushes = mm.eventLog().count(MmEventType.TLB_FLUSH_ALL);
        MmProcess child = forks.fork(parent, "child");
        assertEquals(flushes + 1, mm.eventLog().count(MmEventType.TLB_FLUSH_ALL));
        for (int c = 0; c < mm.cpuCount(); c++) {
            assertTrue(mm.cpu(c).tlb().peek(parent.pml4(), va(3)) < 0, "CPU " + c + " forgot it");
            assertFalse(mm.mmu().writeLong(mm.cpu(c), parent.pml4(), va(3), 1, Mode.USER),
                    "a write faults instead of changing the shared page");
        }
        assertInvariants();
        run(child, Operations.touch(va(3), va(4), PAGE, false));
        int shared = pfnAt(child, va(3));
        mm.mmu().translate(mm.cpu(1), child.pml4(), va(3), Access.READ, Mode.USER);
        long single = mm.eventLog().count(MmEventType.TLB_FLUSH_SINGLE);
        run(child, Operations.touch(va(3), va(4), PAGE, true));
        assertTrue(mm.eventLog().count(MmEventType.TLB_FLUSH_SINGLE) > single, "the copy flushed the entry");
        for (int c = 0; c < mm.cpuCount(); c++) {
            int slot = mm.cpu(c).tlb().peek(child.pml4(), va(3));
            assertTrue(slot < 0 || mm.cpu(c).tlb().pfn(slot) != shared, "no CPU maps the child's page to the old one");
        }
        assertInvariants();
    }

    @Test
    void pagesInTransitionAndInThePagingFileAreSharedToo() {
        MmProcess parent = parentWithPages("parent", 32);
        pageOut(parent, 32);
        for (int i = 0; i < 32; i++) {
            assertEquals(PteKind.PAGING_FILE, Pte.classify(mm.pte(parent, va(i))), "only in the paging file");
        }
        run(parent, Operations.touch(BASE, va(12), PAGE, false)); // 12 read back
        mm.trim(parent, 6, 0);                                     // 6 of them trimmed again
        int[] kinds = new int[PteKind.values().length];
        for (int i = 0; i < 32; i++) {
            kinds[Pte.classify(mm.pte(parent, va(i))).ordinal()]++;
        }
        assertEquals(6, kinds[PteKind.HARDWARE.ordinal()]);
        assertEquals(6, kinds[PteKind.TRANSITION.ordinal()]);
        assertEquals(20, kinds[PteKind.PAGING_FILE.ordinal()]);
        long slots = mm.pagingFile().allocatedCount();

        MmProcess child = forks.fork(parent, "child");
        assertInvariants();
        assertEquals(32, forks.cloneBlocks().get(0).entries());
        assertEquals(slots, mm.pagingFile().allocatedCount(), "the clone prototype PTEs own the paging-file space");
        run(child, Operations.touch(BASE, va(32), PAGE, false));
        run(parent, Operations.touch(BASE, va(32), PAGE, false));
        for (int i = 0; i < 32; i++) {
            assertEquals(pfnAt(parent, va(i)), pfnAt(child, va(i)), "read once, shared");
            assertEquals(marker(i), readLong(child, va(i), MARK_OFFSET));
            assertEquals(Operations.contentOf(parent, va(i)), readLong(child, va(i), 0));
        }
        assertEquals(20, child.hardFaults(), "read from the paging file through the clone prototype PTE");
        assertEquals(0, parent.hardFaults() - 12, "the parent found them in memory");
    }

    @Test
    void viewsAreMappedIntoTheChildSharedAndDemandZeroPtesAreCopied() {
        ControlArea shm = mm.sections().createSection("shm", 4, Protection.READWRITE, null);
        MmProcess parent = parentWithPages("parent", 2);
        mm.allocateVirtual(parent, va(8), 2L * PAGE, Protection.READWRITE, false);
        mm.allocateVirtual(parent, va(8), 2L * PAGE, Protection.READONLY, true); // demand-zero PTEs
        long view = 0x5000_0000L;
        mm.sections().mapView(parent, shm, view, 0, 4, Protection.READWRITE);
        run(parent, Operations.touch(view, view + 4 * PAGE, PAGE, true));
        MmProcess child = forks.fork(parent, "child");
        assertEquals(2, shm.mappedViews());
        assertTrue(child.vads().find(view).isView());
        assertEquals(Pte.demandZero(Protection.READONLY), mm.pte(child, va(8)));
        run(child, Operations.touch(view, view + 4 * PAGE, PAGE, Access.WRITE, 0x33));
        assertEquals(0, child.copyOnWriteFaults(), "a view is shared, not copied");
        assertEquals(pfnAt(parent, view), pfnAt(child, view));
        assertEquals(0x3333_3333_3333_3333L, readLong(parent, view, 0), "the parent sees the child's write");
        run(child, Operations.touch(va(8), va(10), PAGE, false));
        assertEquals(Protection.READONLY, Pte.protection(pfns.originalPte(pfnAt(child, va(8)))));
        assertInvariants();
    }

    @Test
    void aSecondForkSharesTheSameClonePagesThroughTheSameEntries() {
        MmProcess parent = parentWithPages("parent", 4);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(2), PAGE, false));
        MmProcess grandchild = forks.fork(child, "grandchild");
        assertEquals(1, forks.cloneBlocks().size(), "the child had no private page: no new block");
        for (int i = 0; i < 4; i++) {
            assertEquals(3, forks.referenceCount(cloneProto(grandchild, va(i))));
        }
        assertTrue(Pte.isCopyOnWrite(mm.pte(child, va(0))), "still copy-on-write in the child");
        run(grandchild, Operations.touch(BASE, va(4), PAGE, Access.WRITE, 5));
        run(child, Operations.touch(BASE, va(1), PAGE, Access.WRITE, 6));
        assertEquals(marker(2), readLong(grandchild, va(2), MARK_OFFSET));
        assertEquals(Operations.contentOf(parent, va(0)), readLong(parent, va(0), 0));
        assertEquals(0x0606_0606_0606_0606L, readLong(child, va(0), 0));
        assertEquals(0x0505_0505_0505_0505L, readLong(grandchild, va(0), 0));
        assertEquals(1, forks.referenceCount(cloneProto(parent, va(0))));
        assertInvariants();
    }

    @Test
    void aForkWhileAReadOfTheParentIsInFlightSharesThePageBeingRead() {
        MmProcess parent = parentWithPages("parent", 4);
        pageOut(parent, 4);
        assertEquals(PteKind.PAGING_FILE, Pte.classify(mm.pte(parent, va(2))));
        SimThread reader = simulation.createThread(parent, "r", List.of(Operations.touch(va(2), va(3), PAGE, false)));
        while (reader.state() != ThreadState.WAITING) {
            simulation.step();
        }
        assertEquals(WaitReason.PAGE_IN, reader.waitReason());
        int reading = (int) Pte.pfn(mm.pte(parent, va(2)));
        assertTrue(pfns.isReadInProgress(reading));
        MmProcess child = forks.fork(parent, "child");
        assertInvariants();
        assertEquals(cloneProto(parent, va(2)), pfns.pteAddress(reading), "the page under the read moved behind it");
        runChecked(simulation, 2_000_000);
        assertEquals(ThreadState.TERMINATED, reader.state(), "the reader took its fault again and finished");
        assertEquals(reading, pfnAt(parent, va(2)));
        run(child, Operations.touch(BASE, va(4), PAGE, false));
        assertEquals(reading, pfnAt(child, va(2)), "one read, one page, two processes");
        assertEquals(marker(2), readLong(child, va(2), MARK_OFFSET));
        assertEquals(Operations.contentOf(parent, va(3)), readLong(child, va(3), 0));
    }

    @Test
    void exitOfTheParentThenTheChildFreesEverything() {
        int nonPagedBefore = mm.pools().nonPagedPages();
        java.util.BitSet activeBefore = new java.util.BitSet();
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            activeBefore.set(pfn, pfns.location(pfn) == PageList.ACTIVE_AND_VALID);
        }
        int availableBefore = pfns.availablePages();
        MmProcess parent = parentWithPages("parent", 48);
        mm.trim(parent, 16, 0);
        mm.runModifiedPageWriter(8);
        runChecked(simulation, 2_000_000);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(24), PAGE, false));
        run(child, Operations.touch(va(20), va(30), PAGE, true));
        mm.exitProcess(parent);
        assertInvariants();
        run(child, Operations.touch(BASE, va(48), PAGE, false));
        for (int i = 0; i < 48; i++) {
            assertEquals(marker(i), readLong(child, va(i), MARK_OFFSET), "the child keeps every page");
        }
        assertTrue(forks.cloneBlocks().get(0).references() > 0);
        mm.exitProcess(child);
        assertInvariants();
        assertEquals(List.of(), forks.cloneBlocks(), "the clone block went back to pool");
        assertEquals(0, mm.pools().allocations().stream().filter(a -> a.tag() == ForkManager.CLONE_TAG).count());
        mm.runZeroPageThread(Long.MAX_VALUE);
        runChecked(simulation, 2_000_000);
        assertEquals(0, mm.pagingFile().allocatedCount(), "no paging-file space left behind");
        assertEquals(0, pfns.listTotal(PageList.MODIFIED) + pfns.listTotal(PageList.STANDBY));
        // what stays active besides what was there: the nonpaged pool page that held the clone block and
        // the kernel page tables mapping it (pool keeps the pages it backed)
        int kept = 0;
        for (int pfn = 0; pfn < pfns.pageCount(); pfn++) {
            if (pfns.location(pfn) == PageList.ACTIVE_AND_VALID && !activeBefore.get(pfn)) {
                long mapped = org.mmscope.sim.pte.X64Paging.mappedAddress(pfns.pteAddress(pfn));
                assertTrue(org.mmscope.sim.pte.X64Paging.isKernelAddress(mapped), "PFN " + pfn + " maps " + mapped);
                kept++;
            }
        }
        assertTrue(mm.pools().nonPagedPages() > nonPagedBefore && kept <= 3, "kept " + kept);
        assertEquals(availableBefore - kept, pfns.availablePages(), "the page lists add back up");
    }

    @Test
    void decommitAndReleaseOfForkedMemoryDropTheReferences() {
        MmProcess parent = parentWithPages("parent", 8);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(4), PAGE, false));
        CloneBlock block = forks.cloneBlocks().get(0);
        mm.freeVirtual(child, va(0), 2L * PAGE, false);
        assertEquals(1, forks.referenceCount(block.prototypePteAddress(0)));
        assertEquals(14, block.references());
        mm.freeVirtual(parent, BASE, 0, true);
        assertEquals(6, block.references(), "the child's six PTEs still refer");
        assertInvariants();
        mm.freeVirtual(child, BASE, 0, true);
        assertTrue(block.isDeleted());
        assertNull(forks.blockOf(block.address()));
        assertInvariants();
    }

    @Test
    void theForkRefusesWhatItCannotDo() {
        MmProcess parent = parentWithPages("parent", 1);
        assertThrows(IllegalArgumentException.class, () -> forks.fork(mm.systemProcess(), "x"));
        ForkManager.Fork fork = forks.beginFork(parent, "child");
        assertThrows(IllegalStateException.class, () -> forks.beginFork(parent, "again"));
        assertThrows(IllegalStateException.class, () -> mm.exitProcess(fork.child()));
        assertEquals(ForkManager.StepResult.DONE, fork.step(null, 10));
        assertThrows(IllegalStateException.class, () -> fork.step(null, 10));
        mm.exitProcess(parent);
        assertThrows(IllegalArgumentException.class, () -> forks.fork(parent, "late"));
        assertInvariants();
    }

    @Test
    void corruptCloneCountsAndCopyOnWritePtesAreBugchecks() {
        MmProcess parent = parentWithPages("parent", 2);
        MmProcess child = forks.fork(parent, "child");
        long proto = cloneProto(child, va(0));
        // a reference count that says no PTE refers any more, while the child's still does
        long count = proto + 8;
        mm.memory().writeLong(mm.sections().frameOf(count), (int) (count & 0xFFF), 0);
        BugCheckException e = PoolTestSupport.bugcheck(org.mmscope.sim.BugCheckCode.MEMORY_MANAGEMENT,
                org.mmscope.sim.BugCheckCode.MM_CLONE_BLOCK_CORRUPT, () -> mm.freeVirtual(child, va(0), PAGE, false));
        assertEquals(proto, e.parameter(2));
        assertEquals(PteKind.PROTOTYPE, Pte.classify(mm.pte(child, va(0))), "found before anything changed");

        // a copy-on-write PTE on a page that no clone prototype PTE holds
        Simulation other = new Simulation(MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 5));
        MemoryManager m = other.memoryManager();
        MmProcess p = m.createProcess("p");
        m.allocateVirtual(p, BASE, PAGE, Protection.READWRITE, true);
        other.createThread(p, "w", List.of(Operations.touch(BASE, va(1), PAGE, true)));
        runChecked(other, 100_000);
        int pt = m.pageTable(p, BASE);
        long forged = Pte.setCopyOnWrite(Pte.setWritable(m.pte(p, BASE), false), true);
        m.memory().writeLong(pt, org.mmscope.sim.pte.X64Paging.tableIndex(BASE, 1) * 8, forged);
        SimThread t = m.scheduler().createThread("t", p.pid(), 8, x -> org.mmscope.sim.sched.ThreadBody.Outcome.RAN);
        PoolTestSupport.bugcheck(org.mmscope.sim.BugCheckCode.MEMORY_MANAGEMENT,
                org.mmscope.sim.BugCheckCode.MM_CLONE_BLOCK_CORRUPT, () -> m.accessFault(p, t, BASE, true));
    }

    @Test
    void forkEventsAreReported() {
        MmProcess parent = parentWithPages("parent", 2);
        MmProcess child = forks.fork(parent, "child");
        run(child, Operations.touch(BASE, va(2), PAGE, true));
        assertEquals(1, events(mm, MmEventType.CLONE_CREATE).size());
        assertEquals(2, events(mm, MmEventType.FAULT_COPY_ON_WRITE).size());
        assertEquals(2, events(mm, MmEventType.COPY_ON_WRITE).size());
    }
}
