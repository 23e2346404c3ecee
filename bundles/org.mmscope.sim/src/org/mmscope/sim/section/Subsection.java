package org.mmscope.sim.section;

import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.pte.Protection;

/**
 * A run of a file-backed section's pages that come from one range of the file (NT: SUBSECTION).
 * A prototype PTE of such a page that is not in memory is a subsection PTE: a prototype-format PTE
 * whose address is {@link #address()}, which the memory manager resolves back to this subsection; the
 * file offset of page {@code i} of the section is then {@code fileOffsetPages + (i - firstPage)}.
 *
 * <p>A data file's section has one subsection, named {@code ""}, with the section's protection. An
 * image section (NT: MiCreateImageFileMap) has one per part of the image: the header, then one per
 * PE section ({@code .text}, {@code .rdata}, {@code .data}...), each with the protection its pages get
 * in every view of the image.
 *
 * @param address         identity of the subsection as a subsection PTE names it (8-byte aligned,
 *                        never mapped)
 * @param firstPage       first page of the section it covers
 * @param pages           pages it covers
 * @param fileOffsetPages file offset of its first page, in pages
 * @param name            the image part it holds ({@code "header"}, {@code ".text"}...), or {@code ""}
 *                        for a data file's subsection
 * @param protection      the protection of its pages (an {@code org.mmscope.sim.pte.Protection} code)
 */
public record Subsection(long address, long firstPage, long pages, long fileOffsetPages, String name,
        int protection) implements Serializable {

    /** Checks the arguments: a name, a valid protection. */
    public Subsection {
        Objects.requireNonNull(name, "name");
        Protection.check(protection);
    }

    /** A data file's subsection: no name, the section's protection {@code protection}. */
    public Subsection(long address, long firstPage, long pages, long fileOffsetPages, int protection) {
        this(address, firstPage, pages, fileOffsetPages, "", protection);
    }

    /** The file offset, in pages, of page {@code sectionPage} of the section. */
    public long fileOffsetOf(long sectionPage) {
        if (sectionPage < firstPage || sectionPage >= firstPage + pages) {
            throw new IllegalArgumentException("page " + sectionPage + " is not in this subsection");
        }
        return fileOffsetPages + (sectionPage - firstPage);
    }
}
