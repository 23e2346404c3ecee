package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<Token> lex(String text) throws ScenarioException {
        return Lexer.tokenize("t.mms", text);
    }

    private static Token only(String text) throws ScenarioException {
        List<Token> tokens = lex(text);
        assertEquals(2, tokens.size(), () -> "one token and EOF expected: " + tokens);
        return tokens.get(0);
    }

    private static void assertLexError(String text, String message) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> lex(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void numbersInEveryNotation() throws ScenarioException {
        assertEquals(4096, only("4096").value());
        assertEquals(0x1000, only("0x1000").value());
        assertEquals(0x1000, only("0X1000").value());
        assertEquals(1_000_000, only("1_000_000").value());
        assertEquals(0x7FFF_FFFF_0000L, only("0x7fff_ffff_0000").value());
        assertEquals(0xFFFFF680_00000000L, only("fffff680`00000000").value());
        assertEquals(0xFFFFF680_00000000L, only("0xfffff680`00000000").value());
        assertEquals(0x00007FF6_12340000L, only("00007ff6`12340000").value());
        assertEquals(-1L, only("0xffffffffffffffff").value());
        assertEquals(Long.MAX_VALUE, only("9223372036854775807").value());
        assertEquals(TokenKind.NUMBER, only("fffff680`00000000").kind());
    }

    @Test
    void sizesArePowersOf1024() throws ScenarioException {
        Token k = only("64K");
        assertEquals(TokenKind.SIZE, k.kind());
        assertEquals(64 * 1024, k.value());
        assertEquals(4L << 20, only("4M").value());
        assertEquals(64L << 30, only("64G").value());
    }

    @Test
    void timesInNanoseconds() throws ScenarioException {
        assertEquals(TokenKind.TIME, only("5ms").kind());
        assertEquals(5_000_000, only("5ms").value());
        assertEquals(7, only("7ns").value());
        assertEquals(200_000, only("200us").value());
        assertEquals(2_000_000_000L, only("2s").value());
    }

    @Test
    void wordsKeepInnerDotsAndHyphens() throws ScenarioException {
        assertEquals("notepad.exe", only("notepad.exe").text());
        assertEquals("disk-read-error", only("disk-read-error").text());
        assertEquals("rw-guard", only("rw-guard").text());
        List<Token> arrow = lex("x->y");
        assertEquals(List.of(TokenKind.WORD, TokenKind.ARROW, TokenKind.WORD, TokenKind.EOF),
                arrow.stream().map(Token::kind).toList());
        List<Token> range = lex("0..+64K");
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOTDOT, TokenKind.PLUS, TokenKind.SIZE, TokenKind.EOF),
                range.stream().map(Token::kind).toList());
        assertEquals("deadbeef", only("deadbeef").text()); // hex needs 0x or a backtick
    }

    @Test
    void stringsAndTags() throws ScenarioException {
        assertEquals("\"C:\\data.bin\"", only("\"C:\\data.bin\"").text()); // no escapes: Windows paths as is
        assertEquals("'Mm  '", only("'Mm  '").text());
        assertEquals(TokenKind.TAG, only("'Drv1'").kind());
    }

    @Test
    void commentsRunToTheEndOfTheLine() throws ScenarioException {
        List<Token> tokens = lex("a # b c\nd");
        assertEquals(List.of("a", "", "d", ""), tokens.stream().map(Token::text).toList());
    }

    @Test
    void positionsCountTabsAsOneColumnAndHandleCrLf() throws ScenarioException {
        List<Token> tokens = lex("a\r\n\tb\rc\n\t\td");
        assertEquals("t.mms:1:1", tokens.get(0).position().toString());
        assertEquals(TokenKind.NEWLINE, tokens.get(1).kind());
        assertEquals("t.mms:1:2", tokens.get(1).position().toString());
        assertEquals("t.mms:2:2", tokens.get(2).position().toString()); // b after one tab
        assertEquals("t.mms:3:1", tokens.get(4).position().toString()); // c after a lone CR
        assertEquals("t.mms:4:3", tokens.get(6).position().toString()); // d after two tabs
    }

    @Test
    void byteOrderMarkIsNotAColumn() throws ScenarioException {
        assertEquals("t.mms:1:1", lex("\uFEFFmachine").get(0).position().toString());
    }

    @Test
    void lexicalErrorsPointAtTheToken() {
        assertLexError("x \"abc", "t.mms:1:3: unterminated string: add a closing \" on the same line");
        assertLexError("x \"ab\nc\"", "t.mms:1:3: unterminated string: add a closing \" on the same line");
        assertLexError("tag='Mm'",
                "t.mms:1:5: a pool tag is exactly 4 characters (pad with spaces, like 'Mm  '), found 'Mm' with 2");
        assertLexError("tag='Mm  x'",
                "t.mms:1:5: a pool tag is exactly 4 characters (pad with spaces, like 'Mm  '), found 'Mm  x' with 5");
        assertLexError("tag='Mm", "t.mms:1:5: unterminated pool tag: a tag is 4 characters between single quotes, like 'Mm  '");
        assertLexError("size=4Q", "t.mms:1:6: unknown unit 'Q' in '4Q'; expected K, M or G for a size (powers of 1024)"
                + " or ns, us, ms or s for a time");
        assertLexError("size=4MB", "t.mms:1:6: unknown unit 'MB' in '4MB'; expected K, M or G for a size (powers of 1024)"
                + " or ns, us, ms or s for a time (did you mean 'M' for megabytes or 'ms' for milliseconds?)");
        assertLexError("n=99999999999999999999", "t.mms:1:3: number '99999999999999999999' is too large (at most "
                + "9223372036854775807)");
        assertLexError("n=0x10000000000000000", "t.mms:1:3: number '0x10000000000000000' does not fit in 64 bits");
        assertLexError("n=100000000000G", "t.mms:1:3: size '100000000000G' is too large");
        assertLexError("n=0x1G", "t.mms:1:3: bad hex number '0x1G': 'G' is not a hex digit (sizes with K, M or G are"
                + " written in decimal, like 4M)");
        assertLexError("n=0x", "t.mms:1:3: expected hex digits after '0x'");
        assertLexError("a fffff680`0000", "t.mms:1:3: bad WinDbg address 'fffff680`0000': expected 8 hex digits after"
                + " '`', like fffff680`00000000");
        assertLexError("a 1fffffffff`00000000", "t.mms:1:3: number '1fffffffff`00000000' does not fit in 64 bits");
        assertLexError("x 1.5M", "t.mms:1:4: fractions are not supported: write 1536K rather than 1.5M");
        assertLexError("x -5", "t.mms:1:3: unexpected '-'; numbers cannot be negative, and '->' introduces an action");
        assertLexError("x\n  @", "t.mms:2:3: unexpected character '@'");
        assertLexError("x é", "t.mms:1:3: unexpected character 'é' (U+00E9); names and numbers use ASCII only");
        assertLexError("x 1_", "t.mms:1:3: bad number '1_': '_' goes between digits, like 1_000_000");
    }
}
