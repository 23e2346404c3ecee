package org.mmscope.sim.event;

/**
 * The broad area of the memory manager an {@link MmEventType} belongs to. Views group events by
 * category and the breakpoint dialog offers whole categories ({@link EventFilter#ofCategories}).
 */
public enum MmEventCategory {

    /** Page frame database: list moves, zeroing, reference and share counts. */
    PFN("PFN"),
    /** Page table entries being written. */
    PTE("PTE"),
    /** Page faults, classified by how they are resolved. */
    FAULT("Fault"),
    /** In-page reads, modified-page writes and disk errors. */
    IO("I/O"),
    /** Working-set lists: insertion, removal, trimming, ageing. */
    WORKING_SET("Working set"),
    /** Processes and their virtual address space. */
    PROCESS("Process"),
    /** Simulated threads and the scheduler. */
    THREAD("Thread"),
    /** Translation look-aside buffers. */
    TLB("TLB"),
    /** Paged, nonpaged and special pool. */
    POOL("Pool"),
    /** Sections, prototype PTEs, fork clone blocks, read-ahead. */
    SECTION("Section"),
    /** Machine-wide conditions: available-page thresholds, memory waits, bugchecks. */
    SYSTEM("System");

    private final String displayName;

    MmEventCategory(String displayName) {
        this.displayName = displayName;
    }

    /** The name shown to the user. */
    public String displayName() {
        return displayName;
    }
}
