package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every statement of the standard language parses into the expected validated tree. */
class ScenarioStatementsTest {

    private static final long M = 1L << 20;

    private static Scenario parse(String text) throws ScenarioException {
        return ScenarioParser.parse("t.mms", text);
    }

    /** The only statement of the only thread of the only process declared around {@code op}. */
    private static Statement inThread(String op) throws ScenarioException {
        Scenario s = parse("process p {\n    thread t {\n        " + op + "\n    }\n}\n");
        return s.processes().get(0).threads().get(0).body().get(0);
    }

    private static Statement top(String text, int index) throws ScenarioException {
        return parse(text).statements().get(index);
    }

    @Test
    void machineWithEveryArgument() throws ScenarioException {
        Scenario s = parse("machine ram=1G colours=64 cpus=4 pagefile=2G seed=0xdead disk-latency=250us background=off\n"
                + "pagefile size=1G\npagefile size=64M");
        MachineSpec m = s.machine();
        assertEquals(1L << 30, m.ramBytes());
        assertEquals(262_144, m.pages());
        assertEquals(64, m.colours());
        assertEquals(4, m.cpus());
        assertEquals(0xdead, m.seed());
        assertEquals(250_000, m.diskLatencyNanos());
        assertFalse(m.background());
        assertEquals(List.of(new PagingFileSpec(0, 2L << 30), new PagingFileSpec(1, 1L << 30),
                new PagingFileSpec(2, 64 * M)), m.pagingFiles());
        assertEquals(List.of(), s.script());
    }

    @Test
    void machineDefaultsWithoutAMachineStatement() throws ScenarioException {
        MachineSpec m = parse("").machine();
        assertEquals(new MachineSpec(256 * M, 16, 1, List.of(), 0, 5_000_000, true), m);
        assertEquals(List.of(new PagingFileSpec(0, 64 * M)), parse("pagefile size=64M").machine().pagingFiles());
    }

    @Test
    void processesThreadsAndTheImplicitMainThread() throws ScenarioException {
        Scenario s = parse("""
                process a ws-min=1M ws-max=16M {
                    commit 0x10000 size=1M
                    thread worker priority=12 { wait 1ms }
                    touch 0x10000..+1M write
                }
                process b
                """);
        assertEquals(List.of("a", "b"), s.processes().stream().map(ProcessSpec::name).toList());
        ProcessSpec a = s.process("a").orElseThrow();
        assertEquals(M, a.workingSetMinimum().orElseThrow());
        assertEquals(16 * M, a.workingSetMaximum().orElseThrow());
        assertEquals(List.of("main", "worker"), a.threads().stream().map(ThreadSpec::name).toList());
        ThreadSpec main = a.threads().get(0);
        assertTrue(main.implicit());
        assertEquals(List.of("commit", "touch"), main.body().stream().map(Statement::verb).toList());
        assertEquals(12, a.threads().get(1).priority());
        assertEquals(List.of(), s.process("b").orElseThrow().threads());
        assertTrue(s.process("b").orElseThrow().workingSetMaximum().isEmpty());
        assertEquals(List.of("process", "process"), s.script().stream().map(Statement::verb).toList());
    }

    @Test
    void privateMemoryStatements() throws ScenarioException {
        Statement commit = inThread("commit 0x10000 size=4M rw");
        assertEquals("commit", commit.verb());
        assertEquals(0x10000, commit.number("address"));
        assertEquals(4 * M, commit.size("size"));
        assertEquals("rw", commit.protection("protection"));
        assertEquals("rw", inThread("commit 0x10000 size=0x1000").protection("protection")); // default
        assertEquals(4096, inThread("commit 0x10000 size=0x1000").size("size")); // plain number as a size
        assertEquals("rx-guard-nocache", inThread("reserve 0x20000 size=1M rx-guard-nocache").protection("protection"));
        assertEquals(0x7ff6_1234_0000L, inThread("reserve 00007ff6`12340000 size=64K").number("address"));
        Statement decommit = inThread("decommit 0x10000 size=1M");
        assertEquals(List.of("address"), decommit.positional().stream().map(Argument::name).toList());
        assertEquals(0x20000, inThread("release 0x20000").number("address"));
        assertEquals("r", inThread("protect 0x10000 size=64K r").protection("protection"));
    }

    @Test
    void accesses() throws ScenarioException {
        Statement touch = inThread("touch 0x10000..+4M write stride=8K value=0xab");
        assertEquals(new Value.Range(0x10000, 0x10000 + 4 * M), touch.range("target"));
        assertEquals("write", touch.word("access"));
        assertEquals(8192, touch.size("stride"));
        assertEquals(0xab, touch.number("value"));
        Statement one = inThread("touch 0x10000 write");
        assertEquals(new Value.Number(0x10000), one.value("target"));
        Statement defaults = inThread("touch 0x10000..0x20000");
        assertEquals("read", defaults.word("access"));
        assertEquals(4096, defaults.size("stride"));
        assertFalse(defaults.has("value"));
        assertEquals("read", inThread("read 0x10000..+1M").verb());
        assertEquals(7, inThread("write 0x10000..+1M value=7").number("value"));
    }

    @Test
    void waitJoinExitTrimRunMark() throws ScenarioException {
        assertEquals(5_000_000, inThread("wait 5ms").time("duration"));
        Statement until = top("wait until available>2000 timeout=1s", 0);
        assertEquals(new Value.Condition("available", ">", 2000), until.condition("condition"));
        assertEquals(1_000_000_000L, until.time("timeout"));
        assertTrue(until.has("until"));
        Scenario s = parse("process p\njoin p timeout=2s\nexit p\ntrim all pages=100\ntrim p\nrun zero-page-thread pages=10\n"
                + "mark \"hello\"");
        assertEquals("p", s.statements().get(1).word("process"));
        assertEquals("p", s.statements().get(2).word("process"));
        assertEquals("all", s.statements().get(3).word("target"));
        assertEquals(100, s.statements().get(3).number("pages"));
        assertEquals("p", s.statements().get(4).word("target"));
        assertEquals("zero-page-thread", s.statements().get(5).word("thread"));
        assertEquals("hello", s.statements().get(6).string("text"));
        assertFalse(inThread("exit").has("process"));
        assertFalse(inThread("trim").has("target"));
        assertEquals("modified-page-writer", inThread("run modified-page-writer").word("thread"));
    }

    @Test
    void rulesAndTimedActions() throws ScenarioException {
        Scenario s = parse("""
                process p
                at t=50ms: trim p
                pressure available<2000 -> trim all
                at t=10ms { wait 1ms; trim all }
                """);
        assertEquals(List.of(50_000_000L, 10_000_000L),
                s.statements().stream().filter(x -> x.verb().equals("at")).map(x -> x.time("t")).toList());
        assertEquals(List.of(10_000_000L, 50_000_000L), s.timedActions().stream().map(x -> x.time("t")).toList());
        Statement rule = s.pressureRules().get(0);
        assertEquals(new Value.Condition("available", "<", 2000), rule.condition("condition"));
        assertEquals("trim", rule.block().get(0).verb());
        assertEquals(List.of("process"), s.script().stream().map(Statement::verb).toList());
    }

    @Test
    void repeatInTheScriptAndInAThread() throws ScenarioException {
        Statement loop = inThread("repeat 3 { touch 0x10000 write; wait 1ms }");
        assertEquals(3, loop.number("count"));
        assertEquals(List.of("touch", "wait"), loop.block().stream().map(Statement::verb).toList());
        assertEquals(7, Validator.expandedSize(loop));
        Statement never = top("repeat 0 { mark \"never\" }", 0);
        assertEquals(0, never.number("count"));
        assertEquals(1, Validator.expandedSize(never));
    }

    @Test
    void forkAndIn() throws ScenarioException {
        Scenario s = parse("process notepad\nfork notepad as notepad2\nin notepad2: touch 0x10000 write");
        Statement fork = s.statements().get(1);
        assertEquals("notepad", fork.word("parent"));
        assertEquals("notepad2", fork.word("child"));
        Statement in = s.statements().get(2);
        assertEquals("notepad2", in.word("process"));
        assertEquals("write", in.block().get(0).word("access"));
    }

    @Test
    void injectedDiskErrors() throws ScenarioException {
        Statement pagefile = top("machine pagefile=512M\ninject disk-read-error pagefile offset=0x3000 times=2", 1);
        assertEquals("disk-read-error", pagefile.word("kind"));
        assertEquals("pagefile", pagefile.word("device"));
        assertEquals(0x3000, pagefile.number("offset"));
        assertEquals(2, pagefile.number("times"));
        Scenario file = parse("process p { map 0x30000000 file=\"data.bin\" size=16M r }\n"
                + "inject disk-read-error file=\"data.bin\" offset=64K");
        Statement mapped = file.statements().get(1);
        assertEquals("data.bin", mapped.string("file"));
        assertEquals(65536, mapped.number("offset"));
        assertEquals(1, mapped.number("times"));
    }

    @Test
    void sectionsAndFiles() throws ScenarioException {
        Scenario s = parse("""
                section create shared size=1M rw
                process writer {
                    map file="data.bin" size=16M
                    readahead 0..+64K
                    map 0x40000000 section=shared
                    unmap 0x40000000
                }
                readahead 0x10000..+64K file="data.bin"
                """);
        assertEquals("shared", s.statements().get(0).word("name"));
        List<Statement> body = s.processes().get(0).threads().get(0).body();
        assertFalse(body.get(0).has("address"));
        assertEquals(16 * M, body.get(0).size("size"));
        assertEquals(0, body.get(0).size("offset"));
        assertEquals("data.bin", body.get(1).string("file")); // filled in: the file last mapped
        assertEquals(new Value.Range(0, 65536), body.get(1).range("range"));
        assertEquals("shared", body.get(2).word("section"));
        assertEquals(0x40000000, body.get(3).number("address"));
    }

    @Test
    void pool() throws ScenarioException {
        Scenario s = parse("""
                pool alloc nonpaged 3 pages tag='Mm  ' as buffers
                pool alloc special 24 bytes tag='Drv1' irql=dispatch as probe
                pool alloc paged 0 bytes
                pool write probe offset=24 size=1
                pool free buffers
                """);
        Statement alloc = s.statements().get(0);
        assertEquals("pool alloc", alloc.verb());
        assertEquals("nonpaged", alloc.word("type"));
        assertEquals(3, alloc.number("count"));
        assertEquals("pages", alloc.word("unit"));
        assertEquals("buffers", alloc.word("name"));
        assertEquals("Mm  ", alloc.tag("tag"));
        assertEquals("passive", alloc.word("irql"));
        assertEquals("dispatch", s.statements().get(1).word("irql"));
        assertEquals("None", s.statements().get(2).tag("tag"));
        assertFalse(s.statements().get(2).has("name"));
        Statement write = s.statements().get(3);
        assertEquals(24, write.size("offset"));
        assertEquals(0x41, write.number("value"));
        assertEquals("pool free", s.statements().get(4).verb());
    }

    @Test
    void theUxExampleParses() throws ScenarioException {
        Scenario s = parse("""
                machine ram=512M colours=16 cpus=2 pagefile=1G seed=42
                process notepad {
                  thread main { commit 0x10000 size=4M rw; touch 0x10000..+4M write; }
                }
                process writer { map file="data.bin" size=16M; readahead 0..+64K; touch 0x10000..+16M read; }
                pressure available<2000 -> trim all
                at t=50ms: inject disk-read-error pagefile offset=0x3000
                fork notepad as notepad2; in notepad2: touch 0x10000 write
                pool alloc nonpaged 3 pages tag='Mm  '; pool alloc special 24 bytes tag='Drv1'
                """);
        assertEquals(512 * M, s.machine().ramBytes());
        assertEquals(List.of("notepad", "writer"), s.processes().stream().map(ProcessSpec::name).toList());
        assertEquals(List.of("process", "process", "fork", "in", "pool alloc", "pool alloc"),
                s.script().stream().map(Statement::verb).toList());
    }
}
