package org.mmscope.sim.run;

import static org.mmscope.sim.run.ScenarioTestSupport.runChecked;
import static org.mmscope.sim.run.ScenarioTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Operations;
import org.mmscope.sim.pte.Pte;

/** The scenario statement {@code fork PARENT as CHILD} (docs/scenario-format.md), checked after every step. */
class ForkScenarioTest {


    @Test
    void aForkedChildIsKnownByItsNameAndSharesUntilAWrite() throws Exception {
        ScenarioRun run = start("""
                machine ram=256M colours=16 cpus=2 pagefile=256M seed=3
                process parent { thread main { commit 0x10000 size=256K rw; touch 0x10000..+256K write } }
                join parent
                fork parent as child
                mark "forked"
                in child: touch 0x10000..+64K write
                in parent: touch 0x10000..+256K read
                in child: touch 0x10000..+256K read
                join child
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        MmProcess parent = run.process("parent");
        MmProcess child = run.process("child");
        assertNotNull(child, "the child is registered under its name");
        assertEquals(16, child.copyOnWriteFaults());
        assertEquals(16, child.privatePages());
        assertEquals(0, parent.privatePages(), "the parent's 64 pages are all shared");
        for (long va = 0x10000; va < 0x20000; va += 4096) {
            assertNotEquals(Pte.pfn(mm.pte(parent, va)), Pte.pfn(mm.pte(child, va)), "the child copied what it wrote");
            assertEquals(Operations.contentOf(child, va), mm.memory().readLong((int) Pte.pfn(mm.pte(child, va)), 0));
            assertEquals(Operations.contentOf(parent, va), mm.memory().readLong((int) Pte.pfn(mm.pte(parent, va)), 0));
        }
        for (long va = 0x20000; va < 0x50000; va += 4096) {
            assertEquals(Pte.pfn(mm.pte(parent, va)), Pte.pfn(mm.pte(child, va)), "the rest is shared");
        }
        EventLog log = mm.eventLog();
        assertEquals(1, log.count(MmEventType.CLONE_CREATE));
        assertEquals(16, log.count(MmEventType.COPY_ON_WRITE));
        assertEquals(16, log.count(MmEventType.FAULT_COPY_ON_WRITE));
    }

    @Test
    void exitingBothFreesTheCloneBlockAndTheParentsFaultsWaitForAForkThatRunsBesideThem() throws Exception {
        ScenarioRun run = start("""
                machine ram=256M colours=16 cpus=2 pagefile=256M seed=4
                process parent {
                    thread main {
                        commit 0x10000000 size=4M rw
                        touch 0x10000000..+4M write
                        repeat 4 { touch 0x10000000..+4M write }
                    }
                }
                wait 2ms
                fork parent as child
                exit parent
                in child: touch 0x10000000..+4M read
                exit child
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        assertNull(run.process("parent"));
        assertNull(run.process("child"));
        assertTrue(mm.eventLog().count(MmEventType.THREAD_WAIT) > 0, "the parent's writes ran into the fork");
        assertEquals(List.of(), mm.forks().cloneBlocks(), "the clone block went back to pool");
        run.simulation().run(1_000_000); // the modified page writer's last writes complete
        assertEquals(List.of(), InvariantChecker.check(mm));
        assertEquals(0, mm.pagingFile().allocatedCount(), "no paging-file space left behind");
    }

    @Test
    void forkingAProcessThatDoesNotExistAnyMoreIsARunError() throws Exception {
        ScenarioRun run = start("""
                process p { thread t { commit 0x10000 size=64K rw } }
                join p
                exit p
                fork p as q
                """);
        ScenarioRunException error = assertThrows(ScenarioRunException.class, () -> run.run(100_000));
        assertTrue(error.getMessage().startsWith("test.mms:4:1: 'fork p': p does not exist"), error.getMessage());
    }
}
