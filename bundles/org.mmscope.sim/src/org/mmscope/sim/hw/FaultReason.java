package org.mmscope.sim.hw;

/** Why the {@link Mmu} refused a translation. */
public enum FaultReason {
    /** An entry of the walk has Valid=0 (error code P=0). */
    NOT_PRESENT,
    /** A write where some level lacks the Write bit (CR0.WP=1: kernel writes too). */
    WRITE_PROTECTED,
    /** A user-mode access where some level lacks the Owner (user) bit. */
    USER_ACCESS_TO_KERNEL,
    /** An instruction fetch where some level has NoExecute set. */
    NO_EXECUTE,
    /**
     * Bits 63..47 of the address are not all equal. On real hardware this is a general-protection
     * fault, not a page fault; the simulator reports it the same way, with level 0.
     */
    NON_CANONICAL
}
