package org.mmscope.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/** Edge cases found in review: each runs a small scenario with the invariant checker after every step. */
class ScenarioEdgeCasesTest {

    private static ScenarioRun runChecked(String text, long maxSteps) throws ScenarioException {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("edge.mms", text));
        long steps = 0;
        while (steps < maxSteps && run.step()) {
            steps++;
            List<Violation> violations = InvariantChecker.check(run.simulation().memoryManager());
            if (!violations.isEmpty()) {
                throw new AssertionError("after step " + steps + ": " + violations);
            }
        }
        assertTrue(run.isFinished(), "the scenario ends within " + maxSteps + " steps");
        return run;
    }

    private static MemoryManager mm(ScenarioRun run) {
        return run.simulation().memoryManager();
    }

    @Test
    void aFullPagingFileDoesNotStarveTheThreads() throws Exception {
        ScenarioRun run = runChecked("""
                machine ram=256M pagefile=1M seed=1
                process p { thread t { commit 0x10000 size=4M rw; touch 0x10000..+4M write; trim; wait 1s; mark "done" } }
                """, 200_000);
        assertEquals(List.of("done"), run.marks());
        assertEquals(255, mm(run).pagingFile().allocatedCount(), "every usable paging-file page was written");
    }

    @Test
    void noAccessGuardAndExecuteAreEnforcedOnPagesInMemoryToo() throws Exception {
        ScenarioRun run = runChecked("""
                process p {
                    thread t {
                        commit 0x10000 size=64K rw
                        touch 0x10000..+64K write
                        protect 0x10000 size=16K noaccess
                        touch 0x10000..+16K read
                        touch 0x20000 execute
                        protect 0x14000 size=4K rw-guard
                        touch 0x14000 read
                        touch 0x14000 read
                        reserve 0x100000 size=64K r
                        commit 0x100000 size=64K rw
                        touch 0x100000..+64K write
                    }
                }
                """, 100_000);
        MmProcess p = mm(run).processes().stream().filter(x -> x.name().equals("p")).findFirst().orElseThrow();
        assertEquals(5, p.accessViolations(), "4 no-access reads and 1 execute of a non-executable page");
        assertEquals(1, mm(run).eventLog().count(MmEventType.FAULT_GUARD_PAGE), "the guard fires once");
    }

    @Test
    void withoutAPagingFileModifiedPagesStayInMemory() throws Exception {
        ScenarioRun run = runChecked("""
                machine ram=256M
                process p { thread t { commit 0x10000 size=1M rw; touch 0x10000..+1M write; trim; wait 100ms } }
                """, 100_000);
        assertEquals(256, mm(run).pfns().listTotal(org.mmscope.sim.pfn.PageList.MODIFIED));
        assertEquals(0, mm(run).eventLog().count(MmEventType.MODIFIED_WRITE_START));
    }

    @Test
    void backgroundOffMeansTheSystemThreadsOnlyDoWhatRunAsks() throws Exception {
        ScenarioRun run = runChecked("""
                machine ram=256M pagefile=64M background=off
                process p { thread t { commit 0x10000 size=1M rw; touch 0x10000..+1M write } }
                join p
                exit p
                wait 10ms
                mark "exited"
                run zero-page-thread pages=10
                wait 10ms
                """, 100_000);
        assertEquals(10, mm(run).eventLog().count(MmEventType.PAGE_ZEROED));
    }

    @Test
    void aProcessExitingUnderAnInBlockIsReportedWhereTheBlockIs() {
        ScenarioRunException error = assertThrows(ScenarioRunException.class, () -> runChecked("""
                process p { thread t { commit 0x10000 size=64K rw; wait 1s } }
                at t=2ms: exit p
                wait 1ms
                in p { wait 5ms; touch 0x10000 write }
                """, 100_000));
        assertTrue(error.getMessage().startsWith("edge.mms:4:1: 'in p': p exited while the block ran"),
                error.getMessage());
    }

    @Test
    void hugeReservationsAreTornDownWithoutWalkingEveryPage() throws Exception {
        ScenarioRun run = runChecked("""
                process p { thread t { reserve 0x10000000 size=1024G rw; commit 0x10000000 size=64K rw; touch 0x10000000..+64K write; exit } }
                """, 100_000);
        assertEquals(1, mm(run).eventLog().count(MmEventType.PROCESS_EXIT));
    }
}
