package org.mmscope.sim.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/** What the scenario tests share: starting a scenario from text, running it with the checker after every step. */
final class ScenarioTestSupport {

    private ScenarioTestSupport() {
    }

    /** A run of {@code text}, parsed as a file called {@code test.mms}. */
    static ScenarioRun start(String text) throws ScenarioException {
        return ScenarioRun.start(ScenarioParser.parse("test.mms", text));
    }

    /** Runs to the end (at most two million steps) with the invariant checker after every step. */
    static void runChecked(ScenarioRun run) {
        long steps = 0;
        while (steps < 2_000_000 && run.step()) {
            steps++;
            List<Violation> violations = InvariantChecker.check(run.simulation().memoryManager());
            assertTrue(violations.isEmpty(), "after step " + steps + ": " + violations);
        }
        assertTrue(run.isFinished(), "the scenario did not finish");
    }
}
