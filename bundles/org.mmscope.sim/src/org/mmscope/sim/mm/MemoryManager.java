package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.EventContext;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Cpu;
import org.mmscope.sim.hw.Disk;
import org.mmscope.sim.hw.IoStatus;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.hw.Mmu;
import org.mmscope.sim.hw.PagingFile;
import org.mmscope.sim.hw.PhysicalMemory;
import org.mmscope.sim.hw.SimClock;
import org.mmscope.sim.hw.Tlb;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PageListHistory;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.Hex;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.sched.Scheduler;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.sched.WaitableEvent;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * The simulated memory manager and the machine it runs on: physical memory, the PFN database, the
 * CPUs with their TLBs, the MMU, the disk with paging file 0, the event log and the scheduler.
 *
 * <p>It creates address spaces (NT: MmCreateProcessAddressSpace), resolves page faults (NT:
 * MmAccessFault: demand zero, transition, paging file with in-page reads and collided faults, access
 * violations), keeps working sets and trims them, writes modified pages to the paging file, zeroes
 * free pages, repurposes standby pages and tears address spaces down at process exit. Its system
 * threads run on the same {@link Scheduler} as the processes' threads.
 *
 * <p>Every routine states its preconditions first; corruption raises {@link BugCheckException}.
 */
public final class MemoryManager implements Serializable {

    /** PML4 index of hyperspace (NT x64: 0xFFFFF700'00000000). */
    public static final int HYPERSPACE_INDEX = 0x1EE;
    /** Virtual address of a process's working-set list (NT x64: MmWorkingSetList). */
    public static final long WORKING_SET_LIST_VA = X64Paging.canonical(((long) HYPERSPACE_INDEX << 39) + 0x1080000L);
    /** Process id of the system process. */
    public static final int SYSTEM_PID = SimThread.SYSTEM_PROCESS;
    /** Pages the modified page writer takes in one batch (NT: MmModifiedWriteClusterSize). */
    public static final int WRITE_CLUSTER = 16;

    private final MachineConfig config;
    private final SimClock clock = new SimClock();
    private final PhysicalMemory memory;
    private final PfnDatabase pfns;
    /** The page-list totals over the run, sampled after steps by the {@link Simulation}. */
    private final PageListHistory listHistory = new PageListHistory();
    private final Cpu[] cpus;
    private final Mmu mmu;
    private final Disk disk;
    private final PagingFile pagingFile;
    private final boolean hasPagingFile;
    /** System threads run by themselves (true) or only when the scenario runs them. */
    private final boolean background;
    private final EventLog log;
    private final EventContext events;
    private final Scheduler scheduler;
    private final PageTableWalker walker;
    private final SimRandom random;
    private final TreeMap<Integer, MmProcess> processes = new TreeMap<>();
    final TreeMap<Long, IoRequest> ioRequests = new TreeMap<>();
    final TreeMap<Integer, IoRequest> readsByPfn = new TreeMap<>();
    private final WaitableEvent freePagesEvent;
    private final WaitableEvent zeroPageWork;
    private final WaitableEvent modifiedWriterWork;
    private final WaitableEvent workingSetManagerWork;
    private final int lowThreshold;
    private final int highThreshold;
    private final int modifiedWriteThreshold;
    private final SimThread zeroPageThread;
    private final SimThread modifiedPageWriter;
    private final SimThread workingSetManager;
    private final MmProcess systemProcess;
    private final KernelPools pools;
    private final SectionManager sections;
    private final ForkManager forks;
    private boolean availableLow;
    /** The modified page writer found no paging-file space; it waits until some is released. */
    private boolean pagingFileFull;
    /** Work the scenario's "run" asked of a system thread, in pages (0: none pending). */
    private long zeroPass;
    private long writerPass;
    private long trimPass;
    private int nextPid = 8;

    public MemoryManager(MachineConfig config) {
        this.config = config;
        this.memory = new PhysicalMemory(config.ramPages());
        this.pfns = new PfnDatabase(config.ramPages(), config.colours());
        this.cpus = new Cpu[config.cpus()];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(i, new Tlb(64));
        }
        this.mmu = new Mmu(memory);
        this.disk = new Disk(clock, config.diskLatencyNanos(), config.diskNanosPerPage());
        this.hasPagingFile = config.pagingFilePages() > 0;
        // Without a paging file, one reserved page stands in: nothing can be allocated in it.
        this.pagingFile = new PagingFile(0, Math.max(1, config.pagingFilePages()));
        this.background = config.background();
        this.log = new EventLog(config.eventCapacity());
        this.events = new EventContext(log, (java.util.function.LongSupplier & java.io.Serializable) clock::now);
        this.scheduler = new Scheduler(config.cpus());
        this.walker = new PageTableWalker(memory);
        this.random = new SimRandom(config.seed());
        this.lowThreshold = Math.max(64, config.ramPages() / 64);
        this.highThreshold = lowThreshold * 2;
        this.modifiedWriteThreshold = Math.max(32, config.ramPages() / 256);
        pfns.setRepurposeHook(this::restoreTransitionPte);
        // Simulated RAM starts out zero, so every page starts on the Zeroed list (the zero page
        // thread's work begins with the first page freed).
        for (int pfn = 0; pfn < config.ramPages(); pfn++) {
            pfns.unlinkFromList(pfn);
            pfns.insertInList(PageList.ZEROED, pfn);
        }
        freePagesEvent = scheduler.createEvent("free pages");
        zeroPageWork = scheduler.createEvent("zero page thread work");
        modifiedWriterWork = scheduler.createEvent("modified page writer work");
        workingSetManagerWork = scheduler.createEvent("working set manager work");
        // The system working set holds the resident pages of paged pool (NT: MmSystemCacheWs).
        systemProcess = new MmProcess(SYSTEM_PID, "System", new WorkingSetList(config.workingSetMinimum(),
                Math.max(config.workingSetMaximum(), config.ramPages() / 4)), 0, config.colours());
        processes.put(SYSTEM_PID, systemProcess);
        bootSystemAddressSpace();
        pools = new KernelPools(this);
        sections = new SectionManager(this);
        forks = new ForkManager(this);
        zeroPageThread = scheduler.createThread("Zero page thread", SYSTEM_PID, 0, this::zeroPageThreadStep);
        modifiedPageWriter = scheduler.createThread("Modified page writer", SYSTEM_PID, 17,
                this::modifiedPageWriterStep);
        workingSetManager = scheduler.createThread("Working set manager", SYSTEM_PID, 16,
                this::workingSetManagerStep);
    }

    // ------------------------------------------------------------------------------ accessors

    public MachineConfig config() {
        return config;
    }

    public SimClock clock() {
        return clock;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public PfnDatabase pfns() {
        return pfns;
    }

    /** The pages on each list over the run so far, sampled every few scheduler steps. */
    public PageListHistory listHistory() {
        return listHistory;
    }

    /** Takes a sample of the page-list totals if one is due (after each step of the simulation). */
    void sampleListTotals() {
        listHistory.afterStep(scheduler.stepCount(), clock.now(), pfns);
    }

    public int cpuCount() {
        return cpus.length;
    }

    public Cpu cpu(int number) {
        return cpus[number];
    }

    public Mmu mmu() {
        return mmu;
    }

    public Disk disk() {
        return disk;
    }

    public PagingFile pagingFile() {
        return pagingFile;
    }

    public EventLog eventLog() {
        return log;
    }

    public EventContext events() {
        return events;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Available pages below which trimming starts (NT: MmMinimumFreePages-like low threshold). */
    public int lowThreshold() {
        return lowThreshold;
    }

    /** Available pages above which the memory manager stops trimming. */
    public int highThreshold() {
        return highThreshold;
    }

    /** The processes that still exist, by pid (the system process included). */
    public List<MmProcess> processes() {
        return Collections.unmodifiableList(new ArrayList<>(processes.values()));
    }

    /** The process with that pid, or null. */
    public MmProcess process(int pid) {
        return processes.get(pid);
    }

    public MmProcess systemProcess() {
        return systemProcess;
    }

    public SimThread zeroPageThread() {
        return zeroPageThread;
    }

    public SimThread modifiedPageWriter() {
        return modifiedPageWriter;
    }

    public SimThread workingSetManager() {
        return workingSetManager;
    }

    /** The PTE of {@code va} in {@code process} (0 when its page table does not exist). */
    public long pte(MmProcess process, long va) {
        return walker.pte(process.pml4, va);
    }

    /**
     * A simulated driver bug (the scenario statement {@code corrupt stale-tlb}): the valid PTE of
     * {@code va} loses its Write bit, and no TLB is flushed, so a CPU that cached the translation may
     * still write through it. What the invariant checker reports as a stale TLB entry.
     *
     * <p>Preconditions: a valid, writable PTE maps {@code va} in {@code process}.
     *
     * @throws IllegalStateException naming what maps {@code va} instead
     */
    public void writeProtectWithoutTlbFlush(MmProcess process, long va) {
        requireLive(process);
        long pageVa = va & ~0xFFFL;
        int pt = walker.pageTable(process.pml4, pageVa);
        long pte = pt < 0 ? 0 : walker.entry(pt, X64Paging.tableIndex(pageVa, 1));
        if (!Pte.isValid(pte) || !Pte.isWritable(pte)) {
            throw new IllegalStateException(String.format("0x%x is not mapped by a valid, writable PTE now (%s)", va,
                    Pte.describe(pte)));
        }
        writePte(pt, X64Paging.tableIndex(pageVa, 1), pageVa, Pte.setWritable(pte, false));
    }

    /** The PFN of the page table holding the PTE of {@code va}, or -1. */
    public int pageTable(MmProcess process, long va) {
        return walker.pageTable(process.pml4, va);
    }

    /** The entry {@code index} of the table in page {@code tablePfn}. */
    public long tableEntry(int tablePfn, int index) {
        return walker.entry(tablePfn, index);
    }

    // ------------------------------------------------------------------------------ address spaces

    private void bootSystemAddressSpace() {
        int pml4 = takeZeroedPage(0);
        long selfMapVa = X64Paging.PXE_BASE + (long) X64Paging.SELF_MAP_INDEX * X64Paging.PTE_SIZE;
        pfns.makeActive(pml4, selfMapVa, pml4, 0);
        memory.writeLong(pml4, X64Paging.SELF_MAP_INDEX * X64Paging.PTE_SIZE, Pte.hardware(pml4, true, false, true));
        systemProcess.pml4 = pml4;
        // The kernel regions' PDPTs exist from boot, so every address space, created before or after
        // anything is mapped there, shares them through the kernel half of its PML4.
        for (int index : KernelPools.PML4_INDEXES) {
            int pdpt = takeZeroedPage(0);
            long entryVa = X64Paging.PXE_BASE + index * 8L;
            pfns.makeActive(pdpt, entryVa, pml4, 0);
            memory.writeLong(pml4, index * 8, Pte.hardware(pdpt, true, false, false));
        }
    }

    /** Sections, their views and prototype PTEs. */
    public SectionManager sections() {
        return sections;
    }

    /** Fork and copy-on-write: clone blocks, forks in progress. */
    public ForkManager forks() {
        return forks;
    }

    /** The kernel pools (paged, nonpaged, special, small blocks). */
    public KernelPools pools() {
        return pools;
    }

    PageTableWalker walker() {
        return walker;
    }

    /**
     * Creates a process and its address space (NT: MmCreateProcessAddressSpace, mm-behaviour.md 4.1):
     * five zeroed pages of a colour cycle that starts at random (PML4, hyperspace PDPT, PD and page
     * table, working-set list page); the PML4's user half empty, its kernel half copied from the
     * system PML4, the self-map entry pointing at the PML4 itself and the hyperspace entry chaining
     * down to the working-set list page.
     *
     * @throws IllegalStateException when fewer than five pages are available (a scenario should wait)
     */
    public MmProcess createProcess(String name) {
        return createProcess(name, config.workingSetMinimum(), config.workingSetMaximum());
    }

    /** Creates a process with its own working-set limits in pages (see {@link #createProcess(String)}). */
    public MmProcess createProcess(String name, int workingSetMinimum, int workingSetMaximum) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a process needs a name");
        }
        if (pfns.availablePages() < 5) {
            throw new IllegalStateException("not enough available pages to create " + name);
        }
        int pid = nextPid;
        nextPid += 4;
        MmProcess process = new MmProcess(pid, name,
                new WorkingSetList(workingSetMinimum, workingSetMaximum),
                random.nextInt(config.colours()), config.colours());
        createAddressSpace(process);
        processes.put(pid, process);
        events.emit(MmEventType.PROCESS_CREATE, process.pml4, 0, -1, -1, pid);
        return process;
    }

    private void createAddressSpace(MmProcess process) {
        if (process.pml4 >= 0 || process.workingSetPage >= 0) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_ADDRESS_SPACE_EXISTS, process.pid(), process.pml4,
                    process.workingSetPage, process + " already has an address space");
        }
        long hyperspaceVa = WORKING_SET_LIST_VA;
        int pml4 = takeZeroedPage(process.takeColour());
        int pdpt = takeZeroedPage(process.takeColour());
        int pd = takeZeroedPage(process.takeColour());
        int pt = takeZeroedPage(process.takeColour());
        int wsPage = takeZeroedPage(process.takeColour());
        // kernel half shared with every address space
        int systemPml4 = systemProcess.pml4;
        for (int i = X64Paging.FIRST_KERNEL_PML4_INDEX; i < X64Paging.ENTRIES_PER_TABLE; i++) {
            if (i != X64Paging.SELF_MAP_INDEX) {
                memory.writeLong(pml4, i * 8, memory.readLong(systemPml4, i * 8));
            }
        }
        memory.writeLong(pml4, X64Paging.SELF_MAP_INDEX * 8, Pte.hardware(pml4, true, false, true));
        memory.writeLong(pml4, X64Paging.tableIndex(hyperspaceVa, 4) * 8, Pte.hardware(pdpt, true, false, true));
        memory.writeLong(pdpt, X64Paging.tableIndex(hyperspaceVa, 3) * 8, Pte.hardware(pd, true, false, true));
        memory.writeLong(pd, X64Paging.tableIndex(hyperspaceVa, 2) * 8, Pte.hardware(pt, true, false, true));
        memory.writeLong(pt, X64Paging.tableIndex(hyperspaceVa, 1) * 8, Pte.hardware(wsPage, true, false, true));
        // The PFN entries name the PTE that maps each page, as seen through the new self-map.
        pfns.makeActive(pml4, X64Paging.PXE_BASE + X64Paging.SELF_MAP_INDEX * 8L, pml4, 0);
        pfns.makeActive(pdpt, X64Paging.entryAddress(hyperspaceVa, 4), pml4, 0);
        pfns.makeActive(pd, X64Paging.entryAddress(hyperspaceVa, 3), pdpt, 0);
        pfns.makeActive(pt, X64Paging.entryAddress(hyperspaceVa, 2), pd, 0);
        pfns.makeActive(wsPage, X64Paging.entryAddress(hyperspaceVa, 1), pt, 0);
        process.pml4 = pml4;
        process.hyperspacePdpt = pdpt;
        process.hyperspacePd = pd;
        process.hyperspacePt = pt;
        process.workingSetPage = wsPage;
    }

    /** Takes a page for the memory manager's own use and zeroes it if it was not zeroed. */
    int takeZeroedPage(int colour) {
        int pfn = pfns.removeZeroedPage(colour);
        if (pfn < 0) {
            throw new IllegalStateException("no page available");
        }
        PageList from = pfns.lastRemovedFrom();
        if (pfns.lastRemovalNeedsZeroing()) {
            memory.zeroPage(pfn);
        }
        events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
        return pfn;
    }

    // ------------------------------------------------------------------------------ virtual memory

    /** Reserves (and optionally commits) a range (NT: NtAllocateVirtualMemory). */
    public Vad allocateVirtual(MmProcess process, long start, long size, int protection, boolean commit) {
        requireLive(process);
        forks.requireNoFork(process);
        Protection.check(protection);
        Vad vad = process.vads().find(start);
        boolean created = vad == null;
        if (vad == null) {
            vad = process.vads().reserve(start, size, protection);
        } else if (!commit) {
            throw new IllegalArgumentException(String.format("0x%x is already reserved (%s)", start, vad));
        }
        if (commit) {
            process.vads().commit(start, size);
            if (!created && protection != vad.protection()) {
                // the pages get the commit's protection, kept in demand-zero PTEs (NT: MiMakeProtectionMask)
                for (long va = start; va < start + size; va += X64Paging.PAGE_SIZE) {
                    int pt = walker.pageTable(process.pml4, va);
                    if (pt < 0) {
                        if (pfns.availablePages() < X64Paging.LEVELS) {
                            throw new IllegalStateException("no page for the page tables of the commit at "
                                    + Hex.hex(va));
                        }
                        pt = createPageTables(process, va);
                    }
                    int index = X64Paging.tableIndex(va, 1);
                    if (walker.entry(pt, index) == 0) {
                        writePte(pt, index, va, Pte.demandZero(protection));
                    }
                }
            }
        }
        events.emit(MmEventType.VIRTUAL_ALLOC, -1, start, commit ? 1 : 0, protection, size);
        return vad;
    }

    /**
     * Decommits or releases a range (NT: NtFreeVirtualMemory): the pages of the range are freed, their
     * paging-file space released, their PTEs zeroed.
     */
    public void freeVirtual(MmProcess process, long start, long size, boolean release) {
        requireLive(process);
        forks.requireNoFork(process);
        Vad vad;
        Vad target = process.vads().find(start);
        if (target != null && target.isView()) {
            throw new IllegalArgumentException(String.format("0x%x is in a view of %s: unmap the view instead", start,
                    target.section().name()));
        }
        if (release) {
            vad = process.vads().find(start);
            if (vad == null || vad.start() != start) {
                process.vads().release(start); // throws the precise message
            }
            start = vad.start();
            size = vad.end() - vad.start();
        } else {
            process.vads().decommit(start, size);
        }
        for (long va = start; va < start + size; va = nextMapped(process, va)) {
            deletePte(process, va);
        }
        if (release) {
            process.vads().release(start);
        }
        events.emit(MmEventType.VIRTUAL_FREE, -1, start, release ? 1 : 0, 0, size);
    }

    /**
     * Changes the protection of committed pages (NT: NtProtectVirtualMemory / MiProtectVirtualMemory):
     * a valid PTE is rewritten with the new rights and the TLBs forget the old ones; a page not in
     * memory keeps the new protection in its PTE; an untouched committed page gets a demand-zero PTE
     * with it. Returns the protection of the first page before the change.
     */
    public int protectVirtual(MmProcess process, long start, long size, int protection) {
        requireLive(process);
        forks.requireNoFork(process);
        Protection.check(protection);
        if (Protection.isDecommit(protection) || protection == 0) {
            throw new IllegalArgumentException("protect needs an access protection, not " + Protection.name(protection));
        }
        for (long va = start; va < start + size; va += X64Paging.PAGE_SIZE) {
            Vad vad = process.vads().find(va);
            if (vad == null || !vad.isCommitted(va)) {
                throw new IllegalArgumentException(String.format("0x%x is not committed: only committed pages can "
                        + "change protection", va));
            }
            if (vad.isView()) {
                throw new IllegalArgumentException(String.format("0x%x is in a view of %s: this version does not change"
                        + " the protection of views", va, vad.section().name()));
            }
        }
        int first = -1;
        for (long va = start; va < start + size; va += X64Paging.PAGE_SIZE) {
            int pt = walker.pageTable(process.pml4, va);
            if (pt < 0) {
                pt = createPageTables(process, va);
            }
            int index = X64Paging.tableIndex(va, 1);
            long pte = walker.entry(pt, index);
            int cloneOld = forks.protectClonePte(process, va, pt, index, pte, protection); // a fork's page
            if (cloneOld >= 0) {
                first = first < 0 ? cloneOld : first;
                continue;
            }
            pte = walker.entry(pt, index);
            int old;
            long updated;
            switch (Pte.classify(pte)) {
                case HARDWARE -> {
                    int pfn = (int) Pte.pfn(pte);
                    long original = pfns.originalPte(pfn);
                    old = Pte.protection(original);
                    pfns.setOriginalPte(pfn, withProtection(original, protection));
                    if (Protection.isNoAccess(protection) || Protection.isGuard(protection)) {
                        // no valid PTE may allow what the protection forbids: the page leaves the
                        // working set and its PTE becomes a transition PTE with the new protection
                        removeFromWorkingSet(process, pfns.wsIndex(pfn), MmEventType.WS_REMOVE);
                        events.emit(MmEventType.PROTECTION_CHANGE, pfn, va, old, protection, walker.entry(pt, index));
                        if (first < 0) {
                            first = old;
                        }
                        continue;
                    }
                    updated = Pte.setNoExecute(Pte.setWritable(pte, Protection.isWritable(protection)),
                            !Protection.isExecutable(protection));
                }
                case TRANSITION -> {
                    int pfn = (int) Pte.pfn(pte);
                    old = Pte.protection(pte);
                    pfns.setOriginalPte(pfn, withProtection(pfns.originalPte(pfn), protection));
                    updated = Pte.transition(pfn, protection);
                }
                case PAGING_FILE -> {
                    old = Pte.protection(pte);
                    updated = Pte.pagingFile(Pte.pageFileNumber(pte), Pte.pageFileOffset(pte), protection);
                }
                case DEMAND_ZERO -> {
                    old = Pte.protection(pte);
                    updated = Pte.demandZero(protection);
                }
                default -> {
                    old = process.vads().find(va).protection();
                    updated = Pte.demandZero(protection);
                }
            }
            if (first < 0) {
                first = old;
            }
            writePte(pt, index, va, updated);
            if (Pte.isValid(pte)) {
                flushTlb(process, va);
            }
            events.emit(MmEventType.PROTECTION_CHANGE, Pte.isValid(updated) ? Pte.pfn(updated) : -1, va, old,
                    protection, updated);
        }
        return first;
    }

    private static long withProtection(long original, int protection) {
        return Pte.classify(original) == PteKind.PAGING_FILE
                ? Pte.pagingFile(Pte.pageFileNumber(original), Pte.pageFileOffset(original), protection)
                : Pte.demandZero(protection);
    }

    // ------------------------------------------------------------------------------ faults

    /**
     * Resolves a page fault on {@code va} by {@code thread} of {@code process} (NT: MmAccessFault).
     * The caller retries the access when the result is {@link FaultStatus#RESOLVED} or, after the
     * thread ran again, {@link FaultStatus#WAIT}.
     */
    public FaultStatus accessFault(MmProcess process, SimThread thread, long va, boolean write) {
        return accessFault(process, thread, va, write ? Access.WRITE : Access.READ);
    }

    /** See {@link #accessFault(MmProcess, SimThread, long, boolean)}; any access kind. */
    public FaultStatus accessFault(MmProcess process, SimThread thread, long va, Access access) {
        boolean write = access == Access.WRITE;
        requireLive(process);
        thread.enter("MmAccessFault");
        try {
            process.pageFaults++;
            long pageVa = va & ~0xFFFL;
            Vad vad = process.vads().find(pageVa);
            if (!X64Paging.isCanonical(va) || X64Paging.isKernelAddress(va)) {
                return accessViolation(process, va, write);
            }
            if (process.forkInProgress != null) {
                return forks.waitForFork(process, thread); // NT: the fault waits for the fork, then is retaken
            }
            int pt = walker.pageTable(process.pml4, pageVa);
            if (pt < 0) {
                if (vad == null || !vad.isCommitted(pageVa)) {
                    return accessViolation(process, va, write);
                }
                if (pfns.availablePages() < X64Paging.LEVELS) {
                    return waitForPages(thread);
                }
                pt = createPageTables(process, pageVa);
            }
            int index = X64Paging.tableIndex(pageVa, 1);
            long pte = walker.entry(pt, index);
            if (vad != null && Pte.isPrototype(pte)
                    && (!vad.isView() || forks.isClonePrototype(Pte.prototypeAddress(pte)))) {
                // a fork's page: in a private VAD, or a view's private copy shared by a fork
                return forks.cloneFault(process, thread, pageVa, pt, index, pte, access);
            }
            if (vad != null && vad.isView() && (pte == 0 || Pte.classify(pte) == PteKind.PROTOTYPE)) {
                return sections.prototypeFault(process, thread, pageVa, pt, index, pte, access, vad);
            }
            switch (Pte.classify(pte)) {
                case HARDWARE:
                    if (write && !Pte.isWritable(pte) && Pte.isCopyOnWrite(pte)) {
                        return forks.copyOnWriteFault(process, thread, pageVa, pt, index, pte);
                    }
                    return validPteFault(process, pageVa, pt, index, pte, access);
                case TRANSITION:
                    return transitionFault(process, thread, pageVa, pt, index, pte, access);
                case PAGING_FILE:
                    return pagingFileFault(process, thread, pageVa, pt, index, pte, access);
                case DEMAND_ZERO:
                    return demandZeroFault(process, thread, pageVa, pt, index, Pte.protection(pte), access);
                case ZERO:
                    if (vad != null && vad.isCommitted(pageVa)) {
                        return demandZeroFault(process, thread, pageVa, pt, index, vad.protection(), access);
                    }
                    return accessViolation(process, va, write);
                default:
                    return accessViolation(process, va, write);
            }
        } finally {
            thread.leave();
        }
    }

    private FaultStatus validPteFault(MmProcess process, long va, int pt, int index, long pte, Access access) {
        boolean allowed = switch (access) {
            case WRITE -> Pte.isWritable(pte);
            case EXECUTE -> !Pte.isNoExecute(pte);
            default -> true;
        };
        if (!allowed) {
            return accessViolation(process, va, access == Access.WRITE);
        }
        // The page tables allow the access but a CPU's TLB did not: the stale entry is dropped.
        flushTlb(process, va);
        return FaultStatus.RESOLVED;
    }

    /**
     * Checks an access against a protection before a page is made valid: no-access and missing rights
     * are access violations; a guard page loses its guard and reports it (NT: MiCheckVirtualAddress,
     * MiAccessCheck). Returns null when the access may go on.
     */
    FaultStatus accessCheck(MmProcess process, long va, int pt, int index, long pte, int protection,
            Access access) {
        if (Protection.isGuard(protection)) {
            int unguarded = protection & ~Protection.GUARD_PAGE;
            long cleared = switch (Pte.classify(pte)) {
                case TRANSITION -> Pte.transition(Pte.pfn(pte), unguarded);
                case PAGING_FILE -> Pte.pagingFile(Pte.pageFileNumber(pte), Pte.pageFileOffset(pte), unguarded);
                default -> Pte.demandZero(unguarded);
            };
            if (Pte.isTransition(pte)) {
                int pfn = (int) Pte.pfn(pte);
                pfns.setOriginalPte(pfn, withProtection(pfns.originalPte(pfn), unguarded));
            }
            writePte(pt, index, va, cleared);
            events.emit(MmEventType.FAULT_GUARD_PAGE, -1, va, protection, unguarded, 0);
            return FaultStatus.GUARD_PAGE;
        }
        boolean allowed = !Protection.isNoAccess(protection) && switch (access) {
            case WRITE -> Protection.isWritable(protection);
            case EXECUTE -> Protection.isExecutable(protection);
            default -> true;
        };
        return allowed ? null : accessViolation(process, va, access == Access.WRITE);
    }

    /** NT: MiResolveDemandZeroFault. */
    private FaultStatus demandZeroFault(MmProcess process, SimThread thread, long va, int pt, int index,
            int protection, Access access) {
        boolean write = access == Access.WRITE;
        thread.enter("MiResolveDemandZeroFault");
        try {
            FaultStatus refused = accessCheck(process, va, pt, index, walker.entry(pt, index), protection, access);
            if (refused != null) {
                return refused;
            }
            if (!ensureWorkingSetRoom(process)) {
                return waitForPages(thread);
            }
            int pfn = pfns.removeZeroedPage(process.takeColour());
            if (pfn < 0) {
                return waitForPages(thread);
            }
            PageList from = pfns.lastRemovedFrom();
            if (pfns.lastRemovalNeedsZeroing()) {
                memory.zeroPage(pfn);
            }
            pfns.makeActive(pfn, X64Paging.entryAddress(va, 1), pt, Pte.demandZero(protection));
            pfns.setModified(pfn, true); // no copy anywhere but here
            long valid = validPte(pfn, va, protection);
            writePte(pt, index, va, valid);
            addToWorkingSet(process, pfn, va);
            process.demandZeroFaults++;
            process.privatePages++;
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
            events.emit(MmEventType.FAULT_DEMAND_ZERO, pfn, va, 0, 0, write ? 1 : 0);
            checkAvailable();
            return FaultStatus.RESOLVED;
        } finally {
            thread.leave();
        }
    }

    /** NT: MiResolveTransitionFault (a soft fault), including collided faults and in-page completion. */
    private FaultStatus transitionFault(MmProcess process, SimThread thread, long va, int pt, int index, long pte,
            Access access) {
        boolean write = access == Access.WRITE;
        thread.enter("MiResolveTransitionFault");
        try {
            int pfn = (int) Pte.pfn(pte);
            if (pfns.isReadInProgress(pfn)) {
                WaitableEvent inPage = scheduler.event(pfns.eventId(pfn));
                events.emit(MmEventType.COLLIDED_FAULT, pfn, va, 0, 0, inPage.id());
                scheduler.waitOn(thread, inPage, WaitReason.COLLIDED_PAGE_IN);
                return FaultStatus.WAIT;
            }
            IoRequest read = readsByPfn.get(pfn);
            if (pfns.isInPageError(pfn)) {
                return inPageFailed(process, thread, va, pt, index, pfn, read);
            }
            int protection = Pte.protection(pte);
            FaultStatus refused = accessCheck(process, va, pt, index, pte, protection, access);
            if (refused != null) {
                return refused;
            }
            if (!ensureWorkingSetRoom(process)) {
                return waitForPages(thread);
            }
            PageList from = pfns.location(pfn);
            if (from.isLinked()) {
                pfns.unlinkFromList(pfn);
            }
            pfns.activateTransitionPage(pfn);
            if (read != null) {
                readsByPfn.remove(pfn);
                pfns.decrementReferenceCount(pfn); // the reference the read held
                process.hardFaults++;
            } else {
                process.transitionFaults++;
                events.emit(MmEventType.FAULT_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
            }
            long valid = validPte(pfn, va, protection);
            if (write) {
                valid = Pte.setDirty(valid, true);
                dirtyPage(pfn);
            }
            writePte(pt, index, va, valid);
            addToWorkingSet(process, pfn, va);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
            return FaultStatus.RESOLVED;
        } finally {
            thread.leave();
        }
    }

    private FaultStatus inPageFailed(MmProcess process, SimThread thread, long va, int pt, int index, int pfn,
            IoRequest read) {
        // The read failed: the PTE goes back to its paging-file form and the page is released.
        writePte(pt, index, va, pfns.originalPte(pfn));
        return discardFailedRead(pfn, va);
    }

    /**
     * Releases a page whose in-page read failed, once its PTE (or prototype PTE) holds the page's
     * original PTE again: the access that needed it fails; the next access reads it again.
     */
    FaultStatus discardFailedRead(int pfn, long va) {
        readsByPfn.remove(pfn);
        pfns.markDeleted(pfn);
        pfns.setInPageError(pfn, false);
        PageList to = pfns.decrementReferenceCount(pfn);
        events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.TRANSITION.code(), to.code(), 0);
        return FaultStatus.IN_PAGE_ERROR;
    }

    /** NT: MiResolvePageFileFault and the in-page read it starts (a hard fault). */
    private FaultStatus pagingFileFault(MmProcess process, SimThread thread, long va, int pt, int index, long pte,
            Access access) {
        thread.enter("MiResolvePageFileFault");
        try {
            int protection = Pte.protection(pte);
            FaultStatus refused = accessCheck(process, va, pt, index, pte, protection, access);
            if (refused != null) {
                return refused;
            }
            int pfn = pfns.removeAnyPage(process.takeColour());
            if (pfn < 0) {
                return waitForPages(thread);
            }
            PageList from = pfns.lastRemovedFrom();
            WaitableEvent inPage = scheduler.createEvent(String.format("in-page PFN 0x%x", pfn));
            pfns.initializeReadInProgress(pfn, X64Paging.entryAddress(va, 1), pt, pte, inPage.id());
            writePte(pt, index, va, Pte.transition(pfn, protection));
            long offset = Pte.pageFileOffset(pte);
            long id = disk.submitRead(pagingFile, offset, new int[] { pfn }, 1, memory);
            IoRequest request = new IoRequest(id, false, new int[] { pfn }, process.pid(), va, inPage.id());
            ioRequests.put(id, request);
            readsByPfn.put(pfn, request);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.TRANSITION.code(), 0);
            events.emit(MmEventType.FAULT_PAGE_FILE, pfn, va, 0, 0, offset);
            events.emit(MmEventType.IN_PAGE_START, pfn, va, 0, 0, id);
            scheduler.waitOn(thread, inPage, WaitReason.PAGE_IN);
            return FaultStatus.WAIT;
        } finally {
            thread.leave();
        }
    }

    /** The valid PTE of a page at {@code va}: user pages carry the Owner bit, kernel pages are global. */
    static long validPte(int pfn, long va, int protection) {
        boolean kernel = X64Paging.isKernelAddress(va);
        long valid = Pte.hardware(pfn, Protection.isWritable(protection), !kernel, !Protection.isExecutable(protection));
        return kernel ? Pte.setGlobal(valid, true) : valid;
    }

    /**
     * A kernel-mode access to a kernel address failed (NT: MmAccessFault for a system address): a
     * paged-pool page that is demand zero, in transition or in the paging file is brought in for the
     * system working set, at an IRQL below DISPATCH_LEVEL; the same fault at DISPATCH_LEVEL or above is
     * IRQL_NOT_LESS_OR_EQUAL (0x0A); an address nothing backs is PAGE_FAULT_IN_NONPAGED_AREA (0x50),
     * a special-pool guard page DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION (0xD6).
     *
     * <p>Preconditions: {@code va} is a kernel address; the caller's access through the MMU failed.
     */
    public FaultStatus kernelAccessFault(SimThread thread, long va, Access access, Irql irql) {
        if (!X64Paging.isKernelAddress(va)) {
            throw new IllegalArgumentException(String.format("0x%x is not a kernel address", va));
        }
        boolean write = access == Access.WRITE;
        thread.enter("MmAccessFault");
        try {
            long pageVa = va & ~0xFFFL;
            pools.checkGuardPage(va, write);
            int pt = walker.pageTable(systemProcess.pml4, pageVa);
            long pte = pt < 0 ? 0 : walker.entry(pt, X64Paging.tableIndex(pageVa, 1));
            PteKind kind = Pte.classify(pte);
            boolean pageable = pools.isPagedPoolAddress(pageVa) && kind != PteKind.ZERO;
            if (pageable && kind != PteKind.HARDWARE && irql.level() >= Irql.DISPATCH_LEVEL.level()) {
                throw new BugCheckException(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL, va, irql.level(), write ? 1 : 0, 0,
                        String.format("pageable address 0x%x touched at %s", va, irql));
            }
            if (!pageable && kind != PteKind.HARDWARE) {
                String what = pools.isProtectedFree(pageVa, pte) ? "a free page of the protected nonpaged pool"
                        + " (a use after free)" : "which nothing backs (" + Pte.describe(pte) + ")";
                throw new BugCheckException(BugCheckCode.PAGE_FAULT_IN_NONPAGED_AREA, va, write ? 1 : 0, 0, 0,
                        String.format("kernel access to 0x%x, %s", va, what));
            }
            systemProcess.pageFaults++;
            int index = X64Paging.tableIndex(pageVa, 1);
            return switch (kind) {
                case HARDWARE -> validPteFault(systemProcess, pageVa, pt, index, pte, access) == FaultStatus.RESOLVED
                        ? FaultStatus.RESOLVED
                        : kernelWriteToReadOnly(va, pte);
                case TRANSITION -> transitionFault(systemProcess, thread, pageVa, pt, index, pte, access);
                case PAGING_FILE -> pagingFileFault(systemProcess, thread, pageVa, pt, index, pte, access);
                default -> demandZeroFault(systemProcess, thread, pageVa, pt, index, Pte.protection(pte), access);
            };
        } finally {
            thread.leave();
        }
    }

    private FaultStatus kernelWriteToReadOnly(long va, long pte) {
        throw new BugCheckException(BugCheckCode.ATTEMPTED_WRITE_TO_READONLY_MEMORY, va, pte, 0, 0,
                String.format("kernel write to read-only 0x%x (%s)", va, Pte.describe(pte)));
    }

    private FaultStatus accessViolation(MmProcess process, long va, boolean write) {
        process.accessViolations++;
        events.emit(MmEventType.FAULT_ACCESS_VIOLATION, -1, va, 0, 0, write ? 1 : 0);
        return FaultStatus.ACCESS_VIOLATION;
    }

    FaultStatus waitForPages(SimThread thread) {
        events.emit(MmEventType.MEMORY_WAIT, -1, 0, pfns.availablePages(), 0, 0);
        if (background) {
            scheduler.set(workingSetManagerWork);
            workingSetManagerWork.clear();
        }
        scheduler.waitOn(thread, freePagesEvent, WaitReason.FREE_PAGE);
        return FaultStatus.WAIT;
    }

    /** Creates the missing PDPT, PD and page-table pages for {@code va} (zeroed) and returns the page table. */
    int createPageTables(MmProcess process, long va) {
        int table = process.pml4;
        for (int level = 4; level > 1; level--) {
            int index = X64Paging.tableIndex(va, level);
            long entry = walker.entry(table, index);
            if (!Pte.isValid(entry)) {
                int page = takeZeroedPage(process.takeColour());
                pfns.makeActive(page, X64Paging.entryAddress(va, level), table, 0);
                writePte(table, index, X64Paging.mappedAddress(X64Paging.entryAddress(va, level)),
                        Pte.hardware(page, true, true, false));
                process.pageTablePages++;
                entry = walker.entry(table, index);
            }
            table = (int) Pte.pfn(entry);
        }
        return table;
    }

    // ------------------------------------------------------------------------------ working sets

    boolean ensureWorkingSetRoom(MmProcess process) {
        WorkingSetList ws = process.workingSet();
        if (!ws.isFull()) {
            return true;
        }
        int victim = ws.nextVictim(0); // NT: MiDoReplacement takes the oldest it finds
        if (victim < 0) {
            return false;
        }
        removeFromWorkingSet(process, victim, MmEventType.WS_REMOVE);
        return true;
    }

    void addToWorkingSet(MmProcess process, int pfn, long va) {
        addToWorkingSet(process, pfn, va, false);
    }

    /** Adds a page to a working set; a locked entry is never trimmed or replaced. */
    void addToWorkingSet(MmProcess process, int pfn, long va, boolean locked) {
        int slot = process.workingSet().insert(va, locked);
        pfns.setWsIndex(pfn, slot);
        events.emit(MmEventType.WS_INSERT, pfn, va, 0, slot, process.workingSet().count());
    }

    /**
     * Takes the page of working-set slot {@code slot} out of the process (NT: MiRemovePageFromWorkingSet
     * and MiEliminateWorkingSetEntry): its PTE becomes a transition PTE, the TLBs forget it, the dirty bit
     * goes to the PFN, and the page drops to Standby (clean) or Modified (dirty).
     */
    void removeFromWorkingSet(MmProcess process, int slot, MmEventType why) {
        WorkingSetList ws = process.workingSet();
        long va = ws.page(slot);
        int pt = walker.pageTable(process.pml4, va);
        int index = X64Paging.tableIndex(va, 1);
        long pte = pt < 0 ? 0 : walker.entry(pt, index);
        if (!Pte.isValid(pte)) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va, pte, slot, String.format(
                    "working-set entry %d of %s is 0x%x but its PTE 0x%x is not valid", slot, process, va, pte));
        }
        int pfn = (int) Pte.pfn(pte);
        if (Pte.isDirty(pte)) {
            dirtyPage(pfn);
        }
        if (pfns.isPrototypePte(pfn)) {
            // a section page: the process PTE points at the prototype PTE again
            sections.unmapShared(pfn, pt, index, va, Pte.prototype(pfns.pteAddress(pfn), false, 0));
        } else {
            int protection = Pte.protection(pfns.originalPte(pfn));
            writePte(pt, index, va, Pte.transitionFromValid(pte, protection));
        }
        flushTlb(process, va);
        ws.remove(slot);
        PageList to = pfns.decrementShareCount(pfn);
        events.emit(why, pfn, va, slot, to.code(), ws.count());
        events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.ACTIVE_AND_VALID.code(), to.code(), 0);
        wakeWriterIfNeeded();
    }

    /** Marks a page dirty; a copy of it in the paging file is now stale and its space is released. */
    void dirtyPage(int pfn) {
        pfns.setModified(pfn, true);
        long original = pfns.originalPte(pfn);
        if (pfns.isWriteInProgress(pfn)) {
            return; // the write's completion sees Modified and releases the stale copy
        }
        if (Pte.classify(original) == PteKind.PAGING_FILE) {
            freeSlot(Pte.pageFileOffset(original));
            pfns.setOriginalPte(pfn, Pte.demandZero(Pte.protection(original)));
        }
    }

    /**
     * Trims up to {@code pages} pages of {@code process}, oldest first (NT: MiTrimWorkingSet): pages
     * whose age is at least {@code minimumAge}. Returns how many were trimmed.
     */
    public int trim(MmProcess process, int pages, int minimumAge) {
        requireLive(process);
        int trimmed = 0;
        while (trimmed < pages) {
            int victim = process.workingSet().nextVictim(minimumAge);
            if (victim < 0) {
                break;
            }
            removeFromWorkingSet(process, victim, MmEventType.WS_TRIM);
            trimmed++;
        }
        return trimmed;
    }

    /** Trims every page of {@code process}'s working set (NT: MmEmptyWorkingSet). */
    public int emptyWorkingSet(MmProcess process) {
        return trim(process, Integer.MAX_VALUE, 0);
    }

    /**
     * Ages every working-set entry of {@code process}: an entry whose PTE was accessed gets age 0 and
     * its Accessed bit cleared; the others get one older (NT: MiAgeAndEstimateAvailableInWorkingSet).
     */
    public void ageWorkingSet(MmProcess process) {
        WorkingSetList ws = process.workingSet();
        for (int slot = 0; slot < ws.slotLimit(); slot++) {
            if (!ws.isValid(slot)) {
                continue;
            }
            long va = ws.page(slot);
            int pt = walker.pageTable(process.pml4, va);
            int index = X64Paging.tableIndex(va, 1);
            long pte = walker.entry(pt, index);
            if (Pte.isAccessed(pte)) {
                writePte(pt, index, va, Pte.setAccessed(pte, false));
                flushTlb(process, va);
                ws.setAge(slot, 0);
            } else {
                ws.setAge(slot, Math.min(WorkingSetList.MAX_AGE, ws.age(slot) + 1));
            }
        }
        events.emit(MmEventType.WS_AGE, -1, 0, 0, 0, ws.count());
    }

    // ------------------------------------------------------------------------------ system threads

    /** NT: MmZeroPageThread (mm-behaviour.md 4.2 and 4.7): one free page zeroed per step. */
    private ThreadBody.Outcome zeroPageThreadStep(SimThread thread) {
        events.switchTo(thread.lastCpu(), thread.id(), SYSTEM_PID);
        thread.enter("MmZeroPageThread");
        try {
            int pfn = background || zeroPass > 0 ? pfns.removeFreePageForZeroing() : -1;
            if (pfn >= 0 && zeroPass > 0) {
                zeroPass--;
            }
            if (pfn < 0) {
                zeroPass = 0;
                zeroPageWork.clear();
                scheduler.waitOn(thread, zeroPageWork, WaitReason.EXECUTIVE);
                return ThreadBody.Outcome.BLOCKED;
            }
            memory.zeroPage(pfn);
            pfns.insertInList(PageList.ZEROED, pfn);
            events.emit(MmEventType.PAGE_ZEROED, pfn, 0, PageList.FREE.code(), PageList.ZEROED.code(), 0);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, PageList.FREE.code(), PageList.ZEROED.code(), 0);
            return ThreadBody.Outcome.RAN;
        } finally {
            thread.leave();
        }
    }

    /** Wakes the zero page thread (the scenario's "run zero-page-thread", or free pages appeared). */
    public void wakeZeroPageThread() {
        runZeroPageThread(Long.MAX_VALUE);
    }

    /** Wakes the modified page writer. */
    public void wakeModifiedPageWriter() {
        runModifiedPageWriter(Long.MAX_VALUE);
    }

    /** Wakes the working set manager for one pass of aging and trimming. */
    public void wakeWorkingSetManager() {
        runWorkingSetManager(Long.MAX_VALUE);
    }

    /** Asks the zero page thread to zero up to {@code pages} free pages, whatever the thresholds. */
    public void runZeroPageThread(long pages) {
        zeroPass = requirePages(pages);
        scheduler.set(zeroPageWork);
        zeroPageWork.clear();
    }

    /** Asks the modified page writer to write up to {@code pages} modified pages, whatever the thresholds. */
    public void runModifiedPageWriter(long pages) {
        writerPass = requirePages(pages);
        scheduler.set(modifiedWriterWork);
        modifiedWriterWork.clear();
    }

    /** Asks the working set manager for one pass: age every working set and trim up to {@code pages}. */
    public void runWorkingSetManager(long pages) {
        trimPass = requirePages(pages);
        scheduler.set(workingSetManagerWork);
        workingSetManagerWork.clear();
    }

    private static long requirePages(long pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a system thread's pass needs at least one page, not " + pages);
        }
        return pages;
    }

    void wakeWriterIfNeeded() {
        if (background && !pagingFileFull && (pfns.listTotal(PageList.MODIFIED) >= modifiedWriteThreshold
                || pfns.availablePages() < lowThreshold)) {
            scheduler.set(modifiedWriterWork);
        }
    }

    /**
     * NT: MiModifiedPageWriter and MiGatherPagingFilePages: takes up to {@link #WRITE_CLUSTER} pages
     * from the Modified list, gives them a contiguous run of paging-file space, and writes them in one
     * request. The pages stay in Transition, referenced by the write, until it completes.
     */
    private ThreadBody.Outcome modifiedPageWriterStep(SimThread thread) {
        events.switchTo(thread.lastCpu(), thread.id(), SYSTEM_PID);
        thread.enter("MiModifiedPageWriter");
        try {
            int wanted = (int) Math.min(Math.min(WRITE_CLUSTER, pfns.listTotal(PageList.MODIFIED)),
                    writerPass > 0 ? writerPass : (background ? WRITE_CLUSTER : 0));
            if (wanted > 0 && sections.isFileBacked(pfns.firstPage(PageList.MODIFIED, 0))) {
                writeMappedPage(pfns.firstPage(PageList.MODIFIED, 0));
                return ThreadBody.Outcome.RAN;
            }
            int count = wanted;
            long offset = -1;
            while (count > 0 && hasPagingFile && (offset = pagingFile.allocateRun(count)) < 0) {
                count /= 2; // the file is fragmented or nearly full: write less at a time
            }
            if (wanted == 0 || offset < 0) {
                pagingFileFull = wanted > 0; // no space (or no paging file): wait until a page is released
                writerPass = 0;
                modifiedWriterWork.clear();
                scheduler.waitOn(thread, modifiedWriterWork, WaitReason.EXECUTIVE);
                return ThreadBody.Outcome.BLOCKED;
            }
            if (writerPass > 0) {
                writerPass = Math.max(0, writerPass - count);
            }
            int[] pages = new int[count];
            for (int i = 0; i < count; i++) {
                int pfn = pfns.firstPage(PageList.MODIFIED, 0);
                pfns.unlinkFromList(pfn);
                pfns.incrementReferenceCount(pfn);
                pfns.setWriteInProgress(pfn, true);
                pfns.setModified(pfn, false); // a write after this point sets it again
                int protection = Pte.protection(pfns.originalPte(pfn));
                pfns.setOriginalPte(pfn, Pte.pagingFile(pagingFile.number(), offset + i, protection));
                pages[i] = pfn;
                events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, PageList.MODIFIED.code(),
                        PageList.TRANSITION.code(), 0);
            }
            long id = disk.submitWrite(pagingFile, offset, pages, count, memory);
            ioRequests.put(id, new IoRequest(id, true, pages, SYSTEM_PID, 0, -1));
            events.emit(MmEventType.MODIFIED_WRITE_START, pages[0], 0, count, 0, offset);
            return ThreadBody.Outcome.RAN;
        } finally {
            thread.leave();
        }
    }

    /**
     * NT: the working-set manager of the balance set manager: when available pages are low, ages the
     * working sets and trims pages not used lately until available pages reach the high threshold.
     */
    private ThreadBody.Outcome workingSetManagerStep(SimThread thread) {
        events.switchTo(thread.lastCpu(), thread.id(), SYSTEM_PID);
        thread.enter("MmWorkingSetManager");
        try {
            if (trimPass > 0) {
                // one pass asked by the scenario: age every working set, then trim, oldest first
                long budget = trimPass;
                trimPass = 0;
                for (MmProcess process : processes.values()) {
                    if (isTrimmable(process)) {
                        ageWorkingSet(process);
                        int surplus = process.workingSet().count() - process.workingSet().minimum();
                        budget -= trim(process, (int) Math.max(0, Math.min(surplus, budget)), 1);
                    }
                }
                scheduler.set(modifiedWriterWork);
                return ThreadBody.Outcome.RAN;
            }
            if (!background || pfns.availablePages() >= highThreshold) {
                workingSetManagerWork.clear();
                scheduler.waitOn(thread, workingSetManagerWork, WaitReason.EXECUTIVE);
                return ThreadBody.Outcome.BLOCKED;
            }
            int need = highThreshold - pfns.availablePages();
            int trimmed = 0;
            for (MmProcess process : processes.values()) {
                if (!isTrimmable(process)) {
                    continue;
                }
                ageWorkingSet(process);
                int surplus = process.workingSet().count() - process.workingSet().minimum();
                if (surplus > 0) {
                    trimmed += trim(process, Math.min(surplus, need - trimmed), 1);
                }
                if (trimmed >= need) {
                    break;
                }
            }
            scheduler.set(modifiedWriterWork);
            if (trimmed == 0) {
                // Nothing old enough: take the oldest pages regardless of age, above the minimum.
                for (MmProcess process : processes.values()) {
                    if (isTrimmable(process)) {
                        int surplus = process.workingSet().count() - process.workingSet().minimum();
                        trimmed += trim(process, Math.max(0, Math.min(surplus, need - trimmed)), 0);
                    }
                }
            }
            if (trimmed == 0) {
                workingSetManagerWork.clear();
                scheduler.waitOn(thread, workingSetManagerWork, WaitReason.EXECUTIVE);
                return ThreadBody.Outcome.BLOCKED;
            }
            return ThreadBody.Outcome.RAN;
        } finally {
            thread.leave();
        }
    }

    /**
     * Whether the working set manager looks at a process: every live process, and the system working
     * set once it holds paged-pool pages.
     */
    private boolean isTrimmable(MmProcess process) {
        return process == systemProcess ? process.workingSet().count() > 0 : !process.hasExited();
    }

    // ------------------------------------------------------------------------------ I/O completion

    /** Completes the disk requests due now (called by the simulation loop). */
    public int completeDueIo() {
        return disk.completeDue(clock.now(), this::ioCompleted);
    }

    private void ioCompleted(long id, IoStatus status) {
        IoRequest request = ioRequests.remove(id);
        if (request == null) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_UNKNOWN_IO_COMPLETION, id, status.ordinal(), 0,
                    "disk request " + id + " completed but the memory manager never issued it");
        }
        if (request.write) {
            writeCompleted(request, status);
        } else {
            readCompleted(request, status);
        }
    }

    /**
     * The mapped page writer's part (NT: MiMappedPageWriter): a modified page of a mapped file is
     * written back to its place in the file; its original PTE stays the subsection PTE.
     */
    private void writeMappedPage(int pfn) {
        pfns.unlinkFromList(pfn);
        pfns.incrementReferenceCount(pfn);
        pfns.setWriteInProgress(pfn, true);
        pfns.setModified(pfn, false);
        if (writerPass > 0) {
            writerPass--;
        }
        events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, PageList.MODIFIED.code(), PageList.TRANSITION.code(), 0);
        long offset = sections.fileOffsetOf(pfn);
        int[] pages = { pfn };
        long id = disk.submitWrite(sections.fileOf(pfn), offset, pages, 1, memory);
        ioRequests.put(id, new IoRequest(id, true, pages, SYSTEM_PID, 0, -1, true));
        events.emit(MmEventType.MODIFIED_WRITE_START, pfn, 0, 1, 1, offset);
    }

    /** NT: MiWriteComplete. */
    private void writeCompleted(IoRequest request, IoStatus status) {
        boolean ok = status == IoStatus.OK;
        for (int i = 0; i < request.pfns.length; i++) {
            int pfn = request.pfns[i];
            pfns.setWriteInProgress(pfn, false);
            long written = pfns.originalPte(pfn);
            if (request.fileWrite) {
                // the file keeps its place: nothing to release; a failed write leaves the page dirty
                if (!ok && !pfns.isDeleted(pfn)) {
                    pfns.setModified(pfn, true);
                }
            } else if (!ok || pfns.isDeleted(pfn)) {
                freeSlot(Pte.pageFileOffset(written));
                pfns.setOriginalPte(pfn, Pte.demandZero(Pte.protection(written)));
                pfns.setModified(pfn, !ok && !pfns.isDeleted(pfn));
            } else if (pfns.isModified(pfn)) {
                // written again while the write was in flight: the copy on disk is stale
                freeSlot(Pte.pageFileOffset(written));
                pfns.setOriginalPte(pfn, Pte.demandZero(Pte.protection(written)));
            }
            PageList before = pfns.location(pfn);
            PageList after = pfns.decrementReferenceCount(pfn);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, before.code(), after.code(), 0);
        }
        events.emit(ok ? MmEventType.MODIFIED_WRITE_COMPLETE : MmEventType.MODIFIED_WRITE_ERROR, request.pfns[0], 0,
                request.pfns.length, 0, request.id);
        scheduler.set(freePagesEvent);
        freePagesEvent.clear();
        if (!ok) {
            wakeWriterIfNeeded();
        }
    }

    /**
     * NT: the completion of an in-page read (MiCompleteInPage / IopCompletePageWrite's read twin). A
     * multi-page read (a read-ahead cluster) completes every page it read; the dummy page standing in
     * for resident pages is skipped, and {@link ReadAhead#completed} then releases the cluster's pages,
     * the dummy's references and the charge.
     */
    private void readCompleted(IoRequest request, IoStatus status) {
        int dummy = sections.readAhead().dummyPage();
        for (int pfn : request.pfns) {
            if (pfn == dummy) {
                continue;
            }
            pfns.setReadInProgress(pfn, false);
            if (status != IoStatus.OK) {
                pfns.setInPageError(pfn, true);
            }
        }
        int pfn = request.pfns[0];
        events.emit(status != IoStatus.OK ? MmEventType.IN_PAGE_ERROR : MmEventType.IN_PAGE_COMPLETE, pfn, request.va,
                0, 0, request.id);
        for (int page : request.pfns) {
            if (page != dummy && pfns.isDeleted(page)) {
                // the process exited (or the section went) while the read was in flight
                readsByPfn.remove(page);
                pfns.setInPageError(page, false);
                PageList to = pfns.decrementReferenceCount(page);
                events.emit(MmEventType.PAGE_LIST_TRANSITION, page, 0, PageList.TRANSITION.code(), to.code(), 0);
            }
        }
        sections.readAhead().completed(request, status);
        WaitableEvent inPage = scheduler.event(request.eventId);
        scheduler.set(inPage);
    }

    /** Readies threads that wait for free pages or work, when there is some (called by the loop). */
    public void signalResources() {
        if (freePagesEvent.waiterCount() > 0 && pfns.availablePages() > 0) {
            scheduler.set(freePagesEvent);
            freePagesEvent.clear();
        }
        if (background && zeroPageWork.waiterCount() > 0 && pfns.listTotal(PageList.FREE) > 0) {
            scheduler.set(zeroPageWork);
            zeroPageWork.clear();
        }
        if (background && !pagingFileFull && modifiedWriterWork.waiterCount() > 0
                && pfns.listTotal(PageList.MODIFIED) >= modifiedWriteThreshold) {
            scheduler.set(modifiedWriterWork);
            modifiedWriterWork.clear();
        }
        checkAvailable();
    }

    void checkAvailable() {
        int available = pfns.availablePages();
        if (!availableLow && available < lowThreshold) {
            availableLow = true;
            events.emit(MmEventType.AVAILABLE_LOW, -1, 0, 0, 0, available);
            if (background) {
                scheduler.set(workingSetManagerWork);
                workingSetManagerWork.clear();
                if (!pagingFileFull) {
                    scheduler.set(modifiedWriterWork);
                    modifiedWriterWork.clear();
                }
            }
        } else if (availableLow && available >= highThreshold) {
            availableLow = false;
            events.emit(MmEventType.AVAILABLE_HIGH, -1, 0, 0, 0, available);
        }
    }

    // ------------------------------------------------------------------------------ PTE rewriting

    /** Writes a PTE and reports it. */
    void writePte(int pt, int index, long va, long value) {
        long old = memory.readLong(pt, index * 8);
        memory.writeLong(pt, index * 8, value);
        events.emit(MmEventType.PTE_WRITE, Pte.isValid(value) || Pte.isTransition(value) ? Pte.pfn(value) : -1, va,
                Pte.classify(old).ordinal(), Pte.classify(value).ordinal(), value);
    }

    /**
     * The repurpose hook (NT: MiRestoreTransitionPte): the transition PTE still naming a Standby page
     * that is given to someone else goes back to its original form, found through PteFrame.
     */
    private void restoreTransitionPte(int pfn, long pteAddress, int pteFrame, long originalPte) {
        int index = (int) ((pteAddress & 0xFFF) >>> 3);
        long current = memory.readLong(pteFrame, index * 8);
        if (!Pte.isTransition(current) || Pte.pfn(current) != pfn) {
            throw new BugCheckException(BugCheckCode.PFN_LIST_CORRUPT, BugCheckCode.PFN_LIST_CORRUPT_PTE_MISMATCH, pfn,
                    current, pteAddress, String.format(
                            "repurposing PFN 0x%x: its PTE at %s holds 0x%x, not a transition PTE naming it", pfn,
                            Hex.windbg(pteAddress), current));
        }
        // a prototype PTE (in pool) maps no address of its own: the event names the prototype PTE
        long va = X64Paging.isPageTableAddress(pteAddress) ? X64Paging.mappedAddress(pteAddress) : pteAddress;
        writePte(pteFrame, index, va, originalPte);
        events.emit(MmEventType.PAGE_REPURPOSED, pfn, va, 0, 0, originalPte);
    }

    void flushTlb(MmProcess process, long va) {
        for (Cpu cpu : cpus) {
            cpu.tlb().flushSingle(process.pml4, va);
        }
        events.emit(MmEventType.TLB_FLUSH_SINGLE, -1, va, 0, 0, process.pml4);
    }

    // ------------------------------------------------------------------------------ teardown

    /**
     * The next page after {@code va} whose PTE may hold something: skips whole 2 MiB, 1 GiB and
     * 512 GiB regions whose page table, PD or PDPT does not exist.
     */
    private long nextMapped(MmProcess process, long va) {
        for (int level = 3; level >= 1; level--) {
            if (walker.table(process.pml4, va, level) < 0) {
                long span = 1L << (12 + 9 * level);
                return (va & -span) + span;
            }
        }
        return va + X64Paging.PAGE_SIZE;
    }

    /** Frees whatever backs the PTE of {@code va}: a page, a page in transition, paging-file space. */
    void deletePte(MmProcess process, long va) {
        int pt = walker.pageTable(process.pml4, va);
        if (pt < 0) {
            return;
        }
        int index = X64Paging.tableIndex(va, 1);
        long pte = walker.entry(pt, index);
        if (forks.deletePte(process, va, pt, index, pte)) {
            return; // a fork's clone page: its reference is dropped
        }
        switch (Pte.classify(pte)) {
            case HARDWARE -> {
                int pfn = (int) Pte.pfn(pte);
                if (pfns.isPrototypePte(pfn)) {
                    // a section page: this process lets go of one share; the page stays with the section
                    process.workingSet().remove(process.workingSet().find(va));
                    if (Pte.isDirty(pte)) {
                        dirtyPage(pfn);
                    }
                    sections.unmapShared(pfn, pt, index, va, 0);
                    flushTlb(process, va);
                    PageList to = pfns.decrementShareCount(pfn);
                    events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.ACTIVE_AND_VALID.code(), to.code(), 0);
                    return;
                }
                int slot = pfns.wsIndex(pfn);
                process.workingSet().remove(slot);
                writePte(pt, index, va, 0);
                flushTlb(process, va);
                releasePagingFileCopy(pfn);
                pfns.setModified(pfn, false);
                pfns.markDeleted(pfn);
                PageList to = pfns.decrementShareCount(pfn);
                events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.ACTIVE_AND_VALID.code(), to.code(), 0);
            }
            case TRANSITION -> {
                writePte(pt, index, va, 0);
                releaseTransitionPage((int) Pte.pfn(pte), va);
            }
            case PAGING_FILE -> {
                freeSlot(Pte.pageFileOffset(pte));
                writePte(pt, index, va, 0);
            }
            case DEMAND_ZERO, PROTOTYPE -> writePte(pt, index, va, 0);
            default -> {
            }
        }
    }

    /** Releases a paging-file page; a modified page writer parked on a full file may go on. */
    void freeSlot(long offset) {
        pagingFile.free(offset);
        pagingFileFull = false;
    }

    /**
     * Frees a page in transition whose owner lets go of it (its PTE or prototype PTE is already
     * rewritten): now when it is on a list or its read completed unclaimed, when its I/O completes
     * otherwise; its paging-file copy is released. {@code va} is only for the events.
     */
    void releaseTransitionPage(int pfn, long va) {
        PageList from = pfns.location(pfn);
        if (from.isLinked()) {
            pfns.unlinkFromList(pfn);
            releasePagingFileCopy(pfn);
            pfns.setModified(pfn, false);
            pfns.markDeleted(pfn);
            PageList to = pfns.insertInList(PageList.FREE, pfn);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), to.code(), 0);
        } else if (pfns.isReadInProgress(pfn)) {
            // the read still runs: the page is freed when it completes; its slot is not needed
            releasePagingFileCopy(pfn);
            pfns.markDeleted(pfn);
        } else if (readsByPfn.remove(pfn) != null) {
            // the read completed (or failed) but no thread claimed the page yet: free it now
            releasePagingFileCopy(pfn);
            pfns.setInPageError(pfn, false);
            pfns.markDeleted(pfn);
            PageList to = pfns.decrementReferenceCount(pfn);
            events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), to.code(), 0);
        } else {
            // held by the modified page writer: freed, with its slot, when the write completes
            pfns.markDeleted(pfn);
        }
    }

    private void releasePagingFileCopy(int pfn) {
        long original = pfns.originalPte(pfn);
        if (Pte.classify(original) == PteKind.PAGING_FILE && !pfns.isWriteInProgress(pfn)) {
            freeSlot(Pte.pageFileOffset(original));
            pfns.setOriginalPte(pfn, Pte.demandZero(Pte.protection(original)));
        }
    }

    /**
     * Ends a process (NT: PspExitProcess -> MmCleanProcessAddressSpace and MmDeleteProcessAddressSpace):
     * its threads stop, every private page goes back to Free, its paging-file space is released, and
     * its page tables and address-space pages are freed.
     */
    public void exitProcess(MmProcess process) {
        requireLive(process);
        if (process == systemProcess) {
            throw new IllegalArgumentException("the system process does not exit");
        }
        forks.requireNoFork(process);
        for (SimThread thread : scheduler.threads()) {
            if (thread.processId() == process.pid()) {
                scheduler.terminate(thread);
            }
        }
        for (Vad vad : process.vads().all()) {
            if (vad.isView()) {
                sections.removeView(process, vad);
                continue;
            }
            for (long va = vad.start(); va < vad.end(); va = nextMapped(process, va)) {
                deletePte(process, va);
            }
            process.vads().release(vad.start());
        }
        freeUserPageTables(process, process.pml4, 4);
        int[] own = { process.workingSetPage, process.hyperspacePt, process.hyperspacePd, process.hyperspacePdpt,
                process.pml4 };
        for (int pfn : own) {
            freeTablePage(pfn);
        }
        for (Cpu cpu : cpus) {
            cpu.tlb().flushAddressSpace(process.pml4);
        }
        events.emit(MmEventType.TLB_FLUSH_ALL, -1, 0, 0, 0, process.pml4);
        process.markExited();
        processes.remove(process.pid());
        events.emit(MmEventType.PROCESS_EXIT, -1, 0, 0, 0, process.pid());
        signalResources();
    }

    private void freeUserPageTables(MmProcess process, int table, int level) {
        int limit = level == 4 ? X64Paging.FIRST_KERNEL_PML4_INDEX : X64Paging.ENTRIES_PER_TABLE;
        for (int i = 0; i < limit; i++) {
            long entry = walker.entry(table, i);
            if (!Pte.isValid(entry)) {
                continue;
            }
            int child = (int) Pte.pfn(entry);
            if (level > 2) {
                freeUserPageTables(process, child, level - 1);
            }
            writePte(table, i, 0, 0);
            freeTablePage(child);
            process.pageTablePages--;
        }
    }

    private void freeTablePage(int pfn) {
        pfns.markDeleted(pfn);
        PageList to = pfns.decrementShareCount(pfn);
        events.emit(MmEventType.PAGE_LIST_TRANSITION, pfn, 0, PageList.ACTIVE_AND_VALID.code(), to.code(), 0);
    }

    /** Throws unless {@code process} is a live process of this machine. */
    void requireLiveProcess(MmProcess process) {
        requireLive(process);
    }

    /** The next page after {@code va} whose PTE may hold something (skips missing tables). */
    long nextMappedPage(MmProcess process, long va) {
        return nextMapped(process, va);
    }

    private void requireLive(MmProcess process) {
        if (process == null || process.hasExited() || !processes.containsKey(process.pid())) {
            throw new IllegalArgumentException("process " + process + " does not exist (any more)");
        }
    }

    /** A disk request the memory manager issued. */
    static final class IoRequest implements Serializable {
        final long id;
        final boolean write;
        final int[] pfns;
        final int pid;
        final long va;
        final int eventId;
        /** A write of a mapped file's page back to its file (no paging-file space involved). */
        final boolean fileWrite;
        IoRequest(long id, boolean write, int[] pfns, int pid, long va, int eventId) {
            this(id, write, pfns, pid, va, eventId, false);
        }

        IoRequest(long id, boolean write, int[] pfns, int pid, long va, int eventId, boolean fileWrite) {
            this.id = id;
            this.write = write;
            this.pfns = pfns;
            this.pid = pid;
            this.va = va;
            this.eventId = eventId;
            this.fileWrite = fileWrite;
        }
    }
}
