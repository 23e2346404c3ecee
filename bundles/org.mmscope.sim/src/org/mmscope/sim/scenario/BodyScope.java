package org.mmscope.sim.scenario;

/** In which context the statements of a body are checked. */
public enum BodyScope {
    /** The body has no statements of its own kind (the statement takes no body). */
    NONE,
    /** The same context as the statement itself (repeat). */
    SAME,
    /** Top-level script actions (at, pressure). */
    TOP,
    /** A process body (process). */
    PROCESS,
    /** A thread body (thread, and in: the process named by the statement's {@code process} argument). */
    THREAD
}
