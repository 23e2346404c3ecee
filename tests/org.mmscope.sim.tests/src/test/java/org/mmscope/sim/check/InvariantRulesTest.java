package org.mmscope.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link InvariantChecker#RULES} names exactly the rules the checker reports (breakpoints offer them as sub-kinds). */
class InvariantRulesTest {

    @Test
    void theRuleListMatchesTheRulesInTheChecker() throws IOException {
        String dir = System.getProperty("mmscope.sim.dir");
        Path source = dir == null ? null
                : Path.of(dir).resolve("src/org/mmscope/sim/check/InvariantChecker.java");
        Assumptions.assumeTrue(source != null && Files.isRegularFile(source), "the checker's source is not at hand");
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile("new Violation\\(\"([a-z-]+)\"").matcher(Files.readString(source, StandardCharsets.UTF_8));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        assertTrue(found.size() > 10, "rules found in the source: " + found);
        assertEquals(found, new TreeSet<>(InvariantChecker.RULES));
    }
}
