package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Mode;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;

/** The memory manager end to end, with the invariant checker after every step. */
class MemoryManagerTest {

    private static final long MB = 1L << 20;
    private static final long BASE = 0x10000;

    private static MachineConfig smallMachine() {
        return MachineConfig.ofRam(256 * MB, 16, 2, 1024 * MB, 42).withWorkingSet(16, 512);
    }

    /** Runs to quiescence, checking the invariants after every step. */
    private static long runChecked(Simulation simulation, long maxSteps) {
        long steps = 0;
        while (steps < maxSteps && simulation.step()) {
            steps++;
            List<Violation> violations = InvariantChecker.check(simulation.memoryManager());
            if (!violations.isEmpty()) {
                throw new AssertionError("after step " + steps + ": " + violations);
            }
        }
        return steps;
    }

    @Test
    void aNewAddressSpaceMapsItselfAndItsWorkingSetList() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = simulation.createProcess("notepad.exe");
        var cpu = mm.cpu(0);
        long pml4Address = mm.mmu().translate(cpu, process.pml4(), X64Paging.PXE_BASE, Access.READ, Mode.KERNEL);
        assertEquals((long) process.pml4() << 12, pml4Address, "the self-map VA of the PML4 is the PML4");
        long wsAddress = mm.mmu().translate(cpu, process.pml4(), MemoryManager.WORKING_SET_LIST_VA, Access.READ,
                Mode.KERNEL);
        assertEquals((long) process.workingSetPage() << 12, wsAddress);
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    @Test
    void demandZeroTrimModifiedWriteAndHardFaultsKeepContentsAndInvariants() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = simulation.createProcess("writer.exe");
        int pages = 64;
        List<Operation> ops = new ArrayList<>();
        ops.add(Operations.allocate(BASE, pages * 4096L, Protection.READWRITE, true));
        ops.add(Operations.touch(BASE, BASE + pages * 4096L, 4096, true));
        ops.add(Operations.trim(false));
        ops.add(Operations.delay(50_000_000)); // let the modified page writer write them out
        simulation.createThread(process, "main", ops);
        runChecked(simulation, 200_000);

        assertEquals(pages, process.demandZeroFaults());
        assertEquals(0, process.workingSet().count());
        long pte = mm.pte(process, BASE);
        assertTrue(Pte.classify(pte) == PteKind.TRANSITION, "a trimmed page stays in transition: " + Pte.describe(pte));
        assertTrue(mm.pfns().listTotal(PageList.STANDBY) >= pages, "written pages are on Standby");
        assertEquals(pages, mm.pagingFile().allocatedCount());

        // Take every page that is not in use, so the Standby pages are repurposed, then read back.
        MmProcess hog = simulation.createProcess("hog.exe");
        int hogPages = mm.pfns().availablePages() + 2000; // more than there is: Standby pages get repurposed
        simulation.createThread(hog, "main", List.of(
                Operations.allocate(0x100000000L, hogPages * 4096L, Protection.READWRITE, true),
                Operations.touch(0x100000000L, 0x100000000L + hogPages * 4096L, 4096, true)));
        simulation.run(3_000_000);
        assertTrue(Pte.classify(mm.pte(process, BASE)) == PteKind.PAGING_FILE,
                "a repurposed page's PTE is its paging-file PTE again: " + Pte.describe(mm.pte(process, BASE)));
        assertEquals(List.of(), InvariantChecker.check(mm));

        simulation.createThread(process, "reader", List.of(Operations.touch(BASE, BASE + pages * 4096L, 4096, false)));
        simulation.run(3_000_000);
        assertTrue(process.hardFaults() > 0, "hard faults: " + process.hardFaults());
        assertEquals(List.of(), InvariantChecker.check(mm));
        for (long va = BASE; va < BASE + pages * 4096L; va += 4096) {
            long valid = mm.pte(process, va);
            assertTrue(Pte.isValid(valid), Pte.describe(valid));
            assertEquals(Operations.contentOf(process, va), mm.memory().readLong((int) Pte.pfn(valid), 0),
                    "the page read back from the paging file has what was written");
        }
        assertTrue(mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE) > 0);
        assertTrue(mm.eventLog().count(MmEventType.PAGE_REPURPOSED) > 0);
    }

    @Test
    void anInjectedReadErrorIsRetried() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = pagedOutProcess(simulation);
        long offset = Pte.pageFileOffset(mm.pte(process, BASE));

        simulation.createThread(process, "reader", List.of(Operations.injectPagingFileReadError(offset, 1),
                Operations.touch(BASE, BASE + 4096, 4096, false)));
        runChecked(simulation, 200_000);
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_ERROR));
        assertEquals(PteKind.PAGING_FILE, Pte.classify(mm.pte(process, BASE)),
                "the failed read fails that access and leaves the page in the paging file");

        simulation.createThread(process, "retry", List.of(Operations.touch(BASE, BASE + 4096, 4096, false)));
        runChecked(simulation, 200_000);
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_ERROR));
        assertTrue(Pte.isValid(mm.pte(process, BASE)), "the next access read the page again");
        assertEquals(Operations.contentOf(process, BASE), mm.memory().readLong((int) Pte.pfn(mm.pte(process, BASE)), 0));
    }

    @Test
    void processExitFreesEverything() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        int before = mm.pfns().availablePages();
        MmProcess process = simulation.createProcess("short.exe");
        simulation.createThread(process, "main", List.of(
                Operations.allocate(BASE, 300 * 4096L, Protection.READWRITE, true),
                Operations.touch(BASE, BASE + 300 * 4096L, 4096, true),
                Operations.trim(false),
                Operations.touch(BASE, BASE + 100 * 4096L, 4096, false),
                Operations.exitProcess()));
        runChecked(simulation, 500_000);
        assertTrue(process.hasExited());
        assertEquals(before, mm.pfns().availablePages(), "every page came back");
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertTrue(mm.pfns().listTotal(PageList.ZEROED) > 0);
    }

    @Test
    void uncommittedAndReadOnlyAccessesAreViolations() {
        Simulation simulation = new Simulation(smallMachine());
        MmProcess process = simulation.createProcess("bad.exe");
        simulation.createThread(process, "main", List.of(
                Operations.touch(BASE, BASE + 4096, 4096, false),
                Operations.allocate(0x200000, 4096, Protection.READONLY, true),
                Operations.touch(0x200000, 0x201000, 4096, true)));
        runChecked(simulation, 10_000);
        assertEquals(2, process.accessViolations());
    }

    @Test
    void sameConfigurationSameEvents() {
        long[] fingerprints = new long[2];
        for (int run = 0; run < 2; run++) {
            Simulation simulation = new Simulation(smallMachine());
            MmProcess a = simulation.createProcess("a.exe");
            MmProcess b = simulation.createProcess("b.exe");
            for (MmProcess p : List.of(a, b)) {
                simulation.createThread(p, "main", List.of(
                        Operations.allocate(BASE, 600 * 4096L, Protection.READWRITE, true),
                        Operations.touch(BASE, BASE + 600 * 4096L, 4096, true),
                        Operations.touch(BASE, BASE + 600 * 4096L, 8192, false)));
            }
            simulation.run(1_000_000);
            var log = simulation.memoryManager().eventLog();
            long hash = log.last();
            for (long seq = Math.max(1, log.firstRetained()); seq <= log.last(); seq++) {
                hash = hash * 31 + log.type(seq).code() * 7 + log.pfn(seq) * 13 + log.va(seq) + log.time(seq);
            }
            fingerprints[run] = hash;
        }
        assertEquals(fingerprints[0], fingerprints[1]);
    }

    @Test
    void threadsFaultingOnAPageBeingReadWaitForTheSameRead() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = pagedOutProcess(simulation);

        long readsBefore = mm.eventLog().count(MmEventType.IN_PAGE_START);
        for (String name : List.of("reader1", "reader2", "reader3")) {
            simulation.createThread(process, name, List.of(Operations.touch(BASE, BASE + 4096, 4096, false)));
        }
        runChecked(simulation, 100_000);
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_START) - readsBefore, "one read for all");
        assertEquals(2, mm.eventLog().count(MmEventType.COLLIDED_FAULT), "the two others collided with it");
        assertTrue(Pte.isValid(mm.pte(process, BASE)));
        assertEquals(Operations.contentOf(process, BASE), mm.memory().readLong((int) Pte.pfn(mm.pte(process, BASE)), 0));
    }

    @net.jqwik.api.Property(tries = 12)
    void randomMixesKeepTheInvariantsAfterEveryStep(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(min = 1, max = 12)
            List<@net.jqwik.api.constraints.IntRange(min = 0, max = 6) Integer> choices,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1000) long seed) {
        MachineConfig config = MachineConfig.ofRam(256 * MB, 16, 2, 1024 * MB, seed).withWorkingSet(8, 64);
        Simulation simulation = new Simulation(config);
        List<MmProcess> live = new ArrayList<>();
        for (int choice : choices) {
            MmProcess target = live.isEmpty() || choice == 0 ? null : live.get(choice % live.size());
            if (target == null) {
                MmProcess created = simulation.createProcess("p" + live.size() + ".exe");
                live.add(created);
                simulation.createThread(created, "main", List.of(
                        Operations.allocate(BASE, 160 * 4096L, Protection.READWRITE, true),
                        Operations.touch(BASE, BASE + 160 * 4096L, 4096, true)));
            } else if (choice == 1) {
                simulation.createThread(target, "trim", List.of(Operations.trim(false)));
            } else if (choice == 2) {
                simulation.createThread(target, "read", List.of(Operations.touch(BASE, BASE + 160 * 4096L, 8192, false)));
            } else if (choice == 3) {
                simulation.createThread(target, "decommit", List.of(Operations.free(BASE + 64 * 4096L, 32 * 4096L, false)));
            } else if (choice == 4) {
                simulation.createThread(target, "write", List.of(Operations.touch(BASE, BASE + 64 * 4096L, 4096, true)));
            } else if (choice == 5) {
                simulation.createThread(target, "exit", List.of(Operations.exitProcess()));
                live.remove(target);
            } else {
                simulation.createThread(target, "protect", List.of(
                        Operations.protect(BASE, 32 * 4096L, seed % 2 == 0 ? Protection.READONLY : Protection.READWRITE)));
            }
            runChecked(simulation, 20_000);
        }
    }

    /** Pages one page of a new process out to the paging file and returns the process. */
    private static MmProcess pagedOutProcess(Simulation simulation) {
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = simulation.createProcess("victim.exe");
        simulation.createThread(process, "writer", List.of(
                Operations.allocate(BASE, 4096, Protection.READWRITE, true),
                Operations.touch(BASE, BASE + 4096, 4096, true),
                Operations.trim(false),
                Operations.delay(50_000_000)));
        runChecked(simulation, 100_000);
        MmProcess hog = simulation.createProcess("hog.exe");
        int hogPages = mm.pfns().availablePages() + 2000;
        simulation.createThread(hog, "main", List.of(
                Operations.allocate(0x100000000L, hogPages * 4096L, Protection.READWRITE, true),
                Operations.touch(0x100000000L, 0x100000000L + hogPages * 4096L, 4096, true),
                Operations.exitProcess()));
        simulation.run(3_000_000);
        assertEquals(PteKind.PAGING_FILE, Pte.classify(mm.pte(process, BASE)));
        return process;
    }

    @Test
    void exitWhileAPageIsBeingReadFreesThePageAndItsSlot() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = pagedOutProcess(simulation);
        simulation.createThread(process, "reader", List.of(Operations.touch(BASE, BASE + 4096, 4096, false)));
        while (mm.disk().pendingCount() == 0) {
            simulation.step();
        }
        mm.exitProcess(process); // the read is in flight
        runChecked(simulation, 100_000);
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE));
    }

    @Test
    void exitAfterTheReadButBeforeTheFaultingThreadClaimsThePageFreesIt() {
        Simulation simulation = new Simulation(smallMachine());
        MemoryManager mm = simulation.memoryManager();
        MmProcess process = pagedOutProcess(simulation);
        simulation.createThread(process, "reader", List.of(Operations.touch(BASE, BASE + 4096, 4096, false)));
        while (mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE) == 0) {
            simulation.step();
        }
        mm.exitProcess(process); // the read completed, nobody made the page valid yet
        assertEquals(List.of(), InvariantChecker.check(mm));
        runChecked(simulation, 100_000);
        assertEquals(0, mm.pagingFile().allocatedCount());
    }
}
