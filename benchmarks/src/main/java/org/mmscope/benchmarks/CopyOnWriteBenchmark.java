package org.mmscope.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Mode;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Copy-on-write faults per second (NT: MiCopyOnWrite) on a 1 GiB machine. A process with
 * {@value #PAGES} written pages is forked before every invocation (outside the measurement: the
 * previous child exits first, which frees the pages the last round left shared, then the fork shares
 * the parent's pages again); one invocation writes each of the pages once, through the MMU, and
 * every write faults and makes a private copy:
 * <ul>
 * <li>{@code writer=parent}: the parent's PTEs are valid, write-protected and CopyOnWrite: the
 * classic copy-on-write fault (take a page of the same colour, copy 4 KiB, make it private, rewrite
 * the PTE, flush the TLB entry, drop a share of the shared page and the clone prototype PTE's
 * reference, events).</li>
 * <li>{@code writer=child}: the child's PTEs are prototype PTEs naming the clone prototype PTEs: the
 * fault finds the page through its clone prototype PTE, maps it (working-set insert) and copies it at
 * once.</li>
 * </ul>
 * The invariant checker runs after every iteration; a violation or a fault that did not resolve fails
 * the benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CopyOnWriteBenchmark {

    private static final long BASE = 0x10000000L;
    private static final int PAGES = 4096;

    @Param({ "parent", "child" })
    public String writer;

    private MemoryManager mm;
    private MmProcess parent;
    private MmProcess child;
    private SimThread parentThread;
    private SimThread childThread;
    private int round;

    @Setup(Level.Trial)
    public void newMachine() {
        Simulation simulation = new Simulation(
                MachineConfig.ofRam(1L << 30, 64, 2, 1L << 30, 1).withWorkingSet(16, 2 * PAGES));
        mm = simulation.memoryManager();
        parent = mm.createProcess("parent.exe", 16, 2 * PAGES);
        parentThread = mm.scheduler().createThread("parent", parent.pid(), 8, t -> ThreadBody.Outcome.RAN);
        mm.allocateVirtual(parent, BASE, (long) PAGES * 4096, Protection.READWRITE, true);
        for (int i = 0; i < PAGES; i++) {
            write(parent, parentThread, BASE + i * 4096L);
        }
    }

    /** The previous child exits and the parent forks again: every page of the parent is shared anew. */
    @Setup(Level.Invocation)
    public void fork() {
        if (child != null) {
            mm.exitProcess(child);
        }
        child = mm.forks().fork(parent, "child" + round++);
        childThread = mm.scheduler().createThread("child", child.pid(), 8, t -> ThreadBody.Outcome.RAN);
    }

    @TearDown(Level.Iteration)
    public void check() {
        List<Violation> violations = InvariantChecker.check(mm);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("invariants broken: " + violations.subList(0, Math.min(5,
                    violations.size())));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long copyOnWriteFaults() {
        boolean byParent = writer.equals("parent");
        MmProcess process = byParent ? parent : child;
        SimThread thread = byParent ? parentThread : childThread;
        long faults = 0;
        for (int i = 0; i < PAGES; i++) {
            faults += write(process, thread, BASE + i * 4096L);
        }
        return faults;
    }

    /** One 8-byte write through the MMU; a fault is resolved and the write retried. Returns the faults. */
    private int write(MmProcess process, SimThread thread, long va) {
        int faults = 0;
        while (!mm.mmu().writeLong(mm.cpu(0), process.pml4(), va, va, Mode.USER)) {
            FaultStatus status = mm.accessFault(process, thread, va, Access.WRITE);
            if (status != FaultStatus.RESOLVED || ++faults > 2) {
                throw new IllegalStateException("a write to 0x" + Long.toHexString(va) + " faulted: " + status);
            }
        }
        return faults;
    }
}
