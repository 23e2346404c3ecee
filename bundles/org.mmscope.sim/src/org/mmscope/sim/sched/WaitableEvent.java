package org.mmscope.sim.sched;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A notification event that simulated threads wait on (NT: KEVENT, NotificationEvent): while it is
 * signalled, waits are satisfied at once; {@link #set()} readies every waiter. The in-page event of a
 * page being read is one of these, so that collided faults all wake when the read completes.
 */
public final class WaitableEvent implements Serializable {

    private final int id;
    private final String name;
    private boolean signalled;
    private int[] waiters = new int[4];
    private int waiterCount;

    WaitableEvent(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Identity of the event within its scheduler (stored in a PFN's event field). */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean isSignalled() {
        return signalled;
    }

    /** Number of threads waiting on the event. */
    public int waiterCount() {
        return waiterCount;
    }

    /** The id of waiter {@code index} in the order they started waiting. */
    public int waiter(int index) {
        if (index < 0 || index >= waiterCount) {
            throw new IndexOutOfBoundsException(index);
        }
        return waiters[index];
    }

    /** Clears the signal (NT: KeClearEvent). */
    public void clear() {
        signalled = false;
    }

    void addWaiter(int threadId) {
        if (waiterCount == waiters.length) {
            waiters = Arrays.copyOf(waiters, waiterCount * 2);
        }
        waiters[waiterCount++] = threadId;
    }

    /** Signals the event and hands back the waiters to ready (NT: KeSetEvent). Called by the scheduler. */
    int[] signalAndTakeWaiters() {
        signalled = true;
        int[] taken = Arrays.copyOf(waiters, waiterCount);
        waiterCount = 0;
        return taken;
    }

    @Override
    public String toString() {
        return "event " + id + " (" + name + (signalled ? ", signalled" : "") + ", " + waiterCount + " waiting)";
    }
}
