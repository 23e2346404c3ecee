package org.mmscope.install.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a user does: take an Eclipse IDE without MmScope, install the MmScope feature from the built
 * update site with the p2 director, start the IDE, and open MmScope. The IDE runs MmScope's
 * self-check (every org.mmscope bundle resolved, the views open) and writes a report and a
 * screenshot. A missing bundle or an unsatisfied import fails here, even when every other test
 * passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallFromUpdateSiteTest {

    private static final String FEATURE_GROUP = "org.mmscope.feature.feature.group";
    private static final String PERSPECTIVE = "org.mmscope.ui.perspective";

    private Path site;
    private Path ide;
    private Path work;
    private List<String> featureBundles;
    private List<String> libraryBundles;

    @BeforeAll
    void copyAFreshIde() throws IOException {
        site = existing("mmscope.site", "the update site (build releng/org.mmscope.site first)");
        Path freshIde = existing("mmscope.freshIde", "the fresh IDE product (build releng/org.mmscope.product first)");
        List<String> plugins = pluginIds(existing("mmscope.feature", "the MmScope feature.xml"));
        featureBundles = plugins.stream().filter(id -> id.startsWith("org.mmscope.")).toList();
        libraryBundles = plugins.stream().filter(id -> !id.startsWith("org.mmscope.")).toList();
        work = Path.of(System.getProperty("mmscope.work", "target/install-test"));
        deleteTree(work);
        ide = work.resolve("ide");
        copyTree(freshIde, ide);
    }

    @Test
    @Order(1)
    void theFreshIdeHasNoMmScope() throws IOException {
        assertEquals(List.of(), mmscopeLines(bundlesInfo()), "bundles.info of the fresh IDE");
        assertTrue(Files.readAllLines(bundlesInfo()).stream().noneMatch(l -> l.startsWith("org.eclipse.emf.edit,")),
                "the fresh IDE has no EMF.Edit: the update site must bring it");
        try (Stream<Path> plugins = Files.list(ide.resolve("plugins"))) {
            assertEquals(List.of(), plugins.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("org.mmscope")).toList());
        }
    }

    @Test
    @Order(2)
    void theDirectorInstallsTheFeatureFromTheUpdateSite() throws Exception {
        EclipseProcess.Result result = EclipseProcess.run(ide, List.of(),
                List.of("-application", "org.eclipse.equinox.p2.director", "-consoleLog",
                        "-repository", site.toUri().toString(), "-installIU", FEATURE_GROUP),
                Duration.ofMinutes(5), work.resolve("director.log"));
        assertEquals(0, result.exitCode(), () -> "the p2 director failed:\n" + tail(result));
        List<String> installed = mmscopeLines(bundlesInfo()).stream().map(l -> l.substring(0, l.indexOf(',')))
                .sorted().toList();
        assertEquals(featureBundles.stream().sorted().toList(), installed, "MmScope bundles in bundles.info");
        assertTrue(Files.readAllLines(bundlesInfo()).stream().anyMatch(l -> l.startsWith("org.eclipse.emf.edit,")),
                "org.eclipse.emf.edit, which the fresh IDE lacks, came from the update site");
        for (String library : libraryBundles) {
            assertTrue(Files.readAllLines(bundlesInfo()).stream().anyMatch(l -> l.startsWith(library + ",")),
                    library + ", shipped in the MmScope feature, is installed");
        }
        try (Stream<Path> features = Files.list(ide.resolve("features"))) {
            assertTrue(features.anyMatch(f -> f.getFileName().toString().startsWith("org.mmscope.feature_")),
                    "the feature folder is installed");
        }
    }

    @Test
    @Order(3)
    void theInstalledIdeStartsAndOpensMmScope() throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isBlank(),
                "no DISPLAY: run the tests through ./mmscope test, which starts Xvfb");
        Path report = work.resolve("selfcheck.properties");
        Path screenshot = Path.of(System.getProperty("mmscope.screenshots", work.toString()), "installed-ide.png");
        Files.deleteIfExists(screenshot);
        EclipseProcess.Result result = EclipseProcess.run(ide,
                List.of("-Dmmscope.selfcheck=" + report, "-Dmmscope.selfcheck.exit=true",
                        "-Dmmscope.screenshot=" + screenshot),
                List.of("-data", work.resolve("workspace").toString(), "-consoleLog", "-perspective", PERSPECTIVE),
                Duration.ofMinutes(4), work.resolve("ide.log"));
        if (!Files.isRegularFile(report)) {
            fail("the installed IDE wrote no self-check report (exit code " + result.exitCode()
                    + "): it did not start, or MmScope's UI bundle did not start. Its log ends with:\n" + tail(result));
        }
        Properties findings = new Properties();
        try (InputStream in = Files.newInputStream(report)) {
            findings.load(in);
        }
        List<String> problems = new ArrayList<>();
        for (String bundle : featureBundles) {
            String state = findings.getProperty("bundle." + bundle, "MISSING");
            if (!(state.startsWith("ACTIVE") || state.startsWith("RESOLVED") || state.startsWith("STARTING"))) {
                problems.add(bundle + " is " + state);
            }
        }
        if (!findings.getProperty("bundle.org.mmscope.ui", "").startsWith("ACTIVE")) {
            problems.add("org.mmscope.ui did not start: " + findings.getProperty("bundle.org.mmscope.ui"));
        }
        String view = findings.getProperty("view.org.mmscope.ui.views.pfnInspector", "MISSING");
        if (!view.startsWith("open ")) {
            problems.add("PFN Inspector view: " + view);
        }
        if (!PERSPECTIVE.equals(findings.getProperty("perspective"))) {
            problems.add("perspective is " + findings.getProperty("perspective"));
        }
        if (!"ok".equals(findings.getProperty("status"))) {
            problems.add("self-check status " + findings.getProperty("status") + ": " + findings);
        }
        assertEquals(List.of(), problems, () -> "self-check report " + report + "\nIDE log:\n" + tail(result));
        assertEquals(0, result.exitCode(), () -> "the IDE did not exit cleanly:\n" + tail(result));
        assertTrue(Files.size(screenshot) > 10_000, "screenshot " + screenshot + " looks empty");
        System.out.println("Installed IDE screenshot: " + screenshot);
    }

    private Path bundlesInfo() {
        return ide.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info");
    }

    private static List<String> mmscopeLines(Path bundlesInfo) throws IOException {
        return Files.readAllLines(bundlesInfo, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("org.mmscope.")).toList();
    }

    private static List<String> pluginIds(Path featureXml) throws IOException {
        Matcher m = Pattern.compile("<plugin\\s+id=\"([^\"]+)\"").matcher(Files.readString(featureXml));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertFalse(ids.isEmpty(), "no plugin in " + featureXml);
        return ids;
    }

    private static String tail(EclipseProcess.Result result) {
        try {
            return result.tail(60);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path existing(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            fail("missing " + what + ": " + value);
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
