package org.mmscope.ui.views.pfn;

import java.util.List;

import org.mmscope.model.PfnEntry;

/**
 * The rows of the inspector: which entries of the PFN database, in which order. Without a filter and
 * in PFN order this is the database itself (no array, so 16 million PFNs cost nothing to open);
 * otherwise an array of entry indices, filtered in one pass and sorted by a primitive key.
 */
public final class PfnRows {

    private final List<PfnEntry> entries;
    private final int[] indices;

    private PfnRows(List<PfnEntry> entries, int[] indices) {
        this.entries = entries;
        this.indices = indices;
    }

    /** No rows. */
    public static PfnRows empty() {
        return new PfnRows(List.of(), null);
    }

    /**
     * Filters and sorts {@code entries}. Reads the model only: call it where the model does not change
     * (the debug target only writes it while the simulation is suspended and before it is shown).
     */
    public static PfnRows compute(List<PfnEntry> entries, PfnFilter filter, PfnColumn sortBy, boolean ascending) {
        int size = entries.size();
        if (filter.isAll() && sortBy == PfnColumn.PFN && ascending && isInPfnOrder(entries)) {
            return new PfnRows(entries, null);
        }
        int[] matches = new int[size];
        int count = 0;
        int first = (int) Math.max(0, Math.min(size, filter.firstPfn()));
        boolean indexedByPfn = isInPfnOrder(entries);
        int start = indexedByPfn ? first : 0;
        for (int i = start; i < size; i++) {
            PfnEntry e = entries.get(i);
            if (indexedByPfn && e.getPfn() > filter.lastPfn()) {
                break;
            }
            if (filter.accepts(e)) {
                matches[count++] = i;
            }
        }
        int[] rows = java.util.Arrays.copyOf(matches, count);
        if (sortBy != PfnColumn.PFN || !indexedByPfn) {
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                keys[i] = sortBy.key(entries.get(rows[i]));
            }
            IndexSort.sort(rows, keys);
        }
        if (!ascending) {
            reverse(rows);
        }
        return new PfnRows(entries, rows);
    }

    private static boolean isInPfnOrder(List<PfnEntry> entries) {
        int size = entries.size();
        return size == 0 || entries.get(0).getPfn() == 0 && entries.get(size - 1).getPfn() == size - 1;
    }

    private static void reverse(int[] rows) {
        for (int i = 0, j = rows.length - 1; i < j; i++, j--) {
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }

    public int size() {
        return indices == null ? entries.size() : indices.length;
    }

    public PfnEntry get(int row) {
        return entries.get(indices == null ? row : indices[row]);
    }

    /** The row showing {@code pfn}, or -1 when it is filtered out. */
    public int rowOf(long pfn) {
        if (indices == null) {
            return pfn >= 0 && pfn < entries.size() && entries.get((int) pfn).getPfn() == pfn ? (int) pfn : -1;
        }
        for (int row = 0; row < indices.length; row++) {
            if (entries.get(indices[row]).getPfn() == pfn) {
                return row;
            }
        }
        return -1;
    }
}
