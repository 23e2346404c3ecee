package org.mmscope.sim.scenario;

import java.util.Objects;

/**
 * A scenario cannot be used: a lexical, syntax or validation error, with the position of the token
 * at fault. {@link #getMessage()} is the single line shown to the user,
 * {@code file:line:column: what was expected}; nothing of the scenario runs when this is thrown.
 */
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SourcePosition position;
    private final String detail;

    /**
     * @param position the token at fault
     * @param detail   what was wrong and what was expected, without the position prefix
     */
    public ScenarioException(SourcePosition position, String detail) {
        super(Objects.requireNonNull(position, "position") + ": " + Objects.requireNonNull(detail, "detail"));
        this.position = position;
        this.detail = detail;
    }

    /** Where the error is. */
    public SourcePosition position() {
        return position;
    }

    /** The source (file) name. */
    public String source() {
        return position.source();
    }

    /** Line, 1-based. */
    public int line() {
        return position.line();
    }

    /** Column, 1-based. */
    public int column() {
        return position.column();
    }

    /** The message without the {@code file:line:column: } prefix. */
    public String detail() {
        return detail;
    }
}
