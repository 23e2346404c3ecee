package org.mmscope.sim.sched;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A simulated thread (NT: ETHREAD): a system thread of the memory manager (zero page thread,
 * modified page writer, working set manager) or a thread of a scenario process. Keeps the stack of
 * NT routines it is in, for the debugger's stack frames ({@link #enter}/{@link #leave}).
 */
public final class SimThread implements Serializable {

    /** Process id of system threads. */
    public static final int SYSTEM_PROCESS = 4;

    private static final int MAX_FRAMES = 32;

    private final int id;
    private final String name;
    private final int processId;
    private final int priority;
    private final ThreadBody body;
    private ThreadState state = ThreadState.READY;
    private WaitReason waitReason = WaitReason.NONE;
    private int waitEventId = -1;
    private long wakeTime = Long.MAX_VALUE;
    private long lastRunStep = -1;
    private int lastCpu = -1;
    private long steps;
    private final String[] frames = new String[MAX_FRAMES];
    private int depth;

    SimThread(int id, String name, int processId, int priority, ThreadBody body) {
        this.id = id;
        this.name = name;
        this.processId = processId;
        this.priority = priority;
        this.body = body;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The owning process's id ({@link #SYSTEM_PROCESS} for system threads). */
    public int processId() {
        return processId;
    }

    /** Scheduling priority 0..31; higher runs first (the zero page thread is 0). */
    public int priority() {
        return priority;
    }

    public ThreadState state() {
        return state;
    }

    public WaitReason waitReason() {
        return waitReason;
    }

    /** Id of the event waited on, or -1. */
    public int waitEventId() {
        return waitEventId;
    }

    /** Simulated time at which a delayed thread wakes, or {@code Long.MAX_VALUE}. */
    public long wakeTime() {
        return wakeTime;
    }

    /** The CPU the thread last ran on, or -1. */
    public int lastCpu() {
        return lastCpu;
    }

    /** Number of steps the thread has run. */
    public long steps() {
        return steps;
    }

    /** Pushes the NT routine the thread enters, e.g. "MmAccessFault". */
    public void enter(String routine) {
        if (depth == MAX_FRAMES) {
            throw new IllegalStateException("routine stack of " + name + " is deeper than " + MAX_FRAMES
                    + ": a routine was entered without leaving: " + Arrays.toString(frames));
        }
        frames[depth++] = routine;
    }

    /** Pops the routine entered last. */
    public void leave() {
        if (depth == 0) {
            throw new IllegalStateException("routine stack of " + name + " is empty: leave() without enter()");
        }
        frames[--depth] = null;
    }

    /** Number of routines on the stack. */
    public int depth() {
        return depth;
    }

    /** Routine {@code index} of the stack, 0 = the innermost (the one entered last). */
    public String frame(int index) {
        if (index < 0 || index >= depth) {
            throw new IndexOutOfBoundsException(index);
        }
        return frames[depth - 1 - index];
    }

    /** A copy of the stack, innermost first (allocates; for breakpoints that stop). */
    public String[] stack() {
        String[] copy = new String[depth];
        for (int i = 0; i < depth; i++) {
            copy[i] = frames[depth - 1 - i];
        }
        return copy;
    }

    ThreadBody body() {
        return body;
    }

    void setState(ThreadState state) {
        this.state = state;
    }

    void setWait(WaitReason reason, int eventId, long wakeTime) {
        this.waitReason = reason;
        this.waitEventId = eventId;
        this.wakeTime = wakeTime;
    }

    void ranOn(int cpu, long step) {
        this.lastCpu = cpu;
        this.lastRunStep = step;
        this.steps++;
    }

    long lastRunStep() {
        return lastRunStep;
    }

    @Override
    public String toString() {
        return name + " (" + id + ", " + state + (waitReason == WaitReason.NONE ? "" : " " + waitReason) + ")";
    }
}
