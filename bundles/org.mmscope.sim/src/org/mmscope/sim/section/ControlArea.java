package org.mmscope.sim.section;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pte.Protection;

/**
 * A section's control area and its segment (NT: CONTROL_AREA and SEGMENT, mm-behaviour.md 5): the
 * prototype PTEs of the section's pages, one subsection per backing file range, and the counters
 * the memory manager keeps on it. A page-file-backed section (shared memory) has no file; its
 * prototype PTEs start as demand-zero PTEs. A file-backed section's prototype PTEs start as
 * subsection PTEs naming where in the file the page is.
 *
 * <p>An <b>image</b> section (NT: a control area with its Image flag, made by MiCreateImageFileMap)
 * maps an executable file: a header page, then its PE sections ({@code .text}, {@code .rdata},
 * {@code .data}...), each its own {@link Subsection} with its own protection; the section's protection
 * is EXECUTE_WRITECOPY, and a page's protection is its subsection's ({@link #protectionOf(long)}).
 * Image pages are never written back to the file: writable parts are copy-on-write.
 *
 * <p>The prototype PTEs are {@code long}s in simulated memory, in nonpaged pool, at
 * {@link #prototypePteAddress(long)}: the PFN entry of a section page names its prototype PTE there.
 * MmScope keeps segments in nonpaged pool (NT keeps them in paged pool) so that they are always
 * resident.
 *
 * <p>The memory manager alone changes the counters (NT: NumberOfMappedViews,
 * NumberOfSectionReferences); NumberOfPfnReferences is counted from the PFN database when asked.
 */
public final class ControlArea implements Serializable {

    private final int id;
    private final String name;
    private final MappedFile file;
    private final long pages;
    private final int protection;
    private final long prototypePtes;
    private final List<Subsection> subsections;
    private final boolean image;
    private int mappedViews;
    private boolean sectionReferenced = true;
    private boolean deleted;

    /**
     * @param prototypePtes virtual address of the first prototype PTE (in nonpaged pool)
     */
    public ControlArea(int id, String name, MappedFile file, long pages, int protection, long prototypePtes,
            List<Subsection> subsections) {
        this(id, name, file, pages, protection, prototypePtes, subsections, false);
    }

    /**
     * @param prototypePtes virtual address of the first prototype PTE (in nonpaged pool)
     * @param image         true for an image section: a file, and subsections covering every page
     */
    public ControlArea(int id, String name, MappedFile file, long pages, int protection, long prototypePtes,
            List<Subsection> subsections, boolean image) {
        if (pages < 1) {
            throw new IllegalArgumentException("a section has at least one page");
        }
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.file = file;
        this.pages = pages;
        this.protection = Protection.check(protection);
        this.prototypePtes = prototypePtes;
        this.subsections = List.copyOf(subsections);
        this.image = image;
        if (image && (file == null || this.subsections.stream().mapToLong(Subsection::pages).sum() != pages)) {
            throw new IllegalArgumentException("an image section has a file and subsections covering its " + pages
                    + " pages");
        }
    }

    /** A number unique in the machine, in creation order. */
    public int id() {
        return id;
    }

    /** The section's name (the scenario's, or the file's for a file mapped directly). */
    public String name() {
        return name;
    }

    /** The backing file, or null for a section backed by the paging file. */
    public MappedFile file() {
        return file;
    }

    /** True for a section backed by a file. */
    public boolean isFileBacked() {
        return file != null;
    }

    /** True for an image section (NT: ControlArea->u.Flags.Image). */
    public boolean isImage() {
        return image;
    }

    /** Pages of the section (NT: Segment->TotalNumberOfPtes). */
    public long pages() {
        return pages;
    }

    /** The section's protection: the most any view may have. */
    public int protection() {
        return protection;
    }

    /**
     * The protection of page {@code index}: its subsection's in an image, the section's otherwise. It
     * is the protection its prototype PTEs carry.
     */
    public int protectionOf(long index) {
        return image ? subsectionOf(index).protection() : protection;
    }

    /** Address of the first prototype PTE (NT: Segment->PrototypePte). */
    public long prototypePtes() {
        return prototypePtes;
    }

    /** Address of the prototype PTE of page {@code index} of the section. */
    public long prototypePteAddress(long index) {
        if (index < 0 || index >= pages) {
            throw new IllegalArgumentException("page " + index + " is outside the " + pages + " pages of " + this);
        }
        return prototypePtes + index * 8;
    }

    /** True if {@code address} is one of this section's prototype PTEs. */
    public boolean holdsPrototypePte(long address) {
        return Long.compareUnsigned(address, prototypePtes) >= 0
                && Long.compareUnsigned(address, prototypePtes + pages * 8) < 0 && (address & 7) == 0;
    }

    /** The page index of prototype PTE {@code address}. */
    public long pageOf(long prototypePteAddress) {
        return (prototypePteAddress - prototypePtes) / 8;
    }

    /** The subsections, in page order. */
    public List<Subsection> subsections() {
        return subsections;
    }

    /** The subsection covering page {@code index}. */
    public Subsection subsectionOf(long index) {
        for (Subsection s : subsections) {
            if (index >= s.firstPage() && index < s.firstPage() + s.pages()) {
                return s;
            }
        }
        throw new IllegalArgumentException("no subsection of " + this + " covers page " + index);
    }

    /** Views mapped now (NT: NumberOfMappedViews). */
    public int mappedViews() {
        return mappedViews;
    }

    /** True while the section object exists (NT: NumberOfSectionReferences &gt; 0). */
    public boolean isSectionReferenced() {
        return sectionReferenced;
    }

    /** True once the segment is gone. */
    public boolean isDeleted() {
        return deleted;
    }

    /** The memory manager: a view was mapped. */
    public void viewMapped() {
        requireLive();
        mappedViews++;
    }

    /** The memory manager: a view was unmapped. */
    public void viewUnmapped() {
        if (mappedViews == 0) {
            throw new IllegalStateException(this + " has no view to unmap");
        }
        mappedViews--;
    }

    /** The memory manager: the section object was closed (its name no longer refers to it). */
    public void dereferenceSection() {
        sectionReferenced = false;
    }

    /** The memory manager: the segment was deleted. */
    public void markDeleted() {
        deleted = true;
    }

    private void requireLive() {
        if (deleted) {
            throw new IllegalStateException(this + " was deleted");
        }
    }

    @Override
    public String toString() {
        return String.format("section %s (control area %d, %d pages, %s)", name, id, pages,
                file == null ? "paging file" : (image ? "image " : "file ") + file.name());
    }
}
