package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.model.sync.SyncReport;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.mm.MachineConfig;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;
import org.mmscope.sim.sched.WaitReason;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building and updating the EMF model of a machine ({@link ModelPopulator}, issue 6: "for 1,048,576
 * PFNs (4 GiB) full population <= 500 ms, 1 % changed <= 20 ms; for 16M PFNs (64 GiB) population
 * must not need more than 2 GiB of heap").
 *
 * <p>The machine is given a realistic state first ({@link Machine}): a process has written 240,000
 * pages (940 MiB) with a working-set limit of 65,536 pages, so 65,536 are Active and the rest were
 * trimmed and written to the paging file by the modified page writer (Standby); a second process with
 * the default limit has written 20,000 pages, whose trimmed pages stay Modified; the rest of memory is
 * Zeroed. On 4 GiB: Active 70,160, Standby 174,464, Modified 15,904, Zeroed 788,048 (printed at setup).
 *
 * <ul>
 * <li>{@link #fullPopulation}: a new {@link ModelPopulator} and its first {@code populate()} of the
 * 4 GiB machine (every PFN entry, processes with their working sets and page tables, kernel, CPUs,
 * counters, the last 1,000 events).</li>
 * <li>{@link #incrementalOnePercent}: {@code populate()} on an already populated model after about
 * 1 % of the PFNs changed. Before each call (not measured) the first process touches the next
 * {@value #TOUCHES_PER_INVOCATION} of its trimmed pages, in a cycle over its 240,000 pages: each is a
 * transition fault (Standby or Modified -> Active; Standby until the cycle comes round to the pages
 * it trimmed itself) and, the working set being full, trims the oldest page
 * (Active -> Modified): about two changed entries per touch, 10,488-10,489 in all (1.00 %). The
 * changed entries are counted by the populator ({@link SyncReport#changedPfns()}) and printed after
 * each iteration.</li>
 * <li>{@link #fullPopulation64GiB}: the same full population of a 64 GiB machine (16,777,216 PFNs)
 * in a JVM with {@code -Xmx2g}; prints the heap used before and after (after {@code System.gc()}).
 * Run it on its own: {@code ./benchmarks/run -f 1 -wi 0 -i 1 ModelPopulationBenchmark.fullPopulation64GiB}.
 * {@code main} does the same outside JMH (run it with any -Xmx to measure when 2 GiB is not enough).</li>
 * </ul>
 */
public class ModelPopulationBenchmark {

    static final long RAM_4G = 4L << 30;
    static final long RAM_64G = 64L << 30;
    static final long BASE = 0x10000000L;
    /** Committed pages of the first process (1 GiB). */
    static final long COMMITTED = 262_144;
    /** Pages the first process writes before the benchmark (and cycles over in the incremental one). */
    static final long TOUCHED = 240_000;
    static final int WORKING_SET_MAXIMUM = 65_536;
    /** Pages touched before each incremental populate(); tuned so that about 1 % of 1,048,576 PFNs change. */
    static final int TOUCHES_PER_INVOCATION = 5_243;

    /** A simulated machine with a realistic state (see the class comment). */
    static final class Machine {
        final Simulation simulation;
        final MemoryManager mm;
        final MmProcess process;
        final SimThread thread;
        long next;

        Machine(long ramBytes) {
            simulation = new Simulation(MachineConfig.ofRam(ramBytes, 64, 2, 8L << 30, 1));
            mm = simulation.memoryManager();
            process = mm.createProcess("bench.exe", 50, WORKING_SET_MAXIMUM);
            thread = parkedThread("bench", process);
            mm.allocateVirtual(process, BASE, COMMITTED * 4096, Protection.READWRITE, true);
            next = BASE;
            touch(TOUCHED);
            // the system threads run until they have nothing left to do: the modified page writer
            // writes the trimmed pages to the paging file (Modified -> Standby)
            simulation.run(Long.MAX_VALUE);
            // a second process with the default working-set limit: its trimmed pages stay Modified
            MmProcess other = mm.createProcess("other.exe");
            SimThread otherThread = parkedThread("other", other);
            mm.allocateVirtual(other, BASE, 32_768L * 4096, Protection.READWRITE, true);
            for (long va = BASE; va < BASE + 20_000L * 4096; va += 4096) {
                mm.accessFault(other, otherThread, va, true);
            }
        }

        /**
         * A thread of {@code process} that sleeps for ever (so the simulation can run the system
         * threads to completion); the benchmark makes its page faults directly.
         */
        private SimThread parkedThread(String name, MmProcess owner) {
            SimThread t = mm.scheduler().createThread(name, owner.pid(), 8, x -> ThreadBody.Outcome.RAN);
            mm.scheduler().delayUntil(t, Long.MAX_VALUE, WaitReason.DELAY);
            return t;
        }

        /** Writes the next {@code pages} pages of the first process's cycle that are not valid. */
        void touch(long pages) {
            for (long done = 0; done < pages;) {
                long va = next;
                next = next + 4096 >= BASE + TOUCHED * 4096 ? BASE : next + 4096;
                if (mm.mmu().translate(mm.cpu(0), process.pml4(), va, Access.WRITE,
                        org.mmscope.sim.hw.Mode.USER) >= 0) {
                    continue;
                }
                mm.accessFault(process, thread, va, true);
                done++;
            }
        }

        String describe() {
            PfnDatabase pfns = mm.pfns();
            StringBuilder s = new StringBuilder(pfns.pageCount() + " PFNs:");
            for (PageList list : PageList.values()) {
                s.append(' ').append(list.name()).append('=').append(pfns.locationCount(list));
            }
            return s.append(", ws=").append(process.workingSet().count()).toString();
        }
    }

    /** The 4 GiB machine for the full population. */
    @State(Scope.Benchmark)
    public static class FourGiB {
        Machine machine;

        @Setup(Level.Trial)
        public void setUp() {
            machine = new Machine(RAM_4G);
            System.out.println("\n4 GiB machine: " + machine.describe());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 3, time = 5)
    public SyncReport fullPopulation(FourGiB state) {
        return new ModelPopulator(state.machine.mm, "bench").populate();
    }

    /** The 4 GiB machine with a populated model; about 1 % of its PFNs change before each populate(). */
    @State(Scope.Thread)
    public static class Incremental {
        Machine machine;
        ModelPopulator populator;
        long calls;
        long changedSum;
        int changedMin;
        int changedMax;

        @Setup(Level.Trial)
        public void setUp() {
            machine = new Machine(RAM_4G);
            populator = new ModelPopulator(machine.mm, "bench");
            SyncReport full = populator.populate();
            System.out.println("\n4 GiB machine: " + machine.describe() + "; " + full + "; then "
                    + populator.populate());
        }

        @Setup(Level.Iteration)
        public void resetCounts() {
            calls = 0;
            changedSum = 0;
            changedMin = Integer.MAX_VALUE;
            changedMax = 0;
        }

        @Setup(Level.Invocation)
        public void changeOnePercent() {
            machine.touch(TOUCHES_PER_INVOCATION);
        }

        void record(SyncReport report) {
            if (report.full()) {
                throw new IllegalStateException("expected an incremental population: " + report);
            }
            calls++;
            changedSum += report.changedPfns();
            changedMin = Math.min(changedMin, report.changedPfns());
            changedMax = Math.max(changedMax, report.changedPfns());
        }

        @TearDown(Level.Iteration)
        public void printCounts() {
            int pages = machine.mm.pfns().pageCount();
            double average = calls == 0 ? 0 : (double) changedSum / calls;
            System.out.printf("%n  changedPfns per populate(): average %.0f (%.2f %% of %d), min %d, max %d, %d calls%n",
                    average, 100.0 * average / pages, pages, changedMin, changedMax, calls);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 3, time = 5)
    public SyncReport incrementalOnePercent(Incremental state) {
        SyncReport report = state.populator.populate();
        state.record(report);
        return report;
    }

    /** The 64 GiB machine, in a JVM limited to 2 GiB of heap. */
    @State(Scope.Benchmark)
    public static class SixtyFourGiB {
        Machine machine;
        ModelPopulator populator;
        long before;

        @Setup(Level.Trial)
        public void setUp() {
            machine = new Machine(RAM_64G);
            System.out.println("\n64 GiB machine: " + machine.describe() + ", max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        }

        @Setup(Level.Iteration)
        public void dropModel() {
            populator = null;
            before = usedHeap();
            System.out.printf("%n  heap used before population: %,d bytes%n", before);
        }

        @TearDown(Level.Iteration)
        public void measure() {
            long after = usedHeap();
            int pages = machine.mm.pfns().pageCount();
            System.out.printf("  heap used after population: %,d bytes; the model: %,d bytes = %.1f bytes per PFN"
                    + " (max heap %,d)%n", after, after - before, (double) (after - before) / pages,
                    Runtime.getRuntime().maxMemory());
            if (populator.machine().getPfnDatabase().getEntries().size() != pages) {
                throw new IllegalStateException("the model does not hold every PFN");
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public SyncReport fullPopulation64GiB(SixtyFourGiB state) {
        state.populator = new ModelPopulator(state.machine.mm, "bench");
        return state.populator.populate();
    }

    /** The first {@code lines} classes of a class histogram (jcmd GC.class_histogram) of this JVM, and its total. */
    static void printHistogram(int lines) {
        try {
            String histogram = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] { new String[0] }, new String[] { String[].class.getName() });
            String[] rows = histogram.split("\n");
            for (int i = 0; i < Math.min(rows.length, lines + 2); i++) {
                System.out.println(rows[i]);
            }
            System.out.println(rows[rows.length - 1]);
        } catch (javax.management.JMException e) {
            System.out.println("no class histogram: " + e);
        }
    }

    static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * Outside JMH: {@code java -Xmx2g [-Dhistogram=true] -cp benchmarks/target/benchmarks.jar
     * org.mmscope.benchmarks.ModelPopulationBenchmark [64G|4G]} builds the machine, populates it once,
     * then 5 times more after 1 % of 4 GiB changed each time ({@code -Dincrementals=N}), reads every
     * entry through the EMF API, and prints the heap used at each point (and a class histogram).
     */
    public static void main(String[] args) {
        long ram = args.length > 0 && args[0].equalsIgnoreCase("4G") ? RAM_4G : RAM_64G;
        long start = System.nanoTime();
        Machine machine = new Machine(ram);
        System.out.printf("machine built in %.0f ms: %s%n", (System.nanoTime() - start) / 1e6, machine.describe());
        long before = usedHeap();
        System.out.printf("heap used before population: %,d bytes (max heap %,d)%n", before,
                Runtime.getRuntime().maxMemory());
        ModelPopulator populator = new ModelPopulator(machine.mm, "bench");
        System.out.println(populator.populate());
        long after = usedHeap();
        int pages = machine.mm.pfns().pageCount();
        System.out.printf("heap used after population: %,d bytes; the model: %,d bytes = %.1f bytes per PFN%n", after,
                after - before, (double) (after - before) / pages);
        // then incremental updates: 5,243 more pages of the first process written before each
        for (int i = 0; i < Integer.getInteger("incrementals", 5); i++) {
            machine.touch(TOUCHES_PER_INVOCATION);
            System.out.println(populator.populate());
        }
        System.out.printf("heap used after the incremental updates: %,d bytes%n", usedHeap());
        if (Boolean.getBoolean("histogram")) {
            printHistogram(15); // what the heap holds now: the simulator and the populated model
        }
        // what a view or a query does: every entry through the public EMF API, with derived getters
        long readStart = System.nanoTime();
        long[] byLocation = new long[8];
        long owned = 0;
        for (org.mmscope.model.PfnEntry e : populator.machine().getPfnDatabase().getEntries()) {
            byLocation[e.getLocation().getValue()]++;
            owned += e.getOwnerKind() == org.mmscope.model.OwnerKind.NONE ? 0 : 1;
        }
        System.out.printf("read every entry (getLocation, getOwnerKind) in %.0f ms: by location %s, owned %,d%n",
                (System.nanoTime() - readStart) / 1e6, java.util.Arrays.toString(byLocation), owned);
        System.out.printf("heap used after reading every entry (the model still in use): %,d bytes%n", usedHeap());
        System.out.println("after that, " + populator.populate()); // keeps the model and the machine reachable
        System.out.printf("heap used after that update: %,d bytes%n", usedHeap());
        if (Boolean.getBoolean("histogram")) {
            printHistogram(15);
        }
    }
}
