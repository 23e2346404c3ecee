package org.mmscope.sim.pfn;

import java.io.Serializable;

/**
 * Which PFN entries were written since a given moment, for observers that keep a copy of the PFN
 * database (the EMF model's incremental population): a running count of writes, and per group of
 * PFNs the count at the group's last write. A group is one PFN for databases of up to
 * {@link #SINGLE_PFN_GROUPS_UP_TO} pages (8 bytes per page), 64 PFNs above (2 MiB for 64 GiB).
 * Observers remember {@link #count()} and later look only at the groups
 * {@linkplain #writtenSince written since}; a group is a superset (its other entries may be
 * unchanged), never a subset.
 *
 * <p>Only bookkeeping: nothing in the simulator reads it, so behaviour and determinism are those of
 * the simulator without it. Every write to an entry's words (u1, u2, flags, reference count,
 * PteAddress, OriginalPte, PteFrame) in {@link PfnDatabase} and {@link PageListHeads} is followed by
 * {@link #written}.
 */
public final class WriteStamps implements Serializable {

    /** Databases up to this many pages have one group per PFN. */
    public static final int SINGLE_PFN_GROUPS_UP_TO = 1 << 18;

    private final int shift;
    private final long[] stamp;
    private long count;

    WriteStamps(int pageCount) {
        shift = pageCount <= SINGLE_PFN_GROUPS_UP_TO ? 0 : 6;
        stamp = new long[(int) (((long) pageCount + (1 << shift) - 1) >>> shift)];
    }

    void written(int pfn) {
        stamp[pfn >>> shift] = ++count;
    }

    /** log2 of the PFNs per group: PFN {@code p} is in group {@code p >>> groupShift()}. */
    public int groupShift() {
        return shift;
    }

    /** Writes so far (0 for a database nobody wrote to, which does not happen: construction writes). */
    public long count() {
        return count;
    }

    /** Number of groups. */
    public int groups() {
        return stamp.length;
    }

    /** True if an entry of {@code group} was written after the first {@code count} writes. */
    public boolean writtenSince(int group, long count) {
        return stamp[group] > count;
    }
}
