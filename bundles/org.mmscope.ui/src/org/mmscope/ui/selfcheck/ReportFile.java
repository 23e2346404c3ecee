package org.mmscope.ui.selfcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Writes a key=value report in one piece: a reader never sees half a file. */
final class ReportFile {

    private ReportFile() {
    }

    static void write(Path file, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> text.append(key).append('=')
                .append(value.replace('\n', ' ').replace('\r', ' ')).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
