package org.mmscope.sim.event;

/**
 * Called by {@link EventLog#append} for each appended event that passes the listener's
 * {@link EventFilter}. This is where breakpoints sit: a breakpoint's listener sets its own flag and
 * the debugger checks the flags after each simulation step.
 *
 * <p>The listener reads the event's columns from the log by sequence ({@link EventLog#pfn(long)}...),
 * which allocates nothing; it calls {@link EventLog#record(long)} only if it must keep the event.
 * It must not throw: an exception propagates out of {@code append} (the event stays recorded and
 * counted) and the remaining listeners miss that event. It may add or remove listeners, itself
 * included. An event it appends itself is dispatched at once, before the remaining listeners see
 * the current one.
 */
@FunctionalInterface
public interface EventListener {

    /**
     * One matching event was appended.
     *
     * @param log the log the event is in
     * @param sequence the event's sequence number, retained in the log during the call
     */
    void onEvent(EventLog log, long sequence);
}
