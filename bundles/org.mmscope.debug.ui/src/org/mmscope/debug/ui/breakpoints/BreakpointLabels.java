package org.mmscope.debug.ui.breakpoints;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.sim.pfn.PageList;

/**
 * Readable text for memory-manager breakpoints, e.g.
 * "Page transition Standby -> ActiveAndValid, PFN 0x100-0x1ff, if pfn > 5, hit count 3".
 */
public final class BreakpointLabels {

    private BreakpointLabels() {
    }

    /** "Page transition", "Fault", "Copy on write"... */
    public static String kindText(EventKind kind) {
        String words = kind.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** A page list as NT-style camel case: STANDBY -> "Standby", ACTIVE_AND_VALID -> "ActiveAndValid". */
    public static String listText(String name) {
        StringBuilder text = new StringBuilder();
        for (String word : name.strip().toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                text.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return text.toString();
    }

    /** The page list names, as {@link #listText} shows them, in code order. */
    public static List<String> listNames() {
        return java.util.Arrays.stream(PageList.values()).map(PageList::name).toList();
    }

    /** The label of a breakpoint with these settings. */
    public static String text(BreakpointSettings settings) {
        StringBuilder text = new StringBuilder(kindText(settings.kind()));
        if (!settings.subKinds().isEmpty()) {
            text.append(" (").append(String.join(", ", settings.subKinds())).append(')');
        }
        if (settings.kind() == EventKind.PAGE_TRANSITION && (!settings.from().isEmpty() || !settings.to().isEmpty())) {
            text.append(' ').append(lists(settings.from())).append(" -> ").append(lists(settings.to()));
        }
        if (settings.pfnLow() >= 0) {
            text.append(", PFN ").append(hex(settings.pfnLow()));
            if (settings.pfnHigh() == Integer.MAX_VALUE) {
                text.append(" and above");
            } else if (settings.pfnHigh() != settings.pfnLow()) {
                text.append('-').append(hex(settings.pfnHigh()));
            }
        }
        if (settings.processId() >= 0) {
            text.append(", process ").append(settings.processId());
        }
        if (settings.kind() == EventKind.POOL && !settings.tag().isEmpty()) {
            text.append(", tag ").append(settings.tag());
        }
        if (!settings.condition().isEmpty()) {
            text.append(", if ").append(settings.condition());
        }
        if (settings.hitCount() > 1) {
            text.append(", hit count ").append(settings.hitCount());
        }
        return text.toString();
    }

    private static String lists(List<String> names) {
        return names.isEmpty() ? "any" : names.stream().map(BreakpointLabels::listText).collect(Collectors.joining("|"));
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }
}
