package org.mmscope.model.query;

/**
 * A query or condition that cannot be compiled or evaluated. The message says what was expected and
 * where: {@link #column()} is the 1-based column in the text the user typed (0 when unknown).
 */
public final class QueryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int column;
    private final String detail;

    public QueryException(String message, int column) {
        super(column > 0 ? "column " + column + ": " + message : message);
        this.column = column;
        this.detail = message;
    }

    /** The message without the column. */
    public String detail() {
        return detail;
    }

    /** The same error with {@code hint} added to its message. */
    public QueryException withHint(String hint) {
        return new QueryException(detail + "; " + hint, column);
    }

    /** 1-based column of the error in the query text, 0 when unknown. */
    public int column() {
        return column;
    }
}
