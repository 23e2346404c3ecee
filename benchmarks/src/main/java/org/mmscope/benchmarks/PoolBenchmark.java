package org.mmscope.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.mm.KernelPools;
import org.mmscope.sim.mm.MachineConfig;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Kernel pool allocations plus frees per second (NT: ExAllocatePoolWithTag + ExFreePoolWithTag, or
 * MmAllocateSpecialPool + MmFreeSpecialPool) on a 256 MiB machine, through {@link KernelPools}: the
 * lookaside lists, the page allocators (paged bitmaps, nonpaged free runs with system-PTE expansion),
 * the small-block pool with its headers in simulated memory, special pool, the big-page table, the
 * per-tag usage and the events. One operation is one allocation and one free.
 *
 * <ul>
 * <li>{@link #slidingWindow}: the steady state. 256 allocations of the kind are live; each operation
 * frees the oldest and allocates a new one (FIFO), so the pool never drains and never grows. The
 * {@code mixed} kinds draw each request's size at random (fixed seed) from a range, so the freed block
 * rarely fits the new request exactly and free runs and small blocks split and coalesce.</li>
 * <li>{@link #allocateThenFreeSame}: the simplest pattern, on top of the same 256 live allocations:
 * allocate a block and free it at once.</li>
 * </ul>
 *
 * <p>Every request must succeed: a NULL from the pools throws at once, naming the pool's state; after
 * each iteration the invariant checker runs over the whole machine (pools included) and any violation
 * or failed request fails the benchmark. A fresh machine is built for every iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PoolBenchmark {

    /** Live allocations kept in the steady state (a power of two). */
    static final int WINDOW = 256;
    static final int TAG = PoolHeader.tagOf("Bnch");
    static final Irql IRQL = Irql.PASSIVE_LEVEL;

    /** What one kind of request is: pool type, special or not, and size (min..max units of unit bytes). */
    enum Request {
        NONPAGED_1PAGE("nonpaged-1page", PoolType.NONPAGED, false, 4096, 1, 1),
        NONPAGED_3PAGES("nonpaged-3pages", PoolType.NONPAGED, false, 4096, 3, 3),
        PAGED_1PAGE("paged-1page", PoolType.PAGED, false, 4096, 1, 1),
        PAGED_3PAGES("paged-3pages", PoolType.PAGED, false, 4096, 3, 3),
        NONPAGED_200B("nonpaged-200B", PoolType.NONPAGED, false, 200, 1, 1),
        PAGED_200B("paged-200B", PoolType.PAGED, false, 200, 1, 1),
        SPECIAL_64B("special-64B", PoolType.NONPAGED, true, 64, 1, 1),
        NONPAGED_MIXED_PAGES("nonpaged-mixed-1to4pages", PoolType.NONPAGED, false, 4096, 1, 4),
        PAGED_MIXED_PAGES("paged-mixed-1to4pages", PoolType.PAGED, false, 4096, 1, 4),
        NONPAGED_MIXED_SMALL("nonpaged-mixed-16to1024B", PoolType.NONPAGED, false, 16, 1, 64);

        final String label;
        final PoolType type;
        final boolean special;
        final int unit;
        final int minUnits;
        final int maxUnits;

        Request(String label, PoolType type, boolean special, int unit, int minUnits, int maxUnits) {
            this.label = label;
            this.type = type;
            this.special = special;
            this.unit = unit;
            this.minUnits = minUnits;
            this.maxUnits = maxUnits;
        }

        static Request of(String label) {
            for (Request r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no pool request kind '" + label + "'");
        }
    }

    /** A 256 MiB machine with {@link #WINDOW} live allocations of one kind; shared by both states. */
    abstract static class Pools {

        MemoryManager mm;
        KernelPools pools;
        Request request;
        final long[] live = new long[WINDOW];
        int oldest;
        long random;
        long operations;

        void newMachine(String kind) {
            request = Request.of(kind);
            Simulation simulation = new Simulation(MachineConfig.ofRam(256L << 20, 64, 2, 512L << 20, 1));
            mm = simulation.memoryManager();
            pools = mm.pools();
            random = 0x9E3779B97F4A7C15L;
            operations = 0;
            for (int i = 0; i < WINDOW; i++) {
                live[i] = allocate();
            }
            oldest = 0;
        }

        /** The next request's size in bytes. */
        final long nextBytes() {
            Request r = request;
            if (r.minUnits == r.maxUnits) {
                return (long) r.unit * r.minUnits;
            }
            long x = random; // xorshift64
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            random = x;
            int span = r.maxUnits - r.minUnits + 1;
            return (long) r.unit * (r.minUnits + (int) Long.remainderUnsigned(x, span));
        }

        /** One allocation of the kind; a NULL throws. */
        final long allocate() {
            long bytes = nextBytes();
            long va = request.special
                    ? pools.allocateSpecial(request.type, (int) bytes, TAG, IRQL, Detection.OVERRUN)
                    : pools.allocate(request.type, bytes, TAG, IRQL);
            if (va == 0) {
                throw new IllegalStateException(String.format(
                        "%s: allocating %d bytes returned NULL after %d operations (failures %d, available pages %d,"
                                + " nonpaged backed %d pages / %d free, paged pool %d pages / %d in use, small-block"
                                + " pages %d, special pairs in use %d of %d)",
                        request.label, bytes, operations, pools.failures(), mm.pfns().availablePages(),
                        pools.nonPagedPages(), pools.nonPagedPool().freePages(), pools.pagedPool().currentSize(),
                        pools.pagedPool().pagesInUse(), pools.smallBlocks().pageCount(),
                        pools.specialPool().inUse(), pools.specialPool().pairCount()));
            }
            return va;
        }

        /** Fails the benchmark if a request failed or the machine breaks an invariant. */
        void verify() {
            if (pools.failures() != 0) {
                throw new IllegalStateException(request.label + ": " + pools.failures() + " pool requests failed");
            }
            List<Violation> violations = InvariantChecker.check(mm);
            if (!violations.isEmpty()) {
                throw new IllegalStateException(request.label + ": after " + operations + " operations, "
                        + violations.size() + " invariant violations, first: "
                        + violations.subList(0, Math.min(5, violations.size())));
            }
        }
    }

    /** The steady state of {@link #slidingWindow}. */
    @State(Scope.Thread)
    public static class Window extends Pools {

        @Param({ "nonpaged-1page", "nonpaged-3pages", "paged-1page", "paged-3pages", "nonpaged-200B", "paged-200B",
                "special-64B", "nonpaged-mixed-1to4pages", "paged-mixed-1to4pages", "nonpaged-mixed-16to1024B" })
        public String kind;

        @Setup(Level.Iteration)
        public void setUp() {
            newMachine(kind);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            verify();
        }

        /** Frees the oldest live allocation and allocates its replacement. */
        long replaceOldest() {
            int i = oldest;
            long freed = pools.free(live[i], TAG, IRQL);
            long va = allocate();
            live[i] = va;
            oldest = (i + 1) & (WINDOW - 1);
            operations++;
            return va ^ freed;
        }
    }

    /** The state of {@link #allocateThenFreeSame}: the same live allocations, left alone. */
    @State(Scope.Thread)
    public static class Same extends Pools {

        @Param({ "nonpaged-1page", "nonpaged-3pages", "paged-1page", "paged-3pages", "nonpaged-200B", "paged-200B",
                "special-64B" })
        public String kind;

        @Setup(Level.Iteration)
        public void setUp() {
            newMachine(kind);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            verify();
        }

        /** Allocates a block and frees it at once. */
        long allocateAndFree() {
            long va = allocate();
            long freed = pools.free(va, TAG, IRQL);
            operations++;
            return va ^ freed;
        }
    }

    /** Steady state: free the oldest of 256 live allocations, allocate a new one. */
    @Benchmark
    public long slidingWindow(Window w) {
        return w.replaceOldest();
    }

    /** Simple pattern: allocate a block and free that same block (256 others stay live). */
    @Benchmark
    public long allocateThenFreeSame(Same s) {
        return s.allocateAndFree();
    }
}
