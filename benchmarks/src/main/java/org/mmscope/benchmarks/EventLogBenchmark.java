package org.mmscope.benchmarks;

import java.util.concurrent.TimeUnit;

import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Appending an event, with a breakpoint-like listener that does not match (the common case) or none. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventLogBenchmark {

    @Param({ "none", "non-matching" })
    public String listener;

    private EventLog log;
    private long pfn;
    private long time;

    @Setup
    public void setUp() {
        log = new EventLog(1 << 16);
        if (listener.equals("non-matching")) {
            log.addListener(EventFilter.of(MmEventType.COPY_ON_WRITE), (l, seq) -> { });
        }
    }

    @Benchmark
    public long append() {
        pfn = (pfn + 1) & 0xFFFF;
        return log.append(MmEventType.PAGE_LIST_TRANSITION, ++time, 0, 1, 2, pfn, 0x10000, 2, 6, 0);
    }
}
