package org.mmscope.ui.tests;

import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.ScenarioParser;

/** Small scenarios with known outcomes, run to their end and populated into a model, for the views' tests. */
final class TestMachines {

    /**
     * 256 MB (65,536 pages), one process notepad.exe that commits and writes 64 KB at 0x10000 (16 private
     * pages, VA 0x10000..0x1ffff), and reads 0x40000 of a second, never-touched commit (demand zero).
     */
    static final String NOTEPAD = """
            machine ram=256M colours=16 cpus=1 pagefile=256M seed=1
            process notepad.exe { thread main { commit 0x10000 size=64K rw; touch 0x10000..+64K write; commit 0x40000 size=64K rw } }
            join notepad.exe
            """;

    /**
     * notepad.exe writes 64 KB at 0x10000, commits 64 KB at 0x40000 without touching it (demand zero), maps
     * section "shared" at 0x40000000 and reads its first two pages; then every working set is trimmed
     * (private pages go to transition, section pages back behind their prototype PTEs) and notepad writes
     * 0x11000 again (valid, in the TLB).
     */
    static final String TRIMMED = """
            machine ram=256M colours=16 cpus=1 pagefile=256M seed=1
            section create shared size=64K rw
            process notepad.exe { thread main { commit 0x10000 size=64K rw; touch 0x10000..+64K write; commit 0x40000 size=64K rw } }
            join notepad.exe
            in notepad.exe: map 0x40000000 section=shared rw
            in notepad.exe: touch 0x40000000..+8K read
            trim all
            in notepad.exe: touch 0x11000 write
            """;

    /**
     * The kernel pools (after the built-in pools.mms, with allocations that stay): 'Nic ' 3 nonpaged pages
     * (12,288 bytes); in one nonpaged small-block page a freed 'Irp ' block (224 bytes) at offset 0, then the
     * 'Irp ' block irp2 (224 bytes) at 0xe0 and 'Obj ' (112 bytes) at 0x1c0; a paged 'Reg ' block; 64 paged
     * pages 'Fs  ' written, trimmed and written to the paging file; 'Vrf1' (32 bytes) in special pool, its
     * guard page after it.
     */
    static final String POOLS = """
            machine ram=256M cpus=2 pagefile=256M seed=7
            pool verify tag='Vrf*'
            pool alloc nonpaged 3 pages tag='Nic ' as rx-ring
            pool alloc nonpaged 200 bytes tag='Irp ' as irp1
            pool alloc nonpaged 200 bytes tag='Irp ' as irp2
            pool alloc nonpaged 96 bytes tag='Obj ' as obj1
            pool free irp1
            pool alloc paged 1000 bytes tag='Reg ' as reg1
            process cache.sys { thread worker { wait 1ms } }
            pool alloc paged 64 pages tag='Fs  ' as fs-cache
            pool write fs-cache offset=0 size=256K value=0x46
            trim all
            run modified-page-writer
            wait 20ms
            pool alloc nonpaged 32 bytes tag='Vrf1' as checked
            pool write checked offset=0 size=32 value=0x11
            """;

    private TestMachines() {
    }

    /** Runs the built-in scenario {@code name} (BuiltInScenarios) to its end and returns the populated model. */
    static Machine runBuiltIn(String name) throws Exception {
        ScenarioRun run = ScenarioRun.start(org.mmscope.sim.scenario.BuiltInScenarios.scenario(name));
        run.run(Long.MAX_VALUE);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), name);
        populator.populate();
        return populator.machine();
    }

    /** Runs {@code text} to its end and returns the populated model. */
    static Machine run(String text) throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("test.mms", text));
        run.run(Long.MAX_VALUE);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "test.mms");
        populator.populate();
        return populator.machine();
    }

    static Process process(Machine machine, String name) {
        return machine.getProcesses().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The page mapped at {@code va} in process {@code pid}. */
    static PfnEntry pageAt(Machine machine, int pid, long va) {
        return machine.getPfnDatabase().getEntries().stream()
                .filter(e -> e.getOwnerPid() == pid && e.getVirtualAddress() == va).findFirst().orElseThrow();
    }
}
