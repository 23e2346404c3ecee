package org.mmscope.model.diff;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.mmscope.model.Machine;
import org.mmscope.model.snapshot.SnapshotStore;

/**
 * Headless snapshot diff: {@code DiffTool BEFORE AFTER [--max-rows N]} loads two snapshot files,
 * compares them ({@link SnapshotDiff}) and prints the {@link DiffReport}.
 *
 * <p>Exit codes, as diff(1): 0 when the snapshots do not differ, 1 when they do, 2 on trouble (bad
 * arguments, a file that cannot be loaded, machines of different sizes), with one line on the error
 * stream and no stack trace.
 */
public final class DiffTool {

    /** Rows per table when {@code --max-rows} is not given. */
    public static final int DEFAULT_MAX_ROWS = 50;
    /** Exit code: no differences. */
    public static final int SAME = 0;
    /** Exit code: the snapshots differ. */
    public static final int DIFFERENT = 1;
    /** Exit code: trouble. */
    public static final int TROUBLE = 2;

    static final String NAME = "DiffTool";
    static final String USAGE = "usage: " + NAME + " BEFORE AFTER [--max-rows N]";

    private DiffTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool with snapshots loaded by {@link SnapshotStore#load(Path)} (default limits); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new SnapshotStore()::load);
    }

    /** Runs the tool with machines read by {@code loader}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, MachineLoader loader) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(loader, "loader");
        List<String> files = new ArrayList<>();
        int maxRows = DEFAULT_MAX_ROWS;
        boolean options = true;
        String[] given = args == null ? new String[0] : args;
        for (int i = 0; i < given.length; i++) {
            String arg = Objects.requireNonNullElse(given[i], "");
            if (options && (arg.equals("-h") || arg.equals("--help"))) {
                out.println(USAGE);
                out.println("Compares two MmScope snapshots: page-list totals, PFNs that changed list or owner,");
                out.println("PTEs that changed, pool usage by tag, processes started and exited.");
                out.println("  --max-rows N  rows shown per table (default " + DEFAULT_MAX_ROWS + ")");
                out.println("Exit status: 0 no differences, 1 differences, 2 trouble.");
                out.flush();
                return SAME;
            } else if (options && arg.equals("--")) {
                options = false;
            } else if (options && (arg.equals("--max-rows") || arg.startsWith("--max-rows="))) {
                String value;
                if (arg.equals("--max-rows")) {
                    if (i + 1 >= given.length) {
                        return fail(err, "--max-rows needs a number (" + USAGE + ")");
                    }
                    value = given[++i];
                } else {
                    value = arg.substring("--max-rows=".length());
                }
                try {
                    maxRows = Integer.parseInt(value == null ? "" : value.trim());
                } catch (NumberFormatException e) {
                    return fail(err, "--max-rows needs a number, not '" + value + "'");
                }
                if (maxRows < 0) {
                    return fail(err, "--max-rows must be 0 or more, not " + maxRows);
                }
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                return fail(err, "unknown option " + arg + " (" + USAGE + ")");
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 2) {
            return fail(err, (files.size() < 2 ? "expected two snapshot files, got " + files.size()
                    : "expected two snapshot files, got " + files.size() + ": " + String.join(" ", files))
                    + " (" + USAGE + ")");
        }
        Machine before;
        Machine after;
        try {
            before = load(loader, files.get(0));
            after = load(loader, files.get(1));
        } catch (LoadFailure e) {
            return fail(err, e.getMessage());
        }
        DiffResult diff;
        try {
            diff = SnapshotDiff.compare(before, after);
        } catch (RuntimeException e) {
            return fail(err, message(e));
        }
        out.print(DiffReport.toText(diff, maxRows));
        out.flush();
        return diff.isEmpty() ? SAME : DIFFERENT;
    }

    private static Machine load(MachineLoader loader, String name) throws LoadFailure {
        if (name.isBlank()) {
            throw new LoadFailure("an empty snapshot file name");
        }
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw new LoadFailure("not a file name: " + name);
        }
        Machine machine;
        try {
            machine = loader.load(file);
        } catch (Exception e) {
            String message = message(e);
            throw new LoadFailure(message.contains(name) ? message : "cannot load " + name + ": " + message);
        }
        if (machine == null) {
            throw new LoadFailure("cannot load " + name + ": it holds no machine");
        }
        return machine;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message;
    }

    /** Prints one line (newlines in messages folded) and returns {@link #TROUBLE}. */
    private static int fail(PrintStream err, String message) {
        err.println(NAME + ": " + message.replaceAll("\\s*\\R\\s*", " ").strip());
        err.flush();
        return TROUBLE;
    }

    private static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailure(String message) {
            super(message, null, false, false);
        }
    }
}
