package org.mmscope.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return HeadlessRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runsAScenarioFileAndReportsWhatHappened() throws IOException {
        Path file = dir.resolve("small.mms");
        Files.writeString(file, """
                machine ram=256M pagefile=64M seed=1
                process p { thread t { commit 0x10000 size=64K rw; touch 0x10000..+64K write; mark "written" } }
                join p
                exit p
                """);
        assertEquals(0, run("--check-every", "1", file.toString()), err.toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("FreePageList"), report);
        assertTrue(report.contains("FAULT_DEMAND_ZERO                  16"), report);
        assertTrue(report.contains("Mark 0: written"), report);
        assertTrue(report.endsWith("finished; invariants hold" + System.lineSeparator()), report);
    }

    @Test
    void badInputIsOneLineWithItsPosition() throws IOException {
        Path file = dir.resolve("bad.mms");
        Files.writeString(file, "machine ram=256M\nprocess p { thread t { comit 0x10000 size=64K } }\n");
        assertEquals(2, run(file.toString()));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(message.startsWith("bad.mms:2:24: unknown statement 'comit' (did you mean 'commit'?)"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void missingFilesAndBadOptionsAreRefusedPlainly() {
        assertEquals(2, run(dir.resolve("nothing.mms").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mmscope-sim: no such scenario file: "));
        err.reset();
        assertEquals(2, run("--max-steps", "lots", "--default"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "mmscope-sim: --max-steps needs a positive number, not 'lots'"));
    }

    @Test
    void aRefusedStatementStopsTheRunWithItsPosition() throws IOException {
        Path file = dir.resolve("overlap.mms");
        Files.writeString(file, """
                process p { thread t { reserve 0x10000 size=64K rw; reserve 0x10000 size=64K rw } }
                """);
        assertEquals(2, run(file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("overlap.mms:1:53: 0x10000 is already reserved"),
                err.toString(StandardCharsets.UTF_8));
    }
}
