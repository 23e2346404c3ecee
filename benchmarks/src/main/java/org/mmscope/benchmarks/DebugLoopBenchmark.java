package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.replay.Timeline;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.ScenarioParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second of the debugger's loop against the bare simulator (issue 7: at least 90 % with
 * 20 breakpoints installed that do not match). Each operation runs {@value #STEPS} steps from the
 * start of {@link ReverseStepBenchmark#LONG_RUN}, which a set-up before each shot parsed and started
 * (and, for the debugger, gave its timeline, whose first checkpoint is taken there, and its
 * breakpoints): the shot times the running, as the event rate of a debug session that has been
 * launched. {@code bare} steps with {@code ScenarioRun.step()},
 * {@code debuggerLoop} as the debug target does, through a {@link Timeline} with the debugger's
 * checkpoint policy and 20 breakpoints on the commonest event types whose PFN ranges never match,
 * registered as {@code EventWatcher} registers them: one listener per breakpoint, with the filter
 * {@code BreakpointMatcher.eventFilter()} gives (types and PFN range), calling the breakpoint's full
 * test (without the Eclipse marker behind it) when the filter passes. The ratio of the two times,
 * bare/debuggerLoop, is the share of the bare event rate the debugger keeps: on this drifting machine,
 * measure it with {@code ./benchmarks/run paired DebugLoopBenchmark.bare DebugLoopBenchmark.debuggerLoop
 * 8 3 6} ({@link PairedRuns}).
 *
 * <p>The forked JVM has the IDE's heap ({@code -Xmx2g}, as mmscope-ide.product sets it), fixed and
 * touched at start ({@code -Xms2g -XX:+AlwaysPreTouch}): an IDE that has run a while has touched its
 * heap, and without it a shot's time also counts the operating system zeroing fresh heap pages for
 * whichever shot first used them (checkpoints keep memory, so the debugger loop reaches fresh pages
 * sooner). For the figure with an untouched heap: {@code -jvmArgs -Xmx2g}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
public class DebugLoopBenchmark {

    /** About 1.1 s of running: a few checkpoints (one every 0.45-0.6 s) fall into each shot. */
    static final int STEPS = 2_000_000;
    static final int BREAKPOINTS = 20;

    private static final MmEventType[] COMMON = { MmEventType.PAGE_LIST_TRANSITION, MmEventType.FAULT_DEMAND_ZERO,
            MmEventType.FAULT_TRANSITION, MmEventType.IN_PAGE_START, MmEventType.IN_PAGE_COMPLETE };

    /** A breakpoint's cheap test: its type bits and a PFN range that no page has. */
    private record NonMatching(long typeMask, long pfnLow, long pfnHigh) {
        boolean hits(EventLog log, long sequence) {
            if ((typeMask & log.type(sequence).bit()) == 0) {
                return false;
            }
            long pfn = log.pfn(sequence);
            return pfn >= pfnLow && pfn <= pfnHigh;
        }
    }

    /** A run started for the bare simulator. */
    @State(Scope.Thread)
    public static class BareRun {
        ScenarioRun run;

        @Setup(Level.Iteration)
        public void start() throws Exception {
            run = freshRun();
        }
    }

    /** A run started for the debugger: its timeline and 20 breakpoints that never hit. */
    @State(Scope.Thread)
    public static class DebuggerRun {
        Timeline timeline;
        final long[] hits = { 0 };

        @Setup(Level.Iteration)
        public void launch() throws Exception {
            ScenarioRun run = freshRun();
            timeline = new Timeline(run, Timeline.Policy.defaults());
            installBreakpoints(run, hits);
        }
    }

    /** A bare run with the 20 breakpoints and no timeline: what the breakpoints alone cost. */
    @State(Scope.Thread)
    public static class RunWithBreakpoints {
        ScenarioRun run;
        final long[] hits = { 0 };

        @Setup(Level.Iteration)
        public void start() throws Exception {
            run = freshRun();
            installBreakpoints(run, hits);
        }
    }

    /** A run with the debugger's timeline and no breakpoints: what checkpoints alone cost. */
    @State(Scope.Thread)
    public static class RunWithTimeline {
        Timeline timeline;

        @Setup(Level.Iteration)
        public void start() throws Exception {
            timeline = new Timeline(freshRun(), Timeline.Policy.defaults());
        }
    }

    /**
     * The scenario started, on a collected heap: otherwise the previous shot's dead run (hundreds of
     * MB of pages) is collected during whichever shot comes next, and a single shot's time says more
     * about where a pause fell than about the loop.
     */
    private static ScenarioRun freshRun() throws Exception {
        System.gc();
        return ScenarioRun.start(ScenarioParser.parse("long-run.mms", ReverseStepBenchmark.LONG_RUN));
    }

    /** Registers the 20 breakpoints as EventWatcher does; a hit counts in {@code hits[0]}. */
    private static void installBreakpoints(ScenarioRun run, long[] hits) {
        for (int i = 0; i < BREAKPOINTS; i++) {
            MmEventType type = COMMON[i % COMMON.length];
            NonMatching breakpoint = new NonMatching(type.bit(), 0x7000_0000L + i, 0x7000_0000L + i);
            EventFilter filter = EventFilter.ofMask(breakpoint.typeMask())
                    .withPfnRange(breakpoint.pfnLow(), breakpoint.pfnHigh());
            run.simulation().memoryManager().eventLog().addListener(filter, (log, sequence) -> {
                if (breakpoint.hits(log, sequence)) {
                    hits[0]++;
                }
            });
        }
    }

    @Benchmark
    public long bare(BareRun state) throws Exception {
        ScenarioRun run = state.run;
        for (int i = 0; i < STEPS; i++) {
            run.step();
        }
        return run.simulation().memoryManager().eventLog().last();
    }

    /** {@code bare} with the 20 breakpoints installed (no timeline): compare with {@code bare}. */
    @Benchmark
    public long breakpointsOnly(RunWithBreakpoints state) throws Exception {
        ScenarioRun run = state.run;
        for (int i = 0; i < STEPS; i++) {
            run.step();
        }
        return run.simulation().memoryManager().eventLog().last() + state.hits[0];
    }

    /** The debugger's timeline without breakpoints: compare with {@code bare}. */
    @Benchmark
    public long timelineOnly(RunWithTimeline state) throws Exception {
        Timeline timeline = state.timeline;
        for (int i = 0; i < STEPS; i++) {
            timeline.step();
        }
        return timeline.run().simulation().memoryManager().eventLog().last();
    }

    @Benchmark
    public long debuggerLoop(DebuggerRun state) throws Exception {
        Timeline timeline = state.timeline;
        for (int i = 0; i < STEPS; i++) {
            timeline.step();
        }
        return timeline.run().simulation().memoryManager().eventLog().last() + state.hits[0];
    }
}
