package org.mmscope.sim.scenario;

import java.util.List;

/**
 * One thread of a declared process.
 *
 * @param name     its name, unique in the process
 * @param priority 1 to 31 (8 by default)
 * @param body     its validated statements, run in order
 * @param implicit true for the thread {@code main} formed by statements written directly in the
 *                 process body
 */
public record ThreadSpec(String name, int priority, List<Statement> body, boolean implicit) {

    /** Copies the list. */
    public ThreadSpec {
        body = List.copyOf(body);
    }
}
