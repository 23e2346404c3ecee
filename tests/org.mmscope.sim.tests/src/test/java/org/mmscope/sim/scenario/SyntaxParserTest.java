package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The generic statement tree, before validation: any verb parses. */
class SyntaxParserTest {

    private static List<Statement> parse(String text) throws ScenarioException {
        return ScenarioParser.parseSyntax("t.mms", text);
    }

    private static void assertSyntaxError(String text, String message) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aStatementIsAVerbPositionalAndKeywordArguments() throws ScenarioException {
        Statement s = parse("frob 0x10000 size=4M rw t=5ms name=\"a b\" tag='Mm  '").get(0);
        assertEquals("frob", s.verb());
        assertEquals(List.of(new Value.Number(0x10000), new Value.Name("rw")),
                s.positional().stream().map(Argument::value).toList());
        assertNull(s.positional().get(0).name());
        assertEquals(List.of("size", "t", "name", "tag"), List.copyOf(s.keyword().keySet()));
        assertEquals(new Value.Size(4 << 20), s.keyword().get("size").value());
        assertEquals(new Value.Time(5_000_000), s.keyword().get("t").value());
        assertEquals(new Value.Str("a b"), s.keyword().get("name").value());
        assertEquals(new Value.Tag("Mm  "), s.keyword().get("tag").value());
        assertEquals("t.mms:1:14", s.keyword().get("size").keyPosition().toString());
        assertEquals("t.mms:1:19", s.keyword().get("size").position().toString());
        assertEquals(BodyStyle.NONE, s.bodyStyle());
    }

    @Test
    void rangesAndConditions() throws ScenarioException {
        Statement s = parse("x 0x10000..0x20000 0x10000..+4M 0..+64K fffff680`00000000..+4K available<2000 free>=1")
                .get(0);
        assertEquals(List.of(new Value.Range(0x10000, 0x20000), new Value.Range(0x10000, 0x10000 + (4 << 20)),
                new Value.Range(0, 64 << 10), new Value.Range(0xFFFFF680_00000000L, 0xFFFFF680_00001000L),
                new Value.Condition("available", "<", 2000), new Value.Condition("free", ">=", 1)),
                s.positional().stream().map(Argument::value).toList());
    }

    @Test
    void bodiesInBracesAfterColonAndAfterArrow() throws ScenarioException {
        List<Statement> all = parse("""
                process p {
                    thread t { a; b }
                }
                in p: touch 1
                pressure available<5 -> trim all
                pressure available<5 -> { trim all; wait 1ms }
                """);
        assertEquals(4, all.size());
        Statement process = all.get(0);
        assertEquals(BodyStyle.BRACES, process.bodyStyle());
        assertEquals("t.mms:1:11", process.bodyPosition().toString());
        Statement thread = process.block().get(0);
        assertEquals(List.of("a", "b"), thread.block().stream().map(Statement::verb).toList());
        assertEquals(BodyStyle.COLON, all.get(1).bodyStyle());
        assertEquals("touch", all.get(1).block().get(0).verb());
        assertEquals(BodyStyle.ARROW, all.get(2).bodyStyle());
        assertEquals(2, all.get(3).block().size());
    }

    @Test
    void separatorsAreNewLinesAndSemicolons() throws ScenarioException {
        assertEquals(List.of("a", "b", "c", "d"), parse(";;a; b\n\n c ;\n d;").stream().map(Statement::verb).toList());
        assertEquals(List.of(), parse("# only a comment\n\n"));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void aColonBodyIsOneStatement() throws ScenarioException {
        List<Statement> all = parse("in p: a; b");
        assertEquals(2, all.size());
        assertEquals(1, all.get(0).block().size());
    }

    @Test
    void equalityIgnoresPositionsAndBodyStyle() throws ScenarioException {
        assertEquals(parse("in p { touch 1 }"), parse("\n\n   in   p:touch 1"));
    }

    @Test
    void syntaxErrorsPointAtTheToken() {
        assertSyntaxError("process p {\n  thread t {\n", "t.mms:2:12: this '{' is never closed: expected '}' before the end of the file");
        assertSyntaxError("a\n}", "t.mms:2:1: unexpected '}': no block is open here");
        assertSyntaxError("process p\n{ }", "t.mms:2:1: expected a statement (a word like process, commit or touch), found"
                + " '{'; a '{' must be on the same line as its statement");
        assertSyntaxError("0x10 a", "t.mms:1:1: expected a statement (a word like process, commit or touch), found '0x10'");
        assertSyntaxError("a size=", "t.mms:1:8: expected a value after 'size=', found the end of the file");
        assertSyntaxError("a size=\nb", "t.mms:1:8: expected a value after 'size=', found the end of the line");
        assertSyntaxError("a x=1 x=2", "t.mms:1:7: 'x=' is given twice");
        assertSyntaxError("a = 1", "t.mms:1:3: expected ';' or a new line after the statement, found '='; a keyword"
                + " argument is written name=value, with a word before '='");
        assertSyntaxError("a 5ms..6ms", "t.mms:1:6: a range is made of addresses or offsets, not times");
        assertSyntaxError("a 1..x", "t.mms:1:6: expected the end of the range after '..' (a number, or +SIZE), found 'x'");
        assertSyntaxError("a 1..+x", "t.mms:1:7: expected a size after '..+', like 0x10000..+4M, found 'x'");
        assertSyntaxError("a 0x2000..0x1000", "t.mms:1:3: range 0x2000..0x1000 is empty: the end must be above the"
                + " start (the end is excluded)");
        assertSyntaxError("a 0x2000..+0", "t.mms:1:3: range 0x2000..+0 is empty: the size must not be 0");
        assertSyntaxError("a 0xffffffffffffffff..+2", "t.mms:1:3: range 0xffffffffffffffff..+2 runs past the end of the"
                + " 64-bit address space");
        assertSyntaxError("wait until available<4M", "t.mms:1:22: expected a page count after 'available<', found"
                + " '4M' (conditions count pages, not bytes)");
        assertSyntaxError("in p:\n touch 1", "t.mms:1:6: expected a statement after ':' on the same line, found the end"
                + " of the line");
        assertSyntaxError("pressure available<1 ->", "t.mms:1:24: expected a statement after '->' on the same line,"
                + " found the end of the file");
        assertSyntaxError("a b c d\n  e f g {", "t.mms:2:9: this '{' is never closed: expected '}' before the end of the file");
    }

    @Test
    void nestingIsBounded() {
        String deep = "a {".repeat(Limits.MAX_DEPTH) + "a {" + "}".repeat(Limits.MAX_DEPTH + 1);
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(deep));
        assertEquals("t.mms:1:" + (3 * Limits.MAX_DEPTH + 3) + ": blocks nested too deeply (more than "
                + Limits.MAX_DEPTH + " levels)", e.getMessage());
        String colons = "a: ".repeat(100_000) + "b";
        ScenarioException c = assertThrows(ScenarioException.class, () -> parse(colons));
        assertEquals("t.mms:1:" + (3 * Limits.MAX_DEPTH + 2) + ": blocks nested too deeply (more than "
                + Limits.MAX_DEPTH + " levels)", c.getMessage());
        String braces = "{".repeat(500_000);
        assertThrows(ScenarioException.class, () -> parse(braces));
    }

    @Test
    void depthLimitItselfIsAllowed() throws ScenarioException {
        String deepest = "a {".repeat(Limits.MAX_DEPTH) + "}".repeat(Limits.MAX_DEPTH);
        assertEquals(1, parse(deepest).size());
    }

    @Test
    void tooLargeTextIsRefusedBeforeLexing() {
        String big = "#".repeat(Limits.MAX_TEXT_CHARS + 1);
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(big));
        assertEquals("t.mms:1:1: scenario too large: 1,048,577 characters (at most 1,048,576)", e.getMessage());
    }
}
