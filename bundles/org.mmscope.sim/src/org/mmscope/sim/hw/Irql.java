package org.mmscope.sim.hw;

/**
 * Interrupt request levels of a simulated processor (NT: KIRQL), lowest first. Code running at
 * {@link #DISPATCH_LEVEL} or above cannot take page faults or wait; the memory manager checks it.
 */
public enum Irql {
    /** Normal thread execution; page faults and waits allowed (NT: PASSIVE_LEVEL). */
    PASSIVE_LEVEL(0),
    /** Asynchronous procedure calls masked (NT: APC_LEVEL). */
    APC_LEVEL(1),
    /** Thread dispatching masked: no page fault, no wait (NT: DISPATCH_LEVEL). */
    DISPATCH_LEVEL(2);

    private final int level;

    Irql(int level) {
        this.level = level;
    }

    /** The numeric level, as NT's KIRQL value. */
    public int level() {
        return level;
    }

    /** True if this level is higher than or equal to {@code other}. */
    public boolean isAtLeast(Irql other) {
        return level >= other.level;
    }
}
