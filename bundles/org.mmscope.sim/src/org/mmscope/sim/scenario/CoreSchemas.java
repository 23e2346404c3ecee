package org.mmscope.sim.scenario;

import java.util.List;

/**
 * The statements that shape a scenario: the machine, paging files, processes and threads, rules
 * (at, pressure), control (repeat, in, wait, join), process life (fork, exit) and the system
 * (trim, run, inject, corrupt, mark). Their meaning is in docs/scenario-format.md.
 */
final class CoreSchemas {

    /** Counters a condition may test, all in pages. */
    static final List<String> CONDITION_VARIABLES = List.of("available", "zeroed", "free", "standby",
            "modified", "modified-no-write", "bad", "active");

    private static final long M = 1L << 20;
    private static final long G = 1L << 30;
    private static final long MAX_PAGE_COUNT = 1L << 32;

    private CoreSchemas() {
    }

    static List<StatementSchema> all() {
        return List.of(machine(), pagefile(), process(), thread(), at(), pressure(), repeat(), in(), fork(),
                waitSchema(), join(), exit(), trim(), run(), inject(), corrupt(), mark());
    }

    private static StatementSchema machine() {
        return StatementSchema.builder("machine")
                .summary("The simulated machine: RAM, page colours, CPUs, first paging file, seed, disk latency.")
                .in(Context.TOP).direct()
                .keyword(Param.size("ram").withDefault(new Value.Size(256 * M)).between(256 * M, 64 * G)
                        .aligned(Limits.PAGE_SIZE).doc("physical memory, bytes"))
                .keyword(Param.number("colours").withDefault(new Value.Number(16)).between(1, 1024).powerOfTwo()
                        .doc("page colours (cache colours), a power of two"))
                .keyword(Param.number("cpus").withDefault(new Value.Number(1)).between(1, 64)
                        .doc("simulated processors"))
                .keyword(Param.size("pagefile").between(M, 256 * G).aligned(Limits.PAGE_SIZE)
                        .doc("size of paging file 0; none when left out"))
                .keyword(Param.number("seed").withDefault(new Value.Number(0))
                        .doc("seed of the one random generator (64 bits)"))
                .keyword(Param.time("disk-latency").withDefault(new Value.Time(5_000_000)).between(0, 1_000_000_000L)
                        .doc("time one disk transfer takes"))
                .keyword(Param.word("background", "on", "off").withDefault(new Value.Name("on"))
                        .doc("system threads run by themselves (on) or only through 'run' (off)"))
                .keyword(Param.word("protected-pool", "on", "off").withDefault(new Value.Name("off"))
                        .doc("free nonpaged pool runs are unmapped while free (NT: ProtectNonPagedPool)"))
                .example("machine ram=256M colours=16 cpus=2 pagefile=512M seed=42")
                .build();
    }

    private static StatementSchema pagefile() {
        return StatementSchema.builder("pagefile")
                .summary("One more paging file (numbered after machine's pagefile=, in order).")
                .in(Context.TOP).direct()
                .keyword(Param.size("size").required().between(M, 256 * G).aligned(Limits.PAGE_SIZE)
                        .doc("size in bytes"))
                .example("pagefile size=1G")
                .build();
    }

    private static StatementSchema process() {
        return StatementSchema.builder("process")
                .summary("Creates a process when the script reaches it; its threads start at once.")
                .in(Context.TOP).direct()
                .positional(Param.name("name").required().defines(Param.PROCESSES).doc("the process name"))
                .keyword(Param.size("ws-min").between(Limits.PAGE_SIZE, 64 * G).aligned(Limits.PAGE_SIZE)
                        .doc("working-set minimum; the memory manager's default when left out"))
                .keyword(Param.size("ws-max").between(Limits.PAGE_SIZE, 64 * G).aligned(Limits.PAGE_SIZE)
                        .doc("working-set maximum; the memory manager's default when left out"))
                .body(BodyKind.BLOCK, BodyScope.PROCESS)
                .check(CoreSchemas::workingSetLimits)
                .example("process notepad.exe { thread main { commit 0x10000 size=1M rw } }")
                .build();
    }

    private static void workingSetLimits(Statement s, CheckContext c) throws ScenarioException {
        if (s.has("ws-min") && s.has("ws-max") && s.size("ws-min") > s.size("ws-max")) {
            Argument min = s.find("ws-min").orElseThrow();
            throw new ScenarioException(min.keyPosition(), "ws-min=" + min.text() + " is above ws-max="
                    + s.find("ws-max").orElseThrow().text());
        }
    }

    private static StatementSchema thread() {
        return StatementSchema.builder("thread")
                .summary("A thread of the process; runs its statements in order, then ends.")
                .in(Context.PROCESS).direct()
                .positional(Param.name("name").required().defines(Param.THREADS)
                        .doc("thread name, unique in its process"))
                .keyword(Param.number("priority").withDefault(new Value.Number(8)).between(1, 31)
                        .doc("scheduling priority (NT: 1-15 normal, 16-31 real-time)"))
                .body(BodyKind.BLOCK, BodyScope.THREAD)
                .example("thread main { touch 0x10000..+1M write }")
                .build();
    }

    private static StatementSchema at() {
        return StatementSchema.builder("at")
                .summary("A timed action: runs its body at simulated time t, wherever it is written.")
                .in(Context.TOP).direct()
                .keyword(Param.time("t").required().between(0, Limits.MAX_TIME_NANOS)
                        .doc("simulated time from the start"))
                .body(BodyKind.BLOCK, BodyScope.TOP).bodyRequired().inlineBody()
                .example("at t=50ms: inject disk-read-error pagefile offset=0x3000")
                .build();
    }

    private static StatementSchema pressure() {
        return StatementSchema.builder("pressure")
                .summary("A rule: runs its action each time the condition becomes true.")
                .in(Context.TOP).direct()
                .positional(Param.condition("condition").required().doc("a counter compared with a page count"))
                .body(BodyKind.ACTION, BodyScope.TOP).bodyRequired().repeatsBody()
                .example("pressure available<2000 -> trim all")
                .build();
    }

    private static StatementSchema repeat() {
        return StatementSchema.builder("repeat")
                .summary("Runs its body count times.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.number("count").required().between(0, Limits.MAX_REPEAT).doc("how many times"))
                .body(BodyKind.BLOCK, BodyScope.SAME).bodyRequired().repeatsBody()
                .example("repeat 10 { touch 0x10000..+64K write; wait 1ms }")
                .build();
    }

    private static StatementSchema in() {
        return StatementSchema.builder("in")
                .summary("Runs its body in the address space of a process (attached, like KeStackAttachProcess).")
                .in(Context.TOP)
                .positional(Param.name("process").required().refersTo(Param.PROCESSES).doc("the process"))
                .body(BodyKind.BLOCK, BodyScope.THREAD).bodyRequired().inlineBody()
                .example("in notepad2: touch 0x10000 write")
                .build();
    }

    private static StatementSchema fork() {
        return StatementSchema.builder("fork")
                .summary("Creates a process whose address space is a copy-on-write clone of another's.")
                .in(Context.TOP)
                .positional(Param.name("parent").required().refersTo(Param.PROCESSES).doc("the process cloned"))
                .positional(Param.literal("as"))
                .positional(Param.name("child").required().defines(Param.PROCESSES).doc("the new process"))
                .example("fork notepad as notepad2")
                .build();
    }

    private static StatementSchema waitSchema() {
        return StatementSchema.builder("wait")
                .summary("Lets simulated time pass: a duration, or until a condition holds.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.literal("until").optional().doc("written before a condition"))
                .positional(Param.condition("condition").afterLiteral().doc("wait until this holds"))
                .positional(Param.time("duration").between(0, Limits.MAX_TIME_NANOS).doc("wait this long"))
                .keyword(Param.time("timeout").between(0, Limits.MAX_TIME_NANOS)
                        .doc("with until: give up after this long; no limit when left out"))
                .check(CoreSchemas::waitShape)
                .example("wait until available>2000 timeout=1s")
                .build();
    }

    private static void waitShape(Statement s, CheckContext c) throws ScenarioException {
        if (!s.has("condition") && !s.has("duration")) {
            throw new ScenarioException(s.position(), "'wait' needs a duration or a condition, like: wait 5ms, or: "
                    + "wait until available>2000");
        }
        if (s.has("condition") && s.has("duration")) {
            throw new ScenarioException(s.find("duration").orElseThrow().position(),
                    "'wait' takes a duration or a condition, not both; use timeout= to bound a wait for a condition");
        }
        if (!s.has("condition") && s.has("timeout")) {
            throw new ScenarioException(s.find("timeout").orElseThrow().keyPosition(),
                    "timeout= goes with 'wait until CONDITION'");
        }
    }

    private static StatementSchema join() {
        return StatementSchema.builder("join")
                .summary("Waits until every thread of a process has finished its statements.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("process").required().refersTo(Param.PROCESSES).doc("the process"))
                .keyword(Param.time("timeout").between(0, Limits.MAX_TIME_NANOS)
                        .doc("give up after this long; no limit when left out"))
                .example("join hog")
                .build();
    }

    private static StatementSchema exit() {
        return StatementSchema.builder("exit")
                .summary("Ends a process: its threads stop, its private pages go back to Free.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("process").refersTo(Param.PROCESSES)
                        .doc("the process; in a thread, its own process when left out"))
                .check(CoreSchemas::needsTargetAtTop)
                .example("exit notepad.exe")
                .build();
    }

    private static StatementSchema trim() {
        return StatementSchema.builder("trim")
                .summary("Trims working sets: clean pages to Standby, dirty pages to Modified.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.name("target").refersTo(Param.PROCESSES).withWords(List.of("all"))
                        .doc("a process, or all; in a thread, its own process when left out"))
                .keyword(Param.number("pages").between(1, MAX_PAGE_COUNT)
                        .doc("at most this many pages per process; the whole working set when left out"))
                .check(CoreSchemas::needsTargetAtTop)
                .example("trim all")
                .build();
    }

    private static void needsTargetAtTop(Statement s, CheckContext c) throws ScenarioException {
        if (c.context() == Context.TOP && s.positional().isEmpty()) {
            throw new ScenarioException(s.position(), "'" + s.verb() + "' at top level needs a process"
                    + (s.verb().equals("trim") ? " or 'all'" : "") + ", like: " + s.verb() + " notepad.exe");
        }
    }

    private static StatementSchema run() {
        return StatementSchema.builder("run")
                .summary("Runs a system thread now, once, whatever machine background= says.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.word("thread", "zero-page-thread", "modified-page-writer", "working-set-manager")
                        .required().doc("the system thread"))
                .keyword(Param.number("pages").between(1, MAX_PAGE_COUNT)
                        .doc("at most this many pages of work; all there is when left out"))
                .example("run zero-page-thread")
                .build();
    }

    private static StatementSchema inject() {
        return StatementSchema.builder("inject")
                .summary("Arms a disk error: the next transfers covering a byte of the paging file or a file fail.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.word("kind", "disk-read-error", "disk-write-error").required()
                        .doc("which transfer fails"))
                .positional(Param.word("device", "pagefile").doc("the paging file (else give file=)"))
                .keyword(Param.string("file").doc("a mapped file (instead of pagefile)"))
                .keyword(Param.number("index").between(0, Limits.MAX_PAGING_FILES - 1)
                        .doc("with pagefile: which paging file; 0 when left out"))
                .keyword(Param.address("offset").required().doc("byte offset in the file; the transfer covering it fails"))
                .keyword(Param.number("times").withDefault(new Value.Number(1)).between(1, 1_000_000)
                        .doc("how many transfers fail before it works again"))
                .check(CoreSchemas::injectTarget)
                .example("inject disk-read-error pagefile offset=0x3000 times=1")
                .build();
    }

    private static void injectTarget(Statement s, CheckContext c) throws ScenarioException {
        boolean pagefile = s.has("device");
        boolean file = s.has("file");
        if (pagefile == file) {
            throw new ScenarioException(pagefile ? s.find("file").orElseThrow().keyPosition() : s.position(),
                    "'inject' needs exactly one target: pagefile, or file=\"NAME\"");
        }
        if (!pagefile) {
            if (s.has("index")) {
                throw new ScenarioException(s.find("index").orElseThrow().keyPosition(),
                        "index= goes with pagefile (it numbers the paging files)");
            }
            return;
        }
        List<PagingFileSpec> files = c.machine().pagingFiles();
        Argument device = s.find("device").orElseThrow();
        if (files.isEmpty()) {
            throw new ScenarioException(device.position(),
                    "the machine has no paging file: add pagefile=SIZE to 'machine' or a 'pagefile size=SIZE' statement");
        }
        int index = s.has("index") ? (int) s.number("index") : 0;
        if (index >= files.size()) {
            throw new ScenarioException(s.find("index").orElseThrow().position(), "index=" + index
                    + " names no paging file: the machine has " + files.size() + " (0 to " + (files.size() - 1) + ")");
        }
        Argument offset = s.find("offset").orElseThrow();
        long size = files.get(index).sizeBytes();
        if (Long.compareUnsigned(s.number("offset"), size) >= 0) {
            throw new ScenarioException(offset.position(), "offset=" + offset.text()
                    + " is beyond the end of paging file " + index + " (" + ValueFormat.size(size) + ")");
        }
    }

    private static StatementSchema corrupt() {
        return StatementSchema.builder("corrupt")
                .summary("Simulates a driver bug that breaks an invariant without a bugcheck, for the invariant"
                        + " checker and invariant-violation breakpoints to find.")
                .in(Context.THREAD)
                .positional(Param.word("what", "share-count", "stale-tlb").required()
                        .doc("share-count: the page mapped at va= gets one share more than PTEs map it; stale-tlb:"
                                + " its PTE loses the Write bit and no TLB is flushed"))
                .keyword(Param.address("va").required().doc("an address of the thread's process a valid PTE maps now"))
                .example("corrupt share-count va=0x10000")
                .build();
    }

    private static StatementSchema mark() {
        return StatementSchema.builder("mark")
                .summary("Records a marker event with a text on the timeline; changes nothing.")
                .in(Context.TOP, Context.THREAD)
                .positional(Param.string("text").required().doc("the marker's text"))
                .example("mark \"hog starts\"")
                .build();
    }

}
