package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.section.ControlArea;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random fork work against a model: forks (at once and step by step beside the parent's threads),
 * writes and reads of private pages and of a shared view, trims with the modified page writer,
 * protection changes, decommits and exits. After every simulation step the invariant checker finds
 * nothing (clone blocks and their counts included); every read sees what the model says the process
 * last wrote there (or what it inherited at its fork); when every process has exited, no clone block
 * and no paging-file space is left.
 */
class ForkPropertiesTest {

    private static final long BASE = 0x2000_0000L;
    private static final long VIEW = 0x6000_0000L;
    private static final int PAGES = 12;
    private static final int VIEW_PAGES = 4;
    private static final int PAGE = 4096;
    private static final int MAX_PROCESSES = 5;

    /** A live process and what the model expects in each of its private pages (a byte, 0: never written). */
    private static final class Model {
        final MmProcess process;
        final int[] pages;
        boolean mapped;

        Model(MmProcess process, int[] pages) {
            this.process = process;
            this.pages = pages;
        }
    }

    private static final class Run {
        final Simulation simulation = new Simulation(
                MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 13).withWorkingSet(8, 64));
        final MemoryManager mm = simulation.memoryManager();
        final List<Model> live = new ArrayList<>();
        final int[] view = new int[VIEW_PAGES];
        final ControlArea shm = mm.sections().createSection("shm", VIEW_PAGES, Protection.READWRITE, null);
        int created;

        void run(MmProcess process, Operation... operations) {
            simulation.createThread(process, "t", List.of(operations));
            runChecked(simulation, 1_000_000);
        }

        Model create() {
            MmProcess process = mm.createProcess("p" + created++);
            mm.allocateVirtual(process, BASE, (long) PAGES * PAGE, Protection.READWRITE, true);
            Model model = new Model(process, new int[PAGES]);
            live.add(model);
            return model;
        }

        static long value(int b) {
            return 0x0101_0101_0101_0101L * b;
        }

        void expectPage(Model model, long va, int expected) {
            run(model.process, Operations.touch(va, va + PAGE, PAGE, false));
            long pte = mm.pte(model.process, va);
            assertTrue(Pte.isValid(pte), Pte.describe(pte));
            assertEquals(value(expected), mm.memory().readLong((int) Pte.pfn(pte), 0),
                    model.process + " at 0x" + Long.toHexString(va));
        }

        void step(int choice, int target, int page, int b) {
            if (live.isEmpty()) {
                create();
            }
            Model model = live.get(target % live.size());
            MmProcess p = model.process;
            long va = BASE + (long) (page % PAGES) * PAGE;
            switch (choice) {
                case 0, 1 -> { // fork, at once or step by step beside a thread of the parent that writes
                    if (live.size() >= MAX_PROCESSES) {
                        return;
                    }
                    int[] inherited = model.pages.clone();
                    MmProcess child;
                    if (choice == 0) {
                        child = mm.forks().fork(p, "c" + created++);
                    } else {
                        List<MmProcess> out = new ArrayList<>();
                        simulation.createThread(mm.systemProcess(), "forker",
                                List.of(Operations.fork(m -> p, "c" + created++, out::add)));
                        int index = page % PAGES;
                        simulation.createThread(p, "writer",
                                List.of(Operations.touch(va, va + PAGE, PAGE, Access.WRITE, b)));
                        runChecked(simulation, 1_000_000);
                        child = out.get(0);
                        // the child has the page as it was when the fork reached it: before or after the write
                        long childPte = mm.pte(child, va);
                        model.pages[index] = b;
                        run(child, Operations.touch(va, va + PAGE, PAGE, false));
                        long seen = mm.memory().readLong((int) Pte.pfn(mm.pte(child, va)), 0);
                        assertTrue(seen == value(b) || seen == value(inherited[index]),
                                "the child sees a snapshot: " + Pte.describe(childPte));
                        inherited[index] = seen == value(b) ? b : inherited[index];
                    }
                    Model forked = new Model(child, inherited);
                    forked.mapped = model.mapped;
                    live.add(forked);
                }
                case 2, 3 -> { // write a private page
                    run(p, Operations.touch(va, va + PAGE, PAGE, Access.WRITE, b));
                    model.pages[page % PAGES] = b;
                }
                case 4, 5 -> expectPage(model, va, model.pages[page % PAGES]);
                case 6 -> { // trim, write out
                    mm.emptyWorkingSet(p);
                    mm.runModifiedPageWriter(PAGES);
                    runChecked(simulation, 1_000_000);
                }
                case 7 -> { // a view of the shared section: no copy-on-write there
                    if (!model.mapped) {
                        mm.sections().mapView(p, shm, VIEW, 0, VIEW_PAGES, Protection.READWRITE);
                        model.mapped = true;
                    }
                    long v = VIEW + (long) (page % VIEW_PAGES) * PAGE;
                    run(p, Operations.touch(v, v + PAGE, PAGE, Access.WRITE, b));
                    view[page % VIEW_PAGES] = b;
                    for (Model other : live) {
                        if (other.mapped) {
                            expectPage(other, v, b);
                        }
                    }
                }
                case 8 -> { // protection change and back: the page goes private, keeps its contents
                    mm.protectVirtual(p, va, PAGE, Protection.READONLY);
                    runChecked(simulation, 1_000_000);
                    mm.protectVirtual(p, va, PAGE, Protection.READWRITE);
                    expectPage(model, va, model.pages[page % PAGES]);
                }
                case 9 -> { // decommit and commit again: zero
                    mm.freeVirtual(p, va, PAGE, false);
                    mm.allocateVirtual(p, va, PAGE, Protection.READWRITE, true);
                    model.pages[page % PAGES] = 0;
                    expectPage(model, va, 0);
                }
                case 10 -> { // exit
                    mm.exitProcess(p);
                    live.remove(model);
                    runChecked(simulation, 1_000_000);
                }
                default -> { // check every page of one process
                    for (int i = 0; i < PAGES; i++) {
                        expectPage(model, BASE + (long) i * PAGE, model.pages[i]);
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> work() {
        Arbitrary<int[]> action = Arbitraries.integers().between(0, 11).list().ofSize(1)
                .flatMap(c -> Arbitraries.integers().between(0, 255).array(int[].class).ofSize(3)
                        .map(rest -> new int[] { c.get(0), rest[0], rest[1], 1 + rest[2] % 255 }));
        return action.list().ofMinSize(5).ofMaxSize(24);
    }

    @Property(tries = 40, seed = "20261124")
    void randomForkWorkKeepsTheInvariantsAndEveryProcessSeesItsOwnData(@ForAll("work") List<int[]> actions) {
        Run run = new Run();
        for (int[] a : actions) {
            run.step(a[0], a[1], a[2], a[3]);
            assertEquals(List.of(), InvariantChecker.check(run.mm), "after " + Arrays.toString(a));
        }
        for (Model model : new ArrayList<>(run.live)) {
            for (int i = 0; i < PAGES; i++) {
                run.expectPage(model, BASE + (long) i * PAGE, model.pages[i]);
            }
            run.mm.exitProcess(model.process);
            runChecked(run.simulation, 1_000_000);
        }
        run.live.clear();
        assertEquals(List.of(), run.mm.forks().cloneBlocks(), "every clone block went back to pool");
        assertEquals(0, run.mm.pools().allocations().stream().filter(x -> x.tag() == ForkManager.CLONE_TAG).count());
        assertEquals(List.of(), InvariantChecker.check(run.mm));
    }
}
