package org.mmscope.model.snapshot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The two kinds of snapshot file, told apart by the file name's extension when saving. */
public enum SnapshotFormat {

    /**
     * EMF binary serialization behind an {@code MMSNAP} header (see {@link SnapshotStore}): compact and
     * fast, for whole machines. Extension {@code .mmsnap}.
     */
    BINARY(".mmsnap"),

    /** XMI, readable and diffable, for small models. Extension {@code .xmi}. */
    XMI(".xmi");

    private final String extension;

    SnapshotFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, with its dot. */
    public String extension() {
        return extension;
    }

    /** The format a file with this name is saved in, or empty if its extension is neither. */
    public static Optional<SnapshotFormat> of(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        for (SnapshotFormat format : values()) {
            if (lower.endsWith(format.extension) && lower.length() > format.extension.length()) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
