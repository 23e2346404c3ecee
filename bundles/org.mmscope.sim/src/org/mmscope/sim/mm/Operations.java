package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Predicate;

import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Cpu;
import org.mmscope.sim.hw.Mode;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.WaitReason;

/** The operations a scenario's threads run. */
public final class Operations {

    private Operations() {
    }

    /**
     * Touches every {@code stride}-th byte page of {@code [start, end)}: reads it, or writes a value
     * that names the page and the thread (so contents can be checked after paging). Each page is one
     * access through the CPU's MMU; a fault goes to the memory manager and the access is retried.
     */
    public static Operation touch(long start, long end, long stride, boolean write) {
        return touch(start, end, stride, write ? Access.WRITE : Access.READ, -1);
    }

    /**
     * Like {@link #touch(long, long, long, boolean)} with any access kind; a write with
     * {@code valueByte} 0..255 fills the first 8 bytes of each page with that byte instead of the
     * page's pattern.
     */
    public static Operation touch(long start, long end, long stride, Access access, int valueByte) {
        boolean write = access == Access.WRITE;
        if (end <= start || stride < 4096 || (stride & 0xFFF) != 0) {
            throw new IllegalArgumentException(String.format("touch needs a non-empty range and a page-multiple stride: 0x%x..0x%x stride 0x%x", start, end, stride));
        }
        return new Operation() {
            private long next = start & ~0xFFFL;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                MemoryManager mm = simulation.memoryManager();
                Cpu cpu = mm.cpu(thread.lastCpu());
                long address = next;
                long value = valueByte < 0 ? contentOf(process, address) : 0x0101_0101_0101_0101L * valueByte;
                boolean ok = write ? mm.mmu().writeLong(cpu, process.pml4(), address, value, Mode.USER)
                        : mm.mmu().translate(cpu, process.pml4(), address, access, Mode.USER) >= 0;
                if (!ok) {
                    FaultStatus status = mm.accessFault(process, thread, address, access); // execute too
                    switch (status) {
                        case RESOLVED:
                            return Progress.MORE; // retry the access next step
                        case WAIT:
                            return Progress.BLOCKED;
                        default:
                            break; // access violation, guard page, in-page error: skip the page
                    }
                }
                next += stride;
                return next >= end ? Progress.DONE : Progress.MORE;
            }

            @Override
            public String describe() {
                return String.format("touch 0x%x..0x%x %s", start, end, access.name().toLowerCase(java.util.Locale.ROOT));
            }
        };
    }

    /** The value a write by this process puts at the start of a page. */
    public static long contentOf(MmProcess process, long va) {
        return (va & ~0xFFFL) ^ ((long) process.pid() << 48) ^ 0x5A5A_0000_0000_0000L;
    }

    /** Reserves and commits {@code [start, start+size)} with a protection (NT: VirtualAlloc). */
    public static Operation allocate(long start, long size, int protection, boolean commit) {
        Protection.check(protection);
        return once(String.format("%s 0x%x size=0x%x %s", commit ? "commit" : "reserve", start, size,
                Protection.name(protection)), (simulation, process) -> simulation.memoryManager()
                        .allocateVirtual(process, start, size, protection, commit));
    }

    /** Decommits or releases a range (NT: VirtualFree). */
    public static Operation free(long start, long size, boolean release) {
        return once(String.format("%s 0x%x size=0x%x", release ? "release" : "decommit", start, size),
                (simulation, process) -> simulation.memoryManager().freeVirtual(process, start, size, release));
    }

    /** Changes the protection of committed pages (NT: VirtualProtect). */
    public static Operation protect(long start, long size, int protection) {
        Protection.check(protection);
        return once(String.format("protect 0x%x size=0x%x %s", start, size, Protection.name(protection)),
                (simulation, process) -> simulation.memoryManager().protectVirtual(process, start, size, protection));
    }

    /** Ends the thread's process. */
    public static Operation exitProcess() {
        return once("exit", (simulation, process) -> simulation.memoryManager().exitProcess(process));
    }

    /** Trims the working set of the process that runs it (or, with {@code all}, of every process). */
    public static Operation trim(boolean all) {
        return once(all ? "trim all" : "trim", (simulation, process) -> {
            MemoryManager mm = simulation.memoryManager();
            for (MmProcess target : all ? mm.processes() : java.util.List.of(process)) {
                if (target != mm.systemProcess()) {
                    mm.emptyWorkingSet(target);
                }
            }
            mm.wakeModifiedPageWriter();
        });
    }

    /** Wakes the zero page thread, the modified page writer or the working set manager. */
    public static Operation wake(String which) {
        return once("run " + which, (simulation, process) -> {
            MemoryManager mm = simulation.memoryManager();
            switch (which) {
                case "zero-page-thread" -> mm.wakeZeroPageThread();
                case "modified-writer" -> mm.wakeModifiedPageWriter();
                case "working-set-manager" -> mm.wakeWorkingSetManager();
                default -> throw new IllegalArgumentException("no system thread called " + which);
            }
        });
    }

    /** Makes the next {@code times} reads of paging-file page {@code offset} fail. */
    public static Operation injectPagingFileReadError(long offset, int times) {
        return once(String.format("inject disk-read-error pagefile offset=0x%x times=%d", offset << 12, times),
                (simulation, process) -> {
                    MemoryManager mm = simulation.memoryManager();
                    mm.disk().injectReadError(mm.pagingFile(), offset, times);
                    mm.events().emit(MmEventType.DISK_ERROR_INJECTED, -1, 0, 0, 0, offset);
                });
    }

    /** Waits {@code nanos} of simulated time. */
    public static Operation delay(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a wait cannot be negative");
        }
        return new Operation() {
            private long until = -1;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                long now = simulation.memoryManager().clock().now();
                if (until < 0) {
                    until = now + nanos;
                }
                if (now >= until) {
                    return Progress.DONE;
                }
                simulation.memoryManager().scheduler().delayUntil(thread, until, WaitReason.DELAY);
                return Progress.BLOCKED;
            }

            @Override
            public String describe() {
                return "wait " + nanos + "ns";
            }
        };
    }

    /** Waits (polling every millisecond of simulated time) until {@code condition} holds. */
    public static Operation waitUntil(String description, SerialFunctions.Condition condition) {
        return waitUntil(description, Long.MAX_VALUE, condition);
    }

    /**
     * Waits, polling every millisecond of simulated time, until {@code condition} holds or
     * {@code timeoutNanos} of simulated time passed ({@code Long.MAX_VALUE}: no limit).
     */
    public static Operation waitUntil(String description, long timeoutNanos, SerialFunctions.Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new Operation() {
            private long deadline = -1;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                MemoryManager mm = simulation.memoryManager();
                long now = mm.clock().now();
                if (deadline < 0) {
                    deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + timeoutNanos;
                }
                if (condition.test(mm) || now >= deadline) {
                    return Progress.DONE;
                }
                mm.scheduler().delayUntil(thread, Math.min(deadline, now + 1_000_000), WaitReason.DELAY);
                return Progress.BLOCKED;
            }

            @Override
            public String describe() {
                return "wait until " + description;
            }
        };
    }

    /**
     * Forks a process into a new one called {@code childName} (NT: MiCloneProcessAddressSpace), a
     * step at a time: {@link ForkManager#PAGES_PER_STEP} PTEs a step, so other threads run while the
     * fork goes on and the faults of the parent's threads wait for it. {@code parent} names the process
     * when the fork starts (null: the process the operation runs in); {@code onDone} gets the child.
     */
    public static Operation fork(SerialFunctions.ProcessLookup parent, String childName,
            SerialFunctions.ProcessCallback onDone) {
        Objects.requireNonNull(childName, "childName");
        return new Operation() {
            private ForkManager.Fork fork;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                MemoryManager mm = simulation.memoryManager();
                if (fork == null) {
                    MmProcess target = parent == null ? process : parent.apply(mm);
                    if (target == null) {
                        throw new IllegalStateException("fork: the process to fork does not exist (any more)");
                    }
                    ForkManager.Fork running = mm.forks().forkOf(target);
                    if (running != null) {
                        mm.scheduler().waitOn(thread, running.doneEvent(), WaitReason.FORK);
                        return Progress.BLOCKED; // one fork at a time
                    }
                    fork = mm.forks().beginFork(target, childName);
                    return yieldStep(mm, thread);
                }
                switch (fork.step(thread, ForkManager.PAGES_PER_STEP)) {
                    case DONE:
                        if (onDone != null) {
                            onDone.accept(fork.child());
                        }
                        return Progress.DONE;
                    case WAIT:
                        return Progress.BLOCKED;
                    default:
                        return yieldStep(mm, thread);
                }
            }

            @Override
            public String describe() {
                return "fork as " + childName;
            }
        };
    }

    /**
     * Between two steps of a fork its thread lets one step of simulated time pass, so that threads of
     * lower priority (the parent's, when a scenario's script forks) run beside the fork as they would
     * on another processor.
     */
    private static Operation.Progress yieldStep(MemoryManager mm, SimThread thread) {
        // the clock moves one step after this one: two steps from now leave exactly one to the others
        mm.scheduler().delayUntil(thread, mm.clock().now() + 2 * mm.config().stepNanos(), WaitReason.DELAY);
        return Operation.Progress.BLOCKED;
    }

    /** What an instant operation does. */
    public interface Action extends Serializable {
        void run(Simulation simulation, MmProcess process);
    }

    /**
     * An operation that does {@code action} in one step and is done. While a fork of (or into) the
     * process it runs in is in progress it waits for the fork first: the fork reads the process's
     * address space, which must not change under it (NT holds the address-space lock for the fork).
     */
    public static Operation once(String description, Action action) {
        return new Operation() {
            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                ForkManager.Fork fork = simulation.memoryManager().forks().forkOf(process);
                if (fork != null) {
                    simulation.memoryManager().scheduler().waitOn(thread, fork.doneEvent(), WaitReason.FORK);
                    return Progress.BLOCKED;
                }
                action.run(simulation, process);
                return Progress.DONE;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
