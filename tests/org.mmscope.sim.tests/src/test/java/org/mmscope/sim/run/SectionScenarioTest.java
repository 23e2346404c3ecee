package org.mmscope.sim.run;

import static org.mmscope.sim.run.ScenarioTestSupport.runChecked;
import static org.mmscope.sim.run.ScenarioTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.section.ControlArea;

/** The section statements (section create, map, unmap) run by scenarios. */
class SectionScenarioTest {


    @Test
    void twoProcessesShareASectionAndAMappedFile() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=256M seed=3
                section create shm size=256K rw
                process a {
                    thread t {
                        map 0x50000000 section=shm rw
                        touch 0x50000000..+256K write
                        map 0x60000000 file="data.bin" size=128K r
                        touch 0x60000000..+128K read
                        wait 20ms
                    }
                }
                process b {
                    thread t {
                        wait 5ms
                        map section=shm r
                        touch 00000100`00000000..+256K read
                        map 0x60000000 file="data.bin" r
                        touch 0x60000000..+128K read
                        unmap 0x60000000
                    }
                }
                join a
                join b
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        ControlArea shm = run.sections().get("shm");
        MmProcess a = run.process("a");
        MmProcess b = run.process("b");
        assertEquals(2, shm.mappedViews());
        assertEquals(Pte.pfn(mm.pte(a, 0x5000_0000L)), Pte.pfn(mm.pte(b, 0x100_0000_0000L)));
        assertEquals(32, mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE), "the file's 32 pages read once");
        assertEquals(4, mm.eventLog().count(MmEventType.VIEW_MAP));
        assertEquals(1, mm.eventLog().count(MmEventType.VIEW_UNMAP));
    }

    @Test
    void badMapsAreRunErrorsAtTheirStatement() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M
                section create ro size=64K r
                process a { thread t { map 0x50000000 section=ro rw } }
                """);
        ScenarioRunException e = assertThrows(ScenarioRunException.class, () -> run.run(100_000));
        assertTrue(e.getMessage().startsWith("test.mms:3:24: 'map': a writable view of ro, whose protection is"),
                e.getMessage());
        ScenarioException e2 = assertThrows(ScenarioException.class, () -> start("""
                machine ram=256M
                process a { thread t { map 0x50000000 file="new.bin" r } }
                """));
        assertTrue(e2.getMessage().startsWith("test.mms:2:44: file \"new.bin\" is new here"), e2.getMessage());
    }

    @Test
    void aReadErrorInjectedIntoAMappedFileFailsOneReadAndTheRetryReadsThePage() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M
                process a {
                    thread t {
                        map 0x50000000 file="data.bin" size=64K r
                        inject disk-read-error file="data.bin" offset=0x2000 times=1
                        touch 0x50000000..+64K read
                        touch 0x50000000..+64K read
                    }
                }
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_ERROR));
        assertEquals(16, mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE), "15 at once, the failed page on the retry");
        MmProcess a = run.process("a");
        long pfn = Pte.pfn(mm.pte(a, 0x5000_2000L));
        assertEquals(mm.sections().files().get("data.bin").generatedLong(2, 0), mm.memory().readLong((int) pfn, 0));
    }
}
