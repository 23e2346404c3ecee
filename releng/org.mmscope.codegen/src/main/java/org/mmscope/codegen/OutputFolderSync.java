package org.mmscope.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Mirrors a generated project into a bundle's {@code emf-gen} folder: the Java folder goes to
 * {@code src/}, run-time resources (plugin.xml, plugin.properties, icons) to {@code res/}, and the
 * project files the bundle writes by hand (MANIFEST.MF, build.properties) are dropped. Files whose
 * bytes are unchanged are left alone; files no longer generated are deleted.
 */
final class OutputFolderSync {

    /** Files of a generated project that the bundle keeps by hand. */
    private static final List<String> DROPPED = List.of("META-INF/MANIFEST.MF", "build.properties", ".classpath",
            ".project");

    record Stats(int written, int unchanged, int deleted) {
    }

    private OutputFolderSync() {
    }

    static Stats mirror(Path project, Path out, String javaFolder) throws IOException {
        Set<Path> kept = new HashSet<>();
        int written = 0;
        int unchanged = 0;
        try (Stream<Path> files = Files.walk(project)) {
            for (Path source : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = project.relativize(source).toString().replace('\\', '/');
                if (DROPPED.contains(relative)) {
                    continue;
                }
                Path target = relative.startsWith(javaFolder + "/")
                        ? out.resolve("src").resolve(relative.substring(javaFolder.length() + 1))
                        : out.resolve("res").resolve(relative);
                kept.add(target);
                byte[] bytes = Files.readAllBytes(source);
                if (Files.isRegularFile(target) && Arrays.equals(bytes, Files.readAllBytes(target))) {
                    unchanged++;
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, bytes);
                    written++;
                }
            }
        }
        int deleted = 0;
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path old : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (Files.isRegularFile(old) && !kept.contains(old)) {
                        Files.delete(old);
                        deleted++;
                    } else if (Files.isDirectory(old) && !old.equals(out) && isEmpty(old)) {
                        Files.delete(old);
                    }
                }
            }
        }
        return new Stats(written, unchanged, deleted);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    static void deleteTree(Path root) throws IOException {
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
