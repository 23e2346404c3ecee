package org.mmscope.sim.hw;

import java.io.Serializable;

import org.mmscope.sim.pte.Hex;

/**
 * The details of the last fault an {@link Mmu} raised: what the processor pushes as the fault's
 * error code plus CR2, and where the walk stopped. One instance per MMU is overwritten by each fault
 * so translating allocates nothing; {@link #copy()} keeps one.
 */
public final class PageFault implements Serializable {

    private long va;
    private Access access = Access.READ;
    private Mode mode = Mode.KERNEL;
    private int addressSpace;
    private int cpu;
    private int level;
    private long entry;
    private FaultReason reason = FaultReason.NOT_PRESENT;
    private boolean fromTlb;
    private boolean recorded;

    PageFault() {
    }

    void record(long va, Access access, Mode mode, int addressSpace, int cpu, int level, long entry,
            FaultReason reason, boolean fromTlb) {
        this.va = va;
        this.access = access;
        this.mode = mode;
        this.addressSpace = addressSpace;
        this.cpu = cpu;
        this.level = level;
        this.entry = entry;
        this.reason = reason;
        this.fromTlb = fromTlb;
        this.recorded = true;
    }

    /** An independent copy, for whoever keeps a fault past the next translation. */
    public PageFault copy() {
        PageFault copy = new PageFault();
        copy.record(va, access, mode, addressSpace, cpu, level, entry, reason, fromTlb);
        copy.recorded = recorded;
        return copy;
    }

    /** False until the MMU has raised a fault. */
    public boolean isRecorded() {
        return recorded;
    }

    /** The faulting virtual address (CR2). */
    public long va() {
        return va;
    }

    /** Read, write or instruction fetch. */
    public Access access() {
        return access;
    }

    /** Kernel or user mode. */
    public Mode mode() {
        return mode;
    }

    /** PFN of the PML4 the translation used. */
    public int addressSpace() {
        return addressSpace;
    }

    /** The number of the processor that faulted. */
    public int cpu() {
        return cpu;
    }

    /**
     * The level whose entry caused the fault: 4 for the PML4 entry down to 1 for the PTE (2 for a
     * large-page PDE), 0 for a non-canonical address. A fault decided from the TLB names the level of
     * the final entry (1, or 2 for a large page), since the TLB keeps only the combined rights.
     */
    public int level() {
        return level;
    }

    /**
     * The entry at {@link #level()} as read from memory, or, when {@link #fromTlb()}, the cached
     * translation written in the hardware format (Valid, Accessed, the cached rights, PFN); 0 for a
     * non-canonical address.
     */
    public long entry() {
        return entry;
    }

    /** Why. */
    public FaultReason reason() {
        return reason;
    }

    /** True if the rights came from a TLB entry (possibly stale), not from a walk of the tables. */
    public boolean fromTlb() {
        return fromTlb;
    }

    /**
     * The x64 page-fault error code: bit 0 P (the page was present: a protection fault), bit 1 W/R
     * (write), bit 2 U/S (user mode), bit 4 I/D (instruction fetch). 0 for a non-canonical address.
     */
    public int errorCode() {
        if (reason == FaultReason.NON_CANONICAL) {
            return 0;
        }
        int code = reason == FaultReason.NOT_PRESENT ? 0 : 1;
        if (access == Access.WRITE) {
            code |= 1 << 1;
        }
        if (mode == Mode.USER) {
            code |= 1 << 2;
        }
        if (access == Access.EXECUTE) {
            code |= 1 << 4;
        }
        return code;
    }

    @Override
    public String toString() {
        if (!recorded) {
            return "PageFault[none]";
        }
        return "PageFault[" + reason + " " + mode + " " + access + " at " + Hex.hex(va) + ", level " + level
                + ", entry " + Hex.hex(entry) + (fromTlb ? ", from TLB" : "") + ", CPU " + cpu + "]";
    }
}
