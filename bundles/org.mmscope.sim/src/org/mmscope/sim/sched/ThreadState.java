package org.mmscope.sim.sched;

/** Where a simulated thread is in its life (NT: KTHREAD_STATE, simplified). */
public enum ThreadState {
    /** Can run; waits for the scheduler to pick it. */
    READY,
    /** Being stepped right now. */
    RUNNING,
    /** Blocked on a {@link WaitableEvent} or a timer. */
    WAITING,
    /** Finished; never runs again. */
    TERMINATED
}
