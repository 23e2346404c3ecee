package org.mmscope.model.query;

import java.util.Map;
import java.util.Set;

import org.apache.commons.jexl3.JexlContext;
import org.mmscope.model.Machine;

/**
 * A breakpoint condition: one {@link ExpressionEngine} expression over named values (an event's
 * fields), true or false. The names it may use are fixed when it is compiled, so a typo is reported
 * when the breakpoint is set, not when it is first hit.
 */
public final class Condition {

    private final ExpressionEngine.Compiled expression;
    private final Set<String> names;

    private Condition(ExpressionEngine.Compiled expression, Set<String> names) {
        this.expression = expression;
        this.names = names;
    }

    /**
     * Compiles a condition that may use {@code names} (and namespace {@code mm:}).
     *
     * @throws QueryException for bad syntax or a name not in {@code names}
     */
    public static Condition compile(String text, Set<String> names) throws QueryException {
        ExpressionEngine.Compiled compiled = ExpressionEngine.compile(text, 0);
        Condition condition = new Condition(compiled, Set.copyOf(names));
        for (java.util.List<String> variable : ExpressionEngine.variables(compiled)) {
            String name = variable.get(0);
            if (!names.contains(name)) {
                throw new QueryException("unknown name '" + name + "'; a condition may use "
                        + String.join(", ", new java.util.TreeSet<>(names)), 0);
            }
        }
        return condition;
    }

    /**
     * Evaluates the condition with {@code values} for its names.
     *
     * @param machine the model for {@code mm:} functions, or null when none is available
     * @throws QueryException when it cannot be evaluated or is not true or false
     */
    public boolean test(Map<String, ?> values, Machine machine) throws QueryException {
        QueryFunctions functions = new QueryFunctions(machine);
        JexlContext context = new Values(values, functions);
        Object result = expression.evaluate(context);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new QueryException("the condition '" + expression.text() + "' gave " + ModelQuery.format(result)
                + ", not true or false", 0);
    }

    /** The names the condition may use. */
    public Set<String> names() {
        return names;
    }

    @Override
    public String toString() {
        return expression.text();
    }

    private record Values(Map<String, ?> values, QueryFunctions functions)
            implements JexlContext, JexlContext.NamespaceResolver {
        @Override
        public Object get(String name) {
            return values.get(name);
        }

        @Override
        public boolean has(String name) {
            return values.containsKey(name);
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("conditions do not assign: " + name);
        }

        @Override
        public Object resolveNamespace(String name) {
            return "mm".equals(name) ? functions : null;
        }
    }
}
