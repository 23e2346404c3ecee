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

    private TestMachines() {
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
