package org.mmscope.model.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.commons.jexl3.JexlContext;
import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EObject;
import org.mmscope.model.Machine;
import org.mmscope.model.text.ModelLabels;

/**
 * A compiled query over the model (the query console's language):
 *
 * <pre>
 * [from] SOURCE [where CONDITION] [select EXPR, ...] [order by EXPR [asc|desc]] [limit N]
 * </pre>
 *
 * SOURCE is one of {@link #sources()} (pfns, processes, ptes, wsles, tags, events, ...); CONDITION and
 * EXPR are {@link ExpressionEngine} expressions over the row's fields, e.g.
 * {@code from pfns where location == 'Standby' && owner == 'notepad.exe' && priority == 5}.
 * Enumerations compare with their names ({@code location == 'Standby'}). Errors name the column.
 */
public final class ModelQuery {

    /** Rows kept when no LIMIT is given (all matches are still counted). */
    public static final int DEFAULT_LIMIT = 10_000;

    private final String text;
    private final QuerySource source;
    private final ExpressionEngine.Compiled where;
    private final List<ExpressionEngine.Compiled> select;
    private final List<String> columns;
    private final ExpressionEngine.Compiled orderBy;
    private final boolean descending;
    private final int limit;

    private ModelQuery(String text, QuerySource source, ExpressionEngine.Compiled where,
            List<ExpressionEngine.Compiled> select, List<String> columns, ExpressionEngine.Compiled orderBy,
            boolean descending, int limit) {
        this.text = text;
        this.source = source;
        this.where = where;
        this.select = select;
        this.columns = columns;
        this.orderBy = orderBy;
        this.descending = descending;
        this.limit = limit;
    }

    /** The sources a query can start from, each with a short description. */
    public static List<String> sources() {
        return QuerySource.all();
    }

    /**
     * Compiles a query.
     *
     * @throws QueryException saying what was expected and at which column
     */
    public static ModelQuery compile(String text) throws QueryException {
        QueryText parts = QueryText.parse(text);
        if (parts.source.text().isEmpty()) {
            throw new QueryException("a source was expected (" + QuerySource.keywords() + ")", parts.source.offset() + 1);
        }
        QuerySource source = QuerySource.of(parts.source.text());
        if (source == null) {
            throw new QueryException("unknown source '" + parts.source.text() + "'; expected one of "
                    + QuerySource.keywords(), parts.source.offset() + 1);
        }
        QueryText.Part wherePart = parts.clauses.get("where");
        ExpressionEngine.Compiled where = wherePart == null ? null
                : ExpressionEngine.compile(wherePart.text(), wherePart.offset());
        List<ExpressionEngine.Compiled> select = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        QueryText.Part selectPart = parts.clauses.get("select");
        if (selectPart != null) {
            for (QueryText.Part item : QueryText.list(selectPart)) {
                select.add(ExpressionEngine.compile(item.text(), item.offset()));
                columns.add(item.text());
            }
        } else {
            for (String column : source.columns) {
                select.add(ExpressionEngine.compile(column, 0));
                columns.add(column);
            }
        }
        ExpressionEngine.Compiled orderBy = null;
        boolean descending = false;
        QueryText.Part orderPart = parts.clauses.get("order by");
        if (orderPart != null) {
            String order = orderPart.text();
            String lower = order.toLowerCase(Locale.ROOT);
            if (lower.endsWith(" desc") || lower.endsWith(" asc")) {
                descending = lower.endsWith(" desc");
                order = order.substring(0, order.lastIndexOf(' ')).strip();
            }
            orderBy = ExpressionEngine.compile(order, orderPart.offset());
        }
        int limit = DEFAULT_LIMIT;
        QueryText.Part limitPart = parts.clauses.get("limit");
        if (limitPart != null) {
            try {
                limit = Integer.parseInt(limitPart.text());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw new QueryException("limit needs a whole number of rows, 1 or more, not '" + limitPart.text() + "'",
                        limitPart.offset() + 1);
            }
        }
        return new ModelQuery(text, source, where, select, columns, orderBy, descending, limit);
    }

    /** Compiles and runs {@code text} over {@code machine}. */
    public static QueryResult run(Machine machine, String text) throws QueryException {
        return compile(text).run(machine);
    }

    /**
     * Runs the query over {@code machine} (read only; call it where the model does not change under
     * it, e.g. while the simulation is suspended).
     *
     * @throws QueryException when a row cannot be evaluated (an unknown name, a condition that is not
     *         true or false, a type error)
     */
    public QueryResult run(Machine machine) throws QueryException {
        RowContext context = new RowContext(new QueryFunctions(machine));
        List<Object[]> keys = new ArrayList<>(); // {sort key, row, values} while ordering
        long[] matched = { 0 };
        QueryException[] failure = { null };
        source.rows(machine, row -> {
            if (failure[0] != null) {
                return;
            }
            try {
                context.row(row.object(), row.extra());
                if (where != null && !test(where, context)) {
                    return;
                }
                matched[0]++;
                if (orderBy == null && keys.size() >= limit) {
                    return;
                }
                Object[] values = new Object[select.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = select.get(i).evaluate(context);
                }
                keys.add(new Object[] { orderBy == null ? null : orderBy.evaluate(context), row.object(), values });
            } catch (QueryException e) {
                failure[0] = e.detail().startsWith("unknown name")
                        ? e.withHint("rows of " + source.keyword + " have: " + context.names()) : e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (orderBy != null) {
            Comparator<Object[]> byKey = (a, b) -> compareValues(a[0], b[0]);
            keys.sort(descending ? byKey.reversed() : byKey);
        }
        List<EObject> rows = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        for (int i = 0; i < keys.size() && i < limit; i++) {
            rows.add((EObject) keys.get(i)[1]);
            values.add((Object[]) keys.get(i)[2]);
        }
        return new QueryResult(List.copyOf(columns), rows, values, matched[0], matched[0] > rows.size());
    }

    private boolean test(ExpressionEngine.Compiled condition, JexlContext context) throws QueryException {
        Object value = condition.evaluate(context);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new QueryException("the condition '" + condition.text() + "' gave " + format(value)
                + ", not true or false", 0);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Enumerator x && b instanceof Enumerator y) {
            return Integer.compare(x.getValue(), y.getValue());
        }
        if (a instanceof Comparable x && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** A value as the console shows it: model objects by their label, numbers as they are. */
    public static String format(Object value) {
        return value instanceof EObject o ? ModelLabels.text(o) : String.valueOf(value);
    }

    /** The column headings. */
    public List<String> columns() {
        return columns;
    }

    @Override
    public String toString() {
        return text;
    }
}
