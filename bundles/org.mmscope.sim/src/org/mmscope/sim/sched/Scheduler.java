package org.mmscope.sim.sched;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The deterministic scheduler of simulated threads. One thread runs per step, on CPUs taken in
 * turn, so that a thread can move between CPUs (and meet another CPU's stale TLB). The thread chosen
 * is the ready thread of highest priority; among equals, the one that ran longest ago; ties go to
 * the lower id. Nothing here depends on wall-clock time or hash order.
 */
public final class Scheduler implements Serializable {

    private final int cpuCount;
    private final List<SimThread> threads = new ArrayList<>();
    private final List<WaitableEvent> events = new ArrayList<>();
    private long stepCounter;
    private SimThread current;

    public Scheduler(int cpuCount) {
        if (cpuCount < 1 || cpuCount > 64) {
            throw new IllegalArgumentException("a machine has 1 to 64 CPUs, not " + cpuCount);
        }
        this.cpuCount = cpuCount;
    }

    /** Creates a ready thread. Ids are given in creation order from 1. */
    public SimThread createThread(String name, int processId, int priority, ThreadBody body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (priority < 0 || priority > 31) {
            throw new IllegalArgumentException("thread priority must be 0..31, not " + priority);
        }
        SimThread thread = new SimThread(threads.size() + 1, name, processId, priority, body);
        threads.add(thread);
        return thread;
    }

    /** Creates a non-signalled notification event. Ids are given in creation order from 1. */
    public WaitableEvent createEvent(String name) {
        WaitableEvent event = new WaitableEvent(events.size() + 1, Objects.requireNonNull(name, "name"));
        events.add(event);
        return event;
    }

    /** The event with that id. */
    public WaitableEvent event(int id) {
        if (id < 1 || id > events.size()) {
            throw new IllegalArgumentException("no event " + id);
        }
        return events.get(id - 1);
    }

    /** The thread with that id. */
    public SimThread thread(int id) {
        if (id < 1 || id > threads.size()) {
            throw new IllegalArgumentException("no thread " + id);
        }
        return threads.get(id - 1);
    }

    /** Every thread ever created, in id order (terminated ones included). */
    public List<SimThread> threads() {
        return Collections.unmodifiableList(threads);
    }

    /** The thread being stepped, or null between steps. */
    public SimThread current() {
        return current;
    }

    /** Number of steps run so far. */
    public long stepCount() {
        return stepCounter;
    }

    /**
     * Makes {@code thread} wait on {@code event} (NT: KeWaitForSingleObject). Returns false, and does
     * not wait, when the event is already signalled.
     */
    public boolean waitOn(SimThread thread, WaitableEvent event, WaitReason reason) {
        requireRunnable(thread);
        if (event.isSignalled()) {
            return false;
        }
        event.addWaiter(thread.id());
        thread.setState(ThreadState.WAITING);
        thread.setWait(reason, event.id(), Long.MAX_VALUE);
        return true;
    }

    /** Makes {@code thread} wait until simulated time {@code wakeTime} (NT: KeDelayExecutionThread). */
    public void delayUntil(SimThread thread, long wakeTime, WaitReason reason) {
        requireRunnable(thread);
        thread.setState(ThreadState.WAITING);
        thread.setWait(reason, -1, wakeTime);
    }

    /** Signals {@code event} and readies all its waiters (NT: KeSetEvent). */
    public void set(WaitableEvent event) {
        for (int id : event.signalAndTakeWaiters()) {
            SimThread waiter = thread(id);
            if (waiter.state() == ThreadState.WAITING && waiter.waitEventId() == event.id()) {
                ready(waiter);
            }
        }
    }

    /** Readies every delayed thread whose wake time has come. */
    public void wakeDelayed(long now) {
        for (SimThread thread : threads) {
            if (thread.state() == ThreadState.WAITING && thread.waitEventId() < 0 && thread.wakeTime() <= now) {
                ready(thread);
            }
        }
    }

    /** The earliest wake time of a delayed thread, or {@code Long.MAX_VALUE}. */
    public long nextWakeTime() {
        long next = Long.MAX_VALUE;
        for (SimThread thread : threads) {
            if (thread.state() == ThreadState.WAITING && thread.waitEventId() < 0) {
                next = Math.min(next, thread.wakeTime());
            }
        }
        return next;
    }

    /** Ends a thread (its process exits): it never runs again and leaves any wait. */
    public void terminate(SimThread thread) {
        thread.setState(ThreadState.TERMINATED);
        thread.setWait(WaitReason.NONE, -1, Long.MAX_VALUE);
    }

    /** True if some thread is ready to run. */
    public boolean hasReadyThread() {
        return pickNext() != null;
    }

    /**
     * Runs one step of the next ready thread and returns it, or returns null when no thread is ready
     * (the caller then advances simulated time to the next timer or I/O completion).
     */
    public SimThread step() {
        SimThread next = pickNext();
        if (next == null) {
            return null;
        }
        int cpu = (int) (stepCounter % cpuCount);
        next.ranOn(cpu, stepCounter);
        stepCounter++;
        next.setState(ThreadState.RUNNING);
        current = next;
        ThreadBody.Outcome outcome;
        try {
            outcome = next.body().step(next);
        } finally {
            current = null;
        }
        switch (outcome) {
            case RAN -> next.setState(ThreadState.READY);
            case BLOCKED -> {
                if (next.state() != ThreadState.WAITING) {
                    throw new IllegalStateException(next.name() + " returned BLOCKED without waiting");
                }
            }
            case FINISHED -> terminate(next);
        }
        return next;
    }

    /** The CPU the next step will run on. */
    public int nextCpu() {
        return (int) (stepCounter % cpuCount);
    }

    public int cpuCount() {
        return cpuCount;
    }

    private SimThread pickNext() {
        SimThread best = null;
        for (SimThread thread : threads) {
            if (thread.state() != ThreadState.READY) {
                continue;
            }
            if (best == null || thread.priority() > best.priority()
                    || (thread.priority() == best.priority() && thread.lastRunStep() < best.lastRunStep())) {
                best = thread;
            }
        }
        return best;
    }

    private void ready(SimThread thread) {
        thread.setState(ThreadState.READY);
        thread.setWait(WaitReason.NONE, -1, Long.MAX_VALUE);
    }

    private static void requireRunnable(SimThread thread) {
        if (thread.state() == ThreadState.TERMINATED || thread.state() == ThreadState.WAITING) {
            throw new IllegalStateException(thread + " cannot wait: it is " + thread.state());
        }
    }
}
