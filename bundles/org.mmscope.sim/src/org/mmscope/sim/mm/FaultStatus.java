package org.mmscope.sim.mm;

/** How the memory manager resolved a page fault (NT: the NTSTATUS of MmAccessFault). */
public enum FaultStatus {
    /** The PTE is fixed: retry the access (NT: STATUS_SUCCESS, STATUS_PAGE_FAULT_*). */
    RESOLVED,
    /** The thread waits (an in-page read, a collided fault, no free page): retry when it runs again. */
    WAIT,
    /** The address is not committed or the access is not allowed (NT: STATUS_ACCESS_VIOLATION). */
    ACCESS_VIOLATION,
    /** A guard page was touched: the guard is removed (NT: STATUS_GUARD_PAGE_VIOLATION). */
    GUARD_PAGE,
    /** The page could not be read after the retries (NT: STATUS_IN_PAGE_ERROR). */
    IN_PAGE_ERROR
}
