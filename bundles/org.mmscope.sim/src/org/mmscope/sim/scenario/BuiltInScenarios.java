package org.mmscope.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The scenarios that ship with the simulator. The default one lives in {@code default.mms} next to
 * this class (the build copies non-Java files of the source folder into the jar).
 */
public final class BuiltInScenarios {

    /** Source name of the default scenario, as its error positions show it. */
    public static final String DEFAULT_NAME = "default.mms";
    /** Source name of the pools scenario (paged, nonpaged, small-block and special pool at work). */
    public static final String POOLS_NAME = "pools.mms";

    private static Scenario defaultScenario;

    private BuiltInScenarios() {
    }

    /** The text of the default scenario. */
    public static String defaultScenarioText() {
        return text(DEFAULT_NAME);
    }

    /** The text of a built-in scenario ({@link #DEFAULT_NAME}, {@link #POOLS_NAME}). */
    public static String text(String name) {
        try (InputStream in = BuiltInScenarios.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path next to "
                        + BuiltInScenarios.class.getName() + ": the build must copy the non-Java files of src/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * A built-in scenario, parsed.
     *
     * @throws IllegalStateException if the shipped file does not parse (a build defect, which a test guards)
     */
    public static Scenario scenario(String name) {
        if (name.equals(DEFAULT_NAME)) {
            return defaultScenario();
        }
        try {
            return ScenarioParser.parse(name, text(name));
        } catch (ScenarioException e) {
            throw new IllegalStateException("the built-in scenario is broken: " + e.getMessage(), e);
        }
    }

    /**
     * The default scenario, parsed: a few processes, memory pressure, trimming, paging-file I/O and
     * an injected read error, so that every page list is in use at some point.
     *
     * @throws IllegalStateException if the shipped file does not parse (a build defect, which a test guards)
     */
    public static synchronized Scenario defaultScenario() {
        if (defaultScenario == null) {
            try {
                defaultScenario = ScenarioParser.parse(DEFAULT_NAME, defaultScenarioText());
            } catch (ScenarioException e) {
                throw new IllegalStateException("the built-in scenario is broken: " + e.getMessage(), e);
            }
        }
        return defaultScenario;
    }
}
