package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.List;

import org.mmscope.sim.sched.SimThread;

/**
 * A running simulated machine: the memory manager plus the loop that moves it (the facade the
 * debugger drives). {@link #step()} makes one thing happen: due I/O completes and waiting threads
 * wake, then one thread runs one step; when no thread can run, simulated time jumps to the next I/O
 * completion or timer. Same configuration and operations: same events, same state.
 */
public final class Simulation implements Serializable {

    private final MemoryManager mm;

    public Simulation(MachineConfig config) {
        this.mm = new MemoryManager(config);
    }

    public MemoryManager memoryManager() {
        return mm;
    }

    /** Creates a process with its address space. */
    public MmProcess createProcess(String name) {
        return mm.createProcess(name);
    }

    /** Creates a thread of {@code process} that runs {@code operations} in order (priority 8). */
    public SimThread createThread(MmProcess process, String name, List<Operation> operations) {
        SimThread thread = mm.scheduler().createThread(name, process.pid(), 8,
                new ThreadProgram(this, process, operations));
        mm.events().emit(org.mmscope.sim.event.MmEventType.THREAD_CREATE, -1, 0, 0, 0, thread.id());
        return thread;
    }

    /**
     * Makes one thing happen. Returns false when nothing can happen any more (every thread finished
     * or waits for something that will not come, and no I/O or timer is pending).
     */
    public boolean step() {
        mm.completeDueIo();
        mm.scheduler().wakeDelayed(mm.clock().now());
        mm.signalResources();
        SimThread ran = mm.scheduler().step();
        if (ran != null) {
            mm.clock().advance(mm.config().stepNanos());
            return stepped();
        }
        long next = Math.min(mm.disk().nextCompletionTime(), mm.scheduler().nextWakeTime());
        if (next == Long.MAX_VALUE) {
            return false;
        }
        mm.clock().advanceTo(Math.max(next, mm.clock().now()));
        return stepped();
    }

    private boolean stepped() {
        mm.sampleListTotals();
        return true;
    }

    /** Steps until nothing can happen any more or {@code maxSteps} steps ran; returns the steps run. */
    public long run(long maxSteps) {
        long steps = 0;
        while (steps < maxSteps && step()) {
            steps++;
        }
        return steps;
    }
}
