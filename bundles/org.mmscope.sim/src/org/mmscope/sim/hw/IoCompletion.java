package org.mmscope.sim.hw;

/**
 * Called by {@link Disk#completeDue} for each request that completes, in completion order (NT: the
 * I/O completion that signals the in-page or write event). It may submit new requests.
 */
@FunctionalInterface
public interface IoCompletion {

    /**
     * @param requestId the id {@link Disk#submitRead} or {@link Disk#submitWrite} returned
     * @param status    the outcome
     */
    void completed(long requestId, IoStatus status);
}
