package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The statement set is data: schemas, usage lines, suggestions, extension without parser changes. */
class SchemaRegistryTest {

    @Test
    void aNewStatementNeedsOnlyASchema() throws ScenarioException {
        StatementSchema frob = StatementSchema.builder("frob")
                .summary("test only").in(Context.TOP, Context.THREAD)
                .positional(Param.word("how", "hard", "soft").withDefault(new Value.Name("soft")))
                .keyword(Param.size("size").required().aligned(4096))
                .example("frob hard size=4K")
                .build();
        SchemaRegistry registry = SchemaRegistry.standard().with(frob);
        Scenario s = ScenarioParser.parse("x.mms", "frob size=8K\nprocess p: frob hard size=4K", registry);
        assertEquals("soft", s.statements().get(0).word("how"));
        assertEquals(8192, s.statements().get(0).size("size"));
        assertEquals("frob hard size=4K\n", new ScenarioPrinter(registry).format(s.process("p").orElseThrow()
                .threads().get(0).body().get(0)));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("x.mms", "frob size=8K"));
        assertTrue(e.getMessage().startsWith("x.mms:1:1: unknown statement 'frob' (did you mean 'fork'?)"), e.getMessage());
    }

    @Test
    void aNewSubCommandNeedsOnlyASchema() throws ScenarioException {
        StatementSchema query = StatementSchema.builder("pool query").in(Context.TOP)
                .positional(Param.tag("tag").required()).build();
        Scenario s = ScenarioParser.parse("x.mms", "pool query 'Mm  '", SchemaRegistry.standard().with(query));
        assertEquals("pool query", s.statements().get(0).verb());
        assertEquals("Mm  ", s.statements().get(0).tag("tag"));
    }

    @Test
    void usageLines() {
        SchemaRegistry r = SchemaRegistry.standard();
        assertEquals("commit ADDRESS [PROTECTION] size=SIZE", r.schema("commit").orElseThrow().usage());
        assertEquals("touch RANGE|ADDRESS [read|write|execute] [stride=SIZE] [value=NUMBER]",
                r.schema("touch").orElseThrow().usage());
        assertEquals("fork PARENT as CHILD", r.schema("fork").orElseThrow().usage());
        assertEquals("pressure CONDITION -> STATEMENT", r.schema("pressure").orElseThrow().usage());
        assertEquals("in PROCESS: STATEMENT", r.schema("in").orElseThrow().usage());
        assertEquals("trim [TARGET|all] [pages=NUMBER]", r.schema("trim").orElseThrow().usage());
        assertEquals("wait [until CONDITION] [TIME] [timeout=TIME]", r.schema("wait").orElseThrow().usage());
        assertEquals("pool alloc paged|nonpaged|special|special-paged NUMBER pages|bytes [as NAME] [tag=TAG]"
                + " [irql=passive|apc|dispatch]", r.schema("pool alloc").orElseThrow().usage());
    }

    @Test
    void everyDefaultIsValidForItsParameter() {
        for (StatementSchema schema : SchemaRegistry.standard().schemas()) {
            for (Param p : concat(schema.positional(), schema.keywords())) {
                if (p.defaultValue() != null) {
                    Argument a = new Argument(null, p.defaultValue(), "d", new SourcePosition("s", 1, 1),
                            new SourcePosition("s", 1, 1));
                    try {
                        assertEquals(p.defaultValue(), p.convert(a, "here", "d"), schema.verb() + " " + p.name());
                    } catch (ScenarioException e) {
                        throw new AssertionError(schema.verb() + " " + p.name() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static List<Param> concat(List<Param> a, List<Param> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void suggestionsUseEditDistanceWithTranspositions() {
        assertEquals(Optional.of("commit"), Suggestions.closest("comit", List.of("commit", "decommit")));
        assertEquals(Optional.of("commit"), Suggestions.closest("comimt", List.of("commit", "decommit")));
        assertEquals(Optional.of("fork"), Suggestions.closest("frob", List.of("fork", "free")));
        assertEquals(Optional.empty(), Suggestions.closest("xyzzy", List.of("fork", "commit")));
        assertEquals(Optional.empty(), Suggestions.closest("ab", List.of("xy")));
        assertEquals(1, Suggestions.distance("ab", "ba"));
    }

    @Test
    void protections() {
        for (String p : List.of("r", "rw", "rx", "rwx", "wc", "xwc", "x", "noaccess", "rw-guard", "rw-nocache",
                "rw-guard-writecombine")) {
            assertTrue(Protections.isValid(p), p);
        }
        for (String p : List.of("", "w", "rw-", "rw-nocache-guard", "noaccess-guard", "rw-nocache-writecombine", "RW")) {
            assertFalse(Protections.isValid(p), p);
        }
        assertEquals(3 + 7 * 2 * 3, Protections.all().size());
    }

    @Test
    void theDocumentationDescribesEveryStatement() throws IOException {
        String dir = System.getProperty("mmscope.sim.dir");
        Path doc = dir == null ? null : Path.of(dir).resolve("../../docs/scenario-format.md").normalize();
        Assumptions.assumeTrue(doc != null && Files.isRegularFile(doc), "docs/scenario-format.md is not next to the bundle");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (StatementSchema schema : SchemaRegistry.standard().schemas()) {
            assertTrue(text.contains("### `" + schema.verb() + "`"), "no section for " + schema.verb());
            assertTrue(text.contains(schema.usage()), "usage line missing: " + schema.usage());
            for (Param p : concat(schema.positional(), schema.keywords())) {
                if (p.types().get(0) != ArgType.LITERAL) {
                    assertTrue(text.contains("| `" + p.name() + "` |") || text.contains("| `" + p.name() + "=` |"),
                            schema.verb() + ": parameter " + p.name() + " not in the table");
                }
            }
        }
        for (String variable : SchemaRegistry.standard().conditionVariables()) {
            assertTrue(text.contains("`" + variable + "`"), "condition counter " + variable);
        }
    }
}
