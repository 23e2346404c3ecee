package org.mmscope.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Compares two JMH benchmarks on a machine whose speed drifts: instead of all forks of one and then
 * all of the other (JMH's order, where a drift between the two halves reads as a difference), it
 * alternates single forks of each, {@code pairs} times, and reports the ratio of each pair's scores
 * and their median. Each fork keeps the benchmark's own settings (warm-up, iterations, JVM arguments).
 *
 * <p>{@code ./benchmarks/run paired DebugLoopBenchmark.bare DebugLoopBenchmark.debuggerLoop 6}
 * gives the share of the bare event rate the debugger keeps (issue 7).
 */
public final class PairedRuns {

    private PairedRuns() {
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length < 2) {
            System.err.println("usage: PairedRuns BENCHMARK_A BENCHMARK_B [PAIRS]   (ratio A/B of single-shot times)");
            System.exit(2);
        }
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        List<Double> ratios = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            double a = score(args[0]);
            double b = score(args[1]);
            ratios.add(a / b);
            System.out.printf(Locale.ROOT, "pair %d: %s %.1f ms, %s %.1f ms, ratio %.3f%n", pair, args[0], a, args[1], b,
                    a / b);
        }
        List<Double> sorted = new ArrayList<>(ratios);
        sorted.sort(null);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "ratio %s/%s over %d pairs: median %.3f, min %.3f, max %.3f%n", args[0], args[1],
                pairs, median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** One fork of the benchmark whose name ends with {@code name}: its score (the mean of its measured shots). */
    private static double score(String name) throws RunnerException {
        Options options = new OptionsBuilder().include(".*\\." + Pattern.quote(name) + "$").forks(1)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT).build();
        Collection<RunResult> results = new Runner(options).run();
        if (results.size() != 1) {
            throw new IllegalArgumentException(name + " names " + results.size() + " benchmarks, not one");
        }
        return results.iterator().next().getPrimaryResult().getScore();
    }
}
