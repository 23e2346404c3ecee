package org.mmscope.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Properties: bad text only ever gives a ScenarioException; printing and re-parsing is the identity. */
class ScenarioPropertiesTest {

    /** Parses {@code text}; any exception but ScenarioException fails the property. */
    private static void parsesOrFailsCleanly(String text) {
        try {
            ScenarioParser.parse("g.mms", text);
        } catch (ScenarioException e) {
            String prefix = "g.mms:" + e.line() + ":" + e.column() + ": ";
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
            assertTrue(!e.detail().isBlank() && !e.detail().contains("\n"), e.getMessage());
            long lines = text.chars().filter(c -> c == '\n').count() + text.chars().filter(c -> c == '\r').count() + 1;
            assertTrue(e.line() >= 1 && e.line() <= lines, () -> "line out of the text: " + e.getMessage());
        }
    }

    @Property(tries = 1000)
    void anyTextParsesOrGivesAScenarioException(@ForAll @StringLength(max = 300) String text) {
        parsesOrFailsCleanly(text);
    }

    @Property(tries = 1000)
    void tokenSoupParsesOrGivesAScenarioException(@ForAll long seed) {
        parsesOrFailsCleanly(RandomScenarios.soup(seed));
    }

    @Property(tries = 500)
    void mutatedDefaultScenarioParsesOrGivesAScenarioException(@ForAll long seed) {
        parsesOrFailsCleanly(mutate(DefaultScenarioTest.sourceText(), seed));
    }

    @Property(tries = 200)
    void mutatedRandomScenarioParsesOrGivesAScenarioException(@ForAll long seed) {
        parsesOrFailsCleanly(mutate(RandomScenarios.valid(seed), seed ^ 0x5DEECE66DL));
    }

    @Property(tries = 500)
    void generatedScenariosAreValid(@ForAll long seed) throws ScenarioException {
        ScenarioParser.parse("g.mms", RandomScenarios.valid(seed));
    }

    @Property(tries = 500)
    void printingThenParsingGivesAnEqualScenario(@ForAll long seed) throws ScenarioException {
        Scenario scenario = ScenarioParser.parse("g.mms", RandomScenarios.valid(seed));
        String printed = ScenarioPrinter.print(scenario);
        Scenario again = ScenarioParser.parse("printed.mms", printed);
        assertEquals(scenario, again, printed);
        assertEquals(printed, ScenarioPrinter.print(again), "the canonical form is a fixed point");
    }

    @Property(tries = 100)
    void nestingDepthNeverOverflowsTheStack(@ForAll("openers") String opener, @ForAll("depths") int depth) {
        parsesOrFailsCleanly(opener.repeat(depth));
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("{", "a {", "a: ", "a -> ", "repeat 2 {", "process p {", "in p: ", "x 1..", "(", "{ }");
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 200_000);
    }

    /** A few random edits: deletions, insertions of scenario-ish text, duplications, swaps. */
    static String mutate(String text, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(20)));
                case 1 -> out.insert(at, RandomScenarios.soup(random.nextLong()));
                case 2 -> {
                    int end = Math.min(out.length(), at + random.nextInt(80));
                    out.insert(at, out.substring(at, end));
                }
                default -> {
                    if (!out.isEmpty()) {
                        out.setCharAt(at, (char) random.nextInt(0x7F));
                    }
                }
            }
        }
        return out.toString();
    }
}
