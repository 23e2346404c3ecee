package org.mmscope.sim.sched;

import java.io.Serializable;

/**
 * What a simulated thread does, one step at a time. A step is short (one page access, one page
 * zeroed, one batch of a system thread's work) and must leave the machine consistent: the
 * invariant checker may run between any two steps.
 */
@FunctionalInterface
public interface ThreadBody extends Serializable {

    /** What a step ended with. */
    enum Outcome {
        /** The thread did work and can run again. */
        RAN,
        /** The thread started waiting (the body called one of the scheduler's wait methods). */
        BLOCKED,
        /** The thread has nothing more to do: it terminates. */
        FINISHED
    }

    /** Runs one step of {@code thread}. */
    Outcome step(SimThread thread);
}
