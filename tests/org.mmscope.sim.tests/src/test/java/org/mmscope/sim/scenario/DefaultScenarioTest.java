package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Golden test of the default scenario: the facts a newcomer relies on. */
class DefaultScenarioTest {

    private static final long M = 1L << 20;

    /** default.mms from the simulator's source folder (system property mmscope.sim.dir). */
    static String sourceText() {
        String dir = System.getProperty("mmscope.sim.dir");
        assertTrue(dir != null, "system property mmscope.sim.dir must name the org.mmscope.sim bundle folder");
        try {
            return Files.readString(Path.of(dir, "src/org/mmscope/sim/scenario/default.mms"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read default.mms from " + dir, e);
        }
    }

    private static Scenario scenario() throws ScenarioException {
        return ScenarioParser.parse(BuiltInScenarios.DEFAULT_NAME, sourceText());
    }

    /** Every statement of {@code statements} and their bodies, depth first. */
    private static List<Statement> flatten(List<Statement> statements) {
        List<Statement> all = new ArrayList<>();
        for (Statement s : statements) {
            all.add(s);
            all.addAll(flatten(s.block()));
        }
        return all;
    }

    @Test
    void theShippedResourceIsOnTheClassPathAndParses() {
        assertEquals(sourceText(), BuiltInScenarios.defaultScenarioText(), "the class path copy of default.mms is stale");
        Scenario scenario = BuiltInScenarios.defaultScenario();
        assertSame(scenario, BuiltInScenarios.defaultScenario(), "parsed once");
    }

    @Test
    void machine() throws ScenarioException {
        MachineSpec m = scenario().machine();
        assertEquals(new MachineSpec(256 * M, 16, 2, List.of(new PagingFileSpec(0, 512 * M)), 42, 5_000_000, true), m);
    }

    @Test
    void threeProcessesWithTheirThreads() throws ScenarioException {
        Scenario s = scenario();
        assertEquals(List.of("notepad.exe", "explorer.exe", "hog"), s.processes().stream().map(ProcessSpec::name).toList());
        assertEquals(List.of("main"), s.process("notepad.exe").orElseThrow().threads().stream().map(ThreadSpec::name).toList());
        assertEquals(List.of("ui", "worker"),
                s.process("explorer.exe").orElseThrow().threads().stream().map(ThreadSpec::name).toList());
    }

    @Test
    void theHogCommitsAndWritesMoreThanRamThenReadsBackTwice() throws ScenarioException {
        Scenario s = scenario();
        List<Statement> hog = s.process("hog").orElseThrow().threads().get(0).body();
        Statement commit = hog.stream().filter(x -> x.verb().equals("commit")).findFirst().orElseThrow();
        assertTrue(commit.size("size") > s.machine().ramBytes(), "the hog must commit more than RAM");
        Statement write = hog.stream().filter(x -> x.verb().equals("touch") && x.word("access").equals("write"))
                .findFirst().orElseThrow();
        assertEquals(new Value.Range(commit.number("address"), commit.number("address") + commit.size("size")),
                write.range("target"));
        List<Statement> reads = hog.stream().filter(x -> x.verb().equals("touch") && x.word("access").equals("read")).toList();
        assertEquals(2, reads.size(), "a read pass and its retry");
        assertEquals(reads.get(0), reads.get(1));
    }

    @Test
    void pressureTrimsEverythingAndATimedActionTrimsExplorer() throws ScenarioException {
        Scenario s = scenario();
        Statement rule = s.pressureRules().get(0);
        assertEquals(new Value.Condition("available", "<", 2048), rule.condition("condition"));
        assertEquals("all", rule.block().get(0).word("target"));
        Statement at = s.timedActions().get(0);
        assertEquals(300_000_000L, at.time("t"));
        assertEquals("explorer.exe", at.block().get(0).word("target"));
    }

    @Test
    void theScriptInjectsAReadErrorBeforeTheHogThenEndsNotepadAndZeroes() throws ScenarioException {
        List<String> script = scenario().script().stream()
                .map(x -> x.verb() + (x.has("process") ? " " + x.word("process") : "")
                        + (x.verb().equals("process") ? " " + x.word("name") : ""))
                .filter(v -> !v.startsWith("mark") && !v.startsWith("wait"))
                .toList();
        assertEquals(List.of("process notepad.exe", "process explorer.exe", "inject", "process hog", "join hog",
                "join notepad.exe", "exit notepad.exe", "run", "join explorer.exe"), script);
        Statement inject = scenario().script().stream().filter(x -> x.verb().equals("inject")).findFirst().orElseThrow();
        assertEquals("disk-read-error", inject.word("kind"));
        assertEquals("pagefile", inject.word("device"));
        assertEquals(0x3000, inject.number("offset"));
        assertEquals(1, inject.number("times"));
        Statement run = scenario().script().stream().filter(x -> x.verb().equals("run")).findFirst().orElseThrow();
        assertEquals("zero-page-thread", run.word("thread"));
    }

    @Test
    void itIsSmallAndPrintsBackToItself() throws ScenarioException {
        Scenario s = scenario();
        long expanded = s.statements().stream().mapToLong(Validator::expandedSize).sum();
        assertTrue(expanded < 200, "expanded statements: " + expanded);
        assertTrue(flatten(s.statements()).stream().anyMatch(x -> x.verb().equals("repeat")));
        assertEquals(s, ScenarioParser.parse("printed.mms", ScenarioPrinter.print(s)));
    }
}
