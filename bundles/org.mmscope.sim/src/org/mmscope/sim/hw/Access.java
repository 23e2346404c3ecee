package org.mmscope.sim.hw;

/**
 * The kind of memory access the processor makes, as reported in a page fault's error code (the W/R
 * and I/D bits on x64).
 */
public enum Access {
    /** A data read. */
    READ,
    /** A data write: needs the Write bit at every level of the walk. */
    WRITE,
    /** An instruction fetch: needs NoExecute clear at every level of the walk. */
    EXECUTE
}
