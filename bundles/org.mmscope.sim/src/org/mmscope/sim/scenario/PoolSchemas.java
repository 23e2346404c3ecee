package org.mmscope.sim.scenario;

import java.util.List;

/**
 * Kernel pool (issue 4): allocations from paged, nonpaged and special pool
 * (NT: MiAllocatePoolPages, MmAllocateSpecialPool), frees, and writes into a block (to show
 * special pool catching overruns). A block may be named with {@code as NAME} to be freed later.
 */
final class PoolSchemas {

    private static final Value PASSIVE = new Value.Name("passive");

    private PoolSchemas() {
    }

    static List<StatementSchema> all() {
        return List.of(alloc(), free(), write(), verify());
    }

    private static Param irql() {
        return Param.word("irql", "passive", "apc", "dispatch").withDefault(PASSIVE).doc("IRQL of the caller");
    }

    private static StatementSchema alloc() {
        return StatementSchema.builder("pool alloc")
                .summary("Allocates pool; a failure (NULL) is an event, not an error.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.word("type", "paged", "nonpaged", "special", "special-paged").required()
                        .doc("pool type (special = special nonpaged pool)"))
                .positional(Param.number("count").required().between(0, 1L << 32).doc("how many units (0 is refused: NULL)"))
                .positional(Param.word("unit", "pages", "bytes").required().doc("unit of count"))
                .positional(Param.literal("as").optional().doc("written before the block's name"))
                .positional(Param.name("name").defines(Param.POOL_BLOCKS).afterLiteral()
                        .doc("names the block for pool free and pool write"))
                .keyword(Param.tag("tag").withDefault(new Value.Tag("None")).doc("pool tag, 4 characters"))
                .keyword(irql())
                .check(PoolSchemas::specialFitsAPage)
                .example("pool alloc nonpaged 3 pages tag='Mm  ' as buffers")
                .build();
    }

    private static void specialFitsAPage(Statement s, CheckContext c) throws ScenarioException {
        if (s.word("type").startsWith("special")) {
            Argument count = s.find("count").orElseThrow();
            if (!s.word("unit").equals("bytes") || s.number("count") > Limits.PAGE_SIZE) {
                throw new ScenarioException(count.position(), "special pool hands out at most one page: give the size in"
                        + " bytes, at most 4096, like: pool alloc special 24 bytes");
            }
        }
    }

    private static StatementSchema verify() {
        return StatementSchema.builder("pool verify")
                .summary("From now on, allocations whose tag matches go to special pool (NT: Driver Verifier's pool tag).")
                .in(Context.TOP, Context.THREAD)
                .keyword(Param.tag("tag").required().doc("tag pattern: * matches any characters, ? one"))
                .keyword(Param.word("detect", "overrun", "underrun").withDefault(new Value.Name("overrun"))
                        .doc("guard page after the data (overrun) or data at the page start (underrun)"))
                .example("pool verify tag='Drv*'")
                .build();
    }

    private static StatementSchema free() {
        return StatementSchema.builder("pool free")
                .summary("Frees a named pool block.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("name").required().refersTo(Param.POOL_BLOCKS).doc("the block"))
                .keyword(irql())
                .example("pool free buffers")
                .build();
    }

    private static StatementSchema write() {
        return StatementSchema.builder("pool write")
                .summary("Writes bytes into a named pool block, possibly past its end (to show overrun detection).")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("name").required().refersTo(Param.POOL_BLOCKS).doc("the block"))
                .keyword(Param.size("offset").required().max(1L << 32).doc("byte offset from the block's start"))
                .keyword(Param.size("size").withDefault(new Value.Size(1)).between(1, 1L << 20).doc("bytes written"))
                .keyword(Param.number("value").withDefault(new Value.Number(0x41)).between(0, 255).doc("the byte written"))
                .keyword(irql())
                .example("pool write buffers offset=24 size=1")
                .build();
    }
}
