package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.replay.Timeline;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.ScenarioParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Step Back at the end of a long run (issue 7: on a 10-million-event run, one step back takes at
 * most 1 s). The setup runs a paging-heavy scenario through a {@link Timeline} with the debugger's
 * checkpoint policy until {@code events} events were logged; each operation is then one step back
 * from there: restore the last checkpoint before the target position and replay to it.
 *
 * <p>The forked JVM has the IDE's heap, fixed and touched at start, as {@link DebugLoopBenchmark}
 * explains; for an untouched heap: {@code -jvmArgs -Xmx2g}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
@State(Scope.Benchmark)
public class ReverseStepBenchmark {

    /** Three processes write and read more memory than the machine has, again and again. */
    static final String LONG_RUN = """
            machine ram=256M colours=16 cpus=2 pagefile=1G seed=42
            pressure available<2048 -> trim all
            process a { thread t { commit 0x10000000 size=96M rw; repeat 100000 { touch 0x10000000..+96M write stride=8K; touch 0x10000000..+96M read stride=16K } } }
            process b { thread t { commit 0x10000000 size=96M rw; repeat 100000 { touch 0x10000000..+96M write stride=12K; wait 1ms } } }
            process c { thread t { commit 0x10000000 size=128M rw; repeat 100000 { touch 0x10000000..+128M read stride=4K; touch 0x10000000..+128M write stride=64K } } }
            join a
            """;

    @Param({ "10000000" })
    public long events;

    private Timeline timeline;
    private long end;
    private long target;

    @Setup
    public void runUntilEnoughEvents() throws Exception {
        timeline = new Timeline(ScenarioRun.start(ScenarioParser.parse("long-run.mms", LONG_RUN)),
                Timeline.Policy.defaults());
        EventLog log = timeline.run().simulation().memoryManager().eventLog();
        long started = System.nanoTime();
        while (timeline.run().simulation().memoryManager().eventLog().last() < events) {
            if (!timeline.step()) {
                throw new IllegalStateException("the scenario ended after " + log.last() + " events");
            }
        }
        end = timeline.position();
        target = timeline.stepBackTarget();
        System.out.printf("%n[setup] %,d events in %,d steps, %.1f s; %d checkpoints, %,d MB; step back to %,d%n",
                timeline.run().simulation().memoryManager().eventLog().last(), end,
                (System.nanoTime() - started) / 1e9, timeline.checkpointPositions().length,
                timeline.checkpointBytes() >> 20, target);
    }

    @Benchmark
    public long stepBack() {
        timeline.goTo(target, null, null);
        return timeline.run().simulation().memoryManager().eventLog().last();
    }

    /** Measures once without JMH: {@code java -cp benchmarks.jar org.mmscope.benchmarks.ReverseStepBenchmark [events]}. */
    public static void main(String[] args) throws Exception {
        ReverseStepBenchmark benchmark = new ReverseStepBenchmark();
        benchmark.events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        benchmark.runUntilEnoughEvents();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            benchmark.stepBack();
            System.out.printf("step back %d: %.0f ms%n", i + 1, (System.nanoTime() - start) / 1e6);
        }
    }
}
