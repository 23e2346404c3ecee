package org.mmscope.sim.pte;

/**
 * Formats 64-bit values in hexadecimal the way the views show them: lower case, values unsigned.
 */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * The WinDbg form of a 64-bit value: 16 lower-case digits with a backtick between the high and
     * the low 32 bits, e.g. {@code "fffff680`00000000"}.
     */
    public static String windbg(long value) {
        char[] text = new char[17];
        for (int i = 16; i >= 9; i--) {
            text[i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
        text[8] = '`';
        for (int i = 7; i >= 0; i--) {
            text[i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(text);
    }

    /** The value unsigned, {@code 0x} and lower-case digits without leading zeros, e.g. {@code "0x1a2b3"}. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
