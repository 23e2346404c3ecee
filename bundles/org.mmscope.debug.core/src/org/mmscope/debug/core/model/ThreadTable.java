package org.mmscope.debug.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IVariable;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.sched.Scheduler;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadState;
import org.mmscope.sim.sched.WaitReason;

/**
 * The {@link MmThread}s of a target, one per simulated thread, live ones in creation order. Updated
 * on the simulation thread (new threads after every step, ended ones now and then and at every
 * suspend); read from any thread.
 */
final class ThreadTable {

    /** How far back a suspend looks for each thread's last event. */
    private static final long LAST_EVENT_SCAN = 200_000;

    private final MmDebugTarget target;
    private Scheduler scheduler;
    private EventLog log;
    private final List<MmThread> all = new ArrayList<>();
    private final List<MmThread> live = new CopyOnWriteArrayList<>();

    ThreadTable(MmDebugTarget target, Scheduler scheduler, EventLog log) {
        this.target = target;
        this.scheduler = scheduler;
        this.log = log;
    }

    /** The live threads, in creation order. */
    MmThread[] live() {
        return live.toArray(new MmThread[0]);
    }

    /** Adds a thread for every simulated thread created since the last call (CREATE events); O(1) if none. */
    void noticeNew() {
        List<SimThread> threads = scheduler.threads();
        while (all.size() < threads.size()) {
            SimThread source = threads.get(all.size());
            MmThread thread = new MmThread(target, source.id(), source.processId(), source.name(), source.priority());
            all.add(thread);
            live.add(thread);
            target.fire(thread.event(DebugEvent.CREATE, DebugEvent.UNSPECIFIED));
        }
    }

    /** Removes the threads whose simulated thread ended (TERMINATE events). */
    void noticeEnded() {
        for (MmThread thread : live) {
            if (scheduler.thread(thread.simulatedId()).state() == ThreadState.TERMINATED) {
                endThread(thread);
            }
        }
    }

    /**
     * Moves to another run (after a step back in time). A thread alive both before and after keeps
     * its debug thread (so the Debug view keeps its selection and expansion); threads that do not
     * exist yet, or have ended, at the restored point end; threads alive again appear as new debug
     * threads (an ended debug thread cannot come back).
     */
    void rebind(Scheduler newScheduler, EventLog newLog) {
        Map<Integer, MmThread> shown = new HashMap<>();
        for (MmThread thread : live) {
            shown.put(thread.simulatedId(), thread);
        }
        scheduler = newScheduler;
        log = newLog;
        all.clear();
        for (SimThread source : scheduler.threads()) {
            MmThread kept = shown.remove(source.id());
            boolean alive = source.state() != ThreadState.TERMINATED;
            if (kept != null && alive) {
                all.add(kept);
                continue;
            }
            if (kept != null) {
                endThread(kept);
                all.add(kept);
                continue;
            }
            MmThread thread = new MmThread(target, source.id(), source.processId(), source.name(), source.priority());
            all.add(thread);
            if (alive) {
                live.add(thread);
                target.fire(thread.event(DebugEvent.CREATE, DebugEvent.UNSPECIFIED));
            } else {
                thread.markTerminated();
            }
        }
        for (MmThread notYetCreated : shown.values()) {
            endThread(notYetCreated);
        }
        sortLive();
    }

    /** Keeps {@link #live} in creation (simulated id) order after threads came back. */
    private void sortLive() {
        List<MmThread> sorted = new ArrayList<>(live);
        sorted.sort(java.util.Comparator.comparingInt(MmThread::simulatedId));
        if (!sorted.equals(new ArrayList<>(live))) {
            live.clear();
            live.addAll(sorted);
        }
    }

    /** Ends every thread (the simulation is over). */
    void endAll() {
        for (MmThread thread : live) {
            endThread(thread);
        }
    }

    private void endThread(MmThread thread) {
        live.remove(thread);
        thread.markTerminated();
        target.fire(thread.event(DebugEvent.TERMINATE, DebugEvent.UNSPECIFIED));
    }

    /** Captures what every live thread shows at a suspend; {@code cause} (may be null) stopped it. */
    void capture(EventWatcher.Hit cause) {
        noticeNew();
        noticeEnded();
        Map<Integer, Long> lastEvents = lastEvents();
        if (cause != null && cause.threadId() > 0 && cause.sequence() > 0) {
            lastEvents.put(cause.threadId(), cause.sequence());
        }
        for (MmThread thread : live) {
            SimThread source = scheduler.thread(thread.simulatedId());
            boolean caused = cause != null && cause.threadId() == thread.simulatedId();
            String[] routines = caused && cause.stack().length > 0 ? cause.stack() : source.stack();
            if (routines.length == 0) {
                routines = new String[] { source.waitReason() == WaitReason.NONE || source.state() != ThreadState.WAITING
                        ? "idle" : "(waiting: " + source.waitReason() + ")" };
            }
            IBreakpoint[] breakpoints = caused && cause.breakpoint() != null ? new IBreakpoint[] { cause.breakpoint() }
                    : new IBreakpoint[0];
            Long last = lastEvents.get(thread.simulatedId());
            IVariable[] variables = EventVariables.of(target, log, last == null ? -1 : last, source);
            thread.show(new MmThread.Snapshot(routines, state(source), variables, breakpoints));
        }
    }

    /** Forgets the captured state (the simulation runs again). */
    void forget() {
        for (MmThread thread : live) {
            thread.forget();
        }
    }

    private Map<Integer, Long> lastEvents() {
        Map<Integer, Long> found = new HashMap<>();
        long stop = Math.max(log.firstRetained(), log.last() - LAST_EVENT_SCAN);
        for (long sequence = log.last(); sequence >= stop && sequence >= 1 && found.size() < live.size(); sequence--) {
            found.putIfAbsent(log.thread(sequence), sequence);
        }
        return found;
    }

    private static String state(SimThread thread) {
        return thread.state() == ThreadState.WAITING ? "waiting: " + thread.waitReason()
                : thread.state().name().toLowerCase(java.util.Locale.ROOT);
    }
}
