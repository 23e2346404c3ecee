package org.mmscope.ui.views.physmap;

import java.util.List;

import org.mmscope.model.PageList;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.sync.PopulatedPfnEntryList;

/**
 * Where every physical page of one machine is: one byte per PFN (the {@link PageList} value) and the
 * pages counted per list. Read in one pass from the model's stored words for a populated machine (no
 * entry object is made, so 16M PFNs take a few tens of milliseconds and 16 MB), entry by entry for a
 * machine built by hand. Immutable once read; read it off the UI thread for big machines.
 */
public final class PageLocations {

    private static final int BLOCK = 1 << 16;

    private final byte[] locations;
    private final long[] counts = new long[PageList.VALUES.size()];

    private PageLocations(byte[] locations) {
        this.locations = locations;
        for (byte location : locations) {
            counts[location]++;
        }
    }

    /** No pages. */
    public static final PageLocations EMPTY = new PageLocations(new byte[0]);

    /** Reads the location of every entry of {@code database}. */
    public static PageLocations read(PfnDatabase database) {
        List<PfnEntry> entries = database.getEntries();
        int size = entries.size();
        byte[] locations = new byte[size];
        if (entries instanceof PopulatedPfnEntryList populated) {
            for (int from = 0; from < size; from += BLOCK) {
                populated.readLocations(from, locations, from, Math.min(BLOCK, size - from));
            }
        } else {
            for (int i = 0; i < size; i++) {
                locations[i] = (byte) entries.get(i).getLocation().getValue();
            }
        }
        return new PageLocations(locations);
    }

    /** Physical pages. */
    public int size() {
        return locations.length;
    }

    /** The list of page {@code pfn}. */
    public PageList at(int pfn) {
        return PageList.get(locations[pfn]);
    }

    /** The list value of page {@code pfn}. */
    int valueAt(int pfn) {
        return locations[pfn];
    }

    /** Pages on {@code list}. */
    public long count(PageList list) {
        return counts[list.getValue()];
    }

    /** Pages per list value in {@code [from, to)}. */
    long[] countsIn(int from, int to) {
        long[] result = new long[counts.length];
        for (int pfn = Math.max(0, from); pfn < Math.min(to, locations.length); pfn++) {
            result[locations[pfn]]++;
        }
        return result;
    }

    /**
     * The palette index a pixel covering pages {@code [from, from + count)} shows: the list with the
     * most of them, ties going to the {@linkplain PageColours#BY_INTEREST more interesting} list;
     * {@link PageColours#BACKGROUND} when no page is there.
     */
    int majority(int from, int count, int[] scratch) {
        int end = Math.min(from + count, locations.length);
        if (from >= end) {
            return PageColours.BACKGROUND;
        }
        if (count == 1) {
            return locations[from];
        }
        java.util.Arrays.fill(scratch, 0);
        for (int pfn = from; pfn < end; pfn++) {
            scratch[locations[pfn]]++;
        }
        int best = -1;
        for (PageList list : PageColours.BY_INTEREST) {
            int v = list.getValue();
            if (best < 0 || scratch[v] > scratch[best]) {
                best = v;
            }
        }
        return best;
    }
}
