package org.mmscope.sim.mm;

import java.util.BitSet;

/**
 * A virtual address descriptor (NT: MMVAD_SHORT for private memory): a reserved range of a
 * process's user address space, its protection, and which of its pages are committed. A committed
 * page with a zero PTE is demand zero; an uncommitted one is an access violation.
 */
public final class Vad {

    private final long start;
    private final long end;
    private final int protection;
    private final BitSet committed = new BitSet();

    Vad(long start, long end, int protection) {
        this.start = start;
        this.end = end;
        this.protection = protection;
    }

    /** First byte (page aligned). */
    public long start() {
        return start;
    }

    /** One past the last byte (page aligned). */
    public long end() {
        return end;
    }

    public long pages() {
        return (end - start) >>> 12;
    }

    /** The protection given when the range was reserved (an {@code org.mmscope.sim.pte.Protection} code). */
    public int protection() {
        return protection;
    }

    public boolean contains(long va) {
        return va >= start && va < end;
    }

    public boolean isCommitted(long va) {
        return contains(va) && committed.get(pageIndex(va));
    }

    /** Number of committed pages (NT: the VAD's CommitCharge). */
    public long committedPages() {
        return committed.cardinality();
    }

    void setCommitted(long from, long to, boolean value) {
        committed.set(pageIndex(from), pageIndex(to - 1) + 1, value);
    }

    private int pageIndex(long va) {
        return (int) ((va - start) >>> 12);
    }

    @Override
    public String toString() {
        return String.format("VAD 0x%x-0x%x %d/%d pages committed", start, end, committedPages(), pages());
    }
}
