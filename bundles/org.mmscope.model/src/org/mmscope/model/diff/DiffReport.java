package org.mmscope.model.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mmscope.model.diff.DiffResult.Change;
import org.mmscope.model.diff.DiffResult.PfnChange;
import org.mmscope.model.diff.DiffResult.PoolTagDelta;
import org.mmscope.model.diff.DiffResult.ProcessChange;
import org.mmscope.model.diff.DiffResult.PteChange;
import org.mmscope.model.diff.DiffResult.Side;
import org.mmscope.model.diff.DiffResult.Total;
import org.mmscope.model.diff.DiffResult.Transition;
import org.mmscope.model.text.ModelLabels;

/**
 * A {@link DiffResult} as plain text, for the headless {@link DiffTool} and for copying out of the UI:
 * the two machines, the totals table, then "PFNs that changed list or owner (N)", "PTE changes (N)",
 * "Pool usage by tag (N changed)" and "Processes (N)", each table cut after {@code maxRows} rows with a
 * "... N more" line. Every section is printed, empty or not, so the text has the same shape each time.
 */
public final class DiffReport {

    private DiffReport() {
    }

    /**
     * @param maxRows rows printed at most in each of the PFN, PTE, pool and process tables (0 prints only
     *                their counts)
     * @throws IllegalArgumentException if {@code maxRows} is negative
     */
    public static String toText(DiffResult diff, int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be 0 or more, not " + maxRows);
        }
        StringBuilder out = new StringBuilder(4096);
        out.append("Snapshot diff\n");
        out.append("  before: ").append(side(diff.before())).append('\n');
        out.append("  after:  ").append(side(diff.after())).append('\n');
        if (diff.isEmpty()) {
            out.append("No differences.\n");
        } else {
            out.append(String.format(Locale.ROOT,
                    "%d PFNs changed list or owner, %d PTE changes, %d pool tags changed, %d processes changed%n",
                    diff.pfnChangeCount(), diff.pteChangeCount(), diff.poolTags().size(), diff.processes().size()));
        }
        out.append('\n');
        totals(out, diff);
        out.append('\n');
        pfns(out, diff, maxRows);
        out.append('\n');
        ptes(out, diff, maxRows);
        out.append('\n');
        pools(out, diff, maxRows);
        out.append('\n');
        processes(out, diff, maxRows);
        return out.toString();
    }

    private static String side(Side side) {
        return String.format(Locale.ROOT, "%s, step %d, %.3f ms, event #%d, %d pages",
                side.name() == null ? "(unnamed)" : side.name(), side.steps(), side.simulatedTimeNanos() / 1e6,
                side.eventSequence(), side.pageCount());
    }

    private static void totals(StringBuilder out, DiffResult diff) {
        out.append("Totals (pages)\n");
        List<String[]> rows = new ArrayList<>();
        for (Total t : diff.totals()) {
            rows.add(new String[] { t.name(), Long.toString(t.before()), Long.toString(t.after()), signed(t.delta()) });
        }
        table(out, new String[] { "", "Before", "After", "Delta" }, new boolean[] { false, true, true, true }, rows);
    }

    private static void pfns(StringBuilder out, DiffResult diff, int maxRows) {
        out.append(String.format(Locale.ROOT, "PFNs that changed list or owner (%d): %d changed list, %d changed owner%n",
                diff.pfnChangeCount(), diff.locationChanges(), diff.ownerChanges()));
        if (diff.pfnChanges().isEmpty()) {
            out.append("  none\n");
            return;
        }
        for (Transition t : diff.transitions()) {
            out.append(String.format(Locale.ROOT, "  %s -> %s: %d%n", t.from().getName(), t.to().getName(), t.pages()));
        }
        List<String[]> rows = new ArrayList<>();
        for (PfnChange c : head(diff.pfnChanges(), maxRows)) {
            rows.add(new String[] { "0x" + Integer.toHexString(c.pfn()), c.oldLocation().getName(),
                    c.locationChanged() ? c.newLocation().getName() : "=", c.oldOwnerText(),
                    c.ownerChanged() ? c.newOwnerText() : "=" });
        }
        table(out, new String[] { "PFN", "Old list", "New list", "Old owner", "New owner" },
                new boolean[] { true, false, false, false, false }, rows);
        more(out, diff.pfnChanges().size(), maxRows);
    }

    private static void ptes(StringBuilder out, DiffResult diff, int maxRows) {
        out.append(String.format(Locale.ROOT, "PTE changes (%d): %d added, %d removed, %d changed%n",
                diff.pteChangeCount(), diff.pteChangeCount(Change.ADDED), diff.pteChangeCount(Change.REMOVED),
                diff.pteChangeCount(Change.CHANGED)));
        if (diff.pteChanges().isEmpty()) {
            out.append("  none\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (PteChange c : head(diff.pteChanges(), maxRows)) {
            rows.add(new String[] { c.change().text(), c.where(),
                    c.change() == Change.ADDED ? "-" : value(c.oldValue(), c.oldDescription()),
                    c.change() == Change.REMOVED ? "-" : value(c.newValue(), c.newDescription()) });
        }
        table(out, new String[] { "Change", "Where", "Old", "New" }, new boolean[4], rows);
        more(out, diff.pteChanges().size(), maxRows);
    }

    private static String value(long raw, String description) {
        String hex = ModelLabels.address(raw);
        return description == null || description.isEmpty() ? hex : hex + " " + description;
    }

    private static void pools(StringBuilder out, DiffResult diff, int maxRows) {
        out.append(String.format(Locale.ROOT, "Pool usage by tag (%d changed)%n", diff.poolTags().size()));
        if (diff.poolTags().isEmpty()) {
            out.append("  none\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (PoolTagDelta t : head(diff.poolTags(), maxRows)) {
            rows.add(new String[] { "'" + t.tag() + "'", t.type() == null ? "?" : t.type().getName(),
                    signed(t.allocsDelta()), signed(t.freesDelta()), Long.toString(t.bytesBefore()),
                    Long.toString(t.bytesAfter()), signed(t.bytesDelta()) });
        }
        table(out, new String[] { "Tag", "Pool", "Allocs", "Frees", "Bytes before", "Bytes after", "Bytes delta" },
                new boolean[] { false, false, true, true, true, true, true }, rows);
        more(out, diff.poolTags().size(), maxRows);
    }

    private static void processes(StringBuilder out, DiffResult diff, int maxRows) {
        out.append(String.format(Locale.ROOT, "Processes (%d): %d started, %d exited, %d changed%n",
                diff.processes().size(), diff.started().size(), diff.exited().size(),
                diff.processes().size() - diff.started().size() - diff.exited().size()));
        if (diff.processes().isEmpty()) {
            out.append("  none\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ProcessChange p : head(diff.processes(), maxRows)) {
            String change = switch (p.change()) {
                case ADDED -> "started";
                case REMOVED -> "exited";
                case CHANGED -> "changed";
            };
            rows.add(new String[] { Integer.toString(p.pid()), p.name() == null ? "" : p.name(), change,
                    Long.toString(p.workingSetBefore()), Long.toString(p.workingSetAfter()),
                    signed(p.workingSetDelta()), signed(p.privatePagesDelta()),
                    p.change() == Change.REMOVED ? "-" : signed(p.pageFaultsDelta()) });
        }
        table(out, new String[] { "Pid", "Name", "Change", "WS before", "WS after", "WS delta", "Private delta",
                "Faults delta" }, new boolean[] { true, false, false, true, true, true, true, true }, rows);
        more(out, diff.processes().size(), maxRows);
    }

    private static <T> List<T> head(List<T> list, int maxRows) {
        return list.subList(0, Math.min(list.size(), maxRows));
    }

    private static void more(StringBuilder out, int size, int maxRows) {
        if (size > maxRows) {
            out.append("  ... ").append(size - maxRows).append(" more\n");
        }
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    /** A table indented by two spaces, columns as wide as their widest cell, two spaces apart. */
    private static void table(StringBuilder out, String[] headers, boolean[] right, List<String[]> rows) {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
        }
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        line(out, headers, widths, right);
        for (String[] row : rows) {
            line(out, row, widths, right);
        }
    }

    private static void line(StringBuilder out, String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder("  ");
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            int pad = widths[c] - cells[c].length();
            if (right[c]) {
                line.append(" ".repeat(pad)).append(cells[c]);
            } else {
                line.append(cells[c]).append(c == cells.length - 1 ? "" : " ".repeat(pad));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
