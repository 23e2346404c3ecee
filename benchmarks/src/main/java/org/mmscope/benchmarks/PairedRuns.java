package org.mmscope.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Compares two single-shot JMH benchmarks on a machine whose speed drifts (the same shot takes 1.05 s
 * for tens of seconds, then 1.6-1.8 s). JMH runs all forks of one benchmark and then all of the other,
 * so a drift between the two reads as a difference; alternating whole forks still leaves tens of
 * seconds between the two halves of a pair. This runs each benchmark in a JVM of its own (with the
 * benchmark's {@link Fork#jvmArgs()}, so each keeps the compiled code of its own profile, as in the
 * IDE) and alternates single shots between the two: a shot of A, a shot of B, then B before A, and so
 * on. Both halves of a pair ran within about two seconds of each other, at the same machine speed.
 * After {@code warmup} pairs, each pair's ratio A/B is printed. The compiled code differs from one JVM
 * to the next (how the simulator's hot paths got inlined depends on when the compiler ran): the same
 * benchmark's shots take 5-10 % more in one JVM than in another. So this is repeated with {@code jvms}
 * new pairs of JVMs, and the median and quartiles of all pairs' ratios are given, with each JVM
 * pair's median.
 *
 * <p>A shot is what JMH times in {@code SingleShotTime} mode: the {@link Level#Iteration} set-ups of
 * the benchmark's {@link State} parameters (and of the benchmark class, if it is a state) run before
 * it, untimed, and the tear-downs after it.
 *
 * <p>{@code ./benchmarks/run paired DebugLoopBenchmark.bare DebugLoopBenchmark.debuggerLoop 8 3 6}
 * gives the share of the bare event rate the debugger keeps (issue 7): 8 measured pairs (after 3) in
 * each of 6 pairs of JVMs.
 */
public final class PairedRuns {

    private static final int DEFAULT_PAIRS = 8;
    private static final int DEFAULT_WARMUP = 3;
    private static final int DEFAULT_JVMS = 4;

    private PairedRuns() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 5) {
            System.err.println("usage: PairedRuns CLASS.METHOD_A CLASS.METHOD_B [PAIRS PER JVM [WARM-UP PAIRS [JVM PAIRS]]]"
                    + "   (ratio A/B of single-shot times, e.g. DebugLoopBenchmark.bare DebugLoopBenchmark.debuggerLoop)");
            System.exit(2);
        }
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_PAIRS;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARMUP;
        int jvms = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_JVMS;
        List<Double> all = new ArrayList<>();
        StringBuilder perJvm = new StringBuilder();
        for (int jvm = 1; jvm <= jvms; jvm++) {
            System.out.printf(Locale.ROOT, "JVM pair %d of %d%n", jvm, jvms);
            List<Double> ratios = pairs(args[0], args[1], pairs, warmup);
            all.addAll(ratios);
            perJvm.append(perJvm.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", quantile(ratios, 0.5)));
        }
        all.sort(null);
        System.out.printf(Locale.ROOT,
                "ratio %s/%s over %d pairs in %d JVM pairs: median %.3f, quartiles %.3f-%.3f, min %.3f, max %.3f;"
                        + " median of each JVM pair: %s%n",
                args[0], args[1], all.size(), jvms, quantile(all, 0.5), quantile(all, 0.25), quantile(all, 0.75),
                all.get(0), all.get(all.size() - 1), perJvm);
    }

    /** {@code pairs} ratios A/B of shots alternated between two new JVMs, after {@code warmup} pairs, sorted. */
    private static List<Double> pairs(String nameA, String nameB, int pairs, int warmup) throws Exception {
        try (Shooter a = new Shooter(nameA); Shooter b = new Shooter(nameB)) {
            List<Double> ratios = new ArrayList<>();
            for (int pair = 1 - warmup; pair <= pairs; pair++) {
                long nanosA;
                long nanosB;
                if ((pair & 1) == 0) {
                    nanosA = a.shot();
                    nanosB = b.shot();
                } else {
                    nanosB = b.shot();
                    nanosA = a.shot();
                }
                double ratio = (double) nanosA / nanosB;
                System.out.printf(Locale.ROOT, "%s %d: %s %.1f ms, %s %.1f ms, ratio %.3f%n",
                        pair < 1 ? "warm-up" : "pair", pair < 1 ? pair + warmup : pair, nameA, nanosA / 1e6, nameB,
                        nanosB / 1e6, ratio);
                if (pair >= 1) {
                    ratios.add(ratio);
                }
            }
            ratios.sort(null);
            return ratios;
        }
    }

    /** The {@code q} quantile of sorted values, interpolated between neighbours. */
    static double quantile(List<Double> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(low + 1, sorted.size() - 1);
        return sorted.get(low) + (at - low) * (sorted.get(high) - sorted.get(low));
    }

    /** A JVM running {@link ShotLoop} for one benchmark: one shot per request. */
    private static final class Shooter implements AutoCloseable {
        private final Process process;
        private final PrintWriter requests;
        private final BufferedReader replies;
        private final String name;

        Shooter(String name) throws IOException {
            this.name = name;
            Method method = benchmark(name);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Fork fork = method.getDeclaringClass().getAnnotation(Fork.class);
            if (fork != null) {
                command.addAll(List.of(fork.jvmArgs()));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShotLoop.class.getName(), name));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            requests = new PrintWriter(process.getOutputStream(), true);
            replies = new BufferedReader(new InputStreamReader(process.getInputStream()));
        }

        long shot() throws IOException {
            requests.println("shot");
            String reply = replies.readLine();
            if (reply == null || !reply.matches("\\d+")) {
                throw new IOException(name + " did not give a time: " + reply);
            }
            return Long.parseLong(reply);
        }

        @Override
        public void close() throws InterruptedException {
            requests.close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The benchmark method {@code Class.method} of this package. */
    static Method benchmark(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("name a benchmark as CLASS.METHOD, not " + name);
        }
        String className = name.substring(0, dot);
        try {
            Class<?> type = Class.forName(className.contains(".") ? className
                    : PairedRuns.class.getPackageName() + "." + className);
            for (Method method : type.getMethods()) {
                if (method.getName().equals(name.substring(dot + 1)) && method.isAnnotationPresent(Benchmark.class)) {
                    return method;
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no benchmark class " + className, e);
        }
        throw new IllegalArgumentException("no @Benchmark method " + name);
    }

    /** The child JVM: a shot of one benchmark for each line read, its time in ns written back. */
    public static final class ShotLoop {

        private ShotLoop() {
        }

        public static void main(String[] args) throws Exception {
            Method method = benchmark(args[0]);
            Object benchmark = method.getDeclaringClass().getConstructor().newInstance();
            Object[] states = new Object[method.getParameterCount()];
            for (int i = 0; i < states.length; i++) {
                states[i] = method.getParameterTypes()[i].getConstructor().newInstance();
            }
            List<Object> withLifeCycle = new ArrayList<>(List.of(states));
            if (method.getDeclaringClass().isAnnotationPresent(State.class)) {
                withLifeCycle.add(benchmark);
            }
            call(withLifeCycle, Setup.class, Level.Trial);
            BufferedReader requests = new BufferedReader(new InputStreamReader(System.in));
            long sink = 0;
            while (requests.readLine() != null) {
                call(withLifeCycle, Setup.class, Level.Iteration);
                long start = System.nanoTime();
                Object result = method.invoke(benchmark, states);
                long nanos = System.nanoTime() - start;
                sink += result == null ? 0 : result.hashCode();
                call(withLifeCycle, TearDown.class, Level.Iteration);
                System.out.println(nanos);
                System.out.flush();
            }
            call(withLifeCycle, TearDown.class, Level.Trial);
            if (sink == 42) {
                System.err.println(); // keeps the results live
            }
        }

        /** Calls the set-up or tear-down methods of {@code level} of each object. */
        private static void call(List<Object> objects, Class<? extends java.lang.annotation.Annotation> kind, Level level)
                throws IllegalAccessException, InvocationTargetException {
            for (Object object : objects) {
                for (Method method : object.getClass().getMethods()) {
                    java.lang.annotation.Annotation annotation = method.getAnnotation(kind);
                    Level at = annotation instanceof Setup setup ? setup.value()
                            : annotation instanceof TearDown tearDown ? tearDown.value() : null;
                    if (at == level) {
                        method.invoke(object);
                    }
                }
            }
        }
    }
}
