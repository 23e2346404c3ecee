package org.mmscope.sim.scenario;

import java.util.List;
import java.util.Objects;

/**
 * Reads scenario text: checks its size, tokenizes it ({@link Lexer}), parses it into generic
 * statements ({@link SyntaxParser}) and validates them ({@link Validator}). Everything is checked
 * before anything could run; the first problem is one {@link ScenarioException} whose message is
 * {@code file:line:column: what was expected}. Never throws anything else for bad text.
 */
public final class ScenarioParser {

    private ScenarioParser() {
    }

    /**
     * The scenario in {@code text}, in the standard language.
     *
     * @param sourceName the name errors show (usually the file name)
     * @param text       the scenario text
     * @throws ScenarioException at the first error
     */
    public static Scenario parse(String sourceName, String text) throws ScenarioException {
        return parse(sourceName, text, SchemaRegistry.standard());
    }

    /**
     * The scenario in {@code text}, in the language of {@code registry}.
     *
     * @throws ScenarioException at the first error
     */
    public static Scenario parse(String sourceName, String text, SchemaRegistry registry) throws ScenarioException {
        return new Validator(registry).validate(parseSyntax(sourceName, text));
    }

    /**
     * The generic statements of {@code text}, not validated (any verb, any arguments): for tools
     * that work on the syntax.
     *
     * @throws ScenarioException at the first lexical or syntax error
     */
    public static List<Statement> parseSyntax(String sourceName, String text) throws ScenarioException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(text, "text");
        if (text.length() > Limits.MAX_TEXT_CHARS) {
            throw new ScenarioException(new SourcePosition(sourceName, 1, 1), "scenario too large: "
                    + ScenarioText.grouped(text.length()) + " characters (at most "
                    + ScenarioText.grouped(Limits.MAX_TEXT_CHARS) + ")");
        }
        return SyntaxParser.parse(Lexer.tokenize(sourceName, text));
    }
}
