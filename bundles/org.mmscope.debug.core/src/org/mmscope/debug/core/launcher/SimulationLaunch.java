package org.mmscope.debug.core.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/** Identifiers and attributes of the "MmScope Simulation" launch configuration type. */
public final class SimulationLaunch {

    /** The launch configuration type id, as in plugin.xml. */
    public static final String TYPE_ID = "org.mmscope.debug.core.simulation";
    /** Attribute: path of the scenario file; empty or absent = the built-in default scenario. */
    public static final String ATTR_SCENARIO_FILE = "org.mmscope.debug.core.scenarioFile";
    /**
     * Attribute: name of a built-in scenario (e.g. {@code BuiltInScenarios.POOLS_NAME}) to run when no
     * scenario file is set; absent = the default scenario.
     */
    public static final String ATTR_BUILT_IN_SCENARIO = "org.mmscope.debug.core.builtInScenario";
    /** Name of the launch configuration that runs the built-in default scenario. */
    public static final String DEFAULT_CONFIGURATION_NAME = "MmScope default scenario";
    /** The name the built-in default scenario is shown under. */
    public static final String DEFAULT_SCENARIO_NAME = "default.mms";

    private SimulationLaunch() {
    }

    /**
     * Checks a scenario file the way a launch will (read, parse, validate) and returns what is wrong
     * in one sentence (file:line:column for a mistake in the file), or null when it is fine.
     */
    public static String checkScenarioFile(String path) {
        if (path == null || path.isBlank()) {
            return "Choose a scenario file, or run the built-in default scenario.";
        }
        Path scenario = Path.of(path.strip());
        if (!Files.isRegularFile(scenario)) {
            return "The scenario file " + path.strip() + " does not exist.";
        }
        try {
            ScenarioParser.parse(scenario.getFileName().toString(), Files.readString(scenario, StandardCharsets.UTF_8));
            return null;
        } catch (ScenarioException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "Cannot read " + path.strip() + ": " + e.getMessage();
        }
    }
}
