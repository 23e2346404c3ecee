package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.mmscope.sim.section.ControlArea;

/**
 * The functions operations keep for later (a condition to wait for, an address known only when the
 * thread runs). They are serializable so that a thread in the middle of an operation can be
 * checkpointed (org.mmscope.sim.replay); a lambda written where one of these is expected is.
 */
public final class SerialFunctions {

    private SerialFunctions() {
    }

    /** A condition on the memory manager's state. */
    public interface Condition extends Predicate<MemoryManager>, Serializable {
    }

    /** An address worked out when it is needed. */
    public interface Address extends LongSupplier, Serializable {
    }

    /** The process an operation works on, looked up when it runs. */
    public interface ProcessLookup extends Function<MemoryManager, MmProcess>, Serializable {
    }

    /** Told of a process when an operation is done with it. */
    public interface ProcessCallback extends Consumer<MmProcess>, Serializable {
    }

    /** The section an operation works on, looked up when it runs. */
    public interface SectionLookup extends Function<Simulation, ControlArea>, Serializable {
    }
}
