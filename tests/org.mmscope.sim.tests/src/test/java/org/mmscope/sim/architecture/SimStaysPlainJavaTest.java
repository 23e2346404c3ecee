package org.mmscope.sim.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The simulator bundle is plain Java: no Eclipse or OSGi type in its sources, its compiled classes
 * or its manifest. The debug model depends on the simulator, never the other way.
 */
class SimStaysPlainJavaTest {

    private static final Pattern FORBIDDEN = Pattern.compile("\\b(org\\.eclipse|org\\.osgi)\\.");

    private static Path simDir() {
        String dir = System.getProperty("mmscope.sim.dir");
        assertTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "system property mmscope.sim.dir must name the org.mmscope.sim bundle folder, is " + dir);
        return Path.of(dir);
    }

    @Test
    void sourcesNameNoEclipseOrOsgiType() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(simDir().resolve("src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        offenders.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "the simulator must stay plain Java");
    }

    @Test
    void compiledClassesReferenceNoEclipseOrOsgiType() throws IOException {
        Path classes = simDir().resolve("target/classes");
        assertTrue(Files.isDirectory(classes), "build the simulator first: " + classes);
        List<String> offenders = new ArrayList<>();
        int count = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                count++;
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (constants.contains("org/eclipse/") || constants.contains("org/osgi/")) {
                    offenders.add(classes.relativize(file).toString());
                }
            }
        }
        assertTrue(count > 0, "no compiled class found in " + classes);
        assertEquals(List.of(), offenders, "compiled simulator classes refer to Eclipse/OSGi types");
    }

    @Test
    void everyPackageIsExportedForTheDebugger() throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(simDir().resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String exported = manifest.getMainAttributes().getValue("Export-Package");
        java.util.Set<String> exports = new java.util.TreeSet<>();
        for (String entry : exported.split(",")) {
            exports.add(entry.strip().split(";")[0]);
        }
        Path src = simDir().resolve("src");
        java.util.Set<String> packages = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> packages.add(src.relativize(f.getParent()).toString().replace('/', '.')));
        }
        packages.removeAll(exports);
        assertEquals(java.util.Set.of(), packages, "packages missing from Export-Package of the simulator");
    }

    @Test
    void manifestRequiresNothingAndHasNoActivator() throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(simDir().resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        var main = manifest.getMainAttributes();
        assertEquals(null, main.getValue("Require-Bundle"), "Require-Bundle");
        assertEquals(null, main.getValue("Bundle-Activator"), "Bundle-Activator");
        String imports = main.getValue("Import-Package");
        assertFalse(imports != null && FORBIDDEN.matcher(imports + ".").find(), "Import-Package: " + imports);
    }
}
