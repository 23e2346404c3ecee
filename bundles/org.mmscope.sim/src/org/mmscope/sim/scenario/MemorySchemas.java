package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Private virtual memory of the thread's process: reserve, commit, decommit, release, protect
 * (NT: NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory), and accesses that
 * fault pages in: touch, read, write.
 */
final class MemorySchemas {

    private static final Value RW = new Value.Protection("rw");

    private MemorySchemas() {
    }

    static List<StatementSchema> all() {
        return List.of(
                region("reserve", "Reserves address space (no commit charge, no pages).", Limits.ALLOCATION_GRANULARITY,
                        true, false, "reserve 0x20000000 size=64M rw"),
                region("commit", "Commits memory (reserving it first if needed): demand-zero pages, no frame until touched.",
                        Limits.PAGE_SIZE, true, false, "commit 0x10000 size=4M rw"),
                region("decommit", "Decommits pages: their frames are freed, the range stays reserved.",
                        Limits.PAGE_SIZE, false, false, "decommit 0x10000 size=1M"),
                release(),
                region("protect", "Changes the protection of committed pages.", Limits.PAGE_SIZE, true, true,
                        "protect 0x10000 size=64K r"),
                access("touch", true, "Accesses every stride bytes of a range (or one address): faults pages in.",
                        "touch 0x10000..+4M write"),
                access("read", false, "Reads every stride bytes of a range: touch ... read.", "read 0x10000..+4M"),
                access("write", false, "Writes every stride bytes of a range: touch ... write.",
                        "write 0x10000..+4M value=0xab"));
    }

    private static StatementSchema region(String verb, String summary, long alignment, boolean withProtection,
            boolean protectionRequired, String example) {
        StatementSchema.Builder b = StatementSchema.builder(verb).summary(summary).in(Context.THREAD)
                .positional(Param.address("address").required()
                        .between(Limits.LOWEST_USER_ADDRESS, Limits.HIGHEST_USER_END - Limits.PAGE_SIZE)
                        .aligned(alignment).doc("start, in the process's user space"));
        if (withProtection) {
            Param protection = Param.protection("protection").doc("page protection");
            b.positional(protectionRequired ? protection.required() : protection.withDefault(RW));
        }
        return b.keyword(Param.size("size").required().between(Limits.PAGE_SIZE, Limits.USER_SPACE_END)
                        .aligned(Limits.PAGE_SIZE).doc("bytes, a multiple of 4K"))
                .check(MemorySchemas::regionInUserSpace)
                .example(example)
                .build();
    }

    private static void regionInUserSpace(Statement s, CheckContext c) throws ScenarioException {
        long start = s.number("address");
        long size = s.size("size");
        if (size > Limits.HIGHEST_USER_END - start) {
            Argument sizeArgument = s.find("size").orElseThrow();
            throw new ScenarioException(sizeArgument.position(), "size=" + sizeArgument.text() + " at "
                    + ValueFormat.hex(start) + " runs past the end of user space (" + ValueFormat.hex(Limits.HIGHEST_USER_END)
                    + ")");
        }
    }

    private static StatementSchema release() {
        return StatementSchema.builder("release")
                .summary("Releases a whole reservation (its base address): pages freed, range gone.")
                .in(Context.THREAD)
                .positional(Param.address("address").required()
                        .between(Limits.LOWEST_USER_ADDRESS, Limits.HIGHEST_USER_END - Limits.PAGE_SIZE)
                        .aligned(Limits.ALLOCATION_GRANULARITY).doc("base of the reservation"))
                .example("release 0x20000000")
                .build();
    }

    private static StatementSchema access(String verb, boolean withAccessWord, String summary, String example) {
        List<Param> positional = new ArrayList<>();
        positional.add(Param.of("target", ArgType.RANGE, ArgType.ADDRESS).required().max(Limits.USER_SPACE_END)
                .doc("a range, or one address (one access)"));
        if (withAccessWord) {
            positional.add(Param.word("access", "read", "write", "execute").withDefault(new Value.Name("read"))
                    .doc("kind of access"));
        }
        StatementSchema.Builder b = StatementSchema.builder(verb).summary(summary).in(Context.THREAD);
        positional.forEach(b::positional);
        b.keyword(Param.size("stride").withDefault(new Value.Size(Limits.PAGE_SIZE)).min(Limits.PAGE_SIZE)
                .aligned(Limits.PAGE_SIZE).doc("bytes between two accesses (whole pages)"));
        if (!verb.equals("read")) {
            b.keyword(Param.number("value").between(0, 255)
                    .doc("with write: the byte written; a pattern from the seed when left out"));
        }
        return b.check(MemorySchemas::accessBounds).example(example).build();
    }

    private static void accessBounds(Statement s, CheckContext c) throws ScenarioException {
        Argument what = s.find("target").orElseThrow();
        if (what.value() instanceof Value.Number n && Long.compareUnsigned(n.value(), Limits.USER_SPACE_END) >= 0) {
            throw new ScenarioException(what.position(), "address " + what.text() + " is outside user space (below "
                    + ValueFormat.hex(Limits.USER_SPACE_END) + ")");
        }
        if (what.value() instanceof Value.Range r) {
            long stride = s.size("stride");
            long accesses = (r.size() - 1) / stride + 1;
            if (accesses > Limits.MAX_TOUCH_ACCESSES) {
                throw new ScenarioException(what.position(), "'" + s.verb() + "' would make "
                        + ScenarioText.grouped(accesses) + " accesses (at most " + ScenarioText.grouped(Limits.MAX_TOUCH_ACCESSES)
                        + "); use a larger stride= or a smaller range");
            }
        }
        if (s.has("value") && s.has("access") && !s.word("access").equals("write")) {
            throw new ScenarioException(s.find("value").orElseThrow().keyPosition(), "value= goes with write access");
        }
    }
}
