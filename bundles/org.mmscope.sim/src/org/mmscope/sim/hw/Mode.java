package org.mmscope.sim.hw;

/**
 * The privilege of an access (the U/S bit of a page fault's error code; NT: KPROCESSOR_MODE).
 */
public enum Mode {
    /** Ring 0 (NT: KernelMode): may touch user and kernel pages. */
    KERNEL,
    /** Ring 3 (NT: UserMode): needs the Owner (user) bit at every level of the walk. */
    USER
}
