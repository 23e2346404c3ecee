package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.hw.Access;

import org.mmscope.sim.mm.FaultStatus;
import org.mmscope.sim.mm.MachineConfig;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;

import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Page faults per second: a write to a fresh committed page of a 4 GiB machine, through the MMU, the
 * fault handler (NT: MmAccessFault -> MiResolveDemandZeroFault), the PFN database, the PTE write, the
 * working set and the events. The working set limit makes the replacement path part of the mix.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DemandZeroFaultBenchmark {

    private static final long BASE = 0x10000000L;
    private static final long PAGES = 400_000;

    private MemoryManager mm;
    private MmProcess process;
    private SimThread thread;
    private long next;

    @Setup(Level.Iteration)
    public void newMachine() {
        Simulation simulation = new Simulation(MachineConfig.ofRam(4L << 30, 64, 2, 8L << 30, 1));
        mm = simulation.memoryManager();
        process = simulation.createProcess("bench.exe");
        thread = mm.scheduler().createThread("bench", process.pid(), 8, t -> ThreadBody.Outcome.RAN);
        mm.allocateVirtual(process, BASE, PAGES * 4096, Protection.READWRITE, true);
        next = BASE;
    }

    @Benchmark
    public long demandZeroFault() {
        long va = next;
        next = next + 4096 >= BASE + PAGES * 4096 ? BASE : next + 4096;
        if (mm.mmu().translate(mm.cpu(0), process.pml4(), va, Access.WRITE, org.mmscope.sim.hw.Mode.USER) >= 0) {
            return 0; // wrapped around: the page is already there
        }
        FaultStatus status = mm.accessFault(process, thread, va, true);
        return status.ordinal();
    }
}
