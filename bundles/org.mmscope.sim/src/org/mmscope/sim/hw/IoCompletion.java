package org.mmscope.sim.hw;

import java.io.Serializable;

/**
 * Called by {@link Disk#completeDue} for each request that completes, in completion order (NT: the
 * I/O completion that signals the in-page or write event). It may submit new requests.
 */
@FunctionalInterface
public interface IoCompletion extends Serializable {

    /**
     * @param requestId the id {@link Disk#submitRead} or {@link Disk#submitWrite} returned
     * @param status    the outcome
     */
    void completed(long requestId, IoStatus status);
}
