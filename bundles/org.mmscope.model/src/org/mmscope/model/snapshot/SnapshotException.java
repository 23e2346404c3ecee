package org.mmscope.model.snapshot;

import java.nio.file.Path;

/**
 * A snapshot could not be saved or loaded. The message is one sentence for the user: it names the file
 * and says what is wrong with it (and, for XMI, where: line and column). The cause, if any, is for the
 * log only.
 */
public class SnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the snapshot file that could not be saved or loaded
     * @param message the complete message for the user, naming the file
     * @param cause   the underlying failure, for the log, or {@code null}
     */
    public SnapshotException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** @see #SnapshotException(Path, String, Throwable) */
    public SnapshotException(Path file, String message) {
        this(file, message, null);
    }

    /** The snapshot file that could not be saved or loaded. */
    public Path file() {
        return file;
    }
}
