package org.mmscope.sim.scenario;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where something was written in a scenario: the source name (usually the file name) and a line and
 * column, both counted from 1. A tab counts as one column; a CR LF pair ends one line.
 *
 * @param source the name given to the parser, e.g. {@code default.mms}
 * @param line   line number, 1-based
 * @param column column number, 1-based (one per character)
 */
public record SourcePosition(String source, int line, int column) implements Serializable {

    /** Checks the components: a source name, and line and column from 1. */
    public SourcePosition {
        Objects.requireNonNull(source, "source");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1: " + line + ":" + column);
        }
    }

    /** {@code source:line:column}, the prefix of every scenario error message. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
