package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Every validation error: one message, at the exact token, with what was expected. */
class ScenarioErrorsTest {

    private static void assertError(String text, String message) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.mms", text));
        assertEquals(message, e.getMessage());
    }

    /** {@code op} inside {@code process p { thread t { ... } }} on line 3, column 9. */
    private static void assertThreadError(String op, int column, String message) {
        assertError("process p {\n    thread t {\n        " + op + "\n    }\n}\n", "t.mms:3:" + column + ": " + message);
    }

    @Test
    void exceptionCarriesPositionAndDetail() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("default.mms", "\n\nprocess p { thread t { commit 0x10000 size=lots } }"));
        assertEquals("default.mms", e.source());
        assertEquals(3, e.line());
        assertEquals(44, e.column());
        assertEquals("expected a size like 4M, 64K or 0x1000 after 'size=', found 'lots'", e.detail());
        assertEquals("default.mms:3:44: " + e.detail(), e.getMessage());
    }

    @Test
    void unknownVerbsListWhatIsAllowedThereAndSuggest() {
        assertError("frob 1", "t.mms:1:1: unknown statement 'frob' (did you mean 'fork'?); expected one of: at, exit, fork,"
                + " in, inject, join, machine, mark, pagefile, pool alloc, pool free, pool verify, pool write, pressure, process,"
                + " readahead, repeat, run, section create, section image, trim, wait");
        assertThreadError("comit 0x10000 size=4M", 9, "unknown statement 'comit' (did you mean 'commit'?); expected one"
                + " of: commit, corrupt, decommit, exit, inject, join, map, mark, pool alloc, pool free, pool verify, pool write, protect, read,"
                + " readahead, release, repeat, reserve, run, section create, section image, touch, trim, unmap, wait, write");
        assertError("xyzzy", "t.mms:1:1: unknown statement 'xyzzy'; expected one of: at, exit, fork, in, inject, join,"
                + " machine, mark, pagefile, pool alloc, pool free, pool verify, pool write, pressure, process, readahead, repeat, run,"
                + " section create, section image, trim, wait");
        assertError("pool frob", "t.mms:1:6: unknown statement 'pool frob' (did you mean 'pool free'?); expected one of:"
                + " pool alloc, pool free, pool verify or pool write");
        assertError("pool", "t.mms:1:1: 'pool' needs a sub-command: pool alloc, pool free, pool verify or pool write");
        assertError("section 1", "t.mms:1:1: 'section' needs a sub-command: section create or section image");
    }

    @Test
    void badValues() {
        assertThreadError("commit 0x10000 size=lots", 29, "expected a size like 4M, 64K or 0x1000 after 'size=', found 'lots'");
        assertThreadError("commit 0x10000 size=5000", 29, "size=5000 is not a multiple of 4K (0x1000)");
        assertThreadError("commit 0x10001 size=4K", 16, "address 0x10001 is not a multiple of 4K (0x1000)");
        assertThreadError("reserve 0x11000 size=4K", 17, "address 0x11000 is not a multiple of 64K (0x10000)");
        assertThreadError("commit 0x1000 size=4K", 16, "address 0x1000 is out of range: expected 0x10000 to 0x7ffffffef000");
        assertThreadError("commit 0x7fffffff0000 size=4K", 16,
                "address 0x7fffffff0000 is out of range: expected 0x10000 to 0x7ffffffef000");
        assertThreadError("commit 0x7ffffffe0000 size=128K", 36,
                "size=128K at 0x7ffffffe0000 runs past the end of user space (0x7fffffff0000)");
        assertThreadError("commit rw size=4M", 16, "expected an address like 0x10000 or 00007ff6`12340000 for 'commit',"
                + " found 'rw'");
        assertThreadError("commit 0x10000 size=4M rwz", 32, "expected a protection like r, rw, rx, rwx or wc for 'commit',"
                + " found 'rwz' (did you mean 'rw'?)");
        assertThreadError("commit 0x10000 size=4M noaccess-guard", 32, "expected a protection like r, rw, rx, rwx or wc"
                + " for 'commit', found 'noaccess-guard'");
        assertThreadError("touch 0x10000..+4M wirte", 28, "expected one of read, write or execute for 'touch', found 'wirte'"
                + " (did you mean 'write'?)");
        assertThreadError("touch 0x10000..+4M stride=0", 35, "stride=0 is too small: expected at least 4K");
        assertThreadError("touch 0x10000..+4M stride=6K", 35, "stride=6K is not a multiple of 4K (0x1000)");
        assertThreadError("touch 0x10000..+4M read value=1", 33, "value= goes with write access");
        assertThreadError("wait 5", 14, "expected a time like 5ms, 200us or 1s for 'wait', found '5' (add a unit: ns,"
                + " us, ms or s)");
        assertThreadError("wait 2h", 14, "unknown unit 'h' in '2h'; expected K, M or G for a size (powers of 1024) or ns,"
                + " us, ms or s for a time");
        assertThreadError("wait 3601s", 14, "duration 3601s is out of range: expected 0ns to 3600s");
        assertError("machine seed=lots", "t.mms:1:14: expected a number like 42 or 0x2a after 'seed=', found 'lots'");
        assertError("mark hello", "t.mms:1:6: expected a string in double quotes like \"data.bin\" for 'mark', found 'hello'");
        assertError("pool alloc nonpaged 1 pages tag=Mm", "t.mms:1:33: expected a pool tag of 4 characters in single quotes"
                + " like 'Mm  ' after 'tag=', found 'Mm'");
    }

    @Test
    void rangesOutsideUserSpace() {
        assertThreadError("touch 0x10000..+0x800000000000", 15, "range 0x10000..+0x800000000000 must lie within"
                + " 0x0..0x800000000000 (end excluded)");
        assertThreadError("touch 0x800000000000", 15, "address 0x800000000000 is outside user space (below 0x800000000000)");
        assertThreadError("touch fffff680`00000000", 15,
                "target fffff680`00000000 is out of range: expected 0x0 to 0x800000000000");
        assertThreadError("touch 0x10000..+128G", 15, "'touch' would make 33,554,432 accesses (at most"
                + " 16,777,216); use a larger stride= or a smaller range");
    }

    @Test
    void machineRules() {
        assertError("machine ram=128M", "t.mms:1:13: ram=128M is out of range: expected 256M to 64G");
        assertError("machine ram=65G", "t.mms:1:13: ram=65G is out of range: expected 256M to 64G");
        assertError("machine colours=12", "t.mms:1:17: colours=12 is not a power of two (1, 2, 4, ... 1024)");
        assertError("machine colours=2048", "t.mms:1:17: colours=2048 is out of range: expected 1 to 1024");
        assertError("machine cpus=0", "t.mms:1:14: cpus=0 is out of range: expected 1 to 64");
        assertError("machine colors=16", "t.mms:1:9: 'machine' has no argument 'colors=' (did you mean 'colours='?); it"
                + " takes ram=, colours=, cpus=, pagefile=, seed=, disk-latency=, background= or protected-pool=");
        assertError("machine\nmachine", "t.mms:2:1: 'machine' is given twice (first at line 1)");
        assertError("machine background=maybe", "t.mms:1:20: expected one of on or off after 'background=', found 'maybe'");
        assertError("pagefile", "t.mms:1:1: 'pagefile' needs size=, a size like 4M, 64K or 0x1000; usage: pagefile"
                + " size=SIZE");
        assertError("pagefile size=64M\n".repeat(17), "t.mms:17:1: too many paging files (at most 16)");
    }

    @Test
    void missingAndUnexpectedArguments() {
        assertThreadError("commit 0x10000", 9, "'commit' needs size=, a size like 4M, 64K or 0x1000; usage: commit ADDRESS"
                + " [PROTECTION] size=SIZE");
        assertThreadError("commit size=4M", 9, "'commit' needs an address like 0x10000 or 00007ff6`12340000; usage: commit"
                + " ADDRESS [PROTECTION] size=SIZE");
        assertThreadError("commit 0x10000 size=4M sise=3", 32, "'commit' has no argument 'sise=' (did you mean 'size='?);"
                + " it takes size=");
        assertThreadError("commit 0x10000 size=4M rw rw", 35, "unexpected argument 'rw' for 'commit'; usage: commit ADDRESS"
                + " [PROTECTION] size=SIZE");
        assertError("mark \"a\" \"b\"", "t.mms:1:10: unexpected argument \"b\" for 'mark'; usage: mark STRING");
        assertError("process p\nfork p p2", "t.mms:2:8: expected the word 'as' for 'fork', found 'p2'");
        assertError("pool alloc nonpaged 3 pages as", "t.mms:1:29: expected a name like notepad.exe after 'as'");
        assertError("pool alloc nonpaged 3 pages buf", "t.mms:1:29: write 'as' before 'buf', like: pool alloc nonpaged 3"
                + " pages tag='Mm  ' as buffers");
        assertError("pool alloc special 2 pages", "t.mms:1:20: special pool hands out at most one page: give the size in"
                + " bytes, at most 4096, like: pool alloc special 24 bytes");
        assertError("wait available>3", "t.mms:1:6: write 'until' before 'available>3', like: wait until"
                + " available>2000 timeout=1s");
        assertError("wait until 3ms", "t.mms:1:6: expected a condition like available<2000 after 'until'");
        assertError("wait", "t.mms:1:1: 'wait' needs a duration or a condition, like: wait 5ms, or: wait until"
                + " available>2000");
        assertError("wait until free>1 3ms", "t.mms:1:19: 'wait' takes a duration or a condition, not both; use"
                + " timeout= to bound a wait for a condition");
        assertError("wait 3ms timeout=1s", "t.mms:1:10: timeout= goes with 'wait until CONDITION'");
        assertError("wait until availble>3", "t.mms:1:12: unknown counter 'availble' (did you mean 'available'?); a"
                + " condition tests one of: available, zeroed, free, standby, modified, modified-no-write, bad, active");
        assertError("exit", "t.mms:1:1: 'exit' at top level needs a process, like: exit notepad.exe");
        assertError("trim", "t.mms:1:1: 'trim' at top level needs a process or 'all', like: trim notepad.exe");
        assertError("process p ws-min=8M ws-max=4M", "t.mms:1:11: ws-min=8M is above ws-max=4M");
    }

    @Test
    void names() {
        assertError("process p {}\nprocess p {}", "t.mms:2:9: process 'p' is already defined at line 1");
        assertError("in q: mark \"x\"", "t.mms:1:4: unknown process 'q'; none is defined before this line");
        assertError("process notepad\nin notepd: mark \"x\"", "t.mms:2:4: unknown process 'notepd' (did you mean"
                + " 'notepad'?); defined before this line: notepad");
        assertError("in p: mark \"x\"\nprocess p", "t.mms:1:4: unknown process 'p'; none is defined before this line");
        assertError("process p\nfork p as p", "t.mms:2:11: process 'p' is already defined at line 1");
        assertError("process p { thread t; thread t }", "t.mms:1:30: thread 't' is already defined at line 1 of process 'p'");
        assertError("process p { thread t }\nprocess q { thread t }\nprocess all", "t.mms:3:9: 'all' is a reserved word;"
                + " choose another process name");
        assertError("process p { touch 0x10000; thread main }", "t.mms:1:35: thread 'main' clashes with the implicit"
                + " thread 'main' of process 'p' (the statements written directly in its body, from line 1); rename this"
                + " thread");
        assertError("pool free buf", "t.mms:1:11: unknown pool block 'buf'; none is defined before this line");
        assertError("process p { map section=s }", "t.mms:1:25: unknown section 's'; none is defined before this line");
        assertError("process p\nrepeat 2 { fork p as q }", "t.mms:2:22: 'fork' defines process 'q', so it cannot be inside"
                + " 'repeat' (a body that may run more than once)");
        assertError("process p\npressure free<1 -> fork p as q", "t.mms:2:30: 'fork' defines process 'q', so it cannot"
                + " be inside 'pressure' (a body that may run more than once)");
        assertError("process p { repeat 2 { pool alloc paged 1 pages as b } }", "t.mms:1:52: 'pool alloc' defines pool"
                + " block 'b', so it cannot be inside 'repeat' (a body that may run more than once)");
    }

    @Test
    void files() {
        assertError("process p { map file=\"a.bin\" }", "t.mms:1:22: file \"a.bin\" is new here: the first statement that"
                + " names a file gives its size with size=");
        assertError("process p { readahead 0..+64K }", "t.mms:1:13: 'readahead' needs file=\"NAME\": no file is mapped"
                + " before it in process 'p'");
        assertError("readahead 0..+64K", "t.mms:1:1: 'readahead' needs file=\"NAME\": at top level there is no mapped file"
                + " to default to");
        assertError("inject disk-read-error file=\"x.bin\" offset=0\nprocess p { map file=\"y.bin\" size=1M }",
                "t.mms:1:29: no statement maps or creates file \"x.bin\" (did you mean \"y.bin\"?)");
        assertError("process p { map file=\"a.bin\" section=s size=1M }", "t.mms:1:38: unknown section 's'; none is"
                + " defined before this line");
        assertError("section create s size=1M\nprocess p { map file=\"a.bin\" section=s size=1M }", "t.mms:2:30: 'map'"
                + " needs exactly one of file=\"NAME\" and section=NAME");
        assertError("process p { map }", "t.mms:1:13: 'map' needs exactly one of file=\"NAME\" and section=NAME");
    }

    @Test
    void injectTargets() {
        assertError("inject disk-read-error pagefile offset=0x3000", "t.mms:1:24: the machine has no paging file: add"
                + " pagefile=SIZE to 'machine' or a 'pagefile size=SIZE' statement");
        assertError("machine pagefile=4M\ninject disk-read-error pagefile offset=4M", "t.mms:2:40: offset=4M is beyond"
                + " the end of paging file 0 (4M)");
        assertError("machine pagefile=4M\ninject disk-read-error pagefile offset=0 index=1", "t.mms:2:48: index=1 names"
                + " no paging file: the machine has 1 (0 to 0)");
        assertError("inject disk-read-error offset=0", "t.mms:1:1: 'inject' needs exactly one target: pagefile, or"
                + " file=\"NAME\"");
        assertError("inject disk-eaten-error pagefile offset=0", "t.mms:1:8: expected one of disk-read-error or"
                + " disk-write-error for 'inject', found 'disk-eaten-error' (did you mean 'disk-read-error'?)");
    }

    @Test
    void placement() {
        assertError("commit 0x10000 size=4K", "t.mms:1:1: 'commit' is not allowed at top level; it belongs in a thread"
                + " (or directly in a process)");
        assertError("thread x {}", "t.mms:1:1: 'thread' is not allowed at top level; it belongs directly in a process");
        assertError("process p { thread t { process q } }", "t.mms:1:24: 'process' is not allowed in a thread; it belongs"
                + " at top level");
        assertError("process p { thread t { thread u } }", "t.mms:1:24: 'thread' is not allowed in a thread; it belongs"
                + " directly in a process");
        assertError("repeat 3 { process p }", "t.mms:1:12: 'process' must be written at top level, not inside 'repeat'");
        assertError("at t=1ms: pressure free<3 -> trim all", "t.mms:1:11: 'pressure' must be written at top level, not"
                + " inside 'at'");
        assertError("process p { repeat 2 { thread t } }", "t.mms:1:24: 'thread' is not allowed in a thread (inside"
                + " 'repeat'); it belongs directly in a process");
        assertError("process p\nin p: fork p as q", "t.mms:2:7: 'fork' is not allowed in a thread (inside 'in'); it belongs"
                + " at top level");
        assertError("process p { machine }", "t.mms:1:13: 'machine' is not allowed directly in a process; it belongs at"
                + " top level");
    }

    @Test
    void bodies() {
        assertError("pressure available<3 { trim all }", "t.mms:1:22: 'pressure' takes its action after '->', like:"
                + " pressure available<2000 -> trim all");
        assertError("at t=5ms -> trim all", "t.mms:1:10: 'at' takes its body after ':' or in '{ }', not after '->'");
        assertError("mark \"a\" { mark \"b\" }", "t.mms:1:10: 'mark' takes no body; usage: mark STRING");
        assertError("repeat 3", "t.mms:1:1: 'repeat' needs a body; usage: repeat NUMBER { STATEMENTS }");
        assertError("at t=5ms", "t.mms:1:1: 'at' needs a body; usage: at t=TIME: STATEMENT");
    }

    @Test
    void expansionLimits() {
        assertError("repeat 1000 { repeat 100000 { mark \"x\" } }", "t.mms:1:8: repeat 1,000 would run more than 10,000,000"
                + " statements once expanded (nested repeat counts multiply); lower the count");
        assertError("repeat 1000000 { repeat 1000000 { repeat 1000000 { repeat 1000000 { mark \"x\" } } } }",
                "t.mms:1:42: repeat 1,000,000 would run more than 10,000,000 statements once expanded (nested repeat"
                        + " counts multiply); lower the count");
        assertError("repeat 1000000 { repeat 6 { mark \"x\" } }\nrepeat 1000000 { repeat 6 { mark \"y\" } }", "t.mms:2:8: the scenario would run"
                + " more than 10,000,000 statements once repeat loops are expanded; this statement goes past the limit");
        assertError("repeat 2000000 { mark \"x\" }", "t.mms:1:8: count 2000000 is out of range: expected 0 to 1000000");
    }

    @Test
    void processLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= Limits.MAX_PROCESSES; i++) {
            text.append("process p").append(i).append('\n');
        }
        assertError(text.toString(), "t.mms:1025:9: too many processes (at most 1024)");
    }

    @Test
    void positionsWithTabsAndCrLf() {
        assertError("process p {\r\n\tthread t {\r\n\t\tcommit 0x10000 size=4M rwz\r\n\t}\r\n}\r\n",
                "t.mms:3:26: expected a protection like r, rw, rx, rwx or wc for 'commit', found 'rwz' (did you mean 'rw'?)");
        assertError("machine\tram=1M", "t.mms:1:13: ram=1M is out of range: expected 256M to 64G");
    }
}
