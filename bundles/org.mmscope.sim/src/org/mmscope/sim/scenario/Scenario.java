package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed and validated scenario, immutable. {@link #statements()} is the whole validated tree in
 * source order; {@link #machine()} and {@link #processes()} are typed views of its declarations.
 *
 * <p>How it runs (docs/scenario-format.md, "Execution"): the rules ({@link #timedActions()},
 * {@link #pressureRules()}) are in force from time 0 wherever they are written; the
 * {@link #script()} runs top to bottom on a script thread, a {@code process} statement creating the
 * process and starting its threads at the script's current time.
 *
 * @param machine    the machine, defaults applied
 * @param processes  declared processes, in source order
 * @param statements every top-level statement, validated
 */
public record Scenario(MachineSpec machine, List<ProcessSpec> processes, List<Statement> statements) {

    private static final Set<String> NOT_SCRIPT = Set.of("machine", "pagefile", "at", "pressure");

    /** Copies the lists. */
    public Scenario {
        processes = List.copyOf(processes);
        statements = List.copyOf(statements);
    }

    /** The declared process named {@code name}. */
    public Optional<ProcessSpec> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The top-level statements the script runs in order: everything but machine, pagefile, at and pressure. */
    public List<Statement> script() {
        return statements.stream().filter(s -> !NOT_SCRIPT.contains(s.verb())).toList();
    }

    /** The {@code at} statements, by time (source order for equal times). */
    public List<Statement> timedActions() {
        List<Statement> at = new ArrayList<>(statements.stream().filter(s -> s.verb().equals("at")).toList());
        at.sort(Comparator.comparingLong(s -> s.time("t")));
        return List.copyOf(at);
    }

    /** The {@code pressure} rules, in source order. */
    public List<Statement> pressureRules() {
        return statements.stream().filter(s -> s.verb().equals("pressure")).toList();
    }
}
