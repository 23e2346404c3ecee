package org.mmscope.model.diff;

import java.nio.file.Path;

import org.mmscope.model.Machine;

/**
 * Reads a machine from a file for {@link DiffTool}. The default is
 * {@link org.mmscope.model.snapshot.SnapshotStore#load(Path)}; tests and other front ends may pass
 * their own. The message of a thrown exception is shown to the user as it is.
 */
@FunctionalInterface
public interface MachineLoader {

    /** Loads the machine saved in {@code file}. */
    Machine load(Path file) throws Exception;
}
