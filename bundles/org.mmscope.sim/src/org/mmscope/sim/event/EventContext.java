package org.mmscope.sim.event;

import java.io.Serializable;
import java.util.function.LongSupplier;

/**
 * What is running now: the CPU, thread and process the memory manager sets when it switches what
 * runs (or attaches to another process), so that its routines append events with only the fields
 * that describe the change itself ({@link #emit}). The time comes from the simulation clock given at
 * construction.
 *
 * <p>Mutable and single-threaded, like the simulation. A new context has no CPU, thread or process
 * ({@link EventLog#NO_CPU}, {@link EventLog#NO_THREAD}, {@link EventLog#NO_PROCESS}).
 */
public final class EventContext implements Serializable {

    private final EventLog log;
    private final LongSupplier clock;
    private int cpu = EventLog.NO_CPU;
    private int thread = EventLog.NO_THREAD;
    private int process = EventLog.NO_PROCESS;

    /**
     * A context appending to {@code log} at the times {@code clock} gives.
     *
     * @param clock simulated time in ns; must not go backwards
     * @throws IllegalArgumentException if an argument is null
     */
    public EventContext(EventLog log, LongSupplier clock) {
        if (log == null || clock == null) {
            throw new IllegalArgumentException("an event context needs a log and a clock");
        }
        this.log = log;
        this.clock = clock;
    }

    /**
     * Appends an event with the current time, CPU, thread and process. Allocates nothing.
     *
     * @return the event's sequence number
     * @throws IllegalArgumentException as {@link EventLog#append} does
     */
    public long emit(MmEventType type, long pfn, long va, int oldState, int newState, long detail) {
        return log.append(type, clock.getAsLong(), cpu, thread, process, pfn, va, oldState, newState, detail);
    }

    /**
     * Sets everything that runs at once: after a context switch.
     *
     * @throws IllegalArgumentException if a value is out of range (nothing changes then)
     */
    public void switchTo(int cpu, int thread, int process) {
        checkCpu(cpu);
        checkThread(thread);
        checkProcess(process);
        this.cpu = cpu;
        this.thread = thread;
        this.process = process;
    }

    /**
     * Sets the running CPU, 0..{@link EventLog#MAX_CPU} or {@link EventLog#NO_CPU}.
     *
     * @throws IllegalArgumentException if out of range
     */
    public void setCpu(int cpu) {
        checkCpu(cpu);
        this.cpu = cpu;
    }

    /**
     * Sets the running thread, >= 0 or {@link EventLog#NO_THREAD}.
     *
     * @throws IllegalArgumentException if out of range
     */
    public void setThread(int thread) {
        checkThread(thread);
        this.thread = thread;
    }

    /**
     * Sets the current process (e.g. when attaching to another address space), >= 0 or
     * {@link EventLog#NO_PROCESS}.
     *
     * @throws IllegalArgumentException if out of range
     */
    public void setProcess(int process) {
        checkProcess(process);
        this.process = process;
    }

    /** The running CPU, or {@link EventLog#NO_CPU}. */
    public int cpu() {
        return cpu;
    }

    /** The running thread, or {@link EventLog#NO_THREAD}. */
    public int thread() {
        return thread;
    }

    /** The current process, or {@link EventLog#NO_PROCESS}. */
    public int process() {
        return process;
    }

    /** The simulated time now, from the clock. */
    public long now() {
        return clock.getAsLong();
    }

    /** The log events go to. */
    public EventLog log() {
        return log;
    }

    private static void checkCpu(int cpu) {
        if (cpu < EventLog.NO_CPU || cpu > EventLog.MAX_CPU) {
            throw new IllegalArgumentException("CPU must be -1.." + EventLog.MAX_CPU + ", not " + cpu);
        }
    }

    private static void checkThread(int thread) {
        if (thread < EventLog.NO_THREAD) {
            throw new IllegalArgumentException("thread id must be >= -1, not " + thread);
        }
    }

    private static void checkProcess(int process) {
        if (process < EventLog.NO_PROCESS) {
            throw new IllegalArgumentException("process id must be >= -1, not " + process);
        }
    }

    @Override
    public String toString() {
        return "EventContext[cpu=" + cpu + ", thread=" + thread + ", process=" + process + "]";
    }
}
