package org.mmscope.sim.hw;

/** The outcome of a {@link Disk} request (NT: the IO_STATUS_BLOCK's Status). */
public enum IoStatus {
    /** The transfer happened (NT: STATUS_SUCCESS). */
    OK,
    /** A read failed; the frames were not changed (NT: STATUS_DEVICE_DATA_ERROR and kin). */
    READ_ERROR,
    /** A write failed; the store was not changed. */
    WRITE_ERROR
}
