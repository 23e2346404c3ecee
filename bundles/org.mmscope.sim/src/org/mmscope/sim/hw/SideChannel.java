package org.mmscope.sim.hw;

/**
 * Implemented by the object streams of in-memory checkpoints (org.mmscope.sim.replay): large
 * immutable data (page contents) passes beside the serialized bytes by reference instead of being
 * copied. A class that writes something with {@link #keep} reads it back with {@link #fetch} in the
 * same order; any other stream gets the data itself.
 */
public interface SideChannel {

    /**
     * Keeps {@code value} (which must never change afterwards) and returns its number.
     *
     * @param newBytes memory the value holds that no earlier kept value holds (for the checkpoints'
     *                 memory budget)
     */
    int keep(Object value, long newBytes);

    /** The value kept under {@code number}. */
    Object fetch(int number);

    /** The archive of the frames the checkpoints of this stream's timeline share with running memories. */
    FrameArchive frameArchive();
}
