package org.mmscope.model.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.emf.ecore.EObject;
import org.mmscope.model.ControlArea;
import org.mmscope.model.Cpu;
import org.mmscope.model.Machine;
import org.mmscope.model.PageTable;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.SubsectionInfo;

/**
 * The collections a query can start from ({@code from pfns ...}), each with its default columns and
 * the extra names its rows offer besides their own fields.
 */
enum QuerySource {
    PFNS("pfns", "every PFN entry; extra name: owner (process or section name)",
            "pfn", "location", "referenceCount", "shareCount", "priority", "modified", "owner", "virtualAddress"),
    LIST_HEADS("listHeads", "page-list heads with totals", "list", "colour", "priority", "total"),
    PROCESSES("processes", "live processes", "pid", "name", "privatePages", "pageFaults", "hardFaults"),
    THREADS("threads", "threads; extra names: process, pid", "id", "name", "process", "state", "waitReason"),
    WSLES("wsles", "working-set entries; extra names: process, pid", "process", "index", "virtualAddress", "pfn",
            "age"),
    VADS("vads", "VADs; extra names: process, pid", "process", "start", "end", "protectionName", "committedPages"),
    PTES("ptes", "non-zero page-table entries; extra names: process, pid, level, table",
            "process", "level", "virtualAddress", "kind", "pfn", "description"),
    SECTIONS("sections", "sections (control areas)", "id", "name", "fileName", "pages", "mappedViews",
            "pfnReferences"),
    SUBSECTIONS("subsections", "subsections; extra name: section", "section", "name", "firstPage", "pages",
            "protection"),
    PROTOTYPES("prototypes", "non-zero prototype PTEs; extra name: section", "section", "index", "kind", "pfn",
            "description"),
    CLONE_BLOCKS("cloneBlocks", "clone blocks of forks", "id", "parentPid", "childPid", "usedEntries", "references"),
    TAGS("tags", "pool usage by tag (!poolused)", "tag", "type", "allocs", "frees", "bytes"),
    ALLOCATIONS("allocations", "live pool allocations", "address", "tag", "type", "bytes", "kind"),
    EVENTS("events", "recent events", "sequence", "type", "pfn", "virtualAddress", "oldState", "newState", "process"),
    COUNTERS("counters", "machine counters", "name", "value"),
    CPUS("cpus", "processors", "number", "irql", "currentThread", "tlbHits", "tlbMisses"),
    TLB("tlb", "valid TLB entries; extra name: cpu", "cpu", "slot", "virtualAddress", "pfn", "writable", "global"),
    MACHINE("machine", "the machine itself (one row)", "name", "ramBytes", "availablePages", "eventSequence");

    final String keyword;
    final String description;
    final List<String> columns;

    QuerySource(String keyword, String description, String... columns) {
        this.keyword = keyword;
        this.description = description;
        this.columns = List.of(columns);
    }

    static QuerySource of(String keyword) {
        for (QuerySource s : values()) {
            if (s.keyword.equalsIgnoreCase(keyword)) {
                return s;
            }
        }
        return null;
    }

    static String keywords() {
        StringBuilder text = new StringBuilder();
        for (QuerySource s : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(s.keyword);
        }
        return text.toString();
    }

    /** A row and its extra names. */
    record Row(EObject object, Map<String, Object> extra) {
    }

    /** Feeds every row of this source in {@code machine} to {@code sink}, in model order. */
    void rows(Machine machine, Consumer<Row> sink) {
        Map<String, Object> none = Map.of();
        switch (this) {
            case PFNS -> {
                if (machine.getPfnDatabase() == null) {
                    return;
                }
                Map<Integer, String> processNames = new HashMap<>();
                for (Process p : machine.getProcesses()) {
                    processNames.put(p.getPid(), p.getName());
                }
                Map<Integer, String> sectionNames = new HashMap<>();
                for (ControlArea c : machine.getSections()) {
                    sectionNames.put(c.getId(), c.getName());
                }
                for (PfnEntry e : machine.getPfnDatabase().getEntries()) {
                    String owner = switch (e.getOwnerKind()) {
                        case PROCESS_PRIVATE, PAGE_TABLE, CLONE_BLOCK -> processNames.getOrDefault(e.getOwnerPid(), "");
                        case SECTION -> sectionNames.getOrDefault(e.getOwnerSection(), "");
                        case KERNEL -> "kernel";
                        default -> "";
                    };
                    sink.accept(new Row(e, Map.of("owner", owner)));
                }
            }
            case LIST_HEADS -> {
                if (machine.getPfnDatabase() != null) {
                    machine.getPfnDatabase().getListHeads().forEach(h -> sink.accept(new Row(h, none)));
                }
            }
            case PROCESSES -> machine.getProcesses().forEach(p -> sink.accept(new Row(p, none)));
            case THREADS -> machine.getProcesses().forEach(p -> p.getThreads().forEach(t -> sink.accept(inProcess(t, p))));
            case WSLES -> machine.getProcesses().forEach(p -> {
                if (p.getWorkingSet() != null) {
                    p.getWorkingSet().getEntries().forEach(w -> sink.accept(inProcess(w, p)));
                }
            });
            case VADS -> machine.getProcesses().forEach(p -> p.getVads().forEach(v -> sink.accept(inProcess(v, p))));
            case PTES -> machine.getProcesses().forEach(p -> {
                for (PageTable table : p.getPageTables()) {
                    for (PteEntry e : table.getEntries()) {
                        Map<String, Object> extra = new LinkedHashMap<>();
                        extra.put("process", p.getName());
                        extra.put("pid", p.getPid());
                        extra.put("level", table.getLevel());
                        extra.put("table", table.getPfn());
                        sink.accept(new Row(e, extra));
                    }
                }
            });
            case SECTIONS -> machine.getSections().forEach(c -> sink.accept(new Row(c, none)));
            case SUBSECTIONS -> machine.getSections().forEach(c -> {
                for (SubsectionInfo s : c.getSubsections()) {
                    sink.accept(new Row(s, Map.of("section", c.getName())));
                }
            });
            case PROTOTYPES -> machine.getSections().forEach(c -> c.getPrototypes()
                    .forEach(e -> sink.accept(new Row(e, Map.of("section", c.getName())))));
            case CLONE_BLOCKS -> machine.getCloneBlocks().forEach(b -> sink.accept(new Row(b, none)));
            case TAGS -> {
                if (machine.getPools() != null) {
                    machine.getPools().getTags().forEach(t -> sink.accept(new Row(t, none)));
                }
            }
            case ALLOCATIONS -> {
                if (machine.getPools() != null) {
                    machine.getPools().getAllocations().forEach(a -> sink.accept(new Row(a, none)));
                }
            }
            case EVENTS -> machine.getEvents().forEach(e -> sink.accept(new Row(e, none)));
            case COUNTERS -> machine.getCounters().forEach(c -> sink.accept(new Row(c, none)));
            case CPUS -> machine.getCpus().forEach(c -> sink.accept(new Row(c, none)));
            case TLB -> {
                for (Cpu cpu : machine.getCpus()) {
                    cpu.getTlbEntries().forEach(t -> sink.accept(new Row(t, Map.of("cpu", cpu.getNumber()))));
                }
            }
            case MACHINE -> sink.accept(new Row(machine, none));
            default -> throw new IllegalStateException(name());
        }
    }

    private static Row inProcess(EObject object, Process p) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("process", p.getName());
        extra.put("pid", p.getPid());
        return new Row(object, extra);
    }

    static List<String> all() {
        List<String> all = new ArrayList<>();
        for (QuerySource s : values()) {
            all.add(s.keyword + ": " + s.description);
        }
        return all;
    }
}
