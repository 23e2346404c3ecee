package org.mmscope.sim.scenario;

import java.util.List;

/** Small helpers for the wording of messages. */
final class ScenarioText {

    private ScenarioText() {
    }

    /** "a", "a or b", "a, b or c". */
    static String orList(List<String> items) {
        return joinLast(items, " or ");
    }

    /** "a", "a and b", "a, b and c". */
    static String andList(List<String> items) {
        return joinLast(items, " and ");
    }

    private static String joinLast(List<String> items, String last) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
    }

    /** 10000000 -> "10,000,000". */
    static String grouped(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value);
    }
}
