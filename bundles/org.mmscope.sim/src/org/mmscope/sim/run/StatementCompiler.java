package org.mmscope.sim.run;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Operation;
import org.mmscope.sim.mm.Operations;
import org.mmscope.sim.mm.PoolOperations;
import org.mmscope.sim.mm.ReadAhead;
import org.mmscope.sim.mm.SectionManager;
import org.mmscope.sim.hw.BackingStore;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.section.ImagePart;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.Statement;
import org.mmscope.sim.scenario.Value;

/** Turns one validated scenario statement into the {@link Operation} a thread runs. */
final class StatementCompiler implements Serializable {

    /** Statements of later issues, and why they cannot run yet. */
    private static final Map<String, String> NOT_YET = Map.of();

    private final ScenarioRun run;

    StatementCompiler(ScenarioRun run) {
        this.run = run;
    }

    /** Refuses, before anything runs, the statements this version cannot run. */
    static void checkSupported(List<Statement> statements) throws ScenarioException {
        for (Statement statement : statements) {
            String why = NOT_YET.get(statement.verb());
            if (why != null) {
                throw new ScenarioException(statement.position(), "'" + statement.verb() + "' needs " + why
                        + ", which this version of the simulator does not have yet");
            }
            if (statement.verb().equals("inject") && statement.has("index") && statement.number("index") != 0) {
                throw new ScenarioException(statement.find("index").orElseThrow().keyPosition(),
                        "this version simulates one paging file: index must be 0");
            }
            checkSupported(statement.block());
        }
    }

    Operation compile(Statement s, MmProcess process) {
        return switch (s.verb()) {
            case "commit" -> Operations.allocate(address(s, "address"), s.size("size"), protection(s), true);
            case "reserve" -> Operations.allocate(address(s, "address"), s.size("size"), protection(s), false);
            case "decommit" -> Operations.free(address(s, "address"), s.size("size"), false);
            case "release" -> Operations.free(address(s, "address"), 0, true);
            case "protect" -> Operations.protect(address(s, "address"), s.size("size"), protection(s));
            case "touch" -> touch(s, access(s.word("access")));
            case "read" -> touch(s, Access.READ);
            case "write" -> touch(s, Access.WRITE);
            case "wait" -> s.has("condition") ? waitFor(s) : Operations.delay(s.time("duration"));
            case "join" -> join(s);
            case "exit" -> exit(s, process);
            case "trim" -> trim(s, process);
            case "run" -> runSystemThread(s);
            case "inject" -> inject(s);
            case "corrupt" -> corrupt(s);
            case "mark" -> Operations.once("mark", (simulation, p) -> run.mark(s.string("text")));
            case "process" -> Operations.once("process", (simulation, p) -> run.createProcess(name(s, "name")));
            case "fork" -> fork(s);
            case "section create" -> sectionCreate(s);
            case "section image" -> sectionImage(s);
            case "map" -> map(s);
            case "readahead" -> readAhead(s);
            case "unmap" -> Operations.once("unmap", (simulation, p) -> simulation.memoryManager().sections()
                    .unmapView(p, address(s, "address")));
            case "pool alloc" -> poolAlloc(s);
            case "pool free" -> poolFree(s);
            case "pool write" -> poolWrite(s);
            case "pool verify" -> poolVerify(s);
            default -> throw new ScenarioRunException(s.position(), "'" + s.verb() + "' cannot run here");
        };
    }

    /**
     * {@code fork PARENT as CHILD}: a step-wise fork (NT: MiCloneProcessAddressSpace); the child is
     * known by its name once the fork is complete, and has no thread of its own.
     */
    private Operation fork(Statement s) {
        String parent = name(s, "parent");
        String child = name(s, "child");
        return Operations.fork(mm -> {
            MmProcess target = run.process(parent);
            if (target == null) {
                throw new ScenarioRunException(s.position(), "'fork " + parent + "': " + parent
                        + " does not exist at this point of the run");
            }
            return target;
        }, child, process -> run.processForked(child, process));
    }

    private Operation sectionCreate(Statement s) {
        String name = name(s, "name");
        long pages = s.size("size") >>> 12;
        int protection = protection(s);
        String file = s.has("file") ? s.string("file") : null;
        return Operations.once("section create " + name, (simulation, p) -> {
            SectionManager sections = simulation.memoryManager().sections();
            ControlArea area = sections.createSection(name, pages, protection,
                    file == null ? null : sections.file(file, pages));
            run.sectionCreated(name, area);
        });
    }

    /**
     * {@code section image NAME file="F" text=SIZE [rdata=SIZE] [data=SIZE]}: an image section (NT:
     * MiCreateImageFileMap) with .text EXECUTE_READ, .rdata READONLY and .data WRITECOPY, the file made
     * with the image's size (header page and sections) when new.
     */
    private Operation sectionImage(Statement s) {
        String name = name(s, "name");
        String file = s.string("file");
        List<ImagePart> parts = new java.util.ArrayList<>();
        parts.add(new ImagePart(".text", s.size("text") >>> 12, Protection.EXECUTE_READ));
        if (s.has("rdata")) {
            parts.add(new ImagePart(".rdata", s.size("rdata") >>> 12, Protection.READONLY));
        }
        if (s.has("data")) {
            parts.add(new ImagePart(".data", s.size("data") >>> 12, Protection.WRITECOPY));
        }
        long pages = 1 + parts.stream().mapToLong(ImagePart::pages).sum();
        return Operations.once("section image " + name, (simulation, p) -> {
            SectionManager sections = simulation.memoryManager().sections();
            try {
                run.sectionCreated(name, sections.createImageSection(name, sections.file(file, pages), parts));
            } catch (IllegalArgumentException e) {
                throw new ScenarioRunException(s.position(), "'section image': " + e.getMessage());
            }
        });
    }

    private Operation map(Statement s) {
        long address = s.has("address") ? address(s, "address") : 0;
        int protection = protection(s);
        long offsetPages = s.size("offset") >>> 12;
        Long sizePages = s.has("size") ? s.size("size") >>> 12 : null;
        String file = s.has("file") ? s.string("file") : null;
        String section = s.has("section") ? name(s, "section") : null;
        return Operations.once("map", (simulation, p) -> {
            SectionManager sections = simulation.memoryManager().sections();
            ControlArea area;
            if (file != null) {
                if (sizePages == null && !sections.files().containsKey(file)) {
                    throw new ScenarioRunException(s.position(), "'map file=\"" + file
                            + "\"': the file is new, so give its size with size=");
                }
                MappedFile mapped = sections.file(file, sizePages == null ? 0 : offsetPages + sizePages);
                area = sections.sectionForFile(mapped, Protection.READWRITE);
            } else {
                area = run.section(s, section);
            }
            long pages = sizePages != null ? sizePages : area.pages() - offsetPages;
            try {
                sections.mapView(p, area, address, offsetPages, pages, protection);
            } catch (IllegalArgumentException e) {
                throw new ScenarioRunException(s.position(), "'map': " + e.getMessage());
            }
        });
    }

    /**
     * {@code readahead RANGE file="NAME"} (the validator fills in file= from the process's last
     * {@code map file=}): the pages of the range of the file's section are read ahead in one cluster;
     * the thread waits for the read (NT: MiCcPutPagesInTransition via ReadAhead).
     */
    private Operation readAhead(Statement s) {
        Value.Range range = s.range("range");
        String file = s.string("file");
        long firstPage = range.start() >>> 12;
        long endPage = (range.endExclusive() + 4095) >>> 12;
        return ReadAhead.operation(String.format("readahead 0x%x..0x%x file=\"%s\"", range.start(),
                range.endExclusive(), file), simulation -> {
                    SectionManager sections = simulation.memoryManager().sections();
                    MappedFile mapped = sections.files().get(file);
                    if (mapped == null) {
                        throw new ScenarioRunException(s.position(), "'readahead': file \"" + file
                                + "\" does not exist yet: no statement that creates it has run");
                    }
                    if (endPage > mapped.sizeInPages()) {
                        throw new ScenarioRunException(s.position(), String.format(
                                "'readahead': 0x%x..0x%x is beyond the end of \"%s\" (0x%x bytes)", range.start(),
                                range.endExclusive(), file, mapped.sizeInPages() << 12));
                    }
                    return sections.sectionForFile(mapped, Protection.READWRITE);
                }, firstPage, endPage - firstPage);
    }

    private Operation poolAlloc(Statement s) {
        String type = s.word("type");
        PoolType poolType = type.equals("paged") || type.equals("special-paged") ? PoolType.PAGED : PoolType.NONPAGED;
        boolean special = type.startsWith("special");
        long count = s.number("count");
        long bytes = s.word("unit").equals("pages") ? count * 4096 : count;
        int tag = PoolHeader.tagOf(s.tag("tag"));
        String name = s.has("name") ? name(s, "name") : null;
        return PoolOperations.allocate(poolType, special, bytes, tag, irql(s),
                va -> run.poolBlockAllocated(name, va, tag));
    }

    private Operation poolFree(Statement s) {
        String name = name(s, "name");
        return Operations.once("pool free " + name, (simulation, p) -> {
            ScenarioRun.PoolBlockRef block = run.poolBlock(s, name);
            if (block.address() != 0) {
                simulation.memoryManager().pools().free(block.address(), block.tag(), irql(s));
            }
            run.poolBlockFreed(name);
        });
    }

    private Operation poolWrite(Statement s) {
        String name = name(s, "name");
        return PoolOperations.write(() -> run.poolBlock(s, name).address(), s.size("offset"), s.size("size"),
                (int) s.number("value"), irql(s));
    }

    private Operation poolVerify(Statement s) {
        String pattern = s.tag("tag").strip();
        Detection detection = s.word("detect").equals("underrun") ? Detection.UNDERRUN : Detection.OVERRUN;
        return Operations.once("pool verify " + pattern,
                (simulation, p) -> simulation.memoryManager().pools().setSpecialPoolTag(pattern, detection));
    }

    private static Irql irql(Statement s) {
        if (!s.has("irql")) {
            return Irql.PASSIVE_LEVEL;
        }
        return switch (s.word("irql")) {
            case "apc" -> Irql.APC_LEVEL;
            case "dispatch" -> Irql.DISPATCH_LEVEL;
            default -> Irql.PASSIVE_LEVEL;
        };
    }

    private Operation touch(Statement s, Access access) {
        Value target = s.value("target");
        long start;
        long end;
        if (target instanceof Value.Range range) {
            start = range.start();
            end = range.endExclusive();
        } else {
            start = address(s, "target");
            end = start + 1;
        }
        long stride = s.has("stride") ? s.size("stride") : 4096;
        int value = s.has("value") ? (int) s.number("value") : -1;
        return Operations.touch(start, end, stride, access, value);
    }

    private Operation waitFor(Statement s) {
        Value.Condition condition = s.condition("condition");
        long timeout = s.has("timeout") ? s.time("timeout") : Long.MAX_VALUE;
        return Operations.waitUntil("wait until " + condition.variable() + condition.op() + condition.value(),
                timeout, mm -> run.holds(condition));
    }

    private Operation join(Statement s) {
        String name = name(s, "process");
        long timeout = s.has("timeout") ? s.time("timeout") : Long.MAX_VALUE;
        return Operations.waitUntil("join " + name, timeout, mm -> {
            MmProcess target = run.process(name);
            return target == null || !run.hasLiveThreads(target);
        });
    }

    private Operation exit(Statement s, MmProcess own) {
        String name = s.has("process") ? name(s, "process") : null;
        return Operations.once("exit", (simulation, p) -> {
            MmProcess target = name == null ? own : run.process(name);
            if (target == null) {
                throw new ScenarioRunException(s.position(), "'exit " + name + "': it does not exist (any more)");
            }
            simulation.memoryManager().exitProcess(target);
        });
    }

    private Operation trim(Statement s, MmProcess own) {
        String target = s.has("target") ? name(s, "target") : null;
        long pages = s.has("pages") ? s.number("pages") : Integer.MAX_VALUE;
        return Operations.once("trim", (simulation, p) -> {
            MemoryManager mm = simulation.memoryManager();
            List<MmProcess> targets;
            if ("all".equals(target)) {
                // every process, and the system working set once it holds paged-pool pages
                targets = mm.processes().stream()
                        .filter(x -> x != mm.systemProcess() || x.workingSet().count() > 0).toList();
            } else {
                MmProcess one = target == null ? own : run.process(target);
                if (one == null || one == mm.systemProcess()) {
                    throw new ScenarioRunException(s.position(), "'trim " + target + "': no such process now");
                }
                targets = List.of(one);
            }
            for (MmProcess process : targets) {
                mm.trim(process, (int) Math.min(Integer.MAX_VALUE, pages), 0);
            }
            mm.wakeModifiedPageWriter();
        });
    }

    private Operation runSystemThread(Statement s) {
        String thread = s.word("thread");
        long pages = s.has("pages") ? s.number("pages") : Long.MAX_VALUE;
        return Operations.once("run " + thread, (simulation, p) -> {
            MemoryManager mm = simulation.memoryManager();
            switch (thread) {
                case "zero-page-thread" -> mm.runZeroPageThread(pages);
                case "modified-page-writer" -> mm.runModifiedPageWriter(pages);
                default -> mm.runWorkingSetManager(pages);
            }
        });
    }

    private Operation inject(Statement s) {
        boolean write = s.word("kind").equals("disk-write-error");
        long offset = address(s, "offset") >>> 12;
        int times = (int) s.number("times");
        String file = s.has("file") ? s.string("file") : null;
        return Operations.once("inject", (simulation, p) -> {
            MemoryManager mm = simulation.memoryManager();
            BackingStore store = mm.pagingFile();
            if (file != null) {
                store = mm.sections().files().get(file);
                if (store == null) {
                    throw new ScenarioRunException(s.position(), "'inject': file \"" + file
                            + "\" does not exist yet (no 'map' or 'section create' named it before this line ran)");
                }
                if (offset >= store.sizeInPages()) {
                    throw new ScenarioRunException(s.position(), String.format(
                            "'inject': offset 0x%x is past the end of \"%s\" (%d pages)", offset << 12, file,
                            store.sizeInPages()));
                }
            }
            if (write) {
                mm.disk().injectWriteError(store, offset, times);
            } else {
                mm.disk().injectReadError(store, offset, times);
            }
            mm.events().emit(MmEventType.DISK_ERROR_INJECTED, -1, 0, write ? 1 : 0, times, offset);
        });
    }

    /**
     * A simulated driver bug the invariant checker finds and nothing bugchecks at once: {@code
     * share-count} gives the page {@code va=} maps one share count more than valid PTEs map it (a
     * leaked mapping reference; the page can never leave ActiveAndValid again through its mappings);
     * {@code stale-tlb} takes the Write bit off its PTE without flushing any TLB.
     */
    private Operation corrupt(Statement s) {
        long va = address(s, "va");
        String what = s.word("what");
        return Operations.once("corrupt " + what, (simulation, p) -> {
            MemoryManager mm = simulation.memoryManager();
            long pte = mm.pte(p, va);
            if (org.mmscope.sim.pte.Pte.classify(pte) != org.mmscope.sim.pte.PteKind.HARDWARE) {
                throw new ScenarioRunException(s.position(), String.format(
                        "'corrupt': 0x%x is not mapped by a valid PTE of process %s now (%s); touch it first", va,
                        p.name(), org.mmscope.sim.pte.Pte.describe(pte)));
            }
            int pfn = (int) org.mmscope.sim.pte.Pte.pfn(pte);
            if (what.equals("stale-tlb")) {
                if (!org.mmscope.sim.pte.Pte.isWritable(pte)) {
                    throw new ScenarioRunException(s.position(), String.format(
                            "'corrupt stale-tlb': 0x%x of process %s is not writable (%s)", va, p.name(),
                            org.mmscope.sim.pte.Pte.describe(pte)));
                }
                mm.writeProtectWithoutTlbFlush(p, va);
                run.mark(String.format("corrupt stale-tlb: PTE of 0x%x in %s made read-only without a TLB flush (PFN 0x%x)",
                        va & ~0xFFFL, p.name(), pfn));
                return;
            }
            mm.pfns().incrementShareCount(pfn);
            run.mark(String.format("corrupt share-count: PFN 0x%x at 0x%x of %s has one share too many", pfn, va,
                    p.name()));
        });
    }

    private static Access access(String word) {
        return switch (word) {
            case "write" -> Access.WRITE;
            case "execute" -> Access.EXECUTE;
            default -> Access.READ;
        };
    }

    private static int protection(Statement s) {
        return protectionMask(s.protection("protection"));
    }

    /**
     * The memory manager's protection code for a scenario protection (docs/scenario-format.md): a base
     * (noaccess, r, rw, wc, x, rx, rwx, xwc), then optionally -guard, then -nocache or -writecombine.
     */
    static int protectionMask(String text) {
        String[] parts = text.split("-");
        int mask = switch (parts[0]) {
            case "noaccess" -> Protection.NOACCESS;
            case "r" -> Protection.READONLY;
            case "rw" -> Protection.READWRITE;
            case "wc" -> Protection.WRITECOPY;
            case "x" -> Protection.EXECUTE;
            case "rx" -> Protection.EXECUTE_READ;
            case "rwx" -> Protection.EXECUTE_READWRITE;
            case "xwc" -> Protection.EXECUTE_WRITECOPY;
            default -> throw new IllegalArgumentException("not a protection: " + text);
        };
        for (int i = 1; i < parts.length; i++) {
            mask |= switch (parts[i]) {
                case "guard" -> Protection.GUARD_PAGE;
                case "nocache" -> Protection.NOCACHE;
                case "writecombine" -> Protection.WRITECOMBINE;
                default -> throw new IllegalArgumentException("not a protection: " + text);
            };
        }
        return mask;
    }

    private static String name(Statement s, String parameter) {
        return ((Value.Name) s.value(parameter)).text();
    }

    private static long address(Statement s, String parameter) {
        Value value = s.value(parameter);
        if (value instanceof Value.Number number) {
            return number.value();
        }
        if (value instanceof Value.Size size) {
            return size.bytes();
        }
        throw new IllegalStateException("'" + s.verb() + "' " + parameter + " is " + value.kind() + ", not an address");
    }
}
