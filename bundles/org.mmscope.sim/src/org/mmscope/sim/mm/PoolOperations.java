package org.mmscope.sim.mm;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Cpu;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.hw.Mode;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.sched.SimThread;

/**
 * The pool operations a scenario's threads run (kernel-mode work done on behalf of a driver): each
 * is called at the IRQL given, which the pools and the kernel fault path check as NT does.
 */
public final class PoolOperations {

    private PoolOperations() {
    }

    /**
     * Allocates pool; {@code result} gets the address (0 for NULL).
     *
     * @param special true for special pool explicitly (NT: a Driver Verifier pool tag match)
     */
    public static Operation allocate(PoolType type, boolean special, long bytes, int tag, Irql irql,
            LongConsumer result) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(irql, "irql");
        Objects.requireNonNull(result, "result");
        String what = String.format("pool alloc %s%s %d bytes tag='%s' at %s", special ? "special " : "",
                type.name().toLowerCase(Locale.ROOT), bytes, PoolHeader.tagText(tag), irql);
        return Operations.once(what, (simulation, process) -> {
            KernelPools pools = simulation.memoryManager().pools();
            if (special && bytes > 0 && bytes <= org.mmscope.sim.pool.SpecialPoolLayout.MAX_BYTES) {
                long va = pools.allocateSpecial(type, (int) bytes, tag, irql, Detection.OVERRUN);
                result.accept(va != 0 ? va : pools.allocate(type, bytes, tag, irql));
            } else {
                result.accept(pools.allocate(type, bytes, tag, irql));
            }
        });
    }

    /** Frees the pool block at the address {@code address} gives (0: nothing, as "if (p) ExFreePool(p)"). */
    public static Operation free(SerialFunctions.Address address, int tag, Irql irql) {
        Objects.requireNonNull(address, "address");
        return Operations.once("pool free at " + irql, (simulation, process) -> {
            long va = address.getAsLong();
            if (va != 0) {
                simulation.memoryManager().pools().free(va, tag, irql);
            }
        });
    }

    /**
     * Writes {@code size} bytes of {@code value} from {@code address + offset}, one byte per access,
     * in kernel mode through the CPU's MMU and the system address space. A fault goes to
     * {@link MemoryManager#kernelAccessFault}: a paged-out page of paged pool is brought back (the
     * thread may wait for the read); a guard page, a freed page or pageable memory at DISPATCH_LEVEL is
     * a bugcheck, as in NT. Nothing happens when the address is 0 (the allocation failed).
     */
    public static Operation write(SerialFunctions.Address address, long offset, long size, int value, Irql irql) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(irql, "irql");
        if (size < 1 || offset < 0 || value < 0 || value > 255) {
            throw new IllegalArgumentException("a pool write needs size >= 1, offset >= 0 and a byte value");
        }
        return new Operation() {
            private long done;

            @Override
            public Progress step(Simulation simulation, MmProcess process, SimThread thread) {
                long base = address.getAsLong();
                if (base == 0) {
                    return Progress.DONE;
                }
                MemoryManager mm = simulation.memoryManager();
                Cpu cpu = mm.cpu(thread.lastCpu());
                int pml4 = mm.systemProcess().pml4();
                // a page at a time: the bytes of one page need one translation
                while (done < size) {
                    long va = base + offset + done;
                    long pa = mm.mmu().translate(cpu, pml4, va, Access.WRITE, Mode.KERNEL);
                    if (pa < 0) {
                        FaultStatus status = mm.kernelAccessFault(thread, va, Access.WRITE, irql);
                        return switch (status) {
                            case RESOLVED -> Progress.MORE;
                            case WAIT -> Progress.BLOCKED;
                            default -> throw new BugCheckException(BugCheckCode.KERNEL_DATA_INPAGE_ERROR, va, 0, 0, 0,
                                    String.format("kernel page 0x%x could not be read in (%s)", va, status));
                        };
                    }
                    long inPage = Math.min(size - done, X64Paging.PAGE_SIZE - (va & 0xFFF));
                    int pfn = (int) (pa >>> X64Paging.PAGE_SHIFT);
                    int at = (int) (pa & 0xFFF);
                    for (int i = 0; i < inPage; i++) {
                        mm.memory().writeByte(pfn, at + i, (byte) value);
                    }
                    mm.pools().smallBlocks().noteWritten(pfn); // an overrun may have changed headers
                    done += inPage;
                    if (done < size) {
                        return Progress.MORE; // next page on the next step
                    }
                }
                return Progress.DONE;
            }

            @Override
            public String describe() {
                return String.format("pool write offset=%d size=%d value=0x%02x at %s", offset, size, value, irql);
            }
        };
    }
}
