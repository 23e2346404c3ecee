package org.mmscope.sim.section;

/**
 * A run of a file-backed section's pages that come from one range of the file (NT: SUBSECTION).
 * A prototype PTE of such a page that is not in memory is a subsection PTE: a prototype-format PTE
 * whose address is {@link #address()}, which the memory manager resolves back to this subsection; the
 * file offset of page {@code i} of the section is then {@code fileOffsetPages + (i - firstPage)}.
 *
 * @param address         identity of the subsection as a subsection PTE names it (8-byte aligned,
 *                        never mapped)
 * @param firstPage       first page of the section it covers
 * @param pages           pages it covers
 * @param fileOffsetPages file offset of its first page, in pages
 */
public record Subsection(long address, long firstPage, long pages, long fileOffsetPages) {

    /** The file offset, in pages, of page {@code sectionPage} of the section. */
    public long fileOffsetOf(long sectionPage) {
        if (sectionPage < firstPage || sectionPage >= firstPage + pages) {
            throw new IllegalArgumentException("page " + sectionPage + " is not in this subsection");
        }
        return fileOffsetPages + (sectionPage - firstPage);
    }
}
