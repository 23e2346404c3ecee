package org.mmscope.sim.mm;

import java.io.Serializable;

import org.mmscope.sim.sched.SimThread;

/**
 * One thing a process's thread does (a scenario statement), executed a step at a time by
 * {@link ThreadProgram}. A step is one page access or one call into the memory manager.
 */
public interface Operation extends Serializable {

    /** Result of one step of an operation. */
    enum Progress {
        /** Did a step; the operation has more to do. */
        MORE,
        /** The thread started waiting; the same step is retried when it runs again. */
        BLOCKED,
        /** The operation is complete. */
        DONE
    }

    /** Runs one step for {@code thread} of {@code process}. */
    Progress step(Simulation simulation, MmProcess process, SimThread thread);

    /** A short description for the debugger ("touch 0x10000..0x410000 write"). */
    String describe();
}
