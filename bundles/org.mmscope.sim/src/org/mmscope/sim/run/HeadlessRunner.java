package org.mmscope.sim.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.Scenario;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * Runs a scenario without the IDE and prints what happened: page-list totals, processes, event
 * counts, markers and the invariant check.
 *
 * <pre>
 * java -cp org.mmscope.sim.jar org.mmscope.sim.run.HeadlessRunner [--check-every N] [--max-steps N] (FILE | --default | --pools)
 * </pre>
 *
 * Exit status: 0 done and consistent; 1 the machine bugchecked or an invariant broke; 2 bad input
 * (one line: file:line:column: what was expected).
 */
public final class HeadlessRunner {

    /** Stands for the built-in pools scenario (not a file name a user can give). */
    private static final String BUILT_IN_POOLS = "\0pools";

    private HeadlessRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The runner's work, for tests: returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        long checkEvery = 0;
        long maxSteps = 50_000_000;
        String file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--check-every" -> checkEvery = positive(args, ++i);
                    case "--max-steps" -> maxSteps = positive(args, ++i);
                    case "--default" -> file = "";
                    case "--pools" -> file = BUILT_IN_POOLS;
                    default -> {
                        if (args[i].startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        file = args[i];
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("name a scenario file, or --default");
            }
        } catch (IllegalArgumentException e) {
            err.println("mmscope-sim: " + e.getMessage());
            err.println("usage: HeadlessRunner [--check-every N] [--max-steps N] (FILE.mms | --default | --pools)");
            return 2;
        }
        Scenario scenario;
        ScenarioRun run;
        try {
            scenario = file.isEmpty() ? BuiltInScenarios.defaultScenario()
                    : file.equals(BUILT_IN_POOLS) ? BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME)
                    : ScenarioParser.parse(
                    Path.of(file).getFileName().toString(), Files.readString(Path.of(file), StandardCharsets.UTF_8));
            run = ScenarioRun.start(scenario);
        } catch (NoSuchFileException e) {
            err.println("mmscope-sim: no such scenario file: " + file);
            return 2;
        } catch (IOException e) {
            err.println("mmscope-sim: cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        }
        MemoryManager mm = run.simulation().memoryManager();
        long steps = 0;
        try {
            while (steps < maxSteps && run.step()) {
                steps++;
                if (checkEvery > 0 && steps % checkEvery == 0) {
                    List<Violation> violations = InvariantChecker.check(mm);
                    if (!violations.isEmpty()) {
                        report(out, run, steps);
                        err.println("invariants broken after step " + steps + ":");
                        violations.stream().limit(20).forEach(v -> err.println("  " + v));
                        return 1;
                    }
                }
            }
        } catch (BugCheckException e) {
            report(out, run, steps);
            err.println(e.getMessage());
            return 1;
        } catch (ScenarioRunException e) {
            report(out, run, steps);
            err.println(e.getMessage());
            return 2;
        }
        report(out, run, steps);
        List<Violation> violations = InvariantChecker.check(mm);
        if (!violations.isEmpty()) {
            err.println("invariants broken at the end:");
            violations.stream().limit(20).forEach(v -> err.println("  " + v));
            return 1;
        }
        out.println(run.isFinished() ? "finished; invariants hold" : "stopped after " + steps + " steps; invariants hold");
        return 0;
    }

    private static void report(PrintStream out, ScenarioRun run, long steps) {
        MemoryManager mm = run.simulation().memoryManager();
        out.printf("%,d steps, simulated time %.3f ms, %,d events%n", steps, mm.clock().now() / 1e6,
                mm.eventLog().totalAppended());
        out.println("Page lists (pages):");
        for (PageList list : PageList.values()) {
            out.printf("  %-24s %,12d%n", list.ntName(), mm.pfns().locationCount(list));
        }
        out.printf("  %-24s %,12d%n", "Available", mm.pfns().availablePages());
        out.printf("Paging file: %,d of %,d pages in use%n", mm.pagingFile().allocatedCount(),
                mm.pagingFile().sizeInPages());
        out.println("Processes:");
        for (MmProcess p : mm.processes()) {
            out.printf("  %-16s pid %4d  ws %,7d  faults %,9d (demand-zero %,d, soft %,d, hard %,d)%n", p.name(),
                    p.pid(), p.workingSet().count(), p.pageFaults(), p.demandZeroFaults(), p.transitionFaults(),
                    p.hardFaults());
        }
        out.println("Events:");
        EventLog log = mm.eventLog();
        for (MmEventType type : MmEventType.values()) {
            if (log.count(type) > 0) {
                out.printf("  %-24s %,12d%n", type.name(), log.count(type));
            }
        }
        for (int i = 0; i < run.marks().size(); i++) {
            out.println("Mark " + i + ": " + run.marks().get(i));
        }
        if (mm.pools().usage().tagCount() > 0 || mm.pools().failures() > 0) {
            PoolReport.print(out, mm.pools(), run.poolBlocks());
        }
    }

    private static long positive(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a number");
        }
        try {
            long value = Long.parseLong(args[index]);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[index - 1] + " needs a positive number, not '" + args[index] + "'");
        }
    }
}
