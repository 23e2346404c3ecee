package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.BitSet;

import org.mmscope.sim.section.ControlArea;

/**
 * A virtual address descriptor (NT: MMVAD_SHORT for private memory, MMVAD for a mapped view): a
 * reserved range of a process's user address space, its protection, and which of its pages are
 * committed. A committed private page with a zero PTE is demand zero; an uncommitted one is an access
 * violation. A view of a section is committed throughout: a zero PTE in it means "look at the
 * prototype PTE" ({@link #prototypePteAddress(long)}).
 */
public final class Vad implements Serializable {

    private final long start;
    private final long end;
    private final int protection;
    private final BitSet committed = new BitSet();
    private final ControlArea section;
    private final long firstSectionPage;

    Vad(long start, long end, int protection) {
        this(start, end, protection, null, 0);
    }

    Vad(long start, long end, int protection, ControlArea section, long firstSectionPage) {
        this.start = start;
        this.end = end;
        this.protection = protection;
        this.section = section;
        this.firstSectionPage = firstSectionPage;
    }

    /** The section this VAD is a view of, or null for private memory. */
    public ControlArea section() {
        return section;
    }

    /** True for a view of a section. */
    public boolean isView() {
        return section != null;
    }

    /** The section page the view's first page shows. */
    public long firstSectionPage() {
        return firstSectionPage;
    }

    /** The prototype PTE behind page {@code va} of a view. */
    public long prototypePteAddress(long va) {
        if (section == null || !contains(va)) {
            throw new IllegalArgumentException(String.format("0x%x is not in a view (%s)", va, this));
        }
        return section.prototypePteAddress(firstSectionPage + ((va - start) >>> 12));
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
        return contains(va) && (section != null || committed.get(pageIndex(va)));
    }

    /** Number of committed pages (NT: the VAD's CommitCharge). */
    public long committedPages() {
        return section != null ? pages() : committed.cardinality();
    }

    void setCommitted(long from, long to, boolean value) {
        committed.set(pageIndex(from), pageIndex(to - 1) + 1, value);
    }

    private int pageIndex(long va) {
        return (int) ((va - start) >>> 12);
    }

    @Override
    public String toString() {
        if (section != null) {
            return String.format("VAD 0x%x-0x%x view of %s from page %d", start, end, section, firstSectionPage);
        }
        return String.format("VAD 0x%x-0x%x %d/%d pages committed", start, end, committedPages(), pages());
    }
}
