package org.mmscope.sim.hw;

import java.io.Serializable;

/**
 * Simulated time in nanoseconds since the machine started. It starts at 0 and only moves when the
 * simulation moves it ({@link #advance}, {@link #advanceTo}); nothing reads the wall clock, so a run
 * is reproducible. The clock never goes backwards.
 */
public final class SimClock implements Serializable {

    private long now;

    /** A clock at time 0. */
    public SimClock() {
    }

    /** The current simulated time in nanoseconds. */
    public long now() {
        return now;
    }

    /**
     * Moves time forward by {@code nanos}.
     *
     * @param nanos at least 0; the sum must not overflow
     * @return the new time
     */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time cannot move backwards: advance(" + nanos + ")");
        }
        if (now > Long.MAX_VALUE - nanos) {
            throw new IllegalArgumentException("simulated time would overflow: " + now + " + " + nanos);
        }
        now += nanos;
        return now;
    }

    /**
     * Moves time forward to {@code time}.
     *
     * @param time at least {@link #now()}
     * @return the new time
     */
    public long advanceTo(long time) {
        if (time < now) {
            throw new IllegalArgumentException("time cannot move backwards: advanceTo(" + time + ") at " + now);
        }
        now = time;
        return now;
    }

    @Override
    public String toString() {
        return "SimClock[" + now + " ns]";
    }
}
