package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.model.tool.ModelTool;

/** The command-line front end: snapshot a scenario, diff two snapshots, query one; errors are one line. */
class ModelToolTest {

    record Result(int code, String out, String err) {
    }

    static Result tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void snapshotsOfTwoPointsOfTheDefaultScenarioDiffAndQuery(@TempDir Path dir) {
        Path early = dir.resolve("early.mmsnap");
        Path late = dir.resolve("late.mmsnap");
        Result first = tool("snapshot", "--steps", "2000", "--default", early.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("default.mms: 2,000 steps"), first.out());
        assertEquals(0, tool("snapshot", "--steps", "30000", "--default", late.toString()).code());
        Result diff = tool("diff", early.toString(), late.toString(), "--max-rows", "3");
        assertEquals(1, diff.code(), "differences found: " + diff.err());
        assertTrue(diff.out().contains("PFNs that changed list or owner"), diff.out());
        Result query = tool("query", late.toString(), "from processes select name, privatePages");
        assertEquals(0, query.code(), query.err());
        assertTrue(query.out().startsWith("name\tprivatePages\n"), query.out());
        assertTrue(query.out().contains("System"), query.out());
    }

    @Test
    void mistakesAreOneLineAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.mms");
        Files.writeString(scenario, "machine ram=256M\nprocess p { thread t { touhc 0x10000 } }\n");
        Path out = dir.resolve("out.mmsnap");
        Result bad = tool("snapshot", scenario.toString(), out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("bad.mms:2:"), bad.err());
        assertFalse(Files.exists(out), "no snapshot for a scenario that does not parse");
        assertEquals(2, tool("snapshot", dir.resolve("missing.mms").toString(), out.toString()).code());
        assertEquals(2, tool("frobnicate").code());
        assertEquals(2, tool().code());
        Result query = tool("query", dir.resolve("none.mmsnap").toString(), "from pfns");
        assertEquals(2, query.code());
        assertEquals(1, query.err().strip().lines().count(), query.err());
        assertEquals(0, tool("snapshot", "--steps", "10", "--default", out.toString()).code());
        Result badQuery = tool("query", out.toString(), "from pfns where locaton == 'Standby'");
        assertEquals(2, badQuery.code());
        assertTrue(badQuery.err().contains("unknown name 'locaton'"), badQuery.err());
    }
}
