package org.mmscope.sim.scenario;

import java.util.List;

/**
 * The simulated machine, with every default applied (from the {@code machine} statement and the
 * {@code pagefile} statements, wherever they are written).
 *
 * @param ramBytes         physical memory, 256M to 64G, a multiple of 4K
 * @param colours          page colours, a power of two from 1 to 1024
 * @param cpus             processors, 1 to 64
 * @param pagingFiles      paging files in number order (may be empty)
 * @param seed             seed of the simulation's one random generator
 * @param diskLatencyNanos time one disk transfer takes
 * @param background       true when the system threads (zero page thread, modified page writer,
 *                         working set manager) run by themselves; false: only through {@code run}
 */
public record MachineSpec(long ramBytes, int colours, int cpus, List<PagingFileSpec> pagingFiles, long seed,
        long diskLatencyNanos, boolean background, boolean protectedPool) {

    /** Copies the list. */
    public MachineSpec {
        pagingFiles = List.copyOf(pagingFiles);
    }

    /** A machine without the protected free nonpaged pool. */
    public MachineSpec(long ramBytes, int colours, int cpus, List<PagingFileSpec> pagingFiles, long seed,
            long diskLatencyNanos, boolean background) {
        this(ramBytes, colours, cpus, pagingFiles, seed, diskLatencyNanos, background, false);
    }

    /** Number of physical pages (frames). */
    public long pages() {
        return ramBytes / Limits.PAGE_SIZE;
    }

    /** Built from a validated {@code machine} statement (defaults filled in) and paging files. */
    static MachineSpec of(Statement machine, List<PagingFileSpec> pagingFiles) {
        return new MachineSpec(machine.size("ram"), (int) machine.number("colours"), (int) machine.number("cpus"),
                pagingFiles, machine.number("seed"), machine.time("disk-latency"),
                machine.word("background").equals("on"), machine.word("protected-pool").equals("on"));
    }
}
