package org.mmscope.sim.event;

import static org.mmscope.sim.event.MmEventCategory.FAULT;
import static org.mmscope.sim.event.MmEventCategory.IO;
import static org.mmscope.sim.event.MmEventCategory.POOL;
import static org.mmscope.sim.event.MmEventCategory.PROCESS;
import static org.mmscope.sim.event.MmEventCategory.PTE;
import static org.mmscope.sim.event.MmEventCategory.SECTION;
import static org.mmscope.sim.event.MmEventCategory.SYSTEM;
import static org.mmscope.sim.event.MmEventCategory.THREAD;
import static org.mmscope.sim.event.MmEventCategory.TLB;
import static org.mmscope.sim.event.MmEventCategory.WORKING_SET;

/**
 * Every state change the simulated memory manager reports (mm-behaviour.md section 5, last bullet).
 *
 * <p>Each type has a stable {@link #code()} in 0..63: it is what the {@link EventLog} stores, and
 * {@link #bit()} ({@code 1L << code}) is its bit in an {@link EventFilter} type mask. Codes are never
 * renumbered or reused; a new type takes the next free code. There must stay fewer than 64 types.
 *
 * <p>Column conventions for every type: cpu, thread and process are the context that was running
 * when the change happened (the actor, see {@link EventContext}); pfn is the page concerned or
 * {@link EventLog#NO_PFN}; va is the virtual address concerned or {@link EventLog#NO_VA};
 * old/new state are {@link EventLog#NO_STATE} unless the constant says otherwise. "PageList codes"
 * are the NT MMLISTS values (0 Zeroed, 1 Free, 2 Standby, 3 Modified, 4 ModifiedNoWrite, 5 Bad,
 * 6 ActiveAndValid, 7 Transition); "PTE kinds" are the pte package's kind codes.
 */
public enum MmEventType {

    /** A page moves between lists/states: old/new = PageList codes; va = a VA mapping it, if known. */
    PAGE_LIST_TRANSITION(0, MmEventCategory.PFN, "Page list transition"),
    /** A page's contents were zeroed: detail = its page colour. */
    PAGE_ZEROED(1, MmEventCategory.PFN, "Page zeroed"),
    /** A page's reference count changed: old/new = the counts. */
    PFN_REFERENCE_CHANGE(2, MmEventCategory.PFN, "Reference count change"),
    /** A page's share count changed: old/new = the counts. */
    PFN_SHARE_CHANGE(3, MmEventCategory.PFN, "Share count change"),
    /** A Standby page is taken for a new use: va = the VA whose PTE reverted, detail = that PTE's new value. */
    PAGE_REPURPOSED(4, MmEventCategory.PFN, "Standby page repurposed"),

    /** A PTE is written: va = the VA it maps (a prototype PTE: its own address), old/new = PTE kinds, detail = new PTE value. */
    PTE_WRITE(5, PTE, "PTE write"),

    /** Demand-zero fault resolved: va = faulting address, pfn = page supplied, detail = access type. */
    FAULT_DEMAND_ZERO(6, FAULT, "Demand-zero fault"),
    /** Transition (soft) fault: pfn taken back, old = PageList code it was on, new = ActiveAndValid. */
    FAULT_TRANSITION(7, FAULT, "Transition fault (soft)"),
    /** Paging-file (hard) fault: va = faulting address, pfn = page read into, detail = paging-file offset. */
    FAULT_PAGE_FILE(8, FAULT, "Paging-file fault (hard)"),
    /**
     * Fault through a prototype PTE of a section: va = faulting address, pfn = the shared page, old = the
     * prototype PTE's kind before (PTE kind code), detail = the prototype PTE's address.
     */
    FAULT_PROTOTYPE(9, FAULT, "Prototype PTE fault"),
    /** Write fault on a copy-on-write PTE: va = faulting address, pfn = the page being copied. */
    FAULT_COPY_ON_WRITE(10, FAULT, "Copy-on-write fault"),
    /** Fault that is an access violation: va = faulting address, detail = access type. */
    FAULT_ACCESS_VIOLATION(11, FAULT, "Access violation"),
    /** Fault on a guard page (guard removed, exception raised): va = faulting address. */
    FAULT_GUARD_PAGE(12, FAULT, "Guard page fault"),
    /** Fault on a page whose in-page read is in flight; the thread waits: detail = the I/O request id. */
    COLLIDED_FAULT(13, FAULT, "Collided fault"),

    /** In-page read issued: pfn = first page, va = first VA, detail = the I/O request id. */
    IN_PAGE_START(14, IO, "In-page read start"),
    /** In-page read finished: detail = the I/O request id. */
    IN_PAGE_COMPLETE(15, IO, "In-page read complete"),
    /** In-page read failed (page marked InPageError): detail = the I/O request id. */
    IN_PAGE_ERROR(16, IO, "In-page read error"),
    /**
     * Modified page writer issues a write: pfn = first page, old = pages, new = 1 for a mapped file's
     * page written back to its file (0 for the paging file), detail = the page offset written at.
     */
    MODIFIED_WRITE_START(17, IO, "Modified write start"),
    /** Modified page write finished (pages go to Standby): detail = the I/O request id. */
    MODIFIED_WRITE_COMPLETE(18, IO, "Modified write complete"),
    /** Modified page write failed (pages stay Modified): detail = the I/O request id. */
    MODIFIED_WRITE_ERROR(19, IO, "Modified write error"),
    /** A scenario-injected disk error fired: detail = the block (offset) that failed. */
    DISK_ERROR_INJECTED(20, IO, "Injected disk error"),

    /** A page enters a working set: va = its VA, pfn = the page, detail = the working-set index. */
    WS_INSERT(21, WORKING_SET, "Working-set insert"),
    /** A page leaves a working set for another reason than trimming (free, exit): va, pfn. */
    WS_REMOVE(22, WORKING_SET, "Working-set remove"),
    /** A page is trimmed from a working set: va, pfn, new = PageList code it went to. */
    WS_TRIM(23, WORKING_SET, "Working-set trim"),
    /** A working-set entry aged: va, old/new = the ages. */
    WS_AGE(24, WORKING_SET, "Working-set age"),

    /** One TLB entry flushed on the context's CPU: va = the address. */
    TLB_FLUSH_SINGLE(25, TLB, "TLB flush (single)"),
    /** Entire TLB flushed on the context's CPU: detail = entries dropped. */
    TLB_FLUSH_ALL(26, TLB, "TLB flush (entire)"),
    /** A TLB entry the page tables no longer allow was used (a missing flush): va, pfn = the stale frame. */
    TLB_STALE_USE(27, TLB, "Stale TLB entry used"),

    /** A process was created: detail = the new process id, pfn = its PML4 page. */
    PROCESS_CREATE(28, PROCESS, "Process create"),
    /** A process exited: detail = the exiting process id. */
    PROCESS_EXIT(29, PROCESS, "Process exit"),
    /** Virtual memory reserved/committed: va = base, detail = size in bytes, new = protection. */
    VIRTUAL_ALLOC(30, PROCESS, "Virtual alloc"),
    /** Virtual memory released/decommitted: va = base, detail = size in bytes. */
    VIRTUAL_FREE(31, PROCESS, "Virtual free"),

    /** A thread was created: detail = the new thread id, new = its process id. */
    THREAD_CREATE(32, THREAD, "Thread create"),
    /** A thread exited: detail = the exiting thread id. */
    THREAD_EXIT(33, THREAD, "Thread exit"),
    /** The context thread starts waiting: detail = the wait object id. */
    THREAD_WAIT(34, THREAD, "Thread wait"),
    /** A waiting thread became ready: detail = the readied thread id. */
    THREAD_READY(35, THREAD, "Thread ready"),
    /** The context CPU switches threads: old/new = the thread ids. */
    CONTEXT_SWITCH(36, THREAD, "Context switch"),

    /**
     * Pool allocation: pfn = the first page if resident, va = address returned, old = the tag (4 ASCII
     * bytes, first character lowest, as NT stores it), new = pool kind (0 nonpaged, 1 paged, 2 special
     * nonpaged, 3 special paged), detail = size in bytes requested.
     */
    POOL_ALLOCATE(37, POOL, "Pool allocate"),
    /** Pool free: va = address freed, old = tag, new = pool kind (as {@link #POOL_ALLOCATE}), detail = bytes. */
    POOL_FREE(38, POOL, "Pool free"),
    /**
     * Pool grew: va = start of the new range, old = the expansion's page-table index (paged) or first
     * page (nonpaged), new = pool kind, detail = pages added.
     */
    POOL_EXPAND(39, POOL, "Pool expand"),
    /**
     * Special pool found corruption (just before the bugcheck): va = the address, old = tag (0 if not
     * known), new = pool kind, detail = the 0xC1 parameter 4 naming the corruption, or the bugcheck code
     * 0xD6 (guard page touched) or 0xCC (freed special pool touched).
     */
    SPECIAL_POOL_VIOLATION(40, POOL, "Special pool violation"),

    /**
     * Fork created a clone block: va = its address, old/new = the parent's and the child's process ids,
     * detail = the number of clone PTEs.
     */
    CLONE_CREATE(41, SECTION, "Clone block create"),
    /** Copy-on-write made a private copy: pfn = the new page, va = the address, detail = the source PFN. */
    COPY_ON_WRITE(42, SECTION, "Copy on write"),
    /**
     * A run of prototype PTEs is put in transition for read-ahead: va = first PTE, detail = page count,
     * old = the outcome (mm.ReadAhead.Status ordinal), new = pages read.
     */
    READ_AHEAD(43, SECTION, "Read-ahead"),
    /**
     * The dummy page stands in for resident pages of a read: pfn = dummy page, detail = references taken
     * (negative: given back), old/new = its reference count before/after.
     */
    DUMMY_PAGE_USE(44, SECTION, "Dummy page use"),

    /** Available pages fell below the low threshold: detail = available pages. */
    AVAILABLE_LOW(45, SYSTEM, "Available pages low"),
    /** Available pages rose above the high threshold: detail = available pages. */
    AVAILABLE_HIGH(46, SYSTEM, "Available pages high"),
    /** The context thread waits for pages to become available: detail = available pages. */
    MEMORY_WAIT(47, SYSTEM, "Memory wait"),
    /** The simulated machine bugchecked: detail = the bugcheck code (parameters are in the exception). */
    BUGCHECK(48, SYSTEM, "Bugcheck"),
    /** A scenario's {@code mark "text"}: detail = the marker's index in the run's list of markers. */
    MARK(49, SYSTEM, "Marker"),
    /** A page's protection changed (NT: NtProtectVirtualMemory): va = the page, old/new = protections. */
    PROTECTION_CHANGE(50, PTE, "Protection change"),
    /**
     * A pool request returned NULL (zero bytes, larger than the pool, pool exhausted, special pool
     * refusing): old = tag, new = pool kind (as {@link #POOL_ALLOCATE}), detail = bytes requested.
     */
    POOL_ALLOCATE_FAILED(51, POOL, "Pool allocation failed"),
    /**
     * A section was created: va = its first prototype PTE, old = control area id, new = what backs it
     * (0 the paging file, 1 a data file, 2 an image file: NT's image section), detail = pages.
     */
    SECTION_CREATE(52, SECTION, "Section create"),
    /** A section was deleted: va = its first prototype PTE, old = control area id, detail = pages. */
    SECTION_DELETE(53, SECTION, "Section delete"),
    /** A view was mapped: va = its base, old = control area id, new = the view's protection, detail = pages. */
    VIEW_MAP(54, SECTION, "View map"),
    /** A view was unmapped: va = its base, old = control area id, detail = pages. */
    VIEW_UNMAP(55, SECTION, "View unmap");

    /** Exclusive upper bound of {@link #code()}: codes fit a {@code long} bit mask. */
    public static final int MAX_CODES = 64;

    private static final MmEventType[] BY_CODE = new MmEventType[MAX_CODES];
    private static final long ALL_MASK;

    static {
        long all = 0;
        for (MmEventType type : values()) {
            if (type.code < 0 || type.code >= MAX_CODES || BY_CODE[type.code] != null) {
                throw new IllegalStateException("event type code " + type.code + " of " + type + " is out of range or reused");
            }
            BY_CODE[type.code] = type;
            all |= type.bit();
        }
        ALL_MASK = all;
    }

    private final int code;
    private final MmEventCategory category;
    private final String displayName;

    MmEventType(int code, MmEventCategory category, String displayName) {
        this.code = code;
        this.category = category;
        this.displayName = displayName;
    }

    /** The stable code stored in the event log, 0..63. */
    public int code() {
        return code;
    }

    /** This type's bit in a type mask: {@code 1L << code()}. */
    public long bit() {
        return 1L << code;
    }

    /** The area of the memory manager this type belongs to. */
    public MmEventCategory category() {
        return category;
    }

    /** The name shown to the user. */
    public String displayName() {
        return displayName;
    }

    /**
     * The type with a code; allocation-free.
     *
     * @throws IllegalArgumentException if no type has that code
     */
    public static MmEventType fromCode(int code) {
        MmEventType type = code >= 0 && code < MAX_CODES ? BY_CODE[code] : null;
        if (type == null) {
            throw new IllegalArgumentException("no event type has code " + code);
        }
        return type;
    }

    /** The mask with the bit of every type. */
    public static long allMask() {
        return ALL_MASK;
    }
}
