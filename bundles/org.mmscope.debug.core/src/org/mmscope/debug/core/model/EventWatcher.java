package org.mmscope.debug.core.model;

import java.util.List;

import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.ListenerRegistration;
import org.mmscope.sim.sched.Scheduler;

/**
 * The debugger's listeners on the simulator's event log, used on the simulation thread only: one per
 * enabled breakpoint, whose filter ({@link BreakpointMatcher#eventFilter}) lets the log reject most
 * events that cannot hit it without a call, and one for a Step Over, selecting the stepping thread's
 * events. The first event that hits is kept
 * with the stack of the thread that caused it, until the simulation loop takes it after the step.
 */
final class EventWatcher {

    /**
     * An event that stops the simulation: the breakpoint (null for a step), the event, its thread's
     * stack, and a note for the user (why a condition that failed to evaluate stopped), or null.
     */
    record Hit(MmEventBreakpoint breakpoint, long sequence, int threadId, String[] stack, String note) {
        Hit(MmEventBreakpoint breakpoint, long sequence, int threadId, String[] stack) {
            this(breakpoint, sequence, threadId, stack, null);
        }
    }

    private EventLog log;
    private Scheduler scheduler;
    private BreakpointMatcher[] matchers = new BreakpointMatcher[0];
    private ListenerRegistration[] breakpointRegistrations = new ListenerRegistration[0];
    private long breakpointMask;
    private ListenerRegistration stepRegistration;
    private Hit breakpointHit;
    private Hit stepHit;

    EventWatcher(EventLog log, Scheduler scheduler) {
        this.log = log;
        this.scheduler = scheduler;
    }

    /**
     * Moves to another run's event log and scheduler (after a step back in time), keeping the
     * breakpoints watched; a step being watched is cancelled.
     */
    void rebind(EventLog newLog, Scheduler newScheduler) {
        List<BreakpointMatcher> watched = List.of(matchers);
        uninstall();
        breakpointHit = null;
        log = newLog;
        scheduler = newScheduler;
        install(watched);
    }

    /** The breakpoints watched now. */
    List<BreakpointMatcher> matchers() {
        return List.of(matchers);
    }

    /** Watches for these breakpoints from now on (none: no breakpoint listener at all). */
    void install(List<BreakpointMatcher> enabled) {
        for (ListenerRegistration registration : breakpointRegistrations) {
            log.removeListener(registration);
        }
        matchers = enabled.toArray(new BreakpointMatcher[0]);
        List<ListenerRegistration> registrations = new java.util.ArrayList<>();
        long mask = 0;
        for (BreakpointMatcher matcher : matchers) { // in order: the first breakpoint an event hits wins
            if (matcher.typeMask() != 0) {
                registrations.add(log.addListener(matcher.eventFilter(),
                        (source, sequence) -> onBreakpointEvent(matcher, source, sequence)));
                mask |= matcher.typeMask();
            }
        }
        breakpointRegistrations = registrations.toArray(new ListenerRegistration[0]);
        breakpointMask = mask;
    }

    /** The union of the watched breakpoint types (0 when none is watched). */
    long breakpointMask() {
        return breakpointMask;
    }

    /** A step that ends at the next event of any thread (Step Into). */
    static final int ANY_THREAD = Integer.MAX_VALUE;

    /** Watches for the next event of simulated thread {@code threadId}, or of any thread for {@link #ANY_THREAD}. */
    void watchStep(int threadId) {
        cancelStep();
        EventFilter filter = threadId == ANY_THREAD ? EventFilter.all() : EventFilter.all().withThread(threadId);
        stepRegistration = log.addListener(filter, this::onStepEvent);
    }

    /** Watches for the next event {@code filter} passes, of any thread ("Run to event"). */
    void watchFilter(EventFilter filter) {
        cancelStep();
        stepRegistration = log.addListener(filter, this::onStepEvent);
    }

    /** Stops watching for a step's event. */
    void cancelStep() {
        if (stepRegistration != null) {
            log.removeListener(stepRegistration);
            stepRegistration = null;
        }
        stepHit = null;
    }

    /** Stops watching anything. */
    void uninstall() {
        install(List.of());
        cancelStep();
    }

    /** The breakpoint hit during the last step, or null; cleared. */
    Hit takeBreakpointHit() {
        Hit hit = breakpointHit;
        breakpointHit = null;
        return hit;
    }

    /** The stepping thread's event of the last step, or null; when there is one the step is over. */
    Hit takeStepHit() {
        Hit hit = stepHit;
        if (hit != null) {
            cancelStep();
        }
        return hit;
    }

    private void onBreakpointEvent(BreakpointMatcher matcher, EventLog source, long sequence) {
        if (breakpointHit != null) {
            return; // an earlier breakpoint hit this step: the rest are not even counted
        }
        try {
            if (matcher.hits(source, sequence) && stillEnabled(matcher)) {
                breakpointHit = new Hit(matcher.breakpoint(), sequence, source.thread(sequence),
                        stackOf(source.thread(sequence)), matcher.takeEvaluationError());
                return;
            }
            matcher.takeEvaluationError();
        } catch (RuntimeException e) {
            // a listener must not throw into the simulator; a broken breakpoint simply does not hit
        }
    }

    /** A breakpoint disabled a moment ago may not have reached {@link #install} yet: ask its marker. */
    private static boolean stillEnabled(BreakpointMatcher matcher) {
        try {
            return matcher.breakpoint().isEnabled();
        } catch (org.eclipse.core.runtime.CoreException e) {
            return false; // its marker is gone: the breakpoint was deleted
        }
    }

    private void onStepEvent(EventLog source, long sequence) {
        if (stepHit == null) {
            stepHit = new Hit(null, sequence, source.thread(sequence), stackOf(source.thread(sequence)));
        }
    }

    private String[] stackOf(int threadId) {
        if (threadId < 1 || threadId > scheduler.threads().size()) {
            return new String[0];
        }
        return scheduler.thread(threadId).stack();
    }
}
