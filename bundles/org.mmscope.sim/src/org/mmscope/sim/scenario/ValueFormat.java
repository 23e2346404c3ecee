package org.mmscope.sim.scenario;

/**
 * Canonical text of values, as {@link ScenarioPrinter} writes them and messages quote them:
 * addresses in 0x hex, sizes with the largest exact K/M/G suffix, times with the largest exact unit.
 */
public final class ValueFormat {

    private ValueFormat() {
    }

    /** {@code 0x1f000} (lower case, unsigned). */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A count in decimal, or in hex when it does not fit in 63 bits. */
    public static String number(long value) {
        return value < 0 ? hex(value) : Long.toString(value);
    }

    /** {@code 4M}, {@code 64K}, {@code 3G}, or bytes in decimal when no suffix is exact. */
    public static String size(long bytes) {
        if (bytes != 0) {
            if (bytes % (1L << 30) == 0) {
                return (bytes >> 30) + "G";
            }
            if (bytes % (1L << 20) == 0) {
                return (bytes >> 20) + "M";
            }
            if (bytes % (1L << 10) == 0) {
                return (bytes >> 10) + "K";
            }
        }
        return number(bytes);
    }

    /** {@code 5ms}, {@code 1s}, {@code 250us}, {@code 7ns}. */
    public static String time(long nanos) {
        if (nanos != 0) {
            if (nanos % 1_000_000_000L == 0) {
                return nanos / 1_000_000_000L + "s";
            }
            if (nanos % 1_000_000L == 0) {
                return nanos / 1_000_000L + "ms";
            }
            if (nanos % 1_000L == 0) {
                return nanos / 1_000L + "us";
            }
        }
        return nanos + "ns";
    }

    /**
     * The canonical text of {@code value}; {@code numberAsAddress} prints plain numbers in hex
     * (addresses), otherwise in decimal (counts).
     */
    public static String format(Value value, boolean numberAsAddress) {
        return switch (value) {
            case Value.Number n -> numberAsAddress ? hex(n.value()) : number(n.value());
            case Value.Size s -> size(s.bytes());
            case Value.Time t -> time(t.nanos());
            case Value.Range r -> hex(r.start()) + "..+" + size(r.size());
            case Value.Str s -> "\"" + s.text() + "\"";
            case Value.Tag t -> "'" + t.text() + "'";
            case Value.Name n -> n.text();
            case Value.Protection p -> p.text();
            case Value.Condition c -> c.variable() + c.op() + number(c.value());
        };
    }
}
