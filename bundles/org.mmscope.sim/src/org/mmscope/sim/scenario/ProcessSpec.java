package org.mmscope.sim.scenario;

import java.util.List;
import java.util.OptionalLong;

/**
 * One declared process (forked processes are {@code fork} statements in the script).
 *
 * @param name        its name
 * @param declaration the validated {@code process} statement (its body holds the threads)
 * @param threads     its threads in the order they appear; the implicit {@code main} thread, if
 *                    any, where its first statement appears
 */
public record ProcessSpec(String name, Statement declaration, List<ThreadSpec> threads) {

    /** Copies the list. */
    public ProcessSpec {
        threads = List.copyOf(threads);
    }

    /** Where the process is declared. */
    public SourcePosition position() {
        return declaration.position();
    }

    /** The working-set minimum in bytes, if the scenario sets one. */
    public OptionalLong workingSetMinimum() {
        return declaration.has("ws-min") ? OptionalLong.of(declaration.size("ws-min")) : OptionalLong.empty();
    }

    /** The working-set maximum in bytes, if the scenario sets one. */
    public OptionalLong workingSetMaximum() {
        return declaration.has("ws-max") ? OptionalLong.of(declaration.size("ws-max")) : OptionalLong.empty();
    }
}
