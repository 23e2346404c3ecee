package org.mmscope.model.query;

import java.util.List;

import org.eclipse.emf.ecore.EObject;

/**
 * The table a query produced.
 *
 * @param columns   column headings (the SELECT expressions, or the source's default columns)
 * @param rows      the model objects of the rows kept, in order (a view selects them)
 * @param values    one array of column values per kept row
 * @param matched   rows that matched (may be more than kept)
 * @param truncated true when {@code matched > rows.size()} because of the row limit
 */
public record QueryResult(List<String> columns, List<EObject> rows, List<Object[]> values, long matched,
        boolean truncated) {

    /** A plain-text table, for the headless runner and logs: a header line, then one line per row. */
    public String toText() {
        StringBuilder text = new StringBuilder(String.join("\t", columns)).append('\n');
        for (Object[] row : values) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == 0 ? "" : "\t").append(ModelQuery.format(row[i]));
            }
            text.append('\n');
        }
        text.append(matched).append(matched == 1 ? " row" : " rows");
        if (truncated) {
            text.append(" (").append(rows.size()).append(" shown)");
        }
        return text.append('\n').toString();
    }
}
