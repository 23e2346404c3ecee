package org.mmscope.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.mm.MachineConfig;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.ReadAhead;
import org.mmscope.sim.mm.SectionManager;
import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Read-ahead clusters per second (NT: MiCcPutPagesInTransition and the completion of its read) on a
 * 256 MiB machine reading a 1 GiB mapped file front to back, {@code pages} pages per cluster. One
 * operation is one cluster: the run's prototype PTEs put in transition (a page taken for each, the
 * dummy page biased and trimmed), one disk read issued, simulated time moved to its completion and
 * the completion run (every page released to Standby, the dummy's references and the charge given
 * back, the event set). The file is four times the RAM, so after the first quarter every page taken
 * is a repurposed Standby page whose prototype PTE goes back to its subsection PTE. After each
 * iteration the invariant checker runs over the machine and nothing may stay held.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadAheadBenchmark {

    private static final long FILE_PAGES = 262_144;

    @Param({ "16", "64" })
    public int pages;

    private MemoryManager mm;
    private SectionManager sections;
    private ControlArea area;
    private SimThread thread;
    private long next;
    private long issued;
    private long clusters;

    @Setup(Level.Iteration)
    public void newMachine() {
        Simulation simulation = new Simulation(MachineConfig.ofRam(256L << 20, 16, 2, 256L << 20, 1));
        mm = simulation.memoryManager();
        sections = mm.sections();
        MappedFile file = sections.file("bench.dat", FILE_PAGES);
        area = sections.sectionForFile(file, Protection.READONLY);
        thread = mm.scheduler().createThread("read-ahead", MemoryManager.SYSTEM_PID, 8, t -> ThreadBody.Outcome.RAN);
        next = 0;
        issued = 0;
        clusters = 0;
    }

    @Benchmark
    public int cluster() {
        long first = next;
        next = next + 2L * pages > FILE_PAGES ? 0 : next + pages;
        ReadAhead.Status status = sections.readAhead(area, first, pages, thread);
        if (status == ReadAhead.Status.READ_ISSUED) {
            issued++;
            mm.clock().advanceTo(mm.disk().nextCompletionTime());
            mm.completeDueIo();
        } else if (status != ReadAhead.Status.RESIDENT) {
            throw new IllegalStateException("read-ahead of pages " + first + "..+" + pages + ": " + status);
        }
        clusters++;
        return status.ordinal();
    }

    @TearDown(Level.Iteration)
    public void verify() {
        List<Violation> violations = InvariantChecker.check(mm);
        ReadAhead readAhead = sections.readAhead();
        if (!violations.isEmpty() || !readAhead.clustersInFlight().isEmpty() || readAhead.chargedPages() != 0
                || mm.pfns().referenceCount(readAhead.dummyPage()) != 1 || issued * 10 < clusters * 9) {
            throw new IllegalStateException(String.format("after %d clusters (%d read): %s %s", clusters, issued,
                    readAhead, violations.subList(0, Math.min(10, violations.size()))));
        }
    }
}
