package org.mmscope.sim.event;

/**
 * The handle {@link EventLog#addListener} returns: pass it to {@link EventLog#removeListener} to stop
 * the listener. Identity matters: adding the same listener twice gives two registrations.
 */
public final class ListenerRegistration {

    private final EventLog log;
    private final EventFilter filter;
    private final EventListener listener;
    private boolean active = true;

    ListenerRegistration(EventLog log, EventFilter filter, EventListener listener) {
        this.log = log;
        this.filter = filter;
        this.listener = listener;
    }

    /** The filter the listener was added with. */
    public EventFilter filter() {
        return filter;
    }

    /** The listener. */
    public EventListener listener() {
        return listener;
    }

    /** Whether the listener is still registered (it has not been removed). */
    public boolean isActive() {
        return active;
    }

    EventLog log() {
        return log;
    }

    void deactivate() {
        active = false;
    }

    @Override
    public String toString() {
        return "ListenerRegistration[" + filter + (active ? "" : ", removed") + "]";
    }
}
