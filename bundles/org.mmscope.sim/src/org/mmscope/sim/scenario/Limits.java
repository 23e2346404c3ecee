package org.mmscope.sim.scenario;

/**
 * Bounds that protect the parser and the simulator from hostile or runaway scenarios, and the
 * address-space constants the validator checks against (x64 NT user space, 4 KiB pages). Every
 * bound is reported with a clear error when exceeded; docs/scenario-format.md lists them.
 */
public final class Limits {

    /** Largest scenario text accepted, in characters (1 MiB). */
    public static final int MAX_TEXT_CHARS = 1 << 20;
    /** Deepest nesting of bodies ({@code { }}, {@code :} and {@code ->}). */
    public static final int MAX_DEPTH = 32;
    /** Most statements a scenario may run once every {@code repeat} is expanded. */
    public static final long MAX_EXPANDED_STATEMENTS = 10_000_000L;
    /** Largest {@code repeat} count. */
    public static final long MAX_REPEAT = 1_000_000L;
    /** Most processes (declared and forked). */
    public static final int MAX_PROCESSES = 1024;
    /** Most threads in one process, the implicit {@code main} thread included. */
    public static final int MAX_THREADS_PER_PROCESS = 256;
    /** Most paging files (as NT). */
    public static final int MAX_PAGING_FILES = 16;
    /** Longest word (name), in characters. */
    public static final int MAX_WORD_CHARS = 128;
    /** Longest string, in characters. */
    public static final int MAX_STRING_CHARS = 1024;
    /** Most accesses one touch may make (size / stride), 64 GiB of 4 KiB pages. */
    public static final long MAX_TOUCH_ACCESSES = 1L << 24;
    /** Longest simulated time a statement may name: one hour. */
    public static final long MAX_TIME_NANOS = 3_600_000_000_000L;

    /** Page size in bytes. */
    public static final long PAGE_SIZE = 4096;
    /** Allocation granularity: reservations and views start on this boundary (64 KiB). */
    public static final long ALLOCATION_GRANULARITY = 64 * 1024;
    /** End (exclusive) of the 47-bit user address space: 0x0000'8000'0000'0000. */
    public static final long USER_SPACE_END = 1L << 47;
    /** Lowest address a reservation may use (NT: MM_LOWEST_USER_ADDRESS, the first 64 KiB are no-access). */
    public static final long LOWEST_USER_ADDRESS = 0x10000L;
    /** End (exclusive) of the allocatable user space (NT: MM_HIGHEST_VAD_ADDRESS + 1). */
    public static final long HIGHEST_USER_END = 0x7FFF_FFFF_0000L;

    private Limits() {
    }
}
