package org.mmscope.sim.mm;

import java.io.Serializable;

/**
 * The shape of a simulated machine: memory, colours, CPUs, paging file, seed and the memory
 * manager's tunables. All sizes are in 4 KiB pages; all times in simulated nanoseconds.
 *
 * @param ramPages           physical pages (65,536 = 256 MiB .. 16,777,216 = 64 GiB)
 * @param colours            page colours, a power of two
 * @param cpus               processors, 1..64
 * @param pagingFilePages    size of paging file 0; 0 for none (modified pages then stay in memory)
 * @param seed               seed of the one random source (process colours)
 * @param eventCapacity      events kept in the ring buffer, a power of two
 * @param workingSetMinimum  default working-set minimum of a process (NT: MmMinimumWorkingSetSize)
 * @param workingSetMaximum  default working-set maximum of a process (NT: MmMaximumWorkingSetSize)
 * @param diskLatencyNanos   latency of one disk request
 * @param diskNanosPerPage   transfer time per page
 * @param stepNanos          simulated time one thread step takes (one page access)
 * @param background         the system threads (zero page thread, modified page writer, working set
 *                           manager) run by themselves; when false, only when asked ({@code run})
 */
public record MachineConfig(int ramPages, int colours, int cpus, long pagingFilePages, long seed, int eventCapacity,
        int workingSetMinimum, int workingSetMaximum, long diskLatencyNanos, long diskNanosPerPage, long stepNanos,
        boolean background) implements Serializable {

    /** Smallest machine: 256 MiB. */
    public static final int MIN_RAM_PAGES = 65_536;
    /** Largest machine: 64 GiB. */
    public static final int MAX_RAM_PAGES = 16_777_216;

    public MachineConfig {
        if (ramPages < MIN_RAM_PAGES || ramPages > MAX_RAM_PAGES) {
            throw new IllegalArgumentException("RAM must be 256M..64G (" + MIN_RAM_PAGES + ".." + MAX_RAM_PAGES
                    + " pages), not " + ramPages + " pages");
        }
        if (colours < 1 || colours > 1024 || Integer.bitCount(colours) != 1) {
            throw new IllegalArgumentException("colours must be a power of two 1..1024, not " + colours);
        }
        if (cpus < 1 || cpus > 64) {
            throw new IllegalArgumentException("cpus must be 1..64, not " + cpus);
        }
        if (pagingFilePages != 0 && (pagingFilePages < 16 || pagingFilePages > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("the paging file must be none or 64K..16T, not " + pagingFilePages
                    + " pages");
        }
        if (workingSetMinimum < 1 || workingSetMaximum < workingSetMinimum) {
            throw new IllegalArgumentException("working-set limits must satisfy 1 <= minimum <= maximum");
        }
        if (diskLatencyNanos < 0 || diskNanosPerPage < 0 || stepNanos < 1) {
            throw new IllegalArgumentException("times must not be negative and a step must take time");
        }
    }

    /** A machine of {@code ramBytes} with the defaults for everything else. */
    public static MachineConfig ofRam(long ramBytes, int colours, int cpus, long pagingFileBytes, long seed) {
        return new MachineConfig((int) (ramBytes >>> 12), colours, cpus, pagingFileBytes >>> 12, seed, 1 << 18, 50,
                4_096, 5_000_000L, 20_000L, 1_000L, true);
    }

    /** The same machine with other working-set limits. */
    public MachineConfig withWorkingSet(int minimum, int maximum) {
        return new MachineConfig(ramPages, colours, cpus, pagingFilePages, seed, eventCapacity, minimum, maximum,
                diskLatencyNanos, diskNanosPerPage, stepNanos, background);
    }
}
