package org.mmscope.sim.hw;

import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/**
 * One simulated processor: its number, its current IRQL, its own {@link Tlb} and the simulated
 * thread it runs (NT: the KPRCB's Number, the current IRQL and CurrentThread).
 *
 * <p>IRQL changes follow NT's rules: raising to a lower level and lowering to a higher level stop
 * the machine.
 */
public final class Cpu implements Serializable {

    /**
     * NT: IRQL_NOT_GREATER_OR_EQUAL (0x09), raised when KeRaiseIrql is asked for a level below the
     * current one. Not in {@link BugCheckCode} because only this class raises it. Parameters: the
     * requested IRQL, the current IRQL, the CPU number, 0.
     */
    public static final int IRQL_NOT_GREATER_OR_EQUAL = 0x09;

    /** {@link #currentThreadId()} of a processor running its idle loop. */
    public static final int IDLE_THREAD = -1;

    private final int number;
    private final Tlb tlb;
    private Irql irql = Irql.PASSIVE_LEVEL;
    private int currentThreadId = IDLE_THREAD;

    /**
     * A processor at PASSIVE_LEVEL running its idle loop.
     *
     * @param number the processor number, at least 0
     * @param tlb    its translation cache, not shared with another processor
     */
    public Cpu(int number, Tlb tlb) {
        if (number < 0) {
            throw new IllegalArgumentException("a processor number is at least 0, not " + number);
        }
        this.number = number;
        this.tlb = Objects.requireNonNull(tlb, "tlb");
    }

    /** The processor number (NT: KeGetCurrentProcessorNumber). */
    public int number() {
        return number;
    }

    /** The current IRQL (NT: KeGetCurrentIrql). */
    public Irql irql() {
        return irql;
    }

    /**
     * Raises the IRQL (NT: KeRaiseIrql).
     *
     * @param newIrql at least the current IRQL, else the machine stops with
     *                {@link #IRQL_NOT_GREATER_OR_EQUAL} (requested, current, CPU number, 0)
     * @return the IRQL before, for {@link #lowerIrql}
     */
    public Irql raiseIrql(Irql newIrql) {
        Objects.requireNonNull(newIrql, "newIrql");
        if (!newIrql.isAtLeast(irql)) {
            throw new BugCheckException(IRQL_NOT_GREATER_OR_EQUAL, newIrql.level(), irql.level(), number, 0,
                    "CPU " + number + " asked to raise IRQL to " + newIrql + " while at " + irql);
        }
        Irql old = irql;
        irql = newIrql;
        return old;
    }

    /**
     * Lowers the IRQL back (NT: KeLowerIrql).
     *
     * @param newIrql at most the current IRQL, else the machine stops with
     *                {@link BugCheckCode#IRQL_NOT_LESS_OR_EQUAL} (requested, current, CPU number, 0)
     */
    public void lowerIrql(Irql newIrql) {
        Objects.requireNonNull(newIrql, "newIrql");
        if (!irql.isAtLeast(newIrql)) {
            throw new BugCheckException(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL, newIrql.level(), irql.level(), number,
                    0, "CPU " + number + " asked to lower IRQL to " + newIrql + " while at " + irql);
        }
        irql = newIrql;
    }

    /** This processor's translation cache. */
    public Tlb tlb() {
        return tlb;
    }

    /** The simulated thread running here, or {@link #IDLE_THREAD}. */
    public int currentThreadId() {
        return currentThreadId;
    }

    /**
     * Records which simulated thread runs here (the scheduler calls this on a context switch).
     *
     * @param threadId a thread id (at least 0) or {@link #IDLE_THREAD}
     */
    public void setCurrentThreadId(int threadId) {
        if (threadId < IDLE_THREAD) {
            throw new IllegalArgumentException("a thread id is at least 0 (or -1 for idle), not " + threadId);
        }
        currentThreadId = threadId;
    }

    @Override
    public String toString() {
        return "Cpu[" + number + ", " + irql + ", thread " + currentThreadId + "]";
    }
}
