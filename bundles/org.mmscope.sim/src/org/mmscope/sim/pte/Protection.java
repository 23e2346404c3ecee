package org.mmscope.sim.pte;

import java.util.Locale;

/**
 * The memory manager's page protection codes: the 5-bit value kept in the Protection field of
 * software, transition and prototype PTEs (NT: the MM_* protection values, e.g. MM_READWRITE).
 *
 * <p>A code is a <em>base</em> protection in bits 0..2 and a <em>modifier</em> in bits 3..4:
 * <ul>
 * <li>base: {@link #ZERO_ACCESS} 0, {@link #READONLY} 1, {@link #EXECUTE} 2, {@link #EXECUTE_READ} 3,
 * {@link #READWRITE} 4, {@link #WRITECOPY} 5, {@link #EXECUTE_READWRITE} 6,
 * {@link #EXECUTE_WRITECOPY} 7. Bit 1 of the base means executable, bit 2 writable, and a writable
 * base with bit 0 set is copy-on-write.</li>
 * <li>modifier: {@link #NOCACHE} 0x08, {@link #GUARD_PAGE} 0x10, and both together
 * {@link #WRITECOMBINE} 0x18.</li>
 * </ul>
 * With a ZERO_ACCESS base the modifiers take special meanings, as in NT: 0x10 alone is
 * {@link #DECOMMIT} (a decommitted page) and 0x18 is {@link #NOACCESS} (committed, no access).
 *
 * <p>{@link #name(int)} and {@link #parse(String)} are inverse on every valid code. All helpers
 * refuse a code outside 0..31 with an {@link IllegalArgumentException}; none of them allocates.
 */
public final class Protection {

    /** NT: MM_ZERO_ACCESS. As a whole code: nothing committed. */
    public static final int ZERO_ACCESS = 0;
    /** NT: MM_READONLY. */
    public static final int READONLY = 1;
    /** NT: MM_EXECUTE (readable too: x64 hardware cannot express execute-only). */
    public static final int EXECUTE = 2;
    /** NT: MM_EXECUTE_READ. */
    public static final int EXECUTE_READ = 3;
    /** NT: MM_READWRITE. */
    public static final int READWRITE = 4;
    /** NT: MM_WRITECOPY: writable by making a private copy on the first write. */
    public static final int WRITECOPY = 5;
    /** NT: MM_EXECUTE_READWRITE. */
    public static final int EXECUTE_READWRITE = 6;
    /** NT: MM_EXECUTE_WRITECOPY. */
    public static final int EXECUTE_WRITECOPY = 7;

    /** NT: MM_NOCACHE, modifier bit: the page is mapped uncached. */
    public static final int NOCACHE = 0x08;
    /** NT: MM_GUARD_PAGE, modifier bit: the first access raises a guard-page exception. */
    public static final int GUARD_PAGE = 0x10;
    /** NT: MM_WRITECOMBINE, both modifier bits on a non-zero base: the page is write-combined. */
    public static final int WRITECOMBINE = NOCACHE | GUARD_PAGE;
    /** NT: MM_DECOMMIT, the whole code 0x10: a decommitted page (GUARD_PAGE on a ZERO_ACCESS base). */
    public static final int DECOMMIT = 0x10;
    /** NT: MM_NOACCESS, the whole code 0x18: committed but no access allowed. */
    public static final int NOACCESS = 0x18;

    /** Mask of the base protection, bits 0..2. */
    public static final int BASE_MASK = 0x07;
    /** Mask of the modifier, bits 3..4. */
    public static final int MODIFIER_MASK = 0x18;
    /** Largest valid code. */
    public static final int MAX = 0x1F;

    private static final String[] BASE_NAMES = {
        "ZERO_ACCESS", "READONLY", "EXECUTE", "EXECUTE_READ",
        "READWRITE", "WRITECOPY", "EXECUTE_READWRITE", "EXECUTE_WRITECOPY",
    };

    /** Short forms accepted by {@link #parse(String)}, with their codes, in the order they are listed. */
    private static final String[] SHORT_NAMES = {"r", "rw", "rx", "rwx", "wc", "x", "none"};
    private static final int[] SHORT_CODES = {READONLY, READWRITE, EXECUTE_READ, EXECUTE_READWRITE, WRITECOPY,
        EXECUTE, NOACCESS};

    /** The name of every code, by code; built once so that {@link #name(int)} does not allocate. */
    private static final String[] NAMES = buildNames();

    private Protection() {
    }

    private static String[] buildNames() {
        String[] names = new String[MAX + 1];
        for (int code = 0; code <= MAX; code++) {
            int base = code & BASE_MASK;
            int modifier = code & MODIFIER_MASK;
            if (base == ZERO_ACCESS && modifier == DECOMMIT) {
                names[code] = "DECOMMIT";
            } else if (base == ZERO_ACCESS && modifier == NOACCESS) {
                names[code] = "NOACCESS";
            } else {
                names[code] = BASE_NAMES[base] + switch (modifier) {
                    case NOCACHE -> "|NOCACHE";
                    case GUARD_PAGE -> "|GUARD";
                    case WRITECOMBINE -> "|WRITECOMBINE";
                    default -> "";
                };
            }
        }
        return names;
    }

    /** True if {@code code} is a protection code, 0..31. */
    public static boolean isValid(int code) {
        return code >= 0 && code <= MAX;
    }

    /**
     * Returns {@code code} if it is a valid protection code.
     *
     * @throws IllegalArgumentException if it is not in 0..31
     */
    public static int check(int code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("protection code must be 0..31 (0x00..0x1f), not " + code);
        }
        return code;
    }

    /** The base protection, bits 0..2 ({@link #ZERO_ACCESS} .. {@link #EXECUTE_WRITECOPY}). */
    public static int base(int code) {
        return check(code) & BASE_MASK;
    }

    /**
     * True if the code grants no access at all: every code with a ZERO_ACCESS base, i.e.
     * {@link #ZERO_ACCESS}, {@link #NOACCESS}, {@link #DECOMMIT} and ZERO_ACCESS|NOCACHE. Any access
     * through such a page is an access violation.
     */
    public static boolean isNoAccess(int code) {
        return base(code) == ZERO_ACCESS;
    }

    /** True if the base protection allows reads (every base but ZERO_ACCESS: EXECUTE reads too on x64). */
    public static boolean isReadable(int code) {
        return base(code) != ZERO_ACCESS;
    }

    /**
     * True if the base protection allows writes: READWRITE, WRITECOPY, EXECUTE_READWRITE,
     * EXECUTE_WRITECOPY. The modifier is not considered, so a writable guard page is writable (once
     * its guard has fired).
     */
    public static boolean isWritable(int code) {
        return (base(code) & READWRITE) != 0;
    }

    /** True for WRITECOPY and EXECUTE_WRITECOPY bases: a write makes a private copy first. */
    public static boolean isCopyOnWrite(int code) {
        return (base(code) & WRITECOPY) == WRITECOPY;
    }

    /**
     * The protection of a private copy made by copy-on-write (NT: MiCopyOnWrite clears the
     * copy-on-write part): WRITECOPY becomes READWRITE, EXECUTE_WRITECOPY EXECUTE_READWRITE, the
     * modifier kept; any other code is returned as it is.
     */
    public static int withoutCopyOnWrite(int code) {
        return isCopyOnWrite(code) ? code & ~1 : code;
    }

    /** True for EXECUTE, EXECUTE_READ, EXECUTE_READWRITE and EXECUTE_WRITECOPY bases. */
    public static boolean isExecutable(int code) {
        return (base(code) & EXECUTE) != 0;
    }

    /** True if the code is a guard page: the GUARD_PAGE modifier alone on a non-zero base (not DECOMMIT). */
    public static boolean isGuard(int code) {
        return (check(code) & MODIFIER_MASK) == GUARD_PAGE && (code & BASE_MASK) != ZERO_ACCESS;
    }

    /** True if the code is uncached: the NOCACHE modifier alone on a non-zero base. */
    public static boolean isNoCache(int code) {
        return (check(code) & MODIFIER_MASK) == NOCACHE && (code & BASE_MASK) != ZERO_ACCESS;
    }

    /** True if the code is write-combined: both modifier bits on a non-zero base (not NOACCESS). */
    public static boolean isWriteCombine(int code) {
        return (check(code) & MODIFIER_MASK) == WRITECOMBINE && (code & BASE_MASK) != ZERO_ACCESS;
    }

    /** True for exactly {@link #DECOMMIT}. */
    public static boolean isDecommit(int code) {
        return check(code) == DECOMMIT;
    }

    /**
     * The display name of a code: the base name ({@code "READWRITE"}), followed by {@code "|NOCACHE"},
     * {@code "|GUARD"} or {@code "|WRITECOMBINE"} for a modifier ({@code "EXECUTE_READ|GUARD"}), except
     * {@code "DECOMMIT"} for 0x10 and {@code "NOACCESS"} for 0x18. Does not allocate.
     */
    public static String name(int code) {
        return NAMES[check(code)];
    }

    /**
     * Parses a protection as written in a scenario, case-insensitively, ignoring spaces around the
     * parts. Accepted: a base name ({@code READONLY} .. {@code EXECUTE_WRITECOPY}, {@code ZERO_ACCESS}),
     * or a short form ({@code r} READONLY, {@code rw} READWRITE, {@code rx} EXECUTE_READ, {@code rwx}
     * EXECUTE_READWRITE, {@code wc} WRITECOPY, {@code x} EXECUTE), optionally followed by modifiers
     * {@code |NOCACHE}, {@code |GUARD} (or {@code |GUARD_PAGE}) and {@code |WRITECOMBINE}; or one of the
     * whole codes {@code NOACCESS} (also {@code none}) and {@code DECOMMIT}, which take no modifier.
     * Every string {@link #name(int)} returns is accepted and gives its code back.
     *
     * @throws IllegalArgumentException naming what is accepted, if the text is none of these
     */
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("protection must not be null; " + accepted());
        }
        String[] parts = text.split("\\|", -1);
        String head = parts[0].trim();
        int code = baseCode(head);
        if (code < 0) {
            throw new IllegalArgumentException("unknown protection '" + text + "': " + accepted());
        }
        boolean whole = code == NOACCESS || code == DECOMMIT;
        for (int i = 1; i < parts.length; i++) {
            if (whole) {
                throw new IllegalArgumentException("protection '" + text + "': " + head.toUpperCase(Locale.ROOT)
                        + " takes no modifier; " + accepted());
            }
            int modifier = modifierCode(parts[i].trim());
            if (modifier < 0) {
                throw new IllegalArgumentException("unknown protection modifier '" + parts[i].trim() + "' in '" + text
                        + "': " + accepted());
            }
            code |= modifier;
        }
        return code;
    }

    /** The code of a base name, a short form, NOACCESS or DECOMMIT; -1 if none. */
    private static int baseCode(String word) {
        for (int i = 0; i < BASE_NAMES.length; i++) {
            if (BASE_NAMES[i].equalsIgnoreCase(word)) {
                return i;
            }
        }
        for (int i = 0; i < SHORT_NAMES.length; i++) {
            if (SHORT_NAMES[i].equalsIgnoreCase(word)) {
                return SHORT_CODES[i];
            }
        }
        if ("NOACCESS".equalsIgnoreCase(word)) {
            return NOACCESS;
        }
        if ("DECOMMIT".equalsIgnoreCase(word)) {
            return DECOMMIT;
        }
        return -1;
    }

    /** The bits of a modifier name; -1 if none. */
    private static int modifierCode(String word) {
        if ("NOCACHE".equalsIgnoreCase(word)) {
            return NOCACHE;
        }
        if ("GUARD".equalsIgnoreCase(word) || "GUARD_PAGE".equalsIgnoreCase(word)) {
            return GUARD_PAGE;
        }
        if ("WRITECOMBINE".equalsIgnoreCase(word)) {
            return WRITECOMBINE;
        }
        return -1;
    }

    /** The sentence listing what {@link #parse(String)} accepts, for error messages. */
    private static String accepted() {
        StringBuilder sb = new StringBuilder("expected one of ");
        for (String base : BASE_NAMES) {
            sb.append(base).append(", ");
        }
        sb.append("NOACCESS, DECOMMIT, or a short form (");
        for (int i = 0; i < SHORT_NAMES.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(SHORT_NAMES[i]).append(' ').append(name(SHORT_CODES[i]));
        }
        return sb.append("), optionally followed by |NOCACHE, |GUARD or |WRITECOMBINE; case-insensitive").toString();
    }
}
