package org.mmscope.sim.scenario;

import java.util.Optional;

/** What a {@link SemanticCheck} may know about the place of the statement it checks. */
public interface CheckContext {

    /** The effective context: TOP, PROCESS or THREAD (a thread statement written directly in a
     *  process body is checked as THREAD: it runs in the implicit thread {@code main}). */
    Context context();

    /** The machine, or null while the machine statements themselves are checked. */
    MachineSpec machine();

    /** The process whose address space the statement acts on, if any (its process, or {@code in}'s). */
    Optional<String> process();

    /** True inside the body of repeat, at, pressure or in. */
    boolean nested();
}
