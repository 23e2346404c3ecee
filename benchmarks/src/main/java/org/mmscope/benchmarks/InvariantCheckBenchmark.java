package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.check.InvariantChecker;

import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One full invariant check of a 256 MiB machine in the middle of the default scenario. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InvariantCheckBenchmark {

    private Simulation simulation;

    @Setup
    public void setUp() throws Exception {
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        run.run(200_000);
        simulation = run.simulation();
    }

    @Benchmark
    public int check() {
        return InvariantChecker.check(simulation.memoryManager()).size();
    }
}
