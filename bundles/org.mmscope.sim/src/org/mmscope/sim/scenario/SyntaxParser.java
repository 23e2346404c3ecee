package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser from tokens to generic {@link Statement}s. It knows the shape of every
 * statement (verb, arguments, body) but no verb: checking verbs and arguments is the
 * {@link Validator}'s job, so new statements need schemas, not parser changes.
 *
 * <pre>
 * file       = statements EOF
 * statements = { separator } [ statement { separator { separator } statement } { separator } ]
 * separator  = NEWLINE | ';'
 * statement  = WORD { argument } [ body ]
 * body       = '{' statements '}' | ':' statement | '->' ( statement | '{' statements '}' )
 * argument   = WORD '=' value | value
 * value      = number [ '..' ( number | '+' number ) ] | TIME | STRING | TAG
 *            | WORD [ compare NUMBER ]
 * number     = NUMBER | SIZE
 * compare    = '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!='
 * </pre>
 *
 * Nesting is bounded by {@link Limits#MAX_DEPTH}, so no input can exhaust the Java stack.
 */
final class SyntaxParser {

    private final List<Token> tokens;
    private int next;

    private SyntaxParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * The top-level statements of a token list that ends with EOF.
     *
     * @throws ScenarioException at the first syntax error
     */
    static List<Statement> parse(List<Token> tokens) throws ScenarioException {
        SyntaxParser parser = new SyntaxParser(tokens);
        return parser.statements(null, 0);
    }

    // --- tokens -------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != TokenKind.EOF) {
            next++;
        }
        return token;
    }

    private boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    private static ScenarioException error(Token token, String message) {
        return new ScenarioException(token.position(), message);
    }

    // --- statements ---------------------------------------------------------------------------------

    /**
     * Statements up to the '}' matching {@code opener}, or up to EOF when {@code opener} is null.
     * Consumes the closing '}'.
     */
    private List<Statement> statements(Token opener, int depth) throws ScenarioException {
        List<Statement> result = new ArrayList<>();
        while (true) {
            while (at(TokenKind.NEWLINE) || at(TokenKind.SEMICOLON)) {
                take();
            }
            Token token = peek();
            if (token.kind() == TokenKind.EOF) {
                if (opener != null) {
                    throw error(opener, "this '{' is never closed: expected '}' before the end of the file");
                }
                return result;
            }
            if (token.kind() == TokenKind.RBRACE) {
                if (opener == null) {
                    throw error(token, "unexpected '}': no block is open here");
                }
                take();
                return result;
            }
            result.add(statement(depth));
            Token after = peek();
            switch (after.kind()) {
                case NEWLINE, SEMICOLON, EOF, RBRACE -> { }
                default -> throw error(after, "expected ';' or a new line after the statement, found "
                        + after.shown() + hint(after));
            }
        }
    }

    private static String hint(Token token) {
        return switch (token.kind()) {
            case EQUALS -> "; a keyword argument is written name=value, with a word before '='";
            case DOTDOT -> "; a range is written START..END or START..+SIZE with numbers";
            case LT, LE, GT, GE, EQEQ, NE -> "; a condition is written like available<2000";
            default -> "";
        };
    }

    private Statement statement(int depth) throws ScenarioException {
        Token verb = peek();
        if (verb.kind() != TokenKind.WORD) {
            throw error(verb, "expected a statement (a word like process, commit or touch), found "
                    + verb.shown() + (verb.kind() == TokenKind.LBRACE
                            ? "; a '{' must be on the same line as its statement" : ""));
        }
        take();
        List<Argument> positional = new ArrayList<>();
        Map<String, Argument> keyword = new LinkedHashMap<>();
        while (true) {
            Token token = peek();
            if (token.kind() == TokenKind.WORD && peek(1).kind() == TokenKind.EQUALS) {
                take();
                take();
                if (keyword.containsKey(token.text())) {
                    throw error(token, "'" + token.text() + "=' is given twice");
                }
                Argument value = value("after '" + token.text() + "='");
                keyword.put(token.text(), new Argument(token.text(), value.value(), value.text(),
                        value.position(), token.position()));
            } else if (startsValue(token.kind())) {
                positional.add(value("here"));
            } else {
                break;
            }
        }
        List<Statement> block = List.of();
        BodyStyle style = BodyStyle.NONE;
        Token introducer = peek();
        switch (introducer.kind()) {
            case LBRACE -> {
                checkDepth(introducer, depth);
                take();
                style = BodyStyle.BRACES;
                block = statements(introducer, depth + 1);
            }
            case COLON -> {
                checkDepth(introducer, depth);
                take();
                style = BodyStyle.COLON;
                block = List.of(inlineStatement(introducer, depth + 1));
            }
            case ARROW -> {
                checkDepth(introducer, depth);
                take();
                style = BodyStyle.ARROW;
                if (at(TokenKind.LBRACE)) {
                    Token brace = take();
                    block = statements(brace, depth + 1);
                } else {
                    block = List.of(inlineStatement(introducer, depth + 1));
                }
            }
            default -> { }
        }
        return new Statement(verb.text(), positional, keyword, block, style, verb.position(),
                style == BodyStyle.NONE ? verb.position() : introducer.position());
    }

    private Statement inlineStatement(Token introducer, int depth) throws ScenarioException {
        Token token = peek();
        if (token.kind() != TokenKind.WORD) {
            throw error(token, "expected a statement after " + introducer.shown() + " on the same line, found "
                    + token.shown());
        }
        return statement(depth);
    }

    private static void checkDepth(Token introducer, int depth) throws ScenarioException {
        if (depth + 1 > Limits.MAX_DEPTH) {
            throw error(introducer, "blocks nested too deeply (more than " + Limits.MAX_DEPTH + " levels)");
        }
    }

    // --- values -------------------------------------------------------------------------------------

    private static boolean startsValue(TokenKind kind) {
        return switch (kind) {
            case WORD, NUMBER, SIZE, TIME, STRING, TAG -> true;
            default -> false;
        };
    }

    /** One value; {@code where} completes "expected a value ..." messages. */
    private Argument value(String where) throws ScenarioException {
        Token token = peek();
        switch (token.kind()) {
            case NUMBER, SIZE -> {
                take();
                if (at(TokenKind.DOTDOT)) {
                    return range(token);
                }
                Value value = token.kind() == TokenKind.NUMBER
                        ? new Value.Number(token.value())
                        : new Value.Size(token.value());
                return positional(value, token.text(), token);
            }
            case TIME -> {
                take();
                if (at(TokenKind.DOTDOT)) {
                    throw error(peek(), "a range is made of addresses or offsets, not times");
                }
                return positional(new Value.Time(token.value()), token.text(), token);
            }
            case STRING -> {
                take();
                String text = token.text();
                return positional(new Value.Str(text.substring(1, text.length() - 1)), text, token);
            }
            case TAG -> {
                take();
                String text = token.text();
                return positional(new Value.Tag(text.substring(1, text.length() - 1)), text, token);
            }
            case WORD -> {
                take();
                if (peek().kind().isComparison()) {
                    return condition(token);
                }
                return positional(new Value.Name(token.text()), token.text(), token);
            }
            default -> throw error(token, "expected a value " + where + ", found " + token.shown());
        }
    }

    private static Argument positional(Value value, String text, Token token) {
        return new Argument(null, value, text, token.position(), token.position());
    }

    private Argument range(Token startToken) throws ScenarioException {
        take(); // '..'
        boolean relative = at(TokenKind.PLUS);
        if (relative) {
            take();
        }
        Token endToken = peek();
        if (endToken.kind() != TokenKind.NUMBER && endToken.kind() != TokenKind.SIZE) {
            throw error(endToken, relative
                    ? "expected a size after '..+', like 0x10000..+4M, found " + endToken.shown()
                    : "expected the end of the range after '..' (a number, or +SIZE), found " + endToken.shown());
        }
        take();
        long start = startToken.value();
        long end;
        if (relative) {
            end = start + endToken.value();
            if (Long.compareUnsigned(end, start) < 0 || (end == 0 && endToken.value() != 0)) {
                throw error(startToken, "range " + startToken.text() + "..+" + endToken.text()
                        + " runs past the end of the 64-bit address space");
            }
        } else {
            end = endToken.value();
        }
        String text = startToken.text() + ".." + (relative ? "+" : "") + endToken.text();
        if (Long.compareUnsigned(end, start) <= 0) {
            throw error(startToken, "range " + text + " is empty: "
                    + (relative ? "the size must not be 0" : "the end must be above the start (the end is excluded)"));
        }
        return positional(new Value.Range(start, end), text, startToken);
    }

    private Argument condition(Token variable) throws ScenarioException {
        Token op = take();
        Token number = peek();
        if (number.kind() != TokenKind.NUMBER) {
            throw error(number, "expected a page count after '" + variable.text() + op.text() + "', found "
                    + number.shown() + (number.kind() == TokenKind.SIZE ? " (conditions count pages, not bytes)" : ""));
        }
        take();
        String text = variable.text() + op.text() + number.text();
        return positional(new Value.Condition(variable.text(), op.text(), number.value()), text, variable);
    }
}
