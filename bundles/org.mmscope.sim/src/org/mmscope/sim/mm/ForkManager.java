package org.mmscope.sim.mm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.Cpu;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pte.Hex;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.sched.WaitableEvent;
import org.mmscope.sim.section.CloneBlock;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * Fork and copy-on-write (mm-behaviour.md 4.5 and 5; NT: MiCloneProcessAddressSpace, MiCopyOnWrite,
 * MiDecrementCloneBlockReference).
 *
 * <p><b>Fork.</b> A fork creates a child process with the parent's VADs (same ranges, same commit).
 * Every private page of the parent that has contents (valid, in transition or in the paging file)
 * moves behind a <i>clone prototype PTE</i> in a {@link CloneBlock} in nonpaged pool, one block per
 * private VAD: the PFN entry gets PrototypePte, PteAddress = the clone prototype PTE and PteFrame = the
 * pool page holding it, exactly like a section page. The parent's valid PTEs stay valid but lose the
 * Write bit and get the CopyOnWrite bit (when the page's protection is writable); its other PTEs, and
 * all the child's, become prototype-format PTEs naming the clone prototype PTE. Demand-zero PTEs are
 * copied as they are (there is nothing to share) and pages the parent already shares through an
 * earlier fork's clone block are shared with the child through the same entry. Views of sections are
 * mapped into the child (shared, no copy-on-write); the private copies a copy-on-write view holds
 * (WRITECOPY pages the parent wrote) are shared with the child through a clone block of that view, like
 * the pages of a private VAD, so the child sees the parent's copy and not the section's page.
 *
 * <p><b>Fork in progress.</b> A fork runs as steps ({@link Fork#step}); between two steps the other
 * threads run. While it runs, the parent (and the child) carry the fork as NT's ForkInProgress: a
 * fault by any of their threads waits for the fork and is then taken again, and their VADs cannot
 * change. {@link #fork(MmProcess, String)} runs all the steps at once.
 *
 * <p><b>Copy on write.</b> A write to a valid write-protected CopyOnWrite PTE copies the shared page
 * (a clone page, or a section page in a copy-on-write view) into a new private page of the same colour
 * ({@link #copyOnWriteFault}). A fault on a
 * prototype-format PTE of a private VAD resolves through the clone prototype PTE like a section's
 * prototype fault, the result write-protected and CopyOnWrite; a write goes on to the copy at once.
 *
 * <p><b>References.</b> Each entry counts the process PTEs that refer to it (valid or prototype
 * format); a copy, a decommit, a release or an exit drops one. The last reference releases the page
 * (at once if it is on a list, when its I/O completes otherwise) and the paging-file space; the last
 * reference to a block frees its pool memory.
 */
public final class ForkManager implements Serializable {

    /** Pool tag of clone blocks (NT uses the same). */
    public static final int CLONE_TAG = PoolHeader.tagOf("MmCl");
    /** PTEs a scenario's fork looks at in one step. */
    public static final int PAGES_PER_STEP = 64;

    /** What one step of a fork did. */
    public enum StepResult {
        /** More to do: call {@link Fork#step} again. */
        MORE,
        /** The fork is complete: the child is ready. */
        DONE,
        /** Pages are short: the thread waits for free pages; step again when it runs. */
        WAIT
    }

    /** How a private copy of a clone page is mapped (see {@link ForkManager#privatize}). */
    private enum CopyKind {
        /** A write fault: writable, dirty and accessed, CopyOnWrite cleared (NT: a real copy-on-write). */
        WRITE,
        /** A protection change: same rights as before, still write-protected, CopyOnWrite cleared. */
        PROTECTION_CHANGE,
        /** A read of a page whose process PTE overrides the protection: the override's rights. */
        OVERRIDE
    }

    private final MemoryManager mm;
    private final PfnDatabase pfns;
    private final TreeMap<Long, CloneBlock> blocks = new TreeMap<>(UnsignedOrder.INSTANCE);
    private int nextBlockId = 1;

    ForkManager(MemoryManager mm) {
        this.mm = mm;
        this.pfns = mm.pfns();
    }

    // ------------------------------------------------------------------------------ queries

    /** The live clone blocks, in address order. */
    public List<CloneBlock> cloneBlocks() {
        return Collections.unmodifiableList(new ArrayList<>(blocks.values()));
    }

    /** The clone block holding prototype PTE {@code address}, or null (e.g. a section's). */
    public CloneBlock blockOf(long address) {
        Map.Entry<Long, CloneBlock> e = blocks.floorEntry(address);
        return e != null && e.getValue().holdsPrototypePte(address) ? e.getValue() : null;
    }

    /** True if {@code address} is a prototype PTE of a live clone block. */
    public boolean isClonePrototype(long address) {
        return blockOf(address) != null;
    }

    /** The clone prototype PTE at {@code address} (in nonpaged pool). */
    public long prototypePte(long address) {
        return mm.memory().readLong(mm.sections().frameOf(address), (int) (address & 0xFFF));
    }

    /** The reference count of the clone prototype PTE at {@code address} (NT: CloneRefCount). */
    public long referenceCount(long address) {
        long at = address + 8;
        return mm.memory().readLong(mm.sections().frameOf(at), (int) (at & 0xFFF));
    }

    /** True while a fork of (or into) {@code process} runs (NT: ForkInProgress). */
    public boolean isForkInProgress(MmProcess process) {
        return process.forkInProgress != null;
    }

    /** The fork {@code process} takes part in now, or null. */
    public Fork forkOf(MmProcess process) {
        return process.forkInProgress;
    }

    // ------------------------------------------------------------------------------ fork

    /**
     * Forks {@code parent} into a new process {@code childName} at once (NT: MiCloneProcessAddressSpace):
     * {@link #beginFork} and every {@link Fork#step}.
     *
     * @throws IllegalStateException when memory or nonpaged pool is short (the child is then deleted
     *         and the pages already shared stay shared by the parent alone)
     */
    public MmProcess fork(MmProcess parent, String childName) {
        Fork fork = beginFork(parent, childName);
        while (fork.step(null, Integer.MAX_VALUE) != StepResult.DONE) {
            // a step without a thread never waits
        }
        return fork.child();
    }

    /**
     * Starts a fork (NT: MiCloneProcessAddressSpace, first part): creates the child with copies of
     * the parent's VADs (views mapped again), counts the parent's pages that need a clone prototype
     * PTE, allocates one clone block per private VAD that has some, and marks both processes
     * ForkInProgress. Nothing is shared yet: {@link Fork#step} does that.
     *
     * <p>Preconditions: {@code parent} is a live user process with no fork in progress.
     *
     * @throws IllegalStateException when there are not enough pages for the child's address space or
     *         nonpaged pool cannot hold a clone block (nothing is left behind)
     */
    public Fork beginFork(MmProcess parent, String childName) {
        mm.requireLiveProcess(parent);
        if (parent == mm.systemProcess()) {
            throw new IllegalArgumentException("the system process cannot fork");
        }
        if (parent.forkInProgress != null) {
            throw new IllegalStateException(parent + " is already forking");
        }
        MmProcess child = mm.createProcess(childName, parent.workingSet().minimum(), parent.workingSet().maximum());
        List<Vad> privateVads = new ArrayList<>();
        List<CloneBlock> made = new ArrayList<>();
        try {
            for (Vad vad : parent.vads().all()) {
                if (vad.isView()) {
                    mm.sections().mapView(child, vad.section(), vad.start(), vad.firstSectionPage(), vad.pages(),
                            vad.protection());
                    if (holdsForkPages(parent, vad)) {
                        privateVads.add(vad); // its private copies are shared with the child like private pages
                    }
                    continue;
                }
                child.vads().reserve(vad.start(), vad.end() - vad.start(), vad.protection());
                for (long va = vad.start(); va < vad.end(); va += X64Paging.PAGE_SIZE) {
                    if (vad.isCommitted(va)) {
                        long end = va;
                        while (end < vad.end() && vad.isCommitted(end)) {
                            end += X64Paging.PAGE_SIZE;
                        }
                        child.vads().commit(va, end - va);
                        va = end;
                    }
                }
                privateVads.add(vad);
            }
            CloneBlock[] blockOfVad = new CloneBlock[privateVads.size()];
            for (int i = 0; i < privateVads.size(); i++) {
                Vad vad = privateVads.get(i);
                int count = countPagesToClone(parent, vad);
                if (count == 0) {
                    continue;
                }
                long bytes = (long) count * CloneBlock.ENTRY_BYTES;
                long address = mm.pools().allocate(PoolType.NONPAGED, bytes, CLONE_TAG, Irql.PASSIVE_LEVEL);
                if (address == 0) {
                    throw new IllegalStateException(String.format(
                            "nonpaged pool cannot hold the %d clone prototype PTEs of VAD 0x%x-0x%x of %s", count,
                            vad.start(), vad.end(), parent));
                }
                CloneBlock block = new CloneBlock(nextBlockId++, parent.pid(), child.pid(), vad.start(), vad.end(),
                        address, count);
                for (int e = 0; e < count; e++) {
                    // pool memory is not zeroed: every entry starts zero, unreferenced
                    storeLong(block.prototypePteAddress(e), 0);
                    storeLong(block.referenceCountAddress(e), 0);
                }
                blocks.put(address, block);
                made.add(block);
                blockOfVad[i] = block;
                mm.events().emit(MmEventType.CLONE_CREATE, -1, address, parent.pid(), child.pid(), count);
            }
            Fork fork = new Fork(parent, child, privateVads, blockOfVad);
            parent.forkInProgress = fork;
            child.forkInProgress = fork;
            return fork;
        } catch (RuntimeException e) {
            for (CloneBlock block : made) {
                deleteBlock(block);
            }
            mm.exitProcess(child);
            throw e;
        }
    }

    /**
     * True if a view of {@code parent} holds pages that are not the section's: private copies made by
     * copy-on-write (valid, in transition or in the paging file) or pages shared through an earlier
     * fork's clone block.
     */
    private boolean holdsForkPages(MmProcess parent, Vad view) {
        for (long va = view.start(); va < view.end(); va = mm.nextMappedPage(parent, va)) {
            long pte = mm.pte(parent, va);
            switch (Pte.classify(pte)) {
                case HARDWARE -> {
                    int pfn = (int) Pte.pfn(pte);
                    if (!pfns.isPrototypePte(pfn) || isClonePrototype(pfns.pteAddress(pfn))) {
                        return true;
                    }
                }
                case TRANSITION, PAGING_FILE -> {
                    return true;
                }
                case PROTOTYPE -> {
                    if (isClonePrototype(Pte.prototypeAddress(pte))) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * Pages of a private VAD (or of a view's private copies) that get a new clone prototype PTE: valid,
     * transition and paging file.
     */
    private int countPagesToClone(MmProcess parent, Vad vad) {
        int count = 0;
        for (long va = vad.start(); va < vad.end(); va = mm.nextMappedPage(parent, va)) {
            long pte = mm.pte(parent, va);
            PteKind kind = Pte.classify(pte);
            if ((kind == PteKind.HARDWARE && !pfns.isPrototypePte((int) Pte.pfn(pte))) || kind == PteKind.TRANSITION
                    || kind == PteKind.PAGING_FILE) {
                count++;
            }
        }
        return count;
    }

    /** A fork under way: its steps share the parent's pages with the child. */
    public final class Fork implements Serializable {
        private final MmProcess parent;
        private final MmProcess child;
        private final List<Vad> vads;
        private final CloneBlock[] blockOfVad;
        private final WaitableEvent done;
        private int vadIndex;
        private long nextVa;
        private boolean finished;

        private Fork(MmProcess parent, MmProcess child, List<Vad> vads, CloneBlock[] blockOfVad) {
            this.parent = parent;
            this.child = child;
            this.vads = vads;
            this.blockOfVad = blockOfVad;
            this.done = mm.scheduler().createEvent("fork of " + parent.name() + " into " + child.name());
            this.nextVa = vads.isEmpty() ? 0 : vads.get(0).start();
        }

        public MmProcess parent() {
            return parent;
        }

        public MmProcess child() {
            return child;
        }

        /** True once every page is shared and the ForkInProgress marks are gone. */
        public boolean isFinished() {
            return finished;
        }

        /** The event set when the fork finishes (faulting threads wait on it). */
        public WaitableEvent doneEvent() {
            return done;
        }

        /**
         * Shares up to {@code budget} PTEs of the parent with the child (NT: the per-PTE loop of
         * MiCloneProcessAddressSpace), then flushes the parent's TLB entries once if any valid PTE was
         * write-protected; finishes the fork after the last PTE.
         *
         * <p>Preconditions: the fork is not finished; {@code thread} is the running thread that does
         * the fork, or null when no wait is possible (a page table that cannot be created is then an
         * {@link IllegalStateException} and the fork is abandoned: see {@link #fork}).
         */
        public StepResult step(SimThread thread, int budget) {
            if (finished) {
                throw new IllegalStateException("the fork of " + parent + " into " + child + " has finished");
            }
            if (budget < 1) {
                throw new IllegalArgumentException("a fork step looks at one PTE or more, not " + budget);
            }
            boolean protectedSome = false;
            try {
                int visited = 0;
                while (vadIndex < vads.size() && visited < budget) {
                    Vad vad = vads.get(vadIndex);
                    if (nextVa >= vad.end()) {
                        vadIndex++;
                        nextVa = vadIndex < vads.size() ? vads.get(vadIndex).start() : 0;
                        continue;
                    }
                    long va = nextVa;
                    int pt = mm.pageTable(parent, va);
                    if (pt < 0) {
                        nextVa = Math.min(vad.end(), mm.nextMappedPage(parent, va));
                        continue;
                    }
                    int index = X64Paging.tableIndex(va, 1);
                    long pte = mm.tableEntry(pt, index);
                    if (Pte.classify(pte) != PteKind.ZERO && Pte.classify(pte) != PteKind.LIST
                            && mm.pageTable(child, va) < 0) {
                        if (pfns.availablePages() < X64Paging.LEVELS) {
                            if (thread == null) {
                                abandon();
                                throw new IllegalStateException("not enough available pages for the page tables of "
                                        + child + " at " + Hex.hex(va));
                            }
                            return mm.waitForPages(thread) == FaultStatus.WAIT ? StepResult.WAIT : StepResult.MORE;
                        }
                        mm.createPageTables(child, va);
                    }
                    protectedSome |= clonePte(va, pt, index, pte, blockOfVad[vadIndex]);
                    nextVa = va + X64Paging.PAGE_SIZE;
                    visited++;
                }
            } finally {
                if (protectedSome) {
                    // NT flushes the whole TB after write-protecting the parent's pages
                    for (int c = 0; c < mm.cpuCount(); c++) {
                        Cpu cpu = mm.cpu(c);
                        cpu.tlb().flushAddressSpace(parent.pml4);
                    }
                    mm.events().emit(MmEventType.TLB_FLUSH_ALL, -1, 0, 0, 0, parent.pml4);
                }
            }
            if (vadIndex < vads.size()) {
                return StepResult.MORE;
            }
            finish();
            return StepResult.DONE;
        }

        /**
         * One PTE of the parent: the page moves behind a new clone prototype PTE, or the child gets
         * the same PTE (demand zero, or an earlier fork's clone page). Returns true if a valid PTE of
         * the parent was write-protected.
         *
         * <p>Preconditions: {@code pte} is the parent's PTE of {@code va} in page table {@code pt};
         * the child's page table for {@code va} exists unless the PTE is zero; {@code block} is the
         * VAD's clone block with an unused entry for each page still to move.
         */
        private boolean clonePte(long va, int pt, int index, long pte, CloneBlock block) {
            if (vads.get(vadIndex).isView() && isSectionPte(pte)) {
                return false; // the child's view finds the section's page through its own (zero) PTE
            }
            int childPt = mm.pageTable(child, va);
            switch (Pte.classify(pte)) {
                case HARDWARE -> {
                    int pfn = (int) Pte.pfn(pte);
                    if (pfns.isPrototypePte(pfn)) {
                        long protoAddress = requireCloneProto(pfns.pteAddress(pfn), va, pte);
                        addReference(protoAddress, 1);
                        mm.writePte(childPt, index, va, Pte.prototype(protoAddress, false, 0));
                        return false;
                    }
                    int protection = Pte.protection(pfns.originalPte(pfn));
                    long protoAddress = takeEntry(block, va);
                    if (Pte.isDirty(pte)) {
                        mm.dirtyPage(pfn); // the dirty bit goes to the PFN before the PTE loses it
                    }
                    writeLongAt(protoAddress, MemoryManager.validPte(pfn, protoAddress, protection));
                    movePageBehind(pfn, protoAddress);
                    mm.writePte(pt, index, va, writeProtect(Pte.setDirty(pte, false), protection));
                    shareWithChild(protoAddress, childPt, index, va);
                    return true;
                }
                case TRANSITION -> {
                    int pfn = (int) Pte.pfn(pte);
                    long protoAddress = takeEntry(block, va);
                    writeLongAt(protoAddress, Pte.transition(pfn, Pte.protection(pte)));
                    movePageBehind(pfn, protoAddress);
                    mm.writePte(pt, index, va, Pte.prototype(protoAddress, false, 0));
                    shareWithChild(protoAddress, childPt, index, va);
                    return false;
                }
                case PAGING_FILE -> {
                    long protoAddress = takeEntry(block, va);
                    writeLongAt(protoAddress, pte); // the clone prototype PTE owns the paging-file page now
                    parent.privatePages--;
                    mm.writePte(pt, index, va, Pte.prototype(protoAddress, false, 0));
                    shareWithChild(protoAddress, childPt, index, va);
                    return false;
                }
                case DEMAND_ZERO -> {
                    mm.writePte(childPt, index, va, pte); // nothing to share: each gets its own zero page
                    return false;
                }
                case PROTOTYPE -> {
                    long protoAddress = requireCloneProto(Pte.prototypeAddress(pte), va, pte);
                    addReference(protoAddress, 1);
                    mm.writePte(childPt, index, va, pte); // same clone page, same protection override
                    return false;
                }
                default -> {
                    return false;
                }
            }
        }

        /** True for a valid PTE mapping a section page, or a prototype-format PTE naming a section's prototype PTE. */
        private boolean isSectionPte(long pte) {
            return switch (Pte.classify(pte)) {
                case HARDWARE -> pfns.isPrototypePte((int) Pte.pfn(pte))
                        && !isClonePrototype(pfns.pteAddress((int) Pte.pfn(pte)));
                case PROTOTYPE -> !isClonePrototype(Pte.prototypeAddress(pte));
                default -> false;
            };
        }

        private long takeEntry(CloneBlock block, long va) {
            if (block == null || !block.isOpen() || block.usedEntries() == block.entries()) {
                throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT, va,
                        block == null ? 0 : block.address(), parent.pid(), String.format(
                                "fork of %s: 0x%x needs a clone prototype PTE but %s", parent, va,
                                block == null ? "its VAD has no clone block" : block + " is full"));
            }
            return block.prototypePteAddress(block.takeEntry());
        }

        private void movePageBehind(int pfn, long protoAddress) {
            pfns.setPrototypePte(pfn, true);
            pfns.setPteAddress(pfn, protoAddress);
            pfns.setPteFrame(pfn, mm.sections().frameOf(protoAddress));
            parent.privatePages--;
        }

        private void shareWithChild(long protoAddress, int childPt, int index, long va) {
            addReference(protoAddress, 2); // the parent's PTE and the child's
            mm.writePte(childPt, index, va, Pte.prototype(protoAddress, false, 0));
        }

        private long requireCloneProto(long protoAddress, long va, long pte) {
            if (blockOf(protoAddress) == null) {
                throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT, va,
                        pte, protoAddress, String.format("0x%x of %s is in a private VAD but its PTE %s names %s, "
                                + "which is no clone prototype PTE", va, parent, Pte.describe(pte),
                                Hex.windbg(protoAddress)));
            }
            return protoAddress;
        }

        /** The last step: the blocks are closed (an unused one freed), the waiting threads go on. */
        private void finish() {
            finished = true;
            for (CloneBlock block : blockOfVad) {
                if (block != null) {
                    block.close();
                    if (block.references() == 0) {
                        deleteBlock(block);
                    }
                }
            }
            parent.forkInProgress = null;
            child.forkInProgress = null;
            mm.scheduler().set(done);
        }

        /** A step without a thread could not go on: the fork ends here and the child is deleted. */
        private void abandon() {
            finish();
            mm.exitProcess(child);
        }
    }

    /** Write-protects a valid PTE; CopyOnWrite when the page's protection lets the process write. */
    private static long writeProtect(long validPte, int protection) {
        long pte = Pte.setWritable(validPte, false);
        return Protection.isWritable(protection) ? Pte.setCopyOnWrite(pte, true) : pte;
    }

    /** Throws unless no fork of (or into) {@code process} runs: its VADs are the fork's to read. */
    void requireNoFork(MmProcess process) {
        if (process.forkInProgress != null) {
            throw new IllegalStateException("a fork of " + process.forkInProgress.parent().name() + " into "
                    + process.forkInProgress.child().name() + " is in progress: " + process.name()
                    + "'s address space cannot change until it finishes");
        }
    }

    /**
     * A thread of a process taking part in a fork faulted: it waits for the fork, then takes the
     * fault again (NT: MiWaitForForkToComplete). Preconditions: a fork of (or into) the process is in
     * progress; {@code thread} is running.
     */
    FaultStatus waitForFork(MmProcess process, SimThread thread) {
        Fork fork = process.forkInProgress;
        mm.events().emit(MmEventType.THREAD_WAIT, -1, 0, 0, 0, fork.done.id());
        mm.scheduler().waitOn(thread, fork.done, WaitReason.FORK);
        return FaultStatus.WAIT;
    }

    // ------------------------------------------------------------------------------ faults

    /**
     * A write to a valid, write-protected CopyOnWrite PTE (NT: MiCopyOnWrite, mm-behaviour.md 4.5):
     * waits for a fork in progress; takes a page of the source's colour (or waits for one and retakes
     * the fault); copies the page into it, makes it a private page of the process and maps it
     * writable, dirty and accessed; flushes the TLB entry; drops one share of the shared page and, for
     * a clone page, the PTE's reference to its clone prototype PTE. The shared page is a fork's clone
     * page (the copy gets the clone page's protection) or a section page of a copy-on-write view (the
     * copy gets the view's protection for the page without its copy-on-write part: READWRITE or
     * EXECUTE_READWRITE); the section's prototype PTE goes to transition with the last share.
     *
     * <p>Preconditions: the PTE of {@code va} is {@code pte}, valid, not writable, CopyOnWrite, and
     * maps a page behind a clone prototype PTE, or the page of its view's prototype PTE in a view whose
     * protection for {@code va} is copy-on-write; anything else is MEMORY_MANAGEMENT (0x1A, 0xF203).
     */
    FaultStatus copyOnWriteFault(MmProcess process, SimThread thread, long va, int pt, int index, long pte) {
        if (!Pte.isValid(pte) || Pte.isWritable(pte) || !Pte.isCopyOnWrite(pte)) {
            throw new IllegalArgumentException("copy-on-write needs a valid write-protected CopyOnWrite PTE, not "
                    + Pte.describe(pte));
        }
        thread.enter("MiCopyOnWrite");
        try {
            if (process.forkInProgress != null) {
                return waitForFork(process, thread);
            }
            int source = (int) Pte.pfn(pte);
            int protection = copyProtection(process, source, va, pte);
            if (privatize(process, va, pt, index, pte, source, protection, CopyKind.WRITE) < 0) {
                return mm.waitForPages(thread);
            }
            return FaultStatus.RESOLVED;
        } finally {
            thread.leave();
        }
    }

    /**
     * A fault on a prototype-format PTE of a private VAD, naming a clone prototype PTE (NT:
     * MiResolveProtoPteFault for a fork prototype PTE): the page is found through the clone
     * prototype PTE (valid: one more share; transition: a soft fault, or a collided fault while it is
     * read; paging file: an in-page read, the thread waits and retakes the fault) and mapped
     * write-protected and CopyOnWrite. A write goes on to the copy at once; so does any access when
     * the process PTE overrides the protection (a protection change), since one clone page cannot
     * carry two protections.
     *
     * <p>Preconditions: the PTE of {@code va} is {@code pte}, a prototype PTE naming a clone
     * prototype PTE; {@code va} is in a private VAD, or in a view whose private copy a fork shared.
     */
    FaultStatus cloneFault(MmProcess process, SimThread thread, long va, int pt, int index, long pte,
            Access access) {
        thread.enter("MiResolveProtoPteFault");
        try {
            long protoAddress = Pte.prototypeAddress(pte);
            if (blockOf(protoAddress) == null) {
                throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT, va,
                        pte, protoAddress, String.format("0x%x of %s is private but its PTE names %s, no clone "
                                + "prototype PTE", va, process, Hex.windbg(protoAddress)));
            }
            long proto = prototypePte(protoAddress);
            int override = Pte.protection(pte);
            int protection = override != 0 ? override : cloneProtection(proto);
            if (Protection.isGuard(protection)) {
                int unguarded = protection & ~Protection.GUARD_PAGE;
                mm.writePte(pt, index, va, Pte.prototype(protoAddress, false, unguarded));
                mm.events().emit(MmEventType.FAULT_GUARD_PAGE, -1, va, protection, unguarded, 0);
                return FaultStatus.GUARD_PAGE;
            }
            FaultStatus refused = mm.accessCheck(process, va, pt, index, Pte.demandZero(protection), protection,
                    access);
            if (refused != null) {
                return refused;
            }
            boolean write = access == Access.WRITE;
            boolean copy = write || override != 0;
            if (!mm.ensureWorkingSetRoom(process)) {
                return mm.waitForPages(thread);
            }
            proto = prototypePte(protoAddress); // (making room touched no PTE of this clone page)
            int source;
            switch (Pte.classify(proto)) {
                case HARDWARE -> {
                    source = (int) Pte.pfn(proto);
                    if (copy && pfns.availablePages() < 1) {
                        return mm.waitForPages(thread);
                    }
                    pfns.incrementShareCount(source);
                    process.transitionFaults++;
                    mm.events().emit(MmEventType.FAULT_PROTOTYPE, source, va, PteKind.HARDWARE.ordinal(), 0,
                            protoAddress);
                }
                case TRANSITION -> {
                    source = (int) Pte.pfn(proto);
                    if (pfns.isReadInProgress(source)) {
                        WaitableEvent inPage = mm.scheduler().event(pfns.eventId(source));
                        mm.events().emit(MmEventType.COLLIDED_FAULT, source, va, 0, 0, inPage.id());
                        mm.scheduler().waitOn(thread, inPage, WaitReason.COLLIDED_PAGE_IN);
                        return FaultStatus.WAIT;
                    }
                    if (pfns.isInPageError(source)) {
                        return inPageFailed(protoAddress, source, va);
                    }
                    boolean onAvailableList = pfns.location(source) == PageList.STANDBY;
                    if (copy && pfns.availablePages() - (onAvailableList ? 1 : 0) < 1) {
                        return mm.waitForPages(thread);
                    }
                    activate(process, protoAddress, source, va);
                }
                case PAGING_FILE -> {
                    return readClonePage(process, thread, va, protoAddress, proto);
                }
                case DEMAND_ZERO, ZERO -> {
                    return privateZeroPage(process, thread, va, pt, index, protoAddress, protection, access);
                }
                default -> throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT,
                        BugCheckCode.MM_CLONE_BLOCK_CORRUPT, protoAddress, proto, va, String.format(
                                "clone prototype PTE %s holds %s", Hex.windbg(protoAddress), Pte.describe(proto)));
            }
            long shared = writeProtect(MemoryManager.validPte(source, va, protection), protection);
            mm.writePte(pt, index, va, shared);
            mm.addToWorkingSet(process, source, va);
            if (!copy) {
                return FaultStatus.RESOLVED;
            }
            int fresh = privatize(process, va, pt, index, shared, source, protection,
                    write ? CopyKind.WRITE : CopyKind.OVERRIDE);
            if (fresh < 0) {
                // cannot happen: a page was available before; the page stays shared and the fault is retaken
                return mm.waitForPages(thread);
            }
            return FaultStatus.RESOLVED;
        } finally {
            thread.leave();
        }
    }

    /** The protection of a clone page, from its PFN entry or its prototype PTE. */
    private int cloneProtection(long proto) {
        return switch (Pte.classify(proto)) {
            case HARDWARE, TRANSITION -> Pte.protection(pfns.originalPte((int) Pte.pfn(proto)));
            case PAGING_FILE, DEMAND_ZERO -> Pte.protection(proto);
            default -> Protection.READWRITE;
        };
    }

    /** A clone page in transition becomes valid again behind its prototype PTE (a soft or a hard fault's end). */
    private void activate(MmProcess process, long protoAddress, int pfn, long va) {
        PageList from = pfns.location(pfn);
        if (from.isLinked()) {
            pfns.unlinkFromList(pfn);
        }
        pfns.activateTransitionPage(pfn);
        MemoryManager.IoRequest read = mm.readsByPfn.remove(pfn);
        if (read != null) {
            pfns.decrementReferenceCount(pfn); // the reference the read held
            process.hardFaults++;
        } else {
            process.transitionFaults++;
        }
        writeLongAt(protoAddress, MemoryManager.validPte(pfn, protoAddress, Pte.protection(pfns.originalPte(pfn))));
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
        mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, PteKind.TRANSITION.ordinal(), 0, protoAddress);
    }

    /** The read of a clone page failed: its prototype PTE names the paging file again, the page goes. */
    private FaultStatus inPageFailed(long protoAddress, int pfn, long va) {
        writeLongAt(protoAddress, pfns.originalPte(pfn));
        return mm.discardFailedRead(pfn, va);
    }

    /** NT: MiResolvePageFileFault for a clone prototype PTE: an in-page read into the clone page. */
    private FaultStatus readClonePage(MmProcess process, SimThread thread, long va, long protoAddress, long proto) {
        int pfn = pfns.removeAnyPage(process.takeColour());
        if (pfn < 0) {
            return mm.waitForPages(thread);
        }
        PageList from = pfns.lastRemovedFrom();
        WaitableEvent inPage = mm.scheduler().createEvent(String.format("in-page PFN 0x%x", pfn));
        pfns.initializeReadInProgress(pfn, protoAddress, mm.sections().frameOf(protoAddress), proto, inPage.id());
        pfns.setPrototypePte(pfn, true);
        writeLongAt(protoAddress, Pte.transition(pfn, Pte.protection(proto)));
        long offset = Pte.pageFileOffset(proto);
        long id = mm.disk().submitRead(mm.pagingFile(), offset, new int[] { pfn }, 1, mm.memory());
        MemoryManager.IoRequest request = new MemoryManager.IoRequest(id, false, new int[] { pfn }, process.pid(), va,
                inPage.id());
        mm.ioRequests.put(id, request);
        mm.readsByPfn.put(pfn, request);
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.TRANSITION.code(), 0);
        mm.events().emit(MmEventType.FAULT_PROTOTYPE, pfn, va, PteKind.PAGING_FILE.ordinal(), 0, protoAddress);
        mm.events().emit(MmEventType.IN_PAGE_START, pfn, va, 0, 0, id);
        mm.scheduler().waitOn(thread, inPage, WaitReason.PAGE_IN);
        return FaultStatus.WAIT;
    }

    /**
     * A clone prototype PTE that is demand zero (its page was never written anywhere): the process
     * gets a zero page of its own and lets go of the clone page, whose contents were zero anyway.
     */
    private FaultStatus privateZeroPage(MmProcess process, SimThread thread, long va, int pt, int index,
            long protoAddress, int protection, Access access) {
        int pfn = pfns.removeZeroedPage(process.takeColour());
        if (pfn < 0) {
            return mm.waitForPages(thread);
        }
        PageList from = pfns.lastRemovedFrom();
        if (pfns.lastRemovalNeedsZeroing()) {
            mm.memory().zeroPage(pfn);
        }
        pfns.makeActive(pfn, X64Paging.entryAddress(va, 1), pt, Pte.demandZero(protection));
        pfns.setModified(pfn, true);
        long valid = MemoryManager.validPte(pfn, va, protection);
        mm.writePte(pt, index, va, access == Access.WRITE ? Pte.setDirty(valid, true) : valid);
        mm.addToWorkingSet(process, pfn, va);
        process.privatePages++;
        process.demandZeroFaults++;
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
        mm.events().emit(MmEventType.FAULT_DEMAND_ZERO, pfn, va, 0, 0, access == Access.WRITE ? 1 : 0);
        dropReference(protoAddress);
        mm.checkAvailable();
        return FaultStatus.RESOLVED;
    }

    /**
     * The copy itself (NT: MiCopyOnWrite after its checks): a page of the source's colour, the 4 KiB
     * copied, the page made private to the process (PteAddress = its own PTE), the PTE rewritten and
     * its TLB entry flushed, the working-set entry moved to the new page, one share of the source
     * dropped (its prototype PTE goes to transition with the last share) and, for a clone page, the
     * PTE's reference to the clone prototype PTE dropped. Returns the new page, or -1 (nothing
     * changed) when no page is available.
     *
     * <p>Preconditions: the PTE of {@code va} is {@code pte}, valid, mapping {@code source}: a clone
     * page, or a section page of the view {@code va} is in; {@code protection} is what the private page
     * gets.
     */
    private int privatize(MmProcess process, long va, int pt, int index, long pte, int source, int protection,
            CopyKind kind) {
        long protoAddress = pfns.pteAddress(source);
        boolean clone = blockOf(protoAddress) != null;
        int fresh = pfns.removeAnyPage(pfns.colour(source));
        if (fresh < 0) {
            return -1;
        }
        PageList from = pfns.lastRemovedFrom();
        int slot = slotOf(process, source, va);
        if (Pte.isDirty(pte)) {
            mm.dirtyPage(source); // fold the PTE's dirty bit into the shared page
        }
        mm.memory().copyPage(source, fresh);
        pfns.makeActive(fresh, X64Paging.entryAddress(va, 1), pt, Pte.demandZero(protection));
        pfns.setModified(fresh, true); // its only copy is here
        long updated = switch (kind) {
            case WRITE -> Pte.setAccessed(Pte.setDirty(MemoryManager.validPte(fresh, va, protection), true), true);
            case PROTECTION_CHANGE -> Pte.setDirty(Pte.setCopyOnWrite(Pte.withPfn(pte, fresh), false), false);
            case OVERRIDE -> MemoryManager.validPte(fresh, va, protection);
        };
        mm.writePte(pt, index, va, updated);
        mm.flushTlb(process, va);
        pfns.setWsIndex(fresh, slot);
        process.privatePages++;
        if (kind == CopyKind.WRITE) {
            process.copyOnWriteFaults++;
            mm.events().emit(MmEventType.FAULT_COPY_ON_WRITE, source, va, 0, 0, 1);
        }
        mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, fresh, va, from.code(), PageList.ACTIVE_AND_VALID.code(), 0);
        mm.events().emit(MmEventType.COPY_ON_WRITE, fresh, va, 0, 0, source);
        PageList after;
        if (clone) {
            after = releaseShare(source, protoAddress);
        } else {
            mm.sections().lastShareToTransition(source); // a section page stays with its section
            after = pfns.decrementShareCount(source);
        }
        if (after != PageList.ACTIVE_AND_VALID) {
            mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, source, va, PageList.ACTIVE_AND_VALID.code(),
                    after.code(), 0);
        }
        if (clone) {
            dropReference(protoAddress);
        }
        mm.checkAvailable();
        return fresh;
    }

    /** The working-set slot of a shared page at {@code va}: the PFN's hint, else a search. */
    private int slotOf(MmProcess process, int pfn, long va) {
        WorkingSetList ws = process.workingSet();
        int hint = pfns.wsIndex(pfn);
        if (hint < ws.slotLimit() && ws.isValid(hint) && ws.page(hint) == va) {
            return hint;
        }
        int slot = ws.find(va);
        if (slot < 0) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_WORKING_SET_CORRUPT, va, pfn,
                    process.pid(), String.format("0x%x of %s is valid but in no working-set entry", va, process));
        }
        return slot;
    }

    /** One valid PTE fewer maps a clone page; with the last one its prototype PTE goes to transition. */
    private PageList releaseShare(int pfn, long protoAddress) {
        if (pfns.shareCount(pfn) == 1) {
            writeLongAt(protoAddress, Pte.transition(pfn, Pte.protection(pfns.originalPte(pfn))));
        }
        return pfns.decrementShareCount(pfn);
    }

    /**
     * The protection the private copy of shared page {@code source} at {@code va} gets: a clone page's
     * own; for the page of a copy-on-write view, the view's protection without its copy-on-write part.
     * Bugchecks when the page is neither (a CopyOnWrite PTE nothing explains).
     */
    private int copyProtection(MmProcess process, int source, long va, long pte) {
        if (pfns.isPrototypePte(source)) {
            long protoAddress = pfns.pteAddress(source);
            if (blockOf(protoAddress) != null) {
                return Pte.protection(pfns.originalPte(source));
            }
            Vad vad = process.vads().find(va);
            if (vad != null && vad.isView() && vad.prototypePteAddress(va) == protoAddress
                    && Protection.isCopyOnWrite(mm.sections().viewProtection(vad, va))) {
                return Protection.withoutCopyOnWrite(mm.sections().viewProtection(vad, va));
            }
        }
        throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT, va, pte,
                source, String.format("copy-on-write PTE of 0x%x maps PFN 0x%x, which is neither a fork's clone page"
                        + " nor the page of a copy-on-write view there", va, source));
    }

    // ------------------------------------------------------------------------------ protection, teardown

    /**
     * {@link MemoryManager#protectVirtual} meets a PTE that refers to a clone page. A valid one is made
     * private first, copied but not made writable (NT: MiCopyOnWrite called for a protection change;
     * mm-behaviour.md 4.5), and -1 is returned: the caller then changes the private page as usual. A
     * prototype-format one keeps the clone page and records the new protection in the PTE's protection
     * override, so the next fault makes the private copy; its old protection is returned. Any other PTE:
     * -1, nothing done.
     *
     * <p>Preconditions: {@code pte} is the PTE of {@code va} in {@code process}, in page table
     * {@code pt}; {@code protection} is a valid access protection.
     *
     * @throws IllegalStateException when no page is available for the copy
     */
    int protectClonePte(MmProcess process, long va, int pt, int index, long pte, int protection) {
        if (Pte.isValid(pte)) {
            int source = (int) Pte.pfn(pte);
            if (!pfns.isPrototypePte(source) || blockOf(pfns.pteAddress(source)) == null) {
                return -1;
            }
            int old = Pte.protection(pfns.originalPte(source));
            if (privatize(process, va, pt, index, pte, source, old, CopyKind.PROTECTION_CHANGE) < 0) {
                throw new IllegalStateException(String.format("no page is available to make 0x%x of %s private "
                        + "before its protection changes", va, process));
            }
            return -1;
        }
        if (!Pte.isPrototype(pte) || blockOf(Pte.prototypeAddress(pte)) == null) {
            return -1;
        }
        long protoAddress = Pte.prototypeAddress(pte);
        int old = Pte.protection(pte) != 0 ? Pte.protection(pte) : cloneProtection(prototypePte(protoAddress));
        long updated = Pte.prototype(protoAddress, false, protection);
        mm.writePte(pt, index, va, updated);
        mm.events().emit(MmEventType.PROTECTION_CHANGE, -1, va, old, protection, updated);
        return old;
    }

    /**
     * {@link MemoryManager#deletePte} (decommit, release, exit): a PTE referring to a clone page lets
     * go of it: a valid one leaves the working set and drops its share (the clone prototype PTE goes to
     * transition with the last share); both drop their reference to the clone prototype PTE, and the
     * last reference releases the page. Returns true when it handled the PTE; otherwise the caller
     * deletes it, and a private page is uncounted here.
     *
     * <p>Preconditions: {@code pte} is the PTE of {@code va} in {@code process}, in page table {@code pt}.
     */
    boolean deletePte(MmProcess process, long va, int pt, int index, long pte) {
        switch (Pte.classify(pte)) {
            case HARDWARE -> {
                int pfn = (int) Pte.pfn(pte);
                if (!pfns.isPrototypePte(pfn)) {
                    process.privatePages--;
                    return false;
                }
                long protoAddress = pfns.pteAddress(pfn);
                if (blockOf(protoAddress) == null) {
                    return false; // a section page
                }
                requireReferenced(protoAddress, va);
                process.workingSet().remove(slotOf(process, pfn, va));
                if (Pte.isDirty(pte)) {
                    mm.dirtyPage(pfn);
                }
                mm.writePte(pt, index, va, 0);
                mm.flushTlb(process, va);
                PageList to = releaseShare(pfn, protoAddress);
                mm.events().emit(MmEventType.PAGE_LIST_TRANSITION, pfn, va, PageList.ACTIVE_AND_VALID.code(), to.code(),
                        0);
                dropReference(protoAddress);
                return true;
            }
            case PROTOTYPE -> {
                long protoAddress = Pte.prototypeAddress(pte);
                if (blockOf(protoAddress) == null) {
                    return false;
                }
                requireReferenced(protoAddress, va);
                mm.writePte(pt, index, va, 0);
                dropReference(protoAddress);
                return true;
            }
            case TRANSITION, PAGING_FILE -> {
                process.privatePages--;
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** Bugchecks (before anything changes) unless the clone prototype PTE a PTE refers to counts a reference. */
    private void requireReferenced(long protoAddress, long va) {
        long refs = referenceCount(protoAddress);
        if (refs < 1) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT,
                    protoAddress, refs, va, String.format("0x%x refers to clone prototype PTE %s, whose reference "
                            + "count is %d", va, Hex.windbg(protoAddress), refs));
        }
    }

    private void addReference(long protoAddress, int count) {
        CloneBlock block = blockOf(protoAddress);
        long refs = referenceCount(protoAddress);
        writeLongAt(protoAddress + 8, refs + count);
        block.reference(count);
    }

    /**
     * One process PTE fewer refers to a clone prototype PTE (NT: MiDecrementCloneBlockReference): at 0
     * the page behind it is released (it is in no process, so on a list or under I/O) with its
     * paging-file space, and the prototype PTE is zeroed; a closed block with no reference left goes
     * back to nonpaged pool.
     *
     * <p>Preconditions: {@code protoAddress} is a clone prototype PTE with at least one reference; the
     * PTE that referred to it no longer does. A count already at 0 is corruption (MEMORY_MANAGEMENT).
     */
    private void dropReference(long protoAddress) {
        CloneBlock block = blockOf(protoAddress);
        long refs = referenceCount(protoAddress);
        if (block == null || refs < 1) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, BugCheckCode.MM_CLONE_BLOCK_CORRUPT,
                    protoAddress, refs, block == null ? 0 : block.id(), String.format(
                            "dropping a reference to clone prototype PTE %s, which has %d", Hex.windbg(protoAddress),
                            refs));
        }
        writeLongAt(protoAddress + 8, refs - 1);
        block.dereference();
        if (refs == 1) {
            releaseClonePage(protoAddress);
        }
        if (block.references() == 0 && !block.isOpen()) {
            deleteBlock(block);
        }
    }

    private void releaseClonePage(long protoAddress) {
        long proto = prototypePte(protoAddress);
        switch (Pte.classify(proto)) {
            case HARDWARE -> throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT,
                    BugCheckCode.MM_CLONE_BLOCK_CORRUPT, protoAddress, proto, 0, String.format(
                            "no PTE refers to clone prototype PTE %s any more but it is valid (%s)",
                            Hex.windbg(protoAddress), Pte.describe(proto)));
            case TRANSITION -> mm.releaseTransitionPage((int) Pte.pfn(proto), 0);
            case PAGING_FILE -> mm.freeSlot(Pte.pageFileOffset(proto));
            default -> {
            }
        }
        writeLongAt(protoAddress, 0);
    }

    private void deleteBlock(CloneBlock block) {
        Objects.requireNonNull(block, "block");
        blocks.remove(block.address());
        block.markDeleted();
        mm.pools().free(block.address(), CLONE_TAG, Irql.PASSIVE_LEVEL);
    }

    /** Writes a clone prototype PTE (reported as a PTE write) or, at an odd 8 bytes, a reference count. */
    private void writeLongAt(long address, long value) {
        long old = storeLong(address, value);
        if ((address - blocks.floorKey(address)) % CloneBlock.ENTRY_BYTES == 0) {
            mm.events().emit(MmEventType.PTE_WRITE, Pte.isValid(value) || Pte.isTransition(value) ? Pte.pfn(value) : -1,
                    address, Pte.classify(old).ordinal(), Pte.classify(value).ordinal(), value);
        }
    }

    /** Stores 8 bytes in pool and returns what was there. */
    private long storeLong(long address, long value) {
        int frame = mm.sections().frameOf(address);
        int offset = (int) (address & 0xFFF);
        long old = mm.memory().readLong(frame, offset);
        mm.memory().writeLong(frame, offset, value);
        return old;
    }
}
