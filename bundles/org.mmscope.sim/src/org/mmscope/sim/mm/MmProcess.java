package org.mmscope.sim.mm;

import java.io.Serializable;

import org.mmscope.sim.ws.WorkingSetList;

/**
 * A process as the memory manager sees it (NT: the memory-management part of EPROCESS): its
 * address space (PML4 and hyperspace pages), its VADs, its working set and its counters.
 */
public final class MmProcess implements Serializable {

    private final int pid;
    private final String name;
    private final VadTree vads = new VadTree();
    private final WorkingSetList workingSet;
    private final int colourMask;
    int pml4 = -1;
    int hyperspacePdpt = -1;
    int hyperspacePd = -1;
    int hyperspacePt = -1;
    int workingSetPage = -1;
    private int nextColour;
    private boolean exited;
    long pageFaults;
    long demandZeroFaults;
    long transitionFaults;
    long hardFaults;
    long accessViolations;
    long pageTablePages;
    long copyOnWriteFaults;
    long privatePages;
    /** The fork this process takes part in, as parent or child (NT: ForkInProgress), or null. */
    ForkManager.Fork forkInProgress;

    MmProcess(int pid, String name, WorkingSetList workingSet, int firstColour, int colours) {
        this.pid = pid;
        this.name = name;
        this.workingSet = workingSet;
        this.nextColour = firstColour;
        this.colourMask = colours - 1;
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    /** PFN of the PML4 (the directory table base's page), -1 before the address space exists. */
    public int pml4() {
        return pml4;
    }

    /** Physical address of the PML4 (NT: DirectoryTableBase[0]). */
    public long directoryTableBase() {
        return (long) pml4 << 12;
    }

    /** PFN of the hyperspace page-table page (NT: HyperSpace). */
    public int hyperspacePageTable() {
        return hyperspacePt;
    }

    /** PFN of the working-set list page. */
    public int workingSetPage() {
        return workingSetPage;
    }

    public VadTree vads() {
        return vads;
    }

    public WorkingSetList workingSet() {
        return workingSet;
    }

    public boolean hasExited() {
        return exited;
    }

    void markExited() {
        exited = true;
    }

    /** The colour of the next page allocated for this process: cycles from a random start (4.1). */
    int takeColour() {
        int colour = nextColour;
        nextColour = (nextColour + 1) & colourMask;
        return colour;
    }

    public long pageFaults() {
        return pageFaults;
    }

    public long demandZeroFaults() {
        return demandZeroFaults;
    }

    public long transitionFaults() {
        return transitionFaults;
    }

    public long hardFaults() {
        return hardFaults;
    }

    public long accessViolations() {
        return accessViolations;
    }

    /** Copy-on-write faults that made a private copy of a page shared with a fork (NT: MiCopyOnWrite). */
    public long copyOnWriteFaults() {
        return copyOnWriteFaults;
    }

    /**
     * Pages this process owns alone, in memory (valid or in transition) or in the paging file (NT:
     * NumberOfPrivatePages): demand-zero faults and copies add one, freeing one removes one, a fork
     * moves the parent's behind clone prototype PTEs. Pages shared through a fork's clone block are not
     * counted. (The system process counts its paged-pool pages here too.)
     */
    public long privatePages() {
        return privatePages;
    }

    /** True while a fork of (or into) this process runs: its faults wait for it (NT: ForkInProgress). */
    public boolean isForkInProgress() {
        return forkInProgress != null;
    }

    /** Page-table pages (PDPT, PD, PT) created for user addresses. */
    public long pageTablePages() {
        return pageTablePages;
    }

    @Override
    public String toString() {
        return name + " (" + pid + ")";
    }
}
