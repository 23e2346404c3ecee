package org.mmscope.sim.scenario;

import java.util.List;

/**
 * Sections and mapped files (issue 5): section objects backed by the paging file or by a file,
 * views mapped into the thread's process, and cache-manager read-ahead of a file
 * (NT: MiCcPutPagesInTransition). A file is created on the simulated disk by the first statement
 * that names it, with that statement's size=; its content is a pattern derived from the seed.
 * Image sections (NT: MiCreateImageFileMap) map an executable file: a header page and its .text,
 * .rdata and .data sections, each with its own protection.
 */
final class SectionSchemas {

    private static final Value RW = new Value.Protection("rw");
    private static final long MAX_SECTION = 1L << 40;

    private SectionSchemas() {
    }

    static List<StatementSchema> all() {
        return List.of(create(), image(), map(), unmap(), readahead());
    }

    private static StatementSchema create() {
        return StatementSchema.builder("section create")
                .summary("Creates a named section: shared memory backed by the paging file, or by file=.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("name").required().defines(Param.SECTIONS).doc("the section's name"))
                .positional(Param.protection("protection").withDefault(RW).doc("maximum protection of its views"))
                .keyword(Param.size("size").required().between(Limits.PAGE_SIZE, MAX_SECTION).aligned(Limits.PAGE_SIZE)
                        .doc("bytes"))
                .keyword(Param.string("file").doc("backing file; the paging file when left out"))
                .example("section create shared size=1M rw")
                .build();
    }

    private static StatementSchema image() {
        return StatementSchema.builder("section image")
                .summary("Creates a named image section of an executable file: header, .text, .rdata, .data.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("name").required().defines(Param.SECTIONS).doc("the section's name"))
                .keyword(Param.string("file").required()
                        .doc("the image file; made with the image's size when new"))
                .keyword(Param.size("text").required().between(Limits.PAGE_SIZE, MAX_SECTION).aligned(Limits.PAGE_SIZE)
                        .doc("bytes of .text (code: EXECUTE_READ)"))
                .keyword(Param.size("rdata").between(Limits.PAGE_SIZE, MAX_SECTION).aligned(Limits.PAGE_SIZE)
                        .doc("bytes of .rdata (read-only data: READONLY); none when left out"))
                .keyword(Param.size("data").between(Limits.PAGE_SIZE, MAX_SECTION).aligned(Limits.PAGE_SIZE)
                        .doc("bytes of .data (writable data: WRITECOPY); none when left out"))
                .example("section image app file=\"app.exe\" text=64K rdata=16K data=16K")
                .build();
    }

    private static StatementSchema map() {
        return StatementSchema.builder("map")
                .summary("Maps a view of a file or of a named section into the thread's process.")
                .in(Context.THREAD)
                .positional(Param.address("address")
                        .between(Limits.LOWEST_USER_ADDRESS, Limits.HIGHEST_USER_END - Limits.PAGE_SIZE)
                        .aligned(Limits.ALLOCATION_GRANULARITY)
                        .doc("base of the view; the memory manager chooses when left out"))
                .positional(Param.protection("protection").withDefault(RW).doc("protection of the view"))
                .keyword(Param.string("file").doc("the file to map (a section is made for it)"))
                .keyword(Param.name("section").refersTo(Param.SECTIONS).doc("the named section to map"))
                .keyword(Param.size("size").between(Limits.PAGE_SIZE, MAX_SECTION).aligned(Limits.PAGE_SIZE)
                        .doc("view size; the whole section when left out; the file's size when it names a new file"))
                .keyword(Param.size("offset").withDefault(new Value.Size(0)).max(MAX_SECTION)
                        .aligned(Limits.ALLOCATION_GRANULARITY).doc("offset of the view in the section"))
                .check(SectionSchemas::oneSource)
                .example("map 0x30000000 file=\"data.bin\" size=16M r")
                .build();
    }

    private static void oneSource(Statement s, CheckContext c) throws ScenarioException {
        if (s.has("file") == s.has("section")) {
            throw new ScenarioException(s.has("file") ? s.find("section").orElseThrow().keyPosition() : s.position(),
                    "'map' needs exactly one of file=\"NAME\" and section=NAME");
        }
    }

    private static StatementSchema unmap() {
        return StatementSchema.builder("unmap")
                .summary("Unmaps the view at an address.")
                .in(Context.THREAD)
                .positional(Param.address("address").required()
                        .between(Limits.LOWEST_USER_ADDRESS, Limits.HIGHEST_USER_END - Limits.PAGE_SIZE)
                        .aligned(Limits.ALLOCATION_GRANULARITY).doc("base of the view"))
                .example("unmap 0x30000000")
                .build();
    }

    private static StatementSchema readahead() {
        return StatementSchema.builder("readahead")
                .summary("Reads a range of a file ahead into the cache: its pages go in transition, one read.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.range("range").required().max(MAX_SECTION).doc("byte offsets in the file"))
                .keyword(Param.string("file")
                        .doc("the file; in a thread, the file last mapped by its process when left out"))
                .example("readahead 0..+64K file=\"data.bin\"")
                .build();
    }
}
