package org.mmscope.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.scenario.ScenarioException;

/** The {@code corrupt} statement: a simulated driver bug the invariant checker finds, at the step that made it. */
class CorruptStatementTest {

    private static final String LEAK = """
            machine ram=256M pagefile=64M seed=5
            process p {
                thread t {
                    commit 0x10000 size=16K rw
                    touch 0x10000..+16K write
                    corrupt share-count va=0x11000
                    touch 0x10000..+16K read
                }
            }
            """;

    @Test
    void aShareCountLeakIsCleanUntilTheStepThatMadeItAndAViolationAfter() throws Exception {
        ScenarioRun run = ScenarioTestSupport.start(LEAK);
        MemoryManager mm = run.simulation().memoryManager();
        long steps = 0;
        List<Violation> found = List.of();
        while (found.isEmpty() && run.step()) {
            steps++;
            found = InvariantChecker.check(mm);
        }
        assertEquals(1, found.size(), "one broken invariant: " + found);
        Violation violation = found.get(0);
        assertEquals("share-count", violation.rule());
        long pfn = Pte.pfn(mm.pte(mm.processes().stream().filter(p -> p.name().equals("p")).findFirst().orElseThrow(), 0x11000));
        assertEquals(pfn, violation.pfn(), "the page mapped at 0x11000");
        assertEquals(2, mm.pfns().shareCount((int) pfn));
        long marks = mm.eventLog().count(org.mmscope.sim.event.MmEventType.MARK);
        assertEquals(1, marks, "a marker event says which page");
        assertTrue(steps > 1);
    }

    @Test
    void anAddressNoValidPteMapsStopsTheRunWithAMessage() throws Exception {
        ScenarioRun run = ScenarioTestSupport.start("""
                machine ram=256M pagefile=64M seed=5
                process p {
                    thread t {
                        commit 0x10000 size=16K rw
                        corrupt share-count va=0x11000
                    }
                }
                """);
        ScenarioRunException error = assertThrows(ScenarioRunException.class, () -> run.run(10_000));
        assertTrue(error.getMessage().contains("0x11000 is not mapped by a valid PTE of process p now"), error.getMessage());
        assertTrue(error.getMessage().contains("test.mms:5:"), error.getMessage());
    }

    @Test
    void onlyInAThread() {
        ScenarioException error = assertThrows(ScenarioException.class, () -> ScenarioTestSupport.start("""
                machine ram=256M
                corrupt share-count va=0x11000
                """));
        assertTrue(error.getMessage().contains("test.mms:2:1"), error.getMessage());
    }

    @Test
    void afterTrimAndExitThePageStaysActiveWithAShareAndNoPte() throws Exception {
        ScenarioRun run = ScenarioTestSupport.start(LEAK + """
                wait 5ms
                trim p
                exit p
                """);
        MemoryManager mm = run.simulation().memoryManager();
        long leaked = -1;
        while (run.step()) {
            List<Violation> found = InvariantChecker.check(mm);
            if (leaked < 0 && !found.isEmpty()) {
                leaked = found.get(0).pfn();
            }
        }
        assertTrue(run.isFinished());
        List<Violation> after = InvariantChecker.check(mm);
        assertEquals(List.of(new Violation("share-count", leaked,
                "share count 1 but 0 valid PTEs map the page (leaked)")), after);
        assertEquals(org.mmscope.sim.pfn.PageList.ACTIVE_AND_VALID, mm.pfns().location((int) leaked), "it never leaves ActiveAndValid");
    }

    @Test
    void aWriteProtectWithoutATlbFlushIsAStaleTlbEntryAndTheCpuStillWritesThroughIt() throws Exception {
        ScenarioRun run = ScenarioTestSupport.start("""
                machine ram=256M pagefile=64M cpus=1 seed=5
                process p {
                    thread t {
                        commit 0x10000 size=16K rw
                        touch 0x10000..+16K write
                        corrupt stale-tlb va=0x11000
                        touch 0x11000 write
                    }
                }
                """);
        MemoryManager mm = run.simulation().memoryManager();
        List<Violation> found = List.of();
        while (found.isEmpty() && run.step()) {
            found = InvariantChecker.check(mm);
        }
        assertEquals(1, found.size(), "one broken invariant: " + found);
        assertEquals("stale-tlb", found.get(0).rule());
        var process = mm.processes().stream().filter(p -> p.name().equals("p")).findFirst().orElseThrow();
        long pte = mm.pte(process, 0x11000);
        assertTrue(Pte.isValid(pte) && !Pte.isWritable(pte), Pte.describe(pte));
        assertEquals(Pte.pfn(pte), found.get(0).pfn());
        long faults = process.pageFaults();
        run.run(10_000);
        assertTrue(run.isFinished());
        assertEquals(faults, process.pageFaults(), "the write went through the stale writable translation: no fault");
    }

    @Test
    void staleTlbNeedsAWritablePage() throws Exception {
        ScenarioRun run = ScenarioTestSupport.start("""
                machine ram=256M pagefile=64M seed=5
                process p {
                    thread t {
                        commit 0x10000 size=16K r
                        touch 0x10000..+16K read
                        corrupt stale-tlb va=0x11000
                    }
                }
                """);
        ScenarioRunException error = assertThrows(ScenarioRunException.class, () -> run.run(10_000));
        assertTrue(error.getMessage().contains("'corrupt stale-tlb': 0x11000 of process p is not writable"), error.getMessage());
    }
}
