package org.mmscope.ui.views.common;

import java.util.Locale;

/**
 * Reads the numbers users type: hex with or without {@code 0x}, WinDbg's backtick form
 * ({@code fffff680`0001d0a8}), and {@code 0n} decimal, as WinDbg accepts them.
 */
public final class Addresses {

    private Addresses() {
    }

    /** The value of {@code text}, or an exception whose message says what is wrong, for the user. */
    public static long parse(String text) throws NumberFormatException {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("`", "").replace("_", "");
        if (t.isEmpty()) {
            throw new NumberFormatException("Type a hex number, e.g. 0x10000 or 00007ff6`12340000.");
        }
        if (t.startsWith("0n")) {
            String digits = t.substring(2);
            if (!digits.matches("[0-9]{1,19}")) {
                throw new NumberFormatException("'" + text.trim() + "' is not a decimal number (0n followed by digits).");
            }
            return Long.parseLong(digits);
        }
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        if (!t.matches("[0-9a-f]+")) {
            int bad = firstNonHex(t);
            throw new NumberFormatException("'" + text.trim() + "' is not hex: '" + t.charAt(bad)
                    + "' is not a hex digit.");
        }
        t = t.replaceFirst("^0+(?=.)", "");
        if (t.length() > 16) {
            throw new NumberFormatException("'" + text.trim() + "' has more than 64 bits.");
        }
        return Long.parseUnsignedLong(t, 16);
    }

    private static int firstNonHex(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return i;
            }
        }
        return 0;
    }

    /** {@code 0x1a2b3}. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
