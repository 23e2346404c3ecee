package org.mmscope.model.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.mmscope.model.Machine;
import org.mmscope.model.diff.DiffTool;
import org.mmscope.model.query.ModelQuery;
import org.mmscope.model.query.QueryException;
import org.mmscope.model.snapshot.SnapshotException;
import org.mmscope.model.snapshot.SnapshotStore;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.run.ScenarioRunException;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.Scenario;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * The model from the command line (releng/scripts/model-tool):
 *
 * <pre>
 * snapshot [--steps N] (FILE.mms | --default | --pools) OUT.mmsnap|OUT.xmi
 * diff BEFORE AFTER [--max-rows N]
 * query SNAPSHOT 'from pfns where location == "Standby"'
 * </pre>
 *
 * Errors are one line on standard error and exit status 2; no stack traces.
 */
public final class ModelTool {

    static final String USAGE = """
            usage: model-tool snapshot [--steps N] (FILE.mms | --default | --pools) OUT.mmsnap|OUT.xmi
                   model-tool diff BEFORE AFTER [--max-rows N]
                   model-tool query SNAPSHOT QUERY""";

    private ModelTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The tool's work, for tests: returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "snapshot" -> snapshot(rest, out);
                case "diff" -> DiffTool.run(rest, out, err);
                case "query" -> query(rest, out);
                default -> throw new Trouble("unknown command '" + args[0] + "'\n" + USAGE);
            };
        } catch (Trouble e) {
            err.println("model-tool: " + e.getMessage());
            return 2;
        }
    }

    private static int snapshot(String[] args, PrintStream out) throws Trouble {
        long steps = Long.MAX_VALUE;
        String scenarioFile = null;
        String output = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> {
                    if (i + 1 >= args.length) {
                        throw new Trouble("--steps needs a number");
                    }
                    try {
                        steps = Long.parseLong(args[++i]);
                    } catch (NumberFormatException e) {
                        steps = -1;
                    }
                    if (steps < 0) {
                        throw new Trouble("--steps needs a number of steps, 0 or more, not '" + args[i] + "'");
                    }
                }
                default -> {
                    if (scenarioFile == null) {
                        scenarioFile = args[i];
                    } else if (output == null) {
                        output = args[i];
                    } else {
                        throw new Trouble("unexpected argument '" + args[i] + "'");
                    }
                }
            }
        }
        if (scenarioFile == null || output == null) {
            throw new Trouble("snapshot needs a scenario (FILE.mms, --default or --pools) and an output file");
        }
        Scenario scenario = scenario(scenarioFile);
        String name = switch (scenarioFile) {
            case "--default" -> BuiltInScenarios.DEFAULT_NAME;
            case "--pools" -> BuiltInScenarios.POOLS_NAME;
            default -> path(scenarioFile).getFileName().toString();
        };
        ScenarioRun run;
        String bugCheck = null;
        try {
            run = ScenarioRun.start(scenario);
        } catch (ScenarioException e) {
            throw new Trouble(e.getMessage());
        }
        try {
            run.run(steps);
        } catch (BugCheckException e) {
            bugCheck = e.getMessage(); // the snapshot shows the machine as it stopped
        } catch (ScenarioRunException e) {
            throw new Trouble(e.getMessage());
        }
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), name);
        populator.setBugCheck(bugCheck);
        populator.populate();
        try {
            new SnapshotStore().save(populator.machine(), path(output));
        } catch (SnapshotException e) {
            throw new Trouble(e.getMessage());
        }
        out.printf("%s: %,d steps, %,d PFNs, %d processes -> %s%n", name,
                populator.machine().getSteps(), populator.machine().getPfnDatabase().getEntries().size(),
                populator.machine().getProcesses().size(), output);
        if (bugCheck != null) {
            out.println("the machine stopped: " + bugCheck);
        }
        return 0;
    }

    private static Scenario scenario(String name) throws Trouble {
        try {
            return switch (name) {
                case "--default" -> BuiltInScenarios.defaultScenario();
                case "--pools" -> BuiltInScenarios.scenario(BuiltInScenarios.POOLS_NAME);
                default -> {
                    Path file = path(name);
                    yield ScenarioParser.parse(file.getFileName().toString(),
                            Files.readString(file, StandardCharsets.UTF_8));
                }
            };
        } catch (NoSuchFileException e) {
            throw new Trouble("no such scenario file: " + name);
        } catch (IOException e) {
            throw new Trouble("cannot read " + name + ": " + e.getMessage());
        } catch (ScenarioException e) {
            throw new Trouble(e.getMessage());
        }
    }

    private static int query(String[] args, PrintStream out) throws Trouble {
        if (args.length != 2) {
            throw new Trouble("query needs a snapshot file and one query (quote it)");
        }
        Machine machine;
        try {
            machine = new SnapshotStore().load(path(args[0]));
        } catch (SnapshotException e) {
            throw new Trouble(e.getMessage());
        }
        try {
            out.print(ModelQuery.run(machine, args[1]).toText());
        } catch (QueryException e) {
            throw new Trouble(e.getMessage());
        }
        return 0;
    }

    private static Path path(String name) throws Trouble {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new Trouble("not a file name: " + name);
        }
    }

    /** A user-facing failure: one line. */
    private static final class Trouble extends Exception {
        private static final long serialVersionUID = 1L;

        Trouble(String message) {
            super(message);
        }
    }
}
