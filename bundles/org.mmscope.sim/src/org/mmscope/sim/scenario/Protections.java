package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The page protections a scenario may name. A protection is a base, optionally followed by
 * {@code -guard}, then optionally by {@code -nocache} or {@code -writecombine}:
 * <table>
 * <caption>bases</caption>
 * <tr><td>noaccess</td><td>PAGE_NOACCESS</td></tr>
 * <tr><td>r</td><td>PAGE_READONLY</td></tr>
 * <tr><td>rw</td><td>PAGE_READWRITE</td></tr>
 * <tr><td>wc</td><td>PAGE_WRITECOPY</td></tr>
 * <tr><td>x</td><td>PAGE_EXECUTE</td></tr>
 * <tr><td>rx</td><td>PAGE_EXECUTE_READ</td></tr>
 * <tr><td>rwx</td><td>PAGE_EXECUTE_READWRITE</td></tr>
 * <tr><td>xwc</td><td>PAGE_EXECUTE_WRITECOPY</td></tr>
 * </table>
 * The text is kept as written; the memory manager maps it to its protection mask.
 */
public final class Protections {

    /** The base protections, in the order of the table above. */
    public static final List<String> BASES = List.of("noaccess", "r", "rw", "wc", "x", "rx", "rwx", "xwc");

    private Protections() {
    }

    /** True when {@code text} is a protection: a base, then {@code -guard}, then a cache modifier. */
    public static boolean isValid(String text) {
        String[] parts = text.split("-", -1);
        if (!BASES.contains(parts[0])) {
            return false;
        }
        int i = 1;
        if (i < parts.length && parts[i].equals("guard")) {
            if (parts[0].equals("noaccess")) {
                return false; // NT refuses PAGE_GUARD with PAGE_NOACCESS
            }
            i++;
        }
        if (i < parts.length && (parts[i].equals("nocache") || parts[i].equals("writecombine"))) {
            i++;
        }
        return i == parts.length;
    }

    /** Every valid protection, for suggestions. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        for (String base : BASES) {
            for (String guard : base.equals("noaccess") ? List.of("") : List.of("", "-guard")) {
                for (String cache : List.of("", "-nocache", "-writecombine")) {
                    all.add(base + guard + cache);
                }
            }
        }
        return all;
    }
}
