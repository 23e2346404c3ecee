package org.mmscope.sim.hw;

import java.io.Serializable;

/**
 * One transfer queued on a {@link Disk}: a run of {@code count} pages of a {@link BackingStore} from
 * {@code pageOffset}, to or from the listed page frames. Views list pending requests through
 * {@link Disk#pending(int)}; the getters never expose the request's arrays.
 */
public final class DiskRequest implements Serializable {

    private final long id;
    private final BackingStore store;
    private final long pageOffset;
    private final int[] pfns;
    private final PhysicalMemory memory;
    private final boolean write;
    private final long submitTime;
    private final long completionTime;
    /** For a write, decided when it was issued; for a read, set at completion. */
    private IoStatus status;

    DiskRequest(long id, BackingStore store, long pageOffset, int[] pfns, PhysicalMemory memory, boolean write,
            long submitTime, long completionTime) {
        this.id = id;
        this.store = store;
        this.pageOffset = pageOffset;
        this.pfns = pfns;
        this.memory = memory;
        this.write = write;
        this.submitTime = submitTime;
        this.completionTime = completionTime;
    }

    /** The request id, increasing in submission order from 1. */
    public long id() {
        return id;
    }

    /** The file read or written. */
    public BackingStore store() {
        return store;
    }

    /** First page offset in the store. */
    public long pageOffset() {
        return pageOffset;
    }

    /** Number of pages. */
    public int count() {
        return pfns.length;
    }

    /** The frame of the {@code index}-th page (0..count-1). */
    public int pfn(int index) {
        if (index < 0 || index >= pfns.length) {
            throw new IllegalArgumentException("page index must be 0.." + (pfns.length - 1) + ", not " + index);
        }
        return pfns[index];
    }

    /** True for a write (frames to store), false for a read. */
    public boolean isWrite() {
        return write;
    }

    /** Simulated time the request was issued. */
    public long submitTime() {
        return submitTime;
    }

    /** Simulated time it completes. */
    public long completionTime() {
        return completionTime;
    }

    /** The outcome: known from submission for a write, null for a read until it completes. */
    public IoStatus status() {
        return status;
    }

    PhysicalMemory memory() {
        return memory;
    }

    void setStatus(IoStatus status) {
        this.status = status;
    }

    /** True if pages {@code pageOffset..+count-1} of {@code other} include {@code offset}. */
    boolean covers(BackingStore other, long offset) {
        return store == other && offset >= pageOffset && offset < pageOffset + pfns.length;
    }

    @Override
    public String toString() {
        return "DiskRequest[" + id + " " + (write ? "write " : "read ") + store.name() + " @" + pageOffset + " x"
                + pfns.length + ", done at " + completionTime + (status == null ? "" : ", " + status) + "]";
    }
}
