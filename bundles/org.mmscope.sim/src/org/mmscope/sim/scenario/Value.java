package org.mmscope.sim.scenario;

import java.util.Objects;

/**
 * The typed value of an argument. The parser produces {@link Number}, {@link Size}, {@link Time},
 * {@link Range}, {@link Str}, {@link Tag}, {@link Name} and {@link Condition}; the validator turns
 * names into {@link Protection}s and converts numbers to the type the statement wants (a plain
 * number given as a size is a size in bytes, a size given as an address is its byte count).
 * Numbers are 64-bit; hex values above 0x7fff'ffff'ffff'ffff (kernel addresses) are negative
 * {@code long}s and compare unsigned.
 */
public sealed interface Value {

    /** How messages name this kind of value: "a number", "a size"... */
    String kind();

    /** A plain number: a count, an address, a seed. */
    record Number(long value) implements Value {
        @Override
        public String kind() {
            return "a number";
        }
    }

    /** A size in bytes (from {@code 4M}, or from a plain number where a size is expected). */
    record Size(long bytes) implements Value {
        /** Sizes are never negative. */
        public Size {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative size " + bytes);
            }
        }

        @Override
        public String kind() {
            return "a size";
        }
    }

    /** A span of simulated time in nanoseconds (from {@code 5ms}). */
    record Time(long nanos) implements Value {
        /** Times are never negative. */
        public Time {
            if (nanos < 0) {
                throw new IllegalArgumentException("negative time " + nanos);
            }
        }

        @Override
        public String kind() {
            return "a time";
        }
    }

    /**
     * A half-open range {@code [start, endExclusive)} of addresses or offsets, from {@code A..B} or
     * {@code A..+SIZE}; never empty (compared unsigned).
     */
    record Range(long start, long endExclusive) implements Value {
        /** The end must be above the start. */
        public Range {
            if (Long.compareUnsigned(start, endExclusive) >= 0) {
                throw new IllegalArgumentException("empty range " + start + ".." + endExclusive);
            }
        }

        /** Number of bytes in the range. */
        public long size() {
            return endExclusive - start;
        }

        @Override
        public String kind() {
            return "a range";
        }
    }

    /** Text from double quotes (a file name, a marker). */
    record Str(String text) implements Value {
        /** Not null. */
        public Str {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String kind() {
            return "a string";
        }
    }

    /** A pool tag: exactly 4 printable ASCII characters, as NT pool tags ({@code 'Mm  '}). */
    record Tag(String text) implements Value {
        /** Exactly 4 characters. */
        public Tag {
            if (text == null || text.length() != 4) {
                throw new IllegalArgumentException("a pool tag has 4 characters: " + text);
            }
        }

        @Override
        public String kind() {
            return "a pool tag";
        }
    }

    /** A word: a process or thread name, or one of a statement's words ({@code write}, {@code all}). */
    record Name(String text) implements Value {
        /** Not null. */
        public Name {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String kind() {
            return "a word";
        }
    }

    /**
     * A page protection as written ({@code r}, {@code rw}, {@code rx}, {@code rwx}, {@code wc},
     * {@code xwc}, {@code x}, {@code noaccess}, optionally with {@code -guard} and {@code -nocache}
     * or {@code -writecombine}); the memory manager maps it to its protection mask.
     */
    record Protection(String text) implements Value {
        /** Not null. */
        public Protection {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String kind() {
            return "a protection";
        }
    }

    /**
     * A condition on a memory counter, in pages: {@code available<2000}.
     *
     * @param variable the counter (see {@link SchemaRegistry#conditionVariables()})
     * @param op       one of {@code < <= > >= == !=}
     * @param value    the page count compared with
     */
    record Condition(String variable, String op, long value) implements Value {
        /** Not null. */
        public Condition {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(op, "op");
        }

        /** True when {@code actual op value} holds. */
        public boolean test(long actual) {
            return switch (op) {
                case "<" -> actual < value;
                case "<=" -> actual <= value;
                case ">" -> actual > value;
                case ">=" -> actual >= value;
                case "==" -> actual == value;
                case "!=" -> actual != value;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }

        @Override
        public String kind() {
            return "a condition";
        }
    }
}
