package org.mmscope.sim;

import java.util.Objects;

/**
 * The simulated machine stopped: a memory-manager routine found corruption (NT: KeBugCheckEx).
 * Carries the NT bugcheck code, its four parameters and an explanation in words. Once thrown, the
 * simulation is over, like a crashed machine; what led there stays readable for the debugger.
 */
public final class BugCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final long[] parameters;
    private final String explanation;

    /**
     * @param code        one of {@link BugCheckCode}
     * @param explanation what was wrong, for people: e.g. "PFN 0x1a2b on the Free list has reference count 1"
     */
    public BugCheckException(int code, long p1, long p2, long p3, long p4, String explanation) {
        super(format(code, p1, p2, p3, p4, explanation));
        this.code = code;
        this.parameters = new long[] { p1, p2, p3, p4 };
        this.explanation = Objects.requireNonNull(explanation, "explanation");
    }

    /** The bugcheck code. */
    public int code() {
        return code;
    }

    /** Parameter 1 to 4, as KeBugCheckEx receives them. */
    public long parameter(int index) {
        if (index < 1 || index > 4) {
            throw new IllegalArgumentException("bugcheck parameters are numbered 1..4, not " + index);
        }
        return parameters[index - 1];
    }

    /** What was wrong, in words. */
    public String explanation() {
        return explanation;
    }

    private static String format(int code, long p1, long p2, long p3, long p4, String explanation) {
        return String.format("*** STOP: 0x%08X (0x%016X, 0x%016X, 0x%016X, 0x%016X) %s: %s", code, p1, p2, p3, p4,
                BugCheckCode.name(code), explanation);
    }
}
