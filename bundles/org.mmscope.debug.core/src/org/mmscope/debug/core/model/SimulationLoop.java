package org.mmscope.debug.core.model;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.DebugEvent;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.replay.Timeline;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadState;
import org.mmscope.sim.sched.WaitReason;

/**
 * Runs a scenario on its own thread for an {@link MmDebugTarget}, one simulator step at a time.
 * Between two steps it applies breakpoint changes and suspends when a breakpoint hit, a step ended
 * or the client asked; while suspended it waits on a monitor. At every suspend it brings the model
 * up to date (one {@link ModelPopulator}, incremental after the first time), shows it through
 * {@link ShownMachine}, captures the threads' state, and only then fires SUSPEND.
 *
 * <p>The run is stepped through a {@link Timeline}, which keeps checkpoints: while suspended, the
 * loop can go back one event ({@link #travel}: the state before the step that produced the last
 * event) or back to the previous breakpoint hit, by restoring a checkpoint and replaying. The run,
 * its memory manager and the model are then new objects; the watcher and the thread table move to
 * them.
 *
 * <p>At the end of the scenario (or when no thread can run) the loop suspends instead of ending, so
 * that the last state can be looked at and the run gone back in; a Resume then ends it. A simulator
 * error suspends the same way, where it happened.
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
    private final InvariantWatch invariants = new InvariantWatch();
    private final ThreadTable threads;
    private final Object lock = new Object();
    // work to do on the simulation thread while suspended (guarded by lock)
    private final java.util.ArrayDeque<java.util.concurrent.FutureTask<?>> tasks = new java.util.ArrayDeque<>();
    private final Thread thread;

    // guarded by lock
    private boolean suspended;
    private int stepRequest = -1;
    private boolean stepReturnRequest;
    private EventFilter runToRequest;
    private String runToWhat;
    private Travel travelRequest = Travel.NONE;

    /**
     * Set whenever something the loop must look at before its next step changed (a request from
     * another thread, or the loop's own suspend): only then does a step take the lock and read the
     * requests, so a running loop pays one volatile read per step for them. Cleared by the loop
     * before it reads them, so a request that arrives meanwhile is seen at the next step.
     */
    private volatile boolean attention = true;
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
    // a Step Return being watched (simulation thread only): the thread, and its step count when asked
    private SimThread returning;
    // the note a Run to event suspends with (simulation thread only), or null
    private String runToNote;
    private long eventsBeforeStep;
    private long returningSteps;

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
        attention = true;
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
            attention = true;
            lock.notifyAll();
        }
    }

    void disconnect() {
        synchronized (lock) {
            disconnected = true;
            suspendRequested = false;
            suspended = false;
            attention = true;
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
            attention = true;
            outcome = "running";
            threads.forget();
            lock.notifyAll();
        }
        fireForAll(DebugEvent.RESUME, DebugEvent.CLIENT_REQUEST);
    }

    /** Resumes if suspended; {@code stepThread} is a simulated thread id to step over, or -1. */
    void resume(int detail, int stepThread) {
        resume(detail, stepThread, false);
    }

    /**
     * Resumes for a Step Return of {@code stepThread}: until that thread has run again and is not left
     * waiting on the memory manager (an in-page read, a collided read, free pages).
     */
    void stepReturn(int stepThread) {
        resume(DebugEvent.STEP_RETURN, stepThread, true);
    }

    /**
     * Resumes until the next event {@code filter} passes (of any thread; breakpoints still hit on the
     * way), then suspends with STEP_END and "ran to WHAT" in the label.
     */
    void runTo(EventFilter filter, String what) {
        synchronized (lock) {
            if (!suspended || isEnded) {
                return;
            }
            runToRequest = filter;
            runToWhat = what;
        }
        resume(DebugEvent.CLIENT_REQUEST, -1, false);
    }

    private void resume(int detail, int stepThread, boolean toReturn) {
        synchronized (lock) {
            if (!suspended || isEnded) {
                return;
            }
            suspended = false;
            attention = true;
            stepRequest = stepThread;
            stepReturnRequest = toReturn;
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
        // set when the run cannot go on (the simulator threw, or the scenario is over): a Resume then
        // ends it, while going back in time still works
        String endedWith = null;
        try {
            while (true) {
                if (attention || endedWith != null) { // requests to read (else the loop runs on)
                    attention = false;
                    if (!awaitResume()) {
                        break;
                    }
                    Travel travel = takeTravel();
                    if (travel != Travel.NONE) {
                        if (travelBack(travel)) {
                            endedWith = null; // a restored run is whole again and has a future
                            failure = null;
                        }
                        attention = true;
                        continue;
                    }
                    if (endedWith != null) {
                        outcome = endedWith;
                        return; // resumed at the end or after a failure: the run ends
                    }
                    applyRequests();
                }
                eventsBeforeStep = mm.eventLog().last();
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
                    endedWith = failure;
                    continue;
                }
                threads.noticeNew();
                if (++steps % ENDED_SCAN_STEPS == 0) {
                    threads.noticeEnded();
                }
                if (disconnected) {
                    if (!progressed) {
                        outcome = endOf(run);
                        return;
                    }
                    continue;
                }
                if (checkSuspend()) {
                    continue;
                }
                if ((!progressed && invariants.active() || invariants.due()) && checkInvariants()) {
                    continue;
                }
                if (progressed) {
                    continue;
                }
                // the end: stay suspended there, so that the user can still look and go back in time
                endedWith = endOf(run);
                watcher.cancelStep();
                suspendNow(DebugEvent.UNSPECIFIED, null,
                        endedWith + " (the end of the run: Step Back or Run Back to look back; Resume ends it)",
                        endedWith + ", suspended");
            }
            outcome = "terminated";
        } finally {
            end();
        }
    }

    /**
     * Runs the invariant checker; on a new violation goes back to the first step after which it holds
     * (narrowing the range between the last clean check and now, sixteen probes per replay) and
     * suspends there. True when it suspended.
     */
    private boolean checkInvariants() {
        InvariantWatch.Found found = invariants.check(mm);
        long now = timeline.position();
        if (found == null) {
            invariants.markClean(now);
            return false;
        }
        long clean = Math.max(0, invariants.cleanAt());
        long bad = now;
        InvariantWatch.Found[] first = { found };
        while (bad - clean > 1) {
            long from = clean;
            long stride = Math.max(1, (bad - from) / 16);
            long[] bounds = { from, bad };
            ScenarioRun[] copy = { null };
            try {
                timeline.replay(from, bad - 1, restored -> copy[0] = restored, reached -> {
                    if ((reached - from) % stride != 0) {
                        return;
                    }
                    InvariantWatch.Found there = invariants.probe(copy[0].simulation().memoryManager());
                    if (there != null) {
                        bounds[1] = reached;
                        first[0] = there;
                        throw new FoundEarlier();
                    }
                    bounds[0] = reached;
                });
            } catch (FoundEarlier e) {
                // bounds[1] is the earlier position
            }
            clean = bounds[0];
            bad = bounds[1];
        }
        if (bad != now) {
            moveTo(bad, null, List.of(), null);
        }
        invariants.reported(first[0], bad);
        EventWatcher.Hit last = lastEventAsCause();
        EventWatcher.Hit cause = new EventWatcher.Hit(first[0].breakpoint().breakpoint(),
                last == null ? -1 : last.sequence(), last == null ? -1 : last.threadId(), new String[0]);
        watcher.cancelStep();
        suspendNow(DebugEvent.BREAKPOINT, cause, first[0].describe(bad)
                + " (Step Back to see the state before that step)");
        return true;
    }

    /** Ends a replay early: a probe found the violation before the end of the range. */
    private static final class FoundEarlier extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FoundEarlier() {
            super(null, null, false, false);
        }
    }

    private static String endOf(ScenarioRun run) {
        return run.isFinished() ? "finished" : "stuck: no thread can run";
    }

    /** Suspends if a breakpoint hit, a step ended or a suspend was asked for; true when it did. */
    private boolean checkSuspend() {
        EventWatcher.Hit hit = watcher.takeBreakpointHit();
        if (hit != null) {
            watcher.cancelStep();
            suspendNow(DebugEvent.BREAKPOINT, hit);
            return true;
        }
        EventWatcher.Hit step = watcher.takeStepHit();
        if (step != null) {
            suspendNow(DebugEvent.STEP_END, step, runToNote);
            return true;
        }
        if (returning != null && hasReturned(returning)) {
            EventWatcher.Hit returned = lastEventOf(returning);
            returning = null;
            suspendNow(DebugEvent.STEP_END, returned);
            return true;
        }
        if (suspendRequested) {
            watcher.cancelStep();
            suspendNow(DebugEvent.CLIENT_REQUEST, null);
            return true;
        }
        return false;
    }

    /** The Step Return of {@code thread} is over: it ran since and is not waiting on a page. */
    private boolean hasReturned(SimThread thread) {
        if (thread.steps() == returningSteps) {
            return false;
        }
        if (thread.state() != ThreadState.WAITING) {
            return true;
        }
        WaitReason reason = thread.waitReason();
        return reason != WaitReason.PAGE_IN && reason != WaitReason.COLLIDED_PAGE_IN && reason != WaitReason.FREE_PAGE;
    }

    /** The last event {@code thread} caused in the step just made (the cause of a Step Return), or one without an event. */
    private EventWatcher.Hit lastEventOf(SimThread thread) {
        EventLog log = mm.eventLog();
        for (long sequence = log.last(); sequence > eventsBeforeStep && sequence >= log.firstRetained(); sequence--) {
            if (log.thread(sequence) == thread.id()) {
                return new EventWatcher.Hit(null, sequence, thread.id(), new String[0]);
            }
        }
        return new EventWatcher.Hit(null, -1, thread.id(), new String[0]);
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
        try {
            timeline.goTo(position, copy -> {
                if (probe != null) {
                    MemoryManager copied = copy.simulation().memoryManager();
                    probe.rebind(copied.eventLog(), copied.scheduler());
                    probe.install(probeMatchers);
                }
            }, afterStep);
        } finally { // a replay that failed leaves the timeline where it got to, on the restored run
            if (probe != null) {
                probe.uninstall();
            }
            if (timeline.run() != run) {
                run = timeline.run();
                mm = run.simulation().memoryManager();
                populator = new ModelPopulator(mm, scenarioName);
                watcher.rebind(mm.eventLog(), mm.scheduler());
                threads.rebind(mm.scheduler(), mm.eventLog());
                invariants.rebase(mm, timeline.position());
            }
        }
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

    /** Waits while suspended, doing the work asked for meanwhile; false when the run must stop. */
    private boolean awaitResume() {
        while (true) {
            java.util.concurrent.FutureTask<?> task;
            synchronized (lock) {
                while (suspended && !terminateRequested && !disconnected && travelRequest == Travel.NONE
                        && tasks.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                task = suspended && !terminateRequested ? tasks.poll() : null;
                if (task == null) {
                    cancelTasks();
                    return !terminateRequested;
                }
            }
            task.run(); // outside the lock: a Resume or Terminate meanwhile is seen after it
        }
    }

    /** Cancels the work nobody will do now (the loop resumed or ends); call holding the lock. */
    private void cancelTasks() {
        for (java.util.concurrent.FutureTask<?> left : tasks) {
            left.cancel(false);
        }
        tasks.clear();
    }

    /**
     * Has {@code work} done on the simulation thread while the loop stays suspended (it may use the
     * timeline: replay, not move).
     *
     * @throws IllegalStateException when the loop is not suspended
     */
    <T> java.util.concurrent.Future<T> whileSuspended(java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        synchronized (lock) {
            if (!suspended || isEnded || disconnected) {
                throw new IllegalStateException("the simulation is not suspended");
            }
            tasks.add(task);
            attention = true;
            lock.notifyAll();
        }
        return task;
    }

    /**
     * Every event of page {@code pfn} from the start of the run to now, by replaying the run from its
     * first checkpoint on a copy (the timeline does not move); on the simulation thread. Events from
     * before the first checkpoint (the scenario's set-up) come from the copy's event log.
     *
     * @param reached   told the position the replay reached, for progress
     * @param cancelled asked now and then; when true the replay stops with a CancellationException
     */
    PageLife lifeOfPage(long pfn, java.util.concurrent.atomic.AtomicLong reached, java.util.function.BooleanSupplier cancelled) {
        long start = System.nanoTime();
        long end = timeline.position();
        List<org.mmscope.model.EventRecord> events = new ArrayList<>();
        long[] total = { 0 };
        EventFilter onPage = EventFilter.all().withPfn(pfn);
        org.mmscope.sim.event.EventListener collect = (source, sequence) -> {
            total[0]++;
            if (events.size() < PageLife.MAX_EVENTS) {
                events.add(org.mmscope.model.sync.EventRecords.of(source, sequence));
            }
        };
        timeline.replay(0, end, copy -> {
            EventLog log = copy.simulation().memoryManager().eventLog();
            for (long sequence = log.firstRetained(); sequence <= log.last(); sequence++) {
                if (onPage.matches(log, sequence)) {
                    collect.onEvent(log, sequence);
                }
            }
            log.addListener(onPage, collect);
        }, position -> {
            reached.set(position);
            if ((position & 1023) == 0 && (cancelled.getAsBoolean() || terminateRequested)) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        });
        return new PageLife(pfn, List.copyOf(events), total[0], end, System.nanoTime() - start);
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
            invariants.install(pending, mm, timeline.position());
        }
        int step;
        boolean toReturn;
        EventFilter runTo;
        synchronized (lock) {
            step = stepRequest;
            toReturn = stepReturnRequest;
            runTo = runToRequest;
            stepRequest = -1;
            stepReturnRequest = false;
            runToRequest = null;
            if (runTo != null) {
                runToNote = "ran to " + runToWhat;
            }
        }
        if (runTo != null) {
            watcher.watchFilter(runTo);
        }
        if (step > 0 && toReturn) {
            returning = mm.scheduler().thread(step);
            returningSteps = returning.steps();
        } else if (step > 0) {
            watcher.watchStep(step);
        }
    }

    private void suspendNow(int detail, EventWatcher.Hit cause) {
        suspendNow(detail, cause, cause == null ? null : cause.note());
    }

    /** Suspends; {@code note} (may be null) is shown in the target's label after "suspended: ". */
    private void suspendNow(int detail, EventWatcher.Hit cause, String note) {
        suspendNow(detail, cause, note, "suspended");
    }

    /** Suspends, the model shown as in {@code state} (e.g. "suspended", "finished"). */
    private void suspendNow(int detail, EventWatcher.Hit cause, String note, String state) {
        suspendRequested = false;
        steppingThread = -1;
        returning = null; // any suspend ends a Step Return or a Run to event
        runToNote = null;
        lastHitSequence = cause == null || cause.sequence() < 1 ? -1 : cause.sequence();
        suspendedAtEvent = mm.eventLog().last();
        publish(state);
        threads.capture(cause);
        synchronized (lock) {
            suspended = true;
            attention = true; // the next turn of the loop waits for a resume
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
            if (populator.isPopulated() && ShownMachine.get().machine() == populator.machine()) {
                ShownMachine.get().update(populator::populate); // in place: not while a view reads it
            } else {
                populator.populate(); // a new machine nobody reads yet
            }
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
            cancelTasks();
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
