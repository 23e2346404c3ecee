package org.mmscope.debug.core.model;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.DebugEvent;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.replay.Timeline;
import org.mmscope.sim.run.ScenarioRun;

/**
 * Runs a scenario on its own thread for an {@link MmDebugTarget}, one simulator step at a time.
 * Between two steps it applies breakpoint changes and suspends when a breakpoint hit, a step ended
 * or the client asked; while suspended it waits on a monitor. At every suspend it brings the model
 * up to date (one {@link ModelPopulator}, incremental after the first time), shows it through
 * {@link ShownMachine}, captures the threads' state, and only then fires SUSPEND. Any exception of
 * the simulator ends the run cleanly with the error as its outcome.
 *
 * <p>The run is stepped through a {@link Timeline}, which keeps checkpoints: while suspended, the
 * loop can go back one event ({@link #travel}: the state before the step that produced the last
 * event) or back to the previous breakpoint hit, by restoring a checkpoint and replaying. The run,
 * its memory manager and the model are then new objects; the watcher and the thread table move to
 * them.
 */
final class SimulationLoop implements Runnable {

    private static final int ENDED_SCAN_STEPS = 256;

    /** What a suspended loop is asked to do besides resuming. */
    enum Travel {
        NONE, STEP_BACK, RUN_BACK
    }

    private final MmDebugTarget target;
    private final Timeline timeline;
    private final String scenarioName;
    private final Runnable ended;
    // replaced when the loop goes back in time; used on the simulation thread
    private ScenarioRun run;
    private MemoryManager mm;
    private ModelPopulator populator;
    private final EventWatcher watcher;
    private final ThreadTable threads;
    private final Object lock = new Object();
    private final Thread thread;

    // guarded by lock
    private boolean suspended;
    private int stepRequest = -1;
    private Travel travelRequest = Travel.NONE;

    private volatile boolean suspendRequested;
    private volatile boolean terminateRequested;
    private volatile boolean disconnected;
    private volatile boolean isEnded;
    private volatile int steppingThread = -1;
    private volatile List<BreakpointMatcher> pendingBreakpoints;
    private volatile String outcome = "running";
    private volatile long lastHitSequence = -1;
    private volatile String failure;
    private volatile long suspendedAtEvent = -1;

    SimulationLoop(MmDebugTarget target, ScenarioRun run, String scenarioName, Runnable ended) {
        this.target = target;
        this.run = run;
        this.timeline = new Timeline(run, Timeline.Policy.defaults());
        this.scenarioName = scenarioName;
        this.ended = ended;
        this.mm = run.simulation().memoryManager();
        this.populator = new ModelPopulator(mm, scenarioName);
        this.watcher = new EventWatcher(mm.eventLog(), mm.scheduler());
        this.threads = new ThreadTable(target, mm.scheduler(), mm.eventLog());
        this.thread = new Thread(this, "MmScope simulation: " + scenarioName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    ThreadTable threads() {
        return threads;
    }

    String outcome() {
        return outcome;
    }

    long lastHitSequence() {
        return lastHitSequence;
    }

    long suspendedAtEvent() {
        return suspendedAtEvent;
    }

    boolean isEnded() {
        return isEnded;
    }

    boolean isDisconnected() {
        return disconnected;
    }

    int steppingThreadId() {
        return steppingThread;
    }

    boolean isSuspended() {
        synchronized (lock) {
            return suspended && !isEnded;
        }
    }

    void setBreakpoints(List<BreakpointMatcher> enabled) {
        pendingBreakpoints = List.copyOf(enabled);
    }

    void requestSuspend() {
        synchronized (lock) {
            if (!isEnded && !disconnected && !suspended) {
                suspendRequested = true;
            }
        }
    }

    void requestTerminate() {
        synchronized (lock) {
            terminateRequested = true;
            lock.notifyAll();
        }
    }

    void disconnect() {
        synchronized (lock) {
            disconnected = true;
            suspendRequested = false;
            suspended = false;
            lock.notifyAll();
        }
        target.detach();
        threads.endAll();
        target.fire(target.event(DebugEvent.TERMINATE, DebugEvent.UNSPECIFIED));
    }

    /** True when suspended somewhere after the start, where going back in time is possible. */
    boolean canTravelBack() {
        synchronized (lock) {
            return suspended && !isEnded && !disconnected && travelRequest == Travel.NONE
                    && (timeline.position() > 0 || timeline.isBroken());
        }
    }

    /** Steps the simulation (which the timeline counts) since the start: where the loop is in time. */
    long position() {
        return timeline.position();
    }

    /** Asks a suspended loop to go back in time; it resumes, travels and suspends again. */
    void travel(Travel kind) {
        synchronized (lock) {
            if (!canTravelBack() || kind == Travel.NONE) {
                return;
            }
            travelRequest = kind;
            suspended = false;
            outcome = "running";
            threads.forget();
            lock.notifyAll();
        }
        fireForAll(DebugEvent.RESUME, DebugEvent.CLIENT_REQUEST);
    }

    /** Resumes if suspended; {@code stepThread} is a simulated thread id to step over, or -1. */
    void resume(int detail, int stepThread) {
        synchronized (lock) {
            if (!suspended || isEnded) {
                return;
            }
            suspended = false;
            stepRequest = stepThread;
            steppingThread = stepThread;
            outcome = "running";
            threads.forget();
            lock.notifyAll();
        }
        fireForAll(DebugEvent.RESUME, detail);
    }

    @Override
    public void run() {
        long steps = 0;
        // true after the simulator threw: the run cannot go on, but going back in time can
        boolean broken = false;
        try {
            while (awaitResume()) {
                Travel travel = takeTravel();
                if (travel != Travel.NONE) {
                    if (travelBack(travel)) {
                        broken = false; // a restored run is whole again
                        failure = null;
                    }
                    continue;
                }
                if (broken) {
                    return; // resumed after a failure: the run ends with it
                }
                applyRequests();
                boolean progressed;
                try {
                    progressed = timeline.step();
                } catch (RuntimeException e) {
                    fail(e);
                    if (disconnected) {
                        return;
                    }
                    // suspend where it happened, the error shown, so that the user can look and go back
                    EventWatcher.Hit failureHit = watcher.takeBreakpointHit();
                    watcher.cancelStep();
                    suspendNow(failureHit != null ? DebugEvent.BREAKPOINT : DebugEvent.CLIENT_REQUEST, failureHit,
                            failure + " (Step Back or Run Back to look before it; Resume ends the run)");
                    broken = true;
                    continue;
                }
                threads.noticeNew();
                if (++steps % ENDED_SCAN_STEPS == 0) {
                    threads.noticeEnded();
                }
                if (!progressed) {
                    outcome = run.isFinished() ? "finished" : "stuck: no thread can run";
                    return;
                }
                if (!disconnected) {
                    checkSuspend();
                }
            }
            outcome = "terminated";
        } finally {
            end();
        }
    }

    private void checkSuspend() {
        EventWatcher.Hit hit = watcher.takeBreakpointHit();
        if (hit != null) {
            watcher.cancelStep();
            suspendNow(DebugEvent.BREAKPOINT, hit);
            return;
        }
        EventWatcher.Hit step = watcher.takeStepHit();
        if (step != null) {
            suspendNow(DebugEvent.STEP_END, step);
        } else if (suspendRequested) {
            watcher.cancelStep();
            suspendNow(DebugEvent.CLIENT_REQUEST, null);
        }
    }

    private Travel takeTravel() {
        synchronized (lock) {
            Travel travel = travelRequest;
            travelRequest = Travel.NONE;
            return travel;
        }
    }

    /**
     * Goes back one event, or back to the last breakpoint hit before now (searching the checkpoint
     * segments from the newest; a breakpoint's hit count does not apply backwards), and suspends
     * there. Without an earlier hit the loop goes back to the start of the run. True when it moved.
     */
    private boolean travelBack(Travel travel) {
        applyRequests();
        try {
            if (travel == Travel.STEP_BACK) {
                long target = timeline.stepBackTarget();
                moveTo(Math.max(0, target), null, List.of(), null);
                suspendNow(DebugEvent.STEP_END, lastEventAsCause());
                return true;
            }
            long hit = lastHitBefore(timeline.position());
            if (hit < 0) {
                moveTo(0, null, List.of(), null);
                suspendNow(DebugEvent.CLIENT_REQUEST, null, "no breakpoint hit before that point; back at the start");
                return true;
            }
            EventWatcher probe = new EventWatcher(mm.eventLog(), mm.scheduler());
            EventWatcher.Hit[] cause = { null };
            moveTo(hit, probe, everyMatch(watcher.matchers()), () -> {
                EventWatcher.Hit taken = probe.takeBreakpointHit();
                if (taken != null) {
                    cause[0] = taken;
                }
            });
            suspendNow(DebugEvent.BREAKPOINT, cause[0]);
            return true;
        } catch (RuntimeException e) {
            // the run is left where the failed replay stopped; say so instead of hiding it
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            suspendNow(DebugEvent.CLIENT_REQUEST, null, "going back failed: " + message);
            return false;
        }
    }

    private static List<BreakpointMatcher> everyMatch(List<BreakpointMatcher> matchers) {
        List<BreakpointMatcher> copies = new ArrayList<>();
        for (BreakpointMatcher matcher : matchers) {
            copies.add(matcher.everyMatch());
        }
        return copies;
    }

    /** The last position before {@code now} right after a step with a breakpoint hit, or -1. */
    private long lastHitBefore(long now) {
        long[] starts = timeline.checkpointPositions();
        long end = now - 1; // positions (start, end] are searched; the hit that brought us to now is excluded
        for (int k = starts.length - 1; k >= 0 && end > 0; k--) {
            long start = starts[k];
            if (start >= end) {
                continue;
            }
            long[] found = { -1 };
            EventWatcher[] probe = { null };
            List<BreakpointMatcher> matchers = everyMatch(watcher.matchers());
            timeline.replay(start, end, copy -> {
                MemoryManager copied = copy.simulation().memoryManager();
                probe[0] = new EventWatcher(copied.eventLog(), copied.scheduler());
                probe[0].install(matchers);
            }, reached -> {
                if (probe[0].takeBreakpointHit() != null) {
                    found[0] = reached;
                }
            });
            probe[0].uninstall();
            if (found[0] >= 0) {
                return found[0];
            }
            end = start;
        }
        return -1;
    }

    /**
     * Goes to {@code position} and moves the watcher, the threads and the model to the restored run;
     * {@code probe} (may be null) watches the replay with {@code probeMatchers}.
     */
    private void moveTo(long position, EventWatcher probe, List<BreakpointMatcher> probeMatchers, Runnable afterStep) {
        ScenarioRun back = timeline.goTo(position, copy -> {
            if (probe != null) {
                MemoryManager copied = copy.simulation().memoryManager();
                probe.rebind(copied.eventLog(), copied.scheduler());
                probe.install(probeMatchers);
            }
        }, afterStep);
        if (probe != null) {
            probe.uninstall();
        }
        run = back;
        mm = back.simulation().memoryManager();
        populator = new ModelPopulator(mm, scenarioName);
        watcher.rebind(mm.eventLog(), mm.scheduler());
        threads.rebind(mm.scheduler(), mm.eventLog());
    }

    /** The last event now, as what a step back stopped at (its thread is shown as the cause). */
    private EventWatcher.Hit lastEventAsCause() {
        EventLog log = mm.eventLog();
        long last = log.last();
        if (last < 1) {
            return null;
        }
        return new EventWatcher.Hit(null, last, log.thread(last), new String[0]);
    }

    /** Waits while suspended; false when the run must stop. */
    private boolean awaitResume() {
        synchronized (lock) {
            while (suspended && !terminateRequested && !disconnected && travelRequest == Travel.NONE) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !terminateRequested;
        }
    }

    private void applyRequests() {
        List<BreakpointMatcher> pending = pendingBreakpoints;
        if (disconnected) {
            watcher.uninstall();
            return;
        }
        if (pending != null) {
            pendingBreakpoints = null;
            watcher.install(pending);
        }
        int step;
        synchronized (lock) {
            step = stepRequest;
            stepRequest = -1;
        }
        if (step > 0) {
            watcher.watchStep(step);
        }
    }

    private void suspendNow(int detail, EventWatcher.Hit cause) {
        suspendNow(detail, cause, cause == null ? null : cause.note());
    }

    /** Suspends; {@code note} (may be null) is shown in the target's label after "suspended: ". */
    private void suspendNow(int detail, EventWatcher.Hit cause, String note) {
        suspendRequested = false;
        steppingThread = -1;
        lastHitSequence = cause == null ? -1 : cause.sequence();
        suspendedAtEvent = mm.eventLog().last();
        publish("suspended");
        threads.capture(cause);
        synchronized (lock) {
            suspended = true;
        }
        outcome = note != null ? "suspended: " + note : "suspended";
        fireSuspend(detail, cause == null ? -1 : cause.threadId());
    }

    private void fail(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        failure = "error: " + message;
        outcome = failure;
        if (e instanceof BugCheckException) {
            populator.setBugCheck(message);
        }
    }

    private void publish(String state) {
        try {
            populator.populate();
            ShownMachine.get().show(populator.machine(), String.format("%s, %s at %.1f ms simulated", scenarioName,
                    state, mm.clock().now() / 1e6));
        } catch (RuntimeException e) {
            // a model that cannot be built must not stop the debugger; the state stays the previous one
        }
    }

    private void end() {
        if (failure != null) {
            outcome = failure;
        }
        synchronized (lock) {
            suspended = false;
            isEnded = true;
        }
        watcher.uninstall();
        publish(outcome);
        boolean wasAttached = !disconnected;
        target.detach();
        if (wasAttached) {
            threads.endAll();
            target.fire(target.event(DebugEvent.TERMINATE, DebugEvent.UNSPECIFIED));
        }
        ended.run();
    }

    private void fireForAll(int kind, int detail) {
        List<DebugEvent> events = new ArrayList<>();
        for (MmThread simulated : threads.live()) {
            events.add(simulated.event(kind, detail));
        }
        events.add(target.event(kind, detail));
        target.fire(events.toArray(new DebugEvent[0]));
    }

    /**
     * Every thread and the target suspend. The thread that hit the breakpoint or ended the step gets
     * the detail and comes last, so the Debug view selects it; the others were suspended with it
     * (CLIENT_REQUEST).
     */
    private void fireSuspend(int detail, int causeThread) {
        List<DebugEvent> events = new ArrayList<>();
        events.add(target.event(DebugEvent.SUSPEND, detail));
        DebugEvent cause = null;
        for (MmThread simulated : threads.live()) {
            if (simulated.simulatedId() == causeThread) {
                cause = simulated.event(DebugEvent.SUSPEND, detail);
            } else {
                events.add(simulated.event(DebugEvent.SUSPEND, causeThread < 0 ? detail : DebugEvent.CLIENT_REQUEST));
            }
        }
        if (cause != null) {
            events.add(cause);
        }
        target.fire(events.toArray(new DebugEvent[0]));
    }
}
