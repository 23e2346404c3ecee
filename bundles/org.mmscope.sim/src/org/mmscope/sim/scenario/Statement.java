package org.mmscope.sim.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement: a verb, positional arguments, keyword arguments and an optional body. The parser
 * produces statements generically (any verb, any arguments); the {@link Validator} checks them
 * against their {@link StatementSchema} and returns validated statements in which
 * <ul>
 * <li>{@link #verb()} is the schema's name (two words for sub-commands: {@code pool alloc}),</li>
 * <li>every argument is named after its parameter and has the parameter's type,</li>
 * <li>optional arguments with a default are present with the default value,</li>
 * <li>{@link #keyword()} follows the schema's order.</li>
 * </ul>
 * The typed getters ({@link #size(String)}, {@link #range(String)}...) are for validated statements.
 *
 * <p>Equality compares verb, arguments and body; positions and the body style are presentation.
 *
 * @param verb         the statement's verb
 * @param positional   arguments without a key, in order
 * @param keyword      {@code key=value} arguments, in order (unmodifiable, insertion-ordered)
 * @param block        the body's statements; empty when there is no body
 * @param bodyStyle    how the body was written
 * @param position     where the verb starts
 * @param bodyPosition where the body's '{', ':' or '->' is, or the verb's position when there is none
 */
public record Statement(String verb, List<Argument> positional, Map<String, Argument> keyword,
        List<Statement> block, BodyStyle bodyStyle, SourcePosition position, SourcePosition bodyPosition) {

    /** Copies the collections into unmodifiable ones; keyword order is kept. */
    public Statement {
        Objects.requireNonNull(verb, "verb");
        positional = List.copyOf(positional);
        keyword = Collections.unmodifiableMap(new LinkedHashMap<>(keyword));
        block = List.copyOf(block);
        Objects.requireNonNull(bodyStyle, "bodyStyle");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(bodyPosition, "bodyPosition");
    }

    /** The argument filling parameter {@code name} (positional or keyword), if present. */
    public Optional<Argument> find(String name) {
        Argument keywordArgument = keyword.get(name);
        if (keywordArgument != null) {
            return Optional.of(keywordArgument);
        }
        for (Argument argument : positional) {
            if (name.equals(argument.name())) {
                return Optional.of(argument);
            }
        }
        return Optional.empty();
    }

    /** True when parameter {@code name} is present. */
    public boolean has(String name) {
        return find(name).isPresent();
    }

    /** The value of parameter {@code name}; it must be present. */
    public Value value(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                "'" + verb + "' at " + position + " has no argument '" + name + "'")).value();
    }

    /** A {@link Value.Number} parameter. */
    public long number(String name) {
        return as(name, Value.Number.class).value();
    }

    /** A {@link Value.Size} parameter, in bytes. */
    public long size(String name) {
        return as(name, Value.Size.class).bytes();
    }

    /** A {@link Value.Time} parameter, in nanoseconds. */
    public long time(String name) {
        return as(name, Value.Time.class).nanos();
    }

    /** A {@link Value.Range} parameter. */
    public Value.Range range(String name) {
        return as(name, Value.Range.class);
    }

    /** The text of a {@link Value.Name} parameter (a name or a word). */
    public String word(String name) {
        return as(name, Value.Name.class).text();
    }

    /** The text of a {@link Value.Str} parameter. */
    public String string(String name) {
        return as(name, Value.Str.class).text();
    }

    /** The text of a {@link Value.Protection} parameter. */
    public String protection(String name) {
        return as(name, Value.Protection.class).text();
    }

    /** The 4 characters of a {@link Value.Tag} parameter. */
    public String tag(String name) {
        return as(name, Value.Tag.class).text();
    }

    /** A {@link Value.Condition} parameter. */
    public Value.Condition condition(String name) {
        return as(name, Value.Condition.class);
    }

    private <T extends Value> T as(String name, Class<T> type) {
        Value value = value(name);
        if (!type.isInstance(value)) {
            throw new IllegalStateException("'" + verb + "' at " + position + ": argument '" + name + "' is "
                    + value.kind() + ", not " + type.getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Statement that && verb.equals(that.verb) && positional.equals(that.positional)
                && keyword.equals(that.keyword) && block.equals(that.block);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, positional, keyword, block);
    }
}
