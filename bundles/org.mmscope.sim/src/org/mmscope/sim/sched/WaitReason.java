package org.mmscope.sim.sched;

/** Why a simulated thread waits (NT: KWAIT_REASON, the ones the memory manager uses). */
public enum WaitReason {
    /** Not waiting. */
    NONE,
    /** Its own in-page read is in flight (NT: WrPageIn). */
    PAGE_IN,
    /** Another thread's in-page read of the same page is in flight: a collided fault. */
    COLLIDED_PAGE_IN,
    /** Not enough available pages (NT: WrFreePage / MmAvailablePages below the minimum). */
    FREE_PAGE,
    /** A simulated-time delay (a scenario's wait, NT: KeDelayExecutionThread). */
    DELAY,
    /** A system thread with nothing to do waits for work (NT: WrExecutive). */
    EXECUTIVE,
    /** Its process is being forked (or forked from): it waits for the fork to finish (NT: ForkInProgress). */
    FORK
}
