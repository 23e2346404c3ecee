package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parameter of a {@link StatementSchema}: its name, accepted types, whether it is required,
 * its default, bounds, alignment, accepted words, and whether it defines or refers to a name.
 * Immutable; the {@code with...}-style methods return changed copies, so schemas read as
 * {@code Param.size("size").required().aligned(Limits.PAGE_SIZE)}.
 *
 * <p>Bounds ({@link #min(long)}, {@link #max(long)}) compare unsigned and apply to numbers,
 * addresses, sizes and times; for a range they bound its start and its (exclusive) end.
 */
public final class Param {

    /** How a NAME parameter takes part in name resolution. */
    public enum NameUse {
        /** Plain value. */
        NONE,
        /** Introduces a new name in its namespace; defining it twice is an error. */
        DEFINE,
        /** Must name something defined earlier in its namespace. */
        REFER
    }

    /** Namespace of process names (declared and forked). */
    public static final String PROCESSES = "process";
    /** Namespace of thread names; scoped to their process. */
    public static final String THREADS = "thread";
    /** Namespace of section names. */
    public static final String SECTIONS = "section";
    /** Namespace of pool block names. */
    public static final String POOL_BLOCKS = "pool block";

    private final String name;
    private final List<ArgType> types;
    private final boolean required;
    private final Value defaultValue;
    private final Long min;
    private final Long max;
    private final long alignment;
    private final boolean powerOfTwo;
    private final List<String> words;
    private final NameUse nameUse;
    private final String namespace;
    private final boolean afterLiteral;
    private final String doc;

    private Param(String name, List<ArgType> types, boolean required, Value defaultValue, Long min, Long max,
            long alignment, boolean powerOfTwo, List<String> words, NameUse nameUse, String namespace,
            boolean afterLiteral, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.types = List.copyOf(types);
        this.required = required;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.alignment = alignment;
        this.powerOfTwo = powerOfTwo;
        this.words = List.copyOf(words);
        this.nameUse = nameUse;
        this.namespace = namespace;
        this.afterLiteral = afterLiteral;
        this.doc = doc;
        if (types.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + " accepts no type");
        }
    }

    // --- factories ----------------------------------------------------------------------------------

    /** A parameter accepting any of {@code types} (tried in order). */
    public static Param of(String name, ArgType... types) {
        return new Param(name, List.of(types), false, null, null, null, 0, false, List.of(), NameUse.NONE, null,
                false, "");
    }

    /** A plain number. */
    public static Param number(String name) {
        return of(name, ArgType.NUMBER);
    }

    /** An address (a number or a size). */
    public static Param address(String name) {
        return of(name, ArgType.ADDRESS);
    }

    /** A size in bytes. */
    public static Param size(String name) {
        return of(name, ArgType.SIZE);
    }

    /** A time. */
    public static Param time(String name) {
        return of(name, ArgType.TIME);
    }

    /** A range. */
    public static Param range(String name) {
        return of(name, ArgType.RANGE);
    }

    /** A string. */
    public static Param string(String name) {
        return of(name, ArgType.STRING);
    }

    /** A pool tag. */
    public static Param tag(String name) {
        return of(name, ArgType.TAG);
    }

    /** A name. */
    public static Param name(String name) {
        return of(name, ArgType.NAME);
    }

    /** One of {@code choices}. */
    public static Param word(String name, String... choices) {
        return of(name, ArgType.WORD).withWords(List.of(choices));
    }

    /** The fixed word {@code word}, named after itself. */
    public static Param literal(String word) {
        return of(word, ArgType.LITERAL).withWords(List.of(word)).required();
    }

    /** A protection. */
    public static Param protection(String name) {
        return of(name, ArgType.PROTECTION);
    }

    /** A condition. */
    public static Param condition(String name) {
        return of(name, ArgType.CONDITION);
    }

    // --- modifiers ----------------------------------------------------------------------------------

    private Param copy(boolean newRequired, Value newDefault, Long newMin, Long newMax, long newAlignment,
            boolean newPowerOfTwo, List<String> newWords, NameUse newUse, String newNamespace, boolean newAfter,
            String newDoc) {
        return new Param(name, types, newRequired, newDefault, newMin, newMax, newAlignment, newPowerOfTwo,
                newWords, newUse, newNamespace, newAfter, newDoc);
    }

    /** Must be given. */
    public Param required() {
        return copy(true, defaultValue, min, max, alignment, powerOfTwo, words, nameUse, namespace, afterLiteral, doc);
    }

    /** May be left out (the default). */
    public Param optional() {
        return copy(false, defaultValue, min, max, alignment, powerOfTwo, words, nameUse, namespace, afterLiteral,
                doc);
    }

    /** Optional, and {@code value} when left out (the validator fills it in). */
    public Param withDefault(Value value) {
        return copy(false, value, min, max, alignment, powerOfTwo, words, nameUse, namespace, afterLiteral, doc);
    }

    /** Lowest value allowed (unsigned). */
    public Param min(long value) {
        return copy(required, defaultValue, value, max, alignment, powerOfTwo, words, nameUse, namespace,
                afterLiteral, doc);
    }

    /** Highest value allowed (unsigned); for a range, the highest end. */
    public Param max(long value) {
        return copy(required, defaultValue, min, value, alignment, powerOfTwo, words, nameUse, namespace,
                afterLiteral, doc);
    }

    /** {@code min(low).max(high)}. */
    public Param between(long low, long high) {
        return min(low).max(high);
    }

    /** The value must be a multiple of {@code bytes}. */
    public Param aligned(long bytes) {
        return copy(required, defaultValue, min, max, bytes, powerOfTwo, words, nameUse, namespace, afterLiteral,
                doc);
    }

    /** The value must be a power of two. */
    public Param powerOfTwo() {
        return copy(required, defaultValue, min, max, alignment, true, words, nameUse, namespace, afterLiteral, doc);
    }

    /** For WORD and LITERAL the accepted words; for NAME, reserved words it also accepts ("all"). */
    public Param withWords(List<String> accepted) {
        return copy(required, defaultValue, min, max, alignment, powerOfTwo, accepted, nameUse, namespace,
                afterLiteral, doc);
    }

    /** A NAME that introduces a new name in {@code space}. */
    public Param defines(String space) {
        return copy(required, defaultValue, min, max, alignment, powerOfTwo, words, NameUse.DEFINE, space,
                afterLiteral, doc);
    }

    /** A NAME that must have been defined in {@code space}. */
    public Param refersTo(String space) {
        return copy(required, defaultValue, min, max, alignment, powerOfTwo, words, NameUse.REFER, space,
                afterLiteral, doc);
    }

    /** Present exactly when the previous positional parameter (a LITERAL such as {@code as}) is present. */
    public Param afterLiteral() {
        return copy(required, defaultValue, min, max, alignment, powerOfTwo, words, nameUse, namespace, true, doc);
    }

    /** One line for the documentation: meaning and unit. */
    public Param doc(String text) {
        return copy(required, defaultValue, min, max, alignment, powerOfTwo, words, nameUse, namespace,
                afterLiteral, text);
    }

    // --- accessors ----------------------------------------------------------------------------------

    /** The parameter's name (the key of a keyword argument). */
    public String name() {
        return name;
    }

    /** Accepted types, tried in order. */
    public List<ArgType> types() {
        return types;
    }

    /** True when it must be given. */
    public boolean isRequired() {
        return required;
    }

    /** The default filled in when left out, or null. */
    public Value defaultValue() {
        return defaultValue;
    }

    /** Lowest value, or null. */
    public Long minimum() {
        return min;
    }

    /** Highest value, or null. */
    public Long maximum() {
        return max;
    }

    /** Required multiple, or 0. */
    public long alignment() {
        return alignment;
    }

    /** True when the value must be a power of two. */
    public boolean isPowerOfTwo() {
        return powerOfTwo;
    }

    /** Accepted words (WORD, LITERAL) or reserved extra words (NAME). */
    public List<String> words() {
        return words;
    }

    /** Name resolution role. */
    public NameUse nameUse() {
        return nameUse;
    }

    /** Namespace for DEFINE and REFER, or null. */
    public String namespace() {
        return namespace;
    }

    /** True when tied to the LITERAL just before it. */
    public boolean isAfterLiteral() {
        return afterLiteral;
    }

    /** Documentation line. */
    public String doc() {
        return doc;
    }

    /** True when plain numbers of this parameter print in hex. */
    public boolean isAddressLike() {
        return types.contains(ArgType.ADDRESS) || types.contains(ArgType.RANGE);
    }

    /** What is expected, for messages: "a size like 4M, 64K or 0x1000", "one of read, write or execute". */
    public String phrase() {
        List<String> phrases = new ArrayList<>();
        for (ArgType type : types) {
            phrases.add(switch (type) {
                case WORD -> "one of " + ScenarioText.orList(words);
                case LITERAL -> "the word '" + words.get(0) + "'";
                case NAME -> words.isEmpty() ? type.phrase()
                        : type.phrase() + " or " + ScenarioText.orList(words.stream().map(w -> "'" + w + "'").toList());
                default -> type.phrase();
            });
        }
        return String.join(" or ", phrases);
    }

    /** The placeholder in usage lines: {@code ADDRESS}, {@code SIZE}, {@code read|write|execute}. */
    public String placeholder() {
        List<String> parts = new ArrayList<>();
        for (ArgType type : types) {
            parts.add(switch (type) {
                case WORD -> String.join("|", words);
                case LITERAL -> words.get(0);
                case NAME -> words.isEmpty() ? name.toUpperCase(java.util.Locale.ROOT)
                        : name.toUpperCase(java.util.Locale.ROOT) + "|" + String.join("|", words);
                default -> type.placeholder();
            });
        }
        return String.join("|", parts);
    }

    // --- checking -----------------------------------------------------------------------------------

    /** True when {@code value} fits this parameter (type, and the spelling of words and protections). */
    public boolean accepts(Value value) {
        for (ArgType type : types) {
            if (coerce(type, value) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code value} is of a kind this parameter could take, spelled right or not, or a near
     * miss (a number without a unit where a time is expected): such a parameter explains best what
     * is wrong with a value no parameter accepts.
     */
    public boolean acceptsKind(Value value) {
        for (ArgType type : types) {
            boolean kind = switch (type) {
                case NUMBER -> value instanceof Value.Number;
                case ADDRESS, SIZE -> value instanceof Value.Number || value instanceof Value.Size;
                case TIME -> value instanceof Value.Time || value instanceof Value.Number || value instanceof Value.Size;
                case RANGE -> value instanceof Value.Range;
                case STRING -> value instanceof Value.Str;
                case TAG -> value instanceof Value.Tag;
                case NAME, WORD, LITERAL, PROTECTION -> value instanceof Value.Name;
                case CONDITION -> value instanceof Value.Condition;
            };
            if (kind) {
                return true;
            }
        }
        return false;
    }

    private Value coerce(ArgType type, Value value) {
        return switch (type) {
            case NUMBER -> value instanceof Value.Number ? value : null;
            case ADDRESS -> value instanceof Value.Number ? value
                    : value instanceof Value.Size s ? new Value.Number(s.bytes()) : null;
            case SIZE -> value instanceof Value.Size ? value
                    : value instanceof Value.Number n && n.value() >= 0 ? new Value.Size(n.value()) : null;
            case TIME -> value instanceof Value.Time ? value : null;
            case RANGE -> value instanceof Value.Range ? value : null;
            case STRING -> value instanceof Value.Str ? value : null;
            case TAG -> value instanceof Value.Tag ? value : null;
            case NAME -> value instanceof Value.Name ? value : null;
            case WORD, LITERAL -> value instanceof Value.Name n && words.contains(n.text()) ? value : null;
            case PROTECTION -> value instanceof Value.Name n && Protections.isValid(n.text())
                    ? new Value.Protection(n.text()) : value instanceof Value.Protection ? value : null;
            case CONDITION -> value instanceof Value.Condition ? value : null;
        };
    }

    /**
     * The argument converted to this parameter's type and checked against its bounds, alignment
     * and power-of-two rule.
     *
     * @param argument the argument as parsed
     * @param where    completes "expected ... " ("after 'size='" or "for 'commit'")
     * @param subject  names the argument in range messages ("size=5000", "count 7")
     * @throws ScenarioException at the argument's value
     */
    public Value convert(Argument argument, String where, String subject) throws ScenarioException {
        Value value = null;
        for (ArgType type : types) {
            value = coerce(type, argument.value());
            if (value != null) {
                break;
            }
        }
        if (value == null) {
            throw new ScenarioException(argument.position(), "expected " + phrase() + " " + where + ", found "
                    + quoted(argument) + suggestion(argument.value()));
        }
        checkBounds(value, argument, subject);
        return value;
    }

    private static String quoted(Argument argument) {
        return argument.value() instanceof Value.Str ? argument.text() : "'" + argument.text() + "'";
    }

    private String suggestion(Value value) {
        if (!(value instanceof Value.Name n)) {
            if (value instanceof Value.Number && types.contains(ArgType.TIME)) {
                return " (add a unit: ns, us, ms or s)";
            }
            return "";
        }
        List<String> candidates = new ArrayList<>();
        for (ArgType type : types) {
            if (type == ArgType.WORD || type == ArgType.LITERAL) {
                candidates.addAll(words);
            } else if (type == ArgType.PROTECTION) {
                candidates.addAll(Protections.all());
            }
        }
        return Suggestions.didYouMean(n.text(), candidates, "", "");
    }

    private void checkBounds(Value value, Argument argument, String subject) throws ScenarioException {
        long low;
        long high;
        long checked;
        boolean isRange = false;
        switch (value) {
            case Value.Number n -> checked = n.value();
            case Value.Size s -> checked = s.bytes();
            case Value.Time t -> checked = t.nanos();
            case Value.Range r -> {
                isRange = true;
                checked = r.start();
                low = min == null ? 0 : min;
                high = max == null ? -1L : max;
                if (Long.compareUnsigned(r.start(), low) < 0 || Long.compareUnsigned(r.endExclusive(), high) > 0) {
                    throw new ScenarioException(argument.position(), "range " + argument.text() + " must lie within "
                            + ValueFormat.hex(low) + ".." + ValueFormat.hex(high) + " (end excluded)");
                }
            }
            default -> {
                return;
            }
        }
        if (!isRange) {
            low = min == null ? 0 : min;
            high = max == null ? -1L : max;
            if (Long.compareUnsigned(checked, low) < 0 || Long.compareUnsigned(checked, high) > 0) {
                throw new ScenarioException(argument.position(), max == null
                        ? subject + " is too small: expected at least " + bound(value, low)
                        : subject + " is out of range: expected " + bound(value, low) + " to " + bound(value, high));
            }
        }
        if (alignment > 1 && Long.remainderUnsigned(checked, alignment) != 0) {
            throw new ScenarioException(argument.position(), subject + " is not a multiple of "
                    + ValueFormat.size(alignment) + " (" + ValueFormat.hex(alignment) + ")");
        }
        if (powerOfTwo && Long.bitCount(checked) != 1) {
            throw new ScenarioException(argument.position(), subject + " is not a power of two"
                    + (max != null ? " (1, 2, 4, ... " + ValueFormat.number(max) + ")" : ""));
        }
    }

    private String bound(Value value, long bound) {
        return switch (value) {
            case Value.Size s -> ValueFormat.size(bound);
            case Value.Time t -> ValueFormat.time(bound);
            default -> isAddressLike() ? ValueFormat.hex(bound) : ValueFormat.number(bound);
        };
    }

    @Override
    public String toString() {
        return name + ":" + placeholder();
    }
}
