package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.List;

import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;

/** The body of a process's thread: its operations, run in order, one step at a time. */
final class ThreadProgram implements ThreadBody, Serializable {

    private final Simulation simulation;
    private final MmProcess process;
    private final List<Operation> operations;
    private int current;

    ThreadProgram(Simulation simulation, MmProcess process, List<Operation> operations) {
        this.simulation = simulation;
        this.process = process;
        this.operations = List.copyOf(operations);
    }

    /** The operation being run, or null when the program is done. */
    Operation current() {
        return current < operations.size() ? operations.get(current) : null;
    }

    @Override
    public Outcome step(SimThread thread) {
        simulation.memoryManager().events().switchTo(thread.lastCpu(), thread.id(), process.pid());
        if (process.hasExited() || current >= operations.size()) {
            return Outcome.FINISHED;
        }
        Operation.Progress progress = operations.get(current).step(simulation, process, thread);
        switch (progress) {
            case BLOCKED:
                return Outcome.BLOCKED;
            case DONE:
                current++;
                return process.hasExited() || current >= operations.size() ? Outcome.FINISHED : Outcome.RAN;
            default:
                return Outcome.RAN;
        }
    }
}
