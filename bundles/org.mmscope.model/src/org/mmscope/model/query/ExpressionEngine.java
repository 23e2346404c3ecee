package org.mmscope.model.query;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;

/**
 * The one expression language of MmScope: Apache Commons JEXL expressions, used by the query console
 * (the WHERE, SELECT and ORDER BY parts of a query) and by breakpoint conditions. Expressions are
 * side-effect free: no assignments, loops, scripts, {@code new}, or access to reflection, files,
 * processes or class loaders. Strict: an unknown name or a null in arithmetic is an error, not a
 * silent null.
 *
 * <p>Names: the fields of the row or event being tested ({@code location}, {@code priority},
 * {@code pfn} ...), and the functions of namespace {@code mm:} ({@link QueryFunctions}) that the
 * context provides.
 */
public final class ExpressionEngine {

    private static final JexlEngine JEXL = new JexlBuilder()
            .features(new JexlFeatures().sideEffect(false).sideEffectGlobal(false).loops(false).newInstance(false)
                    .script(false).lambda(false).pragma(false).annotation(false).structuredLiteral(true))
            .permissions(ReadOnlyPermissions.INSTANCE)
            .strict(true).silent(false).safe(false).cache(256).create();

    private ExpressionEngine() {
    }

    /** A compiled expression. */
    public static final class Compiled {
        private final JexlExpression expression;
        private final String text;
        private final int offset;

        private Compiled(JexlExpression expression, String text, int offset) {
            this.expression = expression;
            this.text = text;
            this.offset = offset;
        }

        /** The source text. */
        public String text() {
            return text;
        }

        /**
         * Evaluates the expression with the names {@code context} resolves.
         *
         * @throws QueryException naming the column and what went wrong (an unknown name, a null, a type)
         */
        public Object evaluate(JexlContext context) throws QueryException {
            try {
                return expression.evaluate(context);
            } catch (JexlException e) {
                throw translate(e, text, offset);
            } catch (RuntimeException e) {
                throw new QueryException("cannot evaluate '" + text + "': " + e.getMessage(), offset + 1);
            }
        }
    }

    /**
     * Compiles {@code text}, which starts at 0-based {@code offset} of what the user typed (for the
     * column in error messages).
     */
    public static Compiled compile(String text, int offset) throws QueryException {
        if (text == null || text.isBlank()) {
            throw new QueryException("an expression was expected", offset + 1);
        }
        try {
            return new Compiled(JEXL.createExpression(new JexlInfo("query", 1, 1), text), text, offset);
        } catch (JexlException e) {
            throw translate(e, text, offset);
        }
    }

    /** The variables an expression uses, each as its path ({@code [a, b]} for {@code a.b}). */
    static java.util.Set<java.util.List<String>> variables(Compiled compiled) {
        return compiled.expression instanceof org.apache.commons.jexl3.JexlScript script ? script.getVariables()
                : JEXL.createScript(compiled.text).getVariables();
    }

    static QueryException translate(JexlException e, String text, int offset) {
        JexlInfo info = e.getInfo();
        int column = info == null ? 0 : offset + info.getColumn();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = detail.indexOf("] ");
        if (at >= 0) {
            detail = detail.substring(at + 2); // JEXL starts with the class and position: keep what follows
        }
        if (e instanceof JexlException.Variable variable) {
            detail = "unknown name '" + variable.getVariable() + "'";
        } else if (e instanceof JexlException.Parsing || e instanceof JexlException.Tokenization) {
            detail = "not a valid expression (" + detail.trim() + ")";
        } else if (e instanceof JexlException.Feature) {
            detail = "not allowed in a query or condition (" + detail.trim() + ")";
        }
        return new QueryException(detail + " in '" + text.strip() + "'", column);
    }
}
