package org.mmscope.sim.run;

import static org.mmscope.sim.run.ScenarioTestSupport.runChecked;
import static org.mmscope.sim.run.ScenarioTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.KernelPools;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.ScenarioException;

/** The pool statements run by scenarios, and the built-in pools.mms. */
class PoolScenarioTest {


    private static long address(ScenarioRun run, String name) {
        return run.poolBlocks().get(name).address();
    }

    @Test
    void theBuiltInPoolsScenarioRunsWithInvariantsAfterEveryStep() throws ScenarioException {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME));
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        // rx-ring (3 pages at page 0) freed, a 2-page request carved from the END of that run
        assertEquals(KernelPools.NONPAGED_POOL_START, address(run, "rx-ring"));
        assertEquals(KernelPools.NONPAGED_POOL_START + 0x1000, address(run, "rx-small"));
        // tx-desc's page went to the lookaside list and came back for the next one-page request
        assertEquals(address(run, "tx-desc"), address(run, "tx-again"));
        // irp3 reuses the hole irp1 left in the small-block page
        assertEquals(address(run, "irp1"), address(run, "irp3"));
        // the paged-pool allocation was written, trimmed, written out and faulted back
        EventLog log = mm.eventLog();
        assertEquals(64, mm.systemProcess().demandZeroFaults());
        assertTrue(log.count(MmEventType.WS_TRIM) >= 64, "trimmed: " + log.count(MmEventType.WS_TRIM));
        assertTrue(log.count(MmEventType.MODIFIED_WRITE_START) > 0);
        assertTrue(mm.systemProcess().transitionFaults() + mm.systemProcess().hardFaults() >= 2);
        // the special-pool block was freed without corruption; what stays allocated is the leak
        assertEquals(0, mm.pools().specialPool().inUse());
        assertEquals(List.of("irp3", "obj1", "reg1", "fs-cache", "rx-small", "tx-again").stream().sorted().toList(),
                run.poolBlocks().entrySet().stream().filter(e -> !e.getValue().freed()).map(e -> e.getKey())
                        .sorted().toList());
        assertEquals(6, mm.pools().allocations().size());
        assertEquals(0, mm.pools().failures());
    }

    @Test
    void theRunnerPrintsPoolUsageAndTheBlocksOfEachNamedPage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HeadlessRunner.run(new String[] { "--check-every", "50", "--pools" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("Pool usage by tag (!poolused):"), text);
        assertTrue(text.matches("(?s).*\\n  Fs +0 +0 +0 +1 +0 +262,144\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  Irp +3 +2 +144 .*"), text);
        assertTrue(text.contains("Named pool blocks (!pool):"), text);
        assertTrue(text.contains("   * fffffa80`000001c0 size  112 previous size  304  (Allocated) Obj "), text);
        assertTrue(text.contains("finished; invariants hold"), text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "overrun into the guard page | pool alloc special 32 bytes tag='Drv1' as b; pool write b offset=32 | 0xD6 | 0",
            "overrun into the slack, caught on free | pool alloc special 20 bytes tag='Drv1' as b; pool write b offset=20; pool free b | 0xC1 | 0x24",
            "use after free of special pool | pool alloc special 32 bytes as b; pool free b; pool write b offset=0 | 0xCC | 0",
            "double free of pages | pool alloc paged 2 pages as b; pool free b; pool free b | 0xC2 | 0",
            "double free of a small block | pool alloc nonpaged 64 bytes as b; pool free b; pool free b | 0xC2 | 0",
            "double free of a lookaside page | pool alloc nonpaged 1 pages as b; pool free b; pool free b | 0xC2 | 0",
            "paged pool at DISPATCH_LEVEL | pool alloc paged 100 bytes irql=dispatch | 0xC2 | 0",
            "special paged pool at DISPATCH_LEVEL | pool alloc special-paged 100 bytes irql=dispatch | 0xC1 | 0x30",
            "pageable memory touched at DISPATCH_LEVEL | pool alloc paged 2 pages as b; pool write b offset=0 irql=dispatch | 0x0A | 0",
            "use after free of protected pool | pool alloc nonpaged 2 pages as b; pool free b; pool write b offset=8 | 0x50 | 0" })
    void badDriversGetNtsBugchecksAndTheMachineStaysConsistent(String what, String statements, String code,
            String parameter4) throws ScenarioException {
        String protectedPool = what.contains("protected") ? " protected-pool=on" : "";
        ScenarioRun run = start("machine ram=256M pagefile=64M" + protectedPool + "\n" + statements.replace("; ", "\n"));
        BugCheckException e = assertThrows(BugCheckException.class, () -> run.run(100_000), what);
        assertEquals(Integer.decode(code), e.code(), e.getMessage());
        if (!parameter4.equals("0")) {
            assertEquals(Long.decode(parameter4), e.parameter(4), e.getMessage());
        }
        // the bugcheck is raised before anything changes
        assertEquals(List.of(), InvariantChecker.check(run.simulation().memoryManager()), what);
    }

    @Test
    void aViolationIsAnEventBeforeTheBugcheckSoABreakpointCanStopOnIt() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M
                pool alloc special 48 bytes tag='Drv1' as b
                pool write b offset=48
                """);
        assertThrows(BugCheckException.class, () -> run.run(100_000));
        EventLog log = run.simulation().memoryManager().eventLog();
        long last = log.last();
        assertEquals(MmEventType.SPECIAL_POOL_VIOLATION, log.type(last));
        assertEquals(0xD6, log.detail(last));
        assertEquals(address(run, "b") + 48, log.va(last));
    }

    @Test
    void verifySendsMatchingTagsToSpecialPoolAndTheRestToNormalPool() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M
                pool verify tag='Dr?1'
                pool alloc nonpaged 100 bytes tag='Drv1' as checked
                pool alloc nonpaged 100 bytes tag='Drv2' as plain
                pool alloc nonpaged 5000 bytes tag='Drv1' as large
                pool verify tag='Drv*' detect=underrun
                pool alloc paged 100 bytes tag='Drv2' as under
                """);
        runChecked(run);
        KernelPools pools = run.simulation().memoryManager().pools();
        assertTrue(pools.specialPool().contains(address(run, "checked")));
        assertEquals(KernelPools.Kind.SPECIAL, pools.allocationAt(address(run, "checked")).kind());
        assertEquals((4096 - 100) & -16, address(run, "checked") & 0xFFF, "data at the page end, aligned down");
        assertFalse(pools.specialPool().contains(address(run, "plain")));
        assertFalse(pools.specialPool().contains(address(run, "large")), "larger than a page: normal pool");
        assertEquals(0, address(run, "under") & 0xFFF, "underrun detection puts the data at the page start");
        assertEquals(PoolHeader.tagOf("Drv2"), pools.allocationAt(address(run, "under")).tag());
    }

    @Test
    void aFailedAllocationIsAnEventAndItsBlockIsNull() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M
                pool alloc nonpaged 0 bytes tag='Zero' as nothing
                pool alloc paged 1000000 pages tag='Huge' as huge
                pool write nothing offset=0
                pool free huge
                """);
        runChecked(run);
        EventLog log = run.simulation().memoryManager().eventLog();
        assertEquals(2, log.count(MmEventType.POOL_ALLOCATE_FAILED));
        assertEquals(0, address(run, "nothing"));
        assertEquals(0, address(run, "huge"));
        assertEquals(2, run.simulation().memoryManager().pools().failures());
    }

    @Test
    void trimAllPagesOutPagedPoolThatASecondWriteBringsBack() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=64M background=off
                pool alloc paged 16 pages tag='Fs  ' as cache
                pool write cache offset=0 size=64K value=0x5a
                trim all
                run modified-page-writer
                wait 50ms
                run zero-page-thread
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        long va = address(run, "cache");
        assertEquals(0, mm.systemProcess().workingSet().count());
        long pte = mm.pte(mm.systemProcess(), va);
        assertTrue(Pte.isTransition(pte) || Pte.classify(pte) == org.mmscope.sim.pte.PteKind.PAGING_FILE,
                Pte.describe(pte));
    }
}
