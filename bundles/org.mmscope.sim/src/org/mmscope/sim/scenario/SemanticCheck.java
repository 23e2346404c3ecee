package org.mmscope.sim.scenario;

/**
 * An extra rule of a {@link StatementSchema}, run on the validated statement after its arguments
 * have been bound and checked one by one: rules between arguments (ws-min not above ws-max), rules
 * that depend on the context (exit needs a process at top level) or on the machine.
 */
@FunctionalInterface
public interface SemanticCheck {

    /**
     * @param statement the validated statement (named arguments, defaults filled in)
     * @param context   where it is and what is known so far
     * @throws ScenarioException when the rule is broken, at the token at fault
     */
    void check(Statement statement, CheckContext context) throws ScenarioException;
}
