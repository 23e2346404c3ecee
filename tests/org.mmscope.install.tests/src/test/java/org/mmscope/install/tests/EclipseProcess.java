package org.mmscope.install.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs an Eclipse installation through its equinox launcher jar (there is no native launcher). */
final class EclipseProcess {

    /** How a run ended: its exit code (-1 when it was killed at the time limit) and its output. */
    record Result(int exitCode, Path log) {
        String tail(int lines) throws IOException {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    private EclipseProcess() {
    }

    static Path launcherJar(Path installation) throws IOException {
        try (Stream<Path> plugins = Files.list(installation.resolve("plugins"))) {
            return plugins.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("org.eclipse.equinox.launcher_") && name.endsWith(".jar");
            }).findFirst().orElseThrow(() -> new AssertionError("no equinox launcher jar in " + installation));
        }
    }

    /**
     * Starts the installation with {@code vmArgs} and {@code programArgs}, waits at most {@code limit}
     * and kills it after that. Output goes to {@code log}.
     */
    static Result run(Path installation, List<String> vmArgs, List<String> programArgs, Duration limit, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(vmArgs);
        command.add("-jar");
        command.add(launcherJar(installation).toString());
        command.add("-nosplash");
        command.addAll(programArgs);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(installation.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return new Result(-1, log);
        }
        return new Result(process.exitValue(), log);
    }
}
