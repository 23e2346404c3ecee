package org.mmscope.sim.scenario;

import java.util.Objects;

/**
 * One argument of a statement. In the parser's output a positional argument has no name
 * ({@code name == null}) and a keyword argument is named by its key; after validation every
 * argument carries the name of the schema parameter it fills.
 *
 * <p>Equality compares {@link #name()} and {@link #value()} only: the text and the positions say
 * where and how it was written, not what it means.
 *
 * @param name        parameter name, or null for a positional argument not yet validated
 * @param value       the typed value
 * @param text        the value as written (for messages), or its canonical form for defaults
 * @param position    where the value starts
 * @param keyPosition where the key starts for {@code key=value}, else the same as {@code position}
 */
public record Argument(String name, Value value, String text, SourcePosition position,
        SourcePosition keyPosition) {

    /** Value, text and positions are required. */
    public Argument {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(keyPosition, "keyPosition");
    }

    /** The same argument bound to parameter {@code parameter} with value {@code newValue}. */
    public Argument bound(String parameter, Value newValue) {
        return new Argument(parameter, newValue, text, position, keyPosition);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Argument that && Objects.equals(name, that.name) && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }
}
