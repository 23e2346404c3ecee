package org.mmscope.sim.hw;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;

/**
 * One disk device with one FIFO queue, serving page transfers for {@link PagingFile}s and
 * {@link MappedFile}s in simulated time (NT: the paging I/O the memory manager issues with
 * IoPageRead and IoAsynchronousPageWrite).
 *
 * <h2>Timing</h2>
 * A request for {@code count} pages starts when the device is free ({@code max(now, busyUntil)})
 * and completes {@code latency + count * nanosPerPage} later. Nothing happens by itself: the
 * simulation asks for {@link #nextCompletionTime()}, moves the {@link SimClock} there and calls
 * {@link #completeDue}, which completes the due requests in order and reports each to an
 * {@link IoCompletion}.
 *
 * <h2>When data moves</h2>
 * A read copies the store's pages into the frames <em>at completion</em>: until then the frames
 * keep their old contents. A write copies the frames into the store <em>when it is issued</em>, so
 * the data written is what the frames held at that moment.
 *
 * <h2>Errors</h2>
 * {@link #injectReadError} makes the next {@code times} reads whose range covers a page fail: the
 * request completes with {@link IoStatus#READ_ERROR} and no frame changes. {@link #injectWriteError}
 * does the same for writes ({@link IoStatus#WRITE_ERROR}, the store does not change). The outcome
 * is decided when the data would move: at completion for a read (so an error injected while a read
 * is queued still hits it), at submission for a write. {@code Integer.MAX_VALUE} times is a
 * permanent bad block.
 *
 * <p>Each request is a small {@link DiskRequest} object; requests are rare next to memory accesses.
 */
public final class Disk implements Serializable {

    private final SimClock clock;
    private final long latencyNanos;
    private final long nanosPerPage;
    private final ArrayList<DiskRequest> queue = new ArrayList<>();
    private final ArrayList<InjectedError> errors = new ArrayList<>();
    private long nextId = 1;
    private long busyUntil;

    private long reads;
    private long writes;
    private long pagesRead;
    private long pagesWritten;
    private long readErrors;
    private long writeErrors;

    /** A pending injected error: the next {@code remaining} transfers of one kind covering one page fail. */
    private static final class InjectedError implements Serializable {
        final BackingStore store;
        final long pageOffset;
        final boolean write;
        int remaining;

        InjectedError(BackingStore store, long pageOffset, boolean write, int remaining) {
            this.store = store;
            this.pageOffset = pageOffset;
            this.write = write;
            this.remaining = remaining;
        }
    }

    /**
     * An idle disk.
     *
     * @param clock                  the simulation's clock
     * @param latencyNanosPerRequest fixed cost of each request (seek and rotation), at least 0
     * @param nanosPerPage           transfer time per page, at least 0
     */
    public Disk(SimClock clock, long latencyNanosPerRequest, long nanosPerPage) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (latencyNanosPerRequest < 0 || nanosPerPage < 0) {
            throw new IllegalArgumentException("disk latency and per-page time must be at least 0, not "
                    + latencyNanosPerRequest + " and " + nanosPerPage);
        }
        this.latencyNanos = latencyNanosPerRequest;
        this.nanosPerPage = nanosPerPage;
    }

    /** Fixed time per request, in nanoseconds. */
    public long latencyNanosPerRequest() {
        return latencyNanos;
    }

    /** Transfer time per page, in nanoseconds. */
    public long nanosPerPage() {
        return nanosPerPage;
    }

    /** The time the last queued request completes (the device is free from then). */
    public long busyUntil() {
        return busyUntil;
    }

    /**
     * Queues a read of {@code count} pages from {@code store} at {@code pageOffset} into frames
     * {@code pfns[0..count-1]}. The frames change only when the request completes.
     *
     * @return the request id
     */
    public long submitRead(BackingStore store, long pageOffset, int[] pfns, int count, PhysicalMemory memory) {
        return submit(store, pageOffset, pfns, count, memory, false);
    }

    /**
     * Queues a write of frames {@code pfns[0..count-1]} to {@code store} at {@code pageOffset}; the
     * frames' contents are copied to the store now.
     *
     * @return the request id
     */
    public long submitWrite(BackingStore store, long pageOffset, int[] pfns, int count, PhysicalMemory memory) {
        return submit(store, pageOffset, pfns, count, memory, true);
    }

    private long submit(BackingStore store, long pageOffset, int[] pfns, int count, PhysicalMemory memory,
            boolean write) {
        if (store == null || pfns == null || memory == null) {
            throw new IllegalArgumentException("a disk request needs a store, frames and the physical memory");
        }
        if (count < 1 || count > pfns.length) {
            throw new IllegalArgumentException("a disk request transfers 1.." + pfns.length + " pages, not " + count);
        }
        store.checkRange(pageOffset, count);
        for (int i = 0; i < count; i++) {
            if (pfns[i] < 0 || pfns[i] >= memory.pageCount()) {
                throw new IllegalArgumentException(String.format(
                        "frame 0x%x of the request is outside physical memory (0..0x%x)", pfns[i], memory.pageCount() - 1));
            }
        }
        long start = Math.max(clock.now(), busyUntil);
        long completion;
        try {
            completion = Math.addExact(Math.addExact(start, latencyNanos), Math.multiplyExact(count, nanosPerPage));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the request would complete beyond the end of simulated time", e);
        }
        DiskRequest request = new DiskRequest(nextId++, store, pageOffset, Arrays.copyOf(pfns, count), memory, write,
                clock.now(), completion);
        if (write) {
            writes++;
            if (consumeError(store, pageOffset, count, true)) {
                writeErrors++;
                request.setStatus(IoStatus.WRITE_ERROR);
            } else {
                for (int i = 0; i < count; i++) {
                    store.writePage(pageOffset + i, memory, pfns[i]);
                }
                pagesWritten += count;
                request.setStatus(IoStatus.OK);
            }
        } else {
            reads++;
        }
        queue.add(request);
        busyUntil = completion;
        return request.id();
    }

    /** When the oldest pending request completes, or {@link Long#MAX_VALUE} when the queue is empty. */
    public long nextCompletionTime() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.get(0).completionTime();
    }

    /**
     * Completes, in order, every request due at or before {@code now}: reads copy their data (or
     * fail), then {@code callback} hears of each. Requests the callback submits are completed too if
     * they are due.
     *
     * @param now at most the clock's current time
     * @return the number of requests completed
     */
    public int completeDue(long now, IoCompletion callback) {
        if (callback == null) {
            throw new IllegalArgumentException("completeDue needs a completion callback");
        }
        if (now > clock.now()) {
            throw new IllegalArgumentException("cannot complete requests in the future: " + now + " > clock " + clock.now());
        }
        int completed = 0;
        while (!queue.isEmpty() && queue.get(0).completionTime() <= now) {
            DiskRequest request = queue.remove(0);
            if (!request.isWrite()) {
                finishRead(request);
            }
            completed++;
            callback.completed(request.id(), request.status());
        }
        return completed;
    }

    /** {@link #completeDue(long, IoCompletion)} at the clock's current time. */
    public int completeDue(IoCompletion callback) {
        return completeDue(clock.now(), callback);
    }

    private void finishRead(DiskRequest request) {
        BackingStore store = request.store();
        if (consumeError(store, request.pageOffset(), request.count(), false)) {
            readErrors++;
            request.setStatus(IoStatus.READ_ERROR);
            return;
        }
        for (int i = 0; i < request.count(); i++) {
            store.readPage(request.pageOffset() + i, request.memory(), request.pfn(i));
        }
        pagesRead += request.count();
        request.setStatus(IoStatus.OK);
    }

    // ------------------------------------------------------------------------------------------
    // error injection
    // ------------------------------------------------------------------------------------------

    /**
     * Makes the next {@code times} reads covering a page of {@code store} fail.
     *
     * @param times at least 1; {@link Integer#MAX_VALUE} for a permanent bad block
     */
    public void injectReadError(BackingStore store, long pageOffset, int times) {
        inject(store, pageOffset, times, false);
    }

    /**
     * Makes the next {@code times} writes covering a page of {@code store} fail.
     *
     * @param times at least 1; {@link Integer#MAX_VALUE} for a permanent bad block
     */
    public void injectWriteError(BackingStore store, long pageOffset, int times) {
        inject(store, pageOffset, times, true);
    }

    /** How many more reads ({@code write} false) or writes of a page will fail; MAX_VALUE if permanent. */
    public int remainingErrors(BackingStore store, long pageOffset, boolean write) {
        InjectedError error = findError(store, pageOffset, write);
        return error == null ? 0 : error.remaining;
    }

    /** Forgets every injected error. */
    public void clearInjectedErrors() {
        errors.clear();
    }

    private void inject(BackingStore store, long pageOffset, int times, boolean write) {
        if (store == null) {
            throw new IllegalArgumentException("error injection needs a store");
        }
        store.checkOffset(pageOffset);
        if (times < 1) {
            throw new IllegalArgumentException("an injected error must fire at least once, not " + times + " times");
        }
        InjectedError error = findError(store, pageOffset, write);
        if (error == null) {
            errors.add(new InjectedError(store, pageOffset, write, times));
        } else if (error.remaining != Integer.MAX_VALUE) {
            error.remaining = times == Integer.MAX_VALUE ? Integer.MAX_VALUE
                    : (int) Math.min(Integer.MAX_VALUE - 1L, (long) error.remaining + times);
        }
    }

    private InjectedError findError(BackingStore store, long pageOffset, boolean write) {
        for (InjectedError error : errors) {
            if (error.store == store && error.pageOffset == pageOffset && error.write == write) {
                return error;
            }
        }
        return null;
    }

    /** True if an injected error covers the range; each covering error is used up once. */
    private boolean consumeError(BackingStore store, long pageOffset, int count, boolean write) {
        boolean failed = false;
        for (int i = errors.size() - 1; i >= 0; i--) {
            InjectedError error = errors.get(i);
            if (error.store == store && error.write == write && error.pageOffset >= pageOffset
                    && error.pageOffset < pageOffset + count) {
                failed = true;
                if (error.remaining != Integer.MAX_VALUE && --error.remaining == 0) {
                    errors.remove(i);
                }
            }
        }
        return failed;
    }

    // ------------------------------------------------------------------------------------------
    // views and counters
    // ------------------------------------------------------------------------------------------

    /** Requests queued and not completed. */
    public int pendingCount() {
        return queue.size();
    }

    /** The {@code index}-th pending request, 0 the next to complete. */
    public DiskRequest pending(int index) {
        if (index < 0 || index >= queue.size()) {
            throw new IllegalArgumentException("pending request index must be 0.." + (queue.size() - 1) + ", not " + index);
        }
        return queue.get(index);
    }

    /** Read requests submitted. */
    public long reads() {
        return reads;
    }

    /** Write requests submitted. */
    public long writes() {
        return writes;
    }

    /** Pages read successfully. */
    public long pagesRead() {
        return pagesRead;
    }

    /** Pages written successfully. */
    public long pagesWritten() {
        return pagesWritten;
    }

    /** Reads that failed. */
    public long readErrors() {
        return readErrors;
    }

    /** Writes that failed. */
    public long writeErrors() {
        return writeErrors;
    }

    @Override
    public String toString() {
        return "Disk[" + queue.size() + " pending, busy until " + busyUntil + "]";
    }
}
