package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns scenario text into {@link Token}s with 1-based line and column positions. A tab counts as
 * one column; CR LF, LF and a lone CR each end a line; a byte-order mark at the start is skipped;
 * {@code #} starts a comment that runs to the end of the line.
 *
 * <p>Numbers: decimal ({@code 4096}), hex ({@code 0x1000}), WinDbg backtick hex
 * ({@code fffff680`00000000}, also with {@code 0x}), digit separators ({@code 1_000_000}); a
 * decimal number may carry a size suffix (K, M, G: powers of 1024) or a time suffix (ns, us, ms,
 * s). Every number must fit in 64 bits (decimal and sized numbers in 63). Errors are
 * {@link ScenarioException}s at the first character of the offending token.
 */
final class Lexer {

    private final String source;
    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int index;
    private int line = 1;
    private int column = 1;

    private Lexer(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * The tokens of {@code text}, ending with one EOF token.
     *
     * @param source the name positions carry (the file name)
     * @param text   the scenario text
     * @throws ScenarioException at the first lexical error
     */
    static List<Token> tokenize(String source, String text) throws ScenarioException {
        Lexer lexer = new Lexer(source, text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws ScenarioException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            index = 1; // byte-order mark: not a column
        }
        while (index < text.length()) {
            char c = text.charAt(index);
            switch (c) {
                case ' ', '\t', '\f' -> advance(1);
                case '\n' -> newline(1);
                case '\r' -> newline(peekChar(1) == '\n' ? 2 : 1);
                case '#' -> skipComment();
                case '"' -> string();
                case '\'' -> tag();
                case '{' -> punct(TokenKind.LBRACE, 1);
                case '}' -> punct(TokenKind.RBRACE, 1);
                case ':' -> punct(TokenKind.COLON, 1);
                case ';' -> punct(TokenKind.SEMICOLON, 1);
                case '+' -> punct(TokenKind.PLUS, 1);
                case '=' -> punct(peekChar(1) == '=' ? TokenKind.EQEQ : TokenKind.EQUALS, peekChar(1) == '=' ? 2 : 1);
                case '<' -> punct(peekChar(1) == '=' ? TokenKind.LE : TokenKind.LT, peekChar(1) == '=' ? 2 : 1);
                case '>' -> punct(peekChar(1) == '=' ? TokenKind.GE : TokenKind.GT, peekChar(1) == '=' ? 2 : 1);
                case '!' -> {
                    if (peekChar(1) != '=') {
                        throw error("unexpected '!'; the only operator with '!' is '!=' (not equal)");
                    }
                    punct(TokenKind.NE, 2);
                }
                case '.' -> {
                    if (peekChar(1) != '.') {
                        throw error(isDigit(peekChar(1)) && previousIsNumber()
                                ? "fractions are not supported: write 1536K rather than 1.5M"
                                : "unexpected '.'; a range is written START..END or START..+SIZE");
                    }
                    punct(TokenKind.DOTDOT, 2);
                }
                case '-' -> {
                    if (peekChar(1) != '>') {
                        throw error("unexpected '-'; numbers cannot be negative, and '->' introduces an action");
                    }
                    punct(TokenKind.ARROW, 2);
                }
                case '`' -> throw error("unexpected '`'; a WinDbg address is written like fffff680`00000000");
                default -> {
                    if (isDigit(c)) {
                        number();
                    } else if (isWordStart(c)) {
                        word();
                    } else {
                        throw error("unexpected character " + describeChar(c));
                    }
                }
            }
        }
        tokens.add(new Token(TokenKind.EOF, "", 0, here()));
    }

    // --- characters -------------------------------------------------------------------------------

    private char peekChar(int ahead) {
        int i = index + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private void advance(int count) {
        index += count;
        column += count;
    }

    private void newline(int length) {
        tokens.add(new Token(TokenKind.NEWLINE, "", 0, here()));
        index += length;
        line++;
        column = 1;
    }

    private SourcePosition here() {
        return new SourcePosition(source, line, column);
    }

    private void punct(TokenKind kind, int length) {
        tokens.add(new Token(kind, text.substring(index, index + length), 0, here()));
        advance(length);
    }

    private void skipComment() {
        while (index < text.length() && text.charAt(index) != '\n' && text.charAt(index) != '\r') {
            advance(1);
        }
    }

    private boolean previousIsNumber() {
        if (tokens.isEmpty()) {
            return false;
        }
        TokenKind last = tokens.get(tokens.size() - 1).kind();
        return last == TokenKind.NUMBER || last == TokenKind.SIZE || last == TokenKind.TIME;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }

    private static String describeChar(char c) {
        if (c >= 0x21 && c <= 0x7E) {
            return "'" + c + "'";
        }
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSurrogate(c)
                ? code
                : "'" + c + "' (" + code + "); names and numbers use ASCII only";
    }

    private ScenarioException error(String message) {
        return new ScenarioException(here(), message);
    }

    private ScenarioException errorAt(SourcePosition position, String message) {
        return new ScenarioException(position, message);
    }

    // --- strings and tags ---------------------------------------------------------------------------

    private void string() throws ScenarioException {
        SourcePosition start = here();
        int end = index + 1;
        while (end < text.length() && text.charAt(end) != '"') {
            char c = text.charAt(end);
            if (c == '\n' || c == '\r') {
                break;
            }
            end++;
        }
        if (end >= text.length() || text.charAt(end) != '"') {
            throw errorAt(start, "unterminated string: add a closing \" on the same line");
        }
        String content = text.substring(index + 1, end);
        if (content.length() > Limits.MAX_STRING_CHARS) {
            throw errorAt(start, "string too long (" + content.length() + " characters, at most "
                    + Limits.MAX_STRING_CHARS + ")");
        }
        tokens.add(new Token(TokenKind.STRING, "\"" + content + "\"", 0, start));
        advance(end + 1 - index);
    }

    private void tag() throws ScenarioException {
        SourcePosition start = here();
        int end = index + 1;
        while (end < text.length() && text.charAt(end) != '\'' && text.charAt(end) != '\n'
                && text.charAt(end) != '\r') {
            end++;
        }
        if (end >= text.length() || text.charAt(end) != '\'') {
            throw errorAt(start, "unterminated pool tag: a tag is 4 characters between single quotes, like 'Mm  '");
        }
        String content = text.substring(index + 1, end);
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw errorAt(start, "a pool tag holds printable ASCII characters only, found "
                        + describeChar(c));
            }
        }
        if (content.length() != 4) {
            throw errorAt(start, "a pool tag is exactly 4 characters (pad with spaces, like 'Mm  '), found '"
                    + content + "' with " + content.length());
        }
        tokens.add(new Token(TokenKind.TAG, "'" + content + "'", 0, start));
        advance(end + 1 - index);
    }

    // --- words and numbers --------------------------------------------------------------------------

    private void word() throws ScenarioException {
        SourcePosition start = here();
        int end = index + 1;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (isWordPart(c)) {
                end++;
            } else if ((c == '.' || c == '-') && end + 1 < text.length() && isWordPart(text.charAt(end + 1))) {
                end += 2;
            } else {
                break;
            }
        }
        String word = text.substring(index, end);
        if (end < text.length() && text.charAt(end) == '`' && isAllHex(word)) {
            backtick(start, word, end);
            return;
        }
        if (word.length() > Limits.MAX_WORD_CHARS) {
            throw errorAt(start, "word too long (" + word.length() + " characters, at most "
                    + Limits.MAX_WORD_CHARS + ")");
        }
        tokens.add(new Token(TokenKind.WORD, word, 0, start));
        advance(end - index);
    }

    private static boolean isAllHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private void number() throws ScenarioException {
        SourcePosition start = here();
        int end = index;
        while (end < text.length() && (isWordPart(text.charAt(end)))) {
            end++;
        }
        String word = text.substring(index, end);
        if (end < text.length() && text.charAt(end) == '`') {
            String high = word.startsWith("0x") || word.startsWith("0X") ? word.substring(2) : word;
            if (!isAllHex(high)) {
                throw errorAt(start, "bad WinDbg address '" + word + "`': the part before '`' must be hex digits");
            }
            backtick(start, high, end);
            return;
        }
        if (word.startsWith("0x") || word.startsWith("0X")) {
            hex(start, word);
        } else {
            decimal(start, word);
        }
        advance(end - index);
    }

    /** {@code high`llllllll}: the low part is exactly 8 hex digits. */
    private void backtick(SourcePosition start, String high, int tickIndex) throws ScenarioException {
        int lowStart = tickIndex + 1;
        int lowEnd = lowStart;
        while (lowEnd < text.length() && isWordPart(text.charAt(lowEnd))) {
            lowEnd++;
        }
        String low = text.substring(lowStart, lowEnd);
        String written = text.substring(index, lowEnd);
        if (low.length() != 8 || !isAllHex(low)) {
            throw errorAt(start, "bad WinDbg address '" + written
                    + "': expected 8 hex digits after '`', like fffff680`00000000");
        }
        String digits = stripLeadingZeros(high);
        if (digits.length() > 8) {
            throw errorAt(start, "number '" + written + "' does not fit in 64 bits");
        }
        long value = ((digits.isEmpty() ? 0 : Long.parseUnsignedLong(digits, 16)) << 32)
                | Long.parseUnsignedLong(low, 16);
        tokens.add(new Token(TokenKind.NUMBER, written, value, start));
        advance(lowEnd - index);
    }

    private void hex(SourcePosition start, String word) throws ScenarioException {
        String digits = word.substring(2);
        if (digits.isEmpty()) {
            throw errorAt(start, "expected hex digits after '0x'");
        }
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c == '_' && i > 0 && i < digits.length() - 1) {
                continue;
            }
            if (!isHexDigit(c)) {
                throw errorAt(start, "bad hex number '" + word + "': '" + c + "' is not a hex digit"
                        + " (sizes with K, M or G are written in decimal, like 4M)");
            }
            clean.append(c);
        }
        String significant = stripLeadingZeros(clean.toString());
        if (significant.length() > 16) {
            throw errorAt(start, "number '" + word + "' does not fit in 64 bits");
        }
        long value = significant.isEmpty() ? 0 : Long.parseUnsignedLong(significant, 16);
        tokens.add(new Token(TokenKind.NUMBER, word, value, start));
    }

    private void decimal(SourcePosition start, String word) throws ScenarioException {
        int split = 0;
        while (split < word.length() && (isDigit(word.charAt(split)) || word.charAt(split) == '_')) {
            split++;
        }
        String digits = word.substring(0, split);
        String unit = word.substring(split);
        if (digits.endsWith("_") || digits.contains("__")) {
            throw errorAt(start, "bad number '" + word + "': '_' goes between digits, like 1_000_000");
        }
        long number = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c == '_') {
                continue;
            }
            try {
                number = Math.addExact(Math.multiplyExact(number, 10), c - '0');
            } catch (ArithmeticException overflow) {
                throw errorAt(start, "number '" + word + "' is too large (at most " + Long.MAX_VALUE + ")");
            }
        }
        TokenKind kind;
        long multiplier;
        switch (unit) {
            case "" -> { kind = TokenKind.NUMBER; multiplier = 1; }
            case "K" -> { kind = TokenKind.SIZE; multiplier = 1L << 10; }
            case "M" -> { kind = TokenKind.SIZE; multiplier = 1L << 20; }
            case "G" -> { kind = TokenKind.SIZE; multiplier = 1L << 30; }
            case "ns" -> { kind = TokenKind.TIME; multiplier = 1; }
            case "us" -> { kind = TokenKind.TIME; multiplier = 1_000; }
            case "ms" -> { kind = TokenKind.TIME; multiplier = 1_000_000; }
            case "s" -> { kind = TokenKind.TIME; multiplier = 1_000_000_000; }
            default -> throw errorAt(start, "unknown unit '" + unit + "' in '" + word
                    + "'; expected K, M or G for a size (powers of 1024) or ns, us, ms or s for a time"
                    + unitHint(unit));
        }
        long value;
        try {
            value = Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException overflow) {
            throw errorAt(start, (kind == TokenKind.SIZE ? "size '" : "time '") + word + "' is too large");
        }
        tokens.add(new Token(kind, word, value, start));
    }

    private static String unitHint(String unit) {
        return switch (unit) {
            case "k", "KB", "kb", "KiB" -> " (did you mean 'K'?)";
            case "m", "MB", "mb", "MiB" -> " (did you mean 'M' for megabytes or 'ms' for milliseconds?)";
            case "g", "GB", "gb", "GiB" -> " (did you mean 'G'?)";
            case "sec", "secs", "S" -> " (did you mean 's'?)";
            case "msec", "MS", "Ms" -> " (did you mean 'ms'?)";
            case "usec", "µs" -> " (did you mean 'us'?)";
            default -> "";
        };
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
