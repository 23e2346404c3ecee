package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** The whole built-in default scenario (about 570,000 steps, 110 s of simulated time), run to its end. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ScenarioBenchmark {

    @Benchmark
    public long defaultScenario() throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        return run.run(Long.MAX_VALUE);
    }
}
