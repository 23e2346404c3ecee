package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.EList;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage.Literals;
import org.mmscope.model.PageTable;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.ThreadInfo;
import org.mmscope.model.VadInfo;
import org.mmscope.model.WorkingSet;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Vad;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.ws.WorkingSetList;

/**
 * Copies the processes: counters, working sets, threads, VADs and page tables (every page-table page
 * of the user half with its non-zero entries; the System process's are those of the kernel half).
 * Objects are matched by key (pid, slot, thread id, VAD start, table PFN, entry index) and only
 * changed values are set.
 */
final class ProcessSync {

    private final MemoryManager mm;
    private final MmFactory factory = MmFactory.eINSTANCE;
    /** The raw entries of each page table as last copied, by table PFN: unchanged tables are skipped. */
    private final Map<Integer, long[]> lastTables = new HashMap<>();
    private final Set<Integer> seenTables = new HashSet<>();

    ProcessSync(MemoryManager mm) {
        this.mm = mm;
    }

    void update(EList<Process> processes) {
        seenTables.clear();
        List<MmProcess> live = mm.processes().stream().filter(p -> !p.hasExited()).toList();
        Reconcile.list(processes, live, MmProcess::pid, Process::getPid, factory::createProcess, this::copyProcess);
        lastTables.keySet().retainAll(seenTables); // forget tables that are gone
    }

    private void copyProcess(Process p, MmProcess source) {
        Reconcile.set(p, Literals.PROCESS__PID, source.pid());
        Reconcile.set(p, Literals.PROCESS__NAME, source.name());
        Reconcile.set(p, Literals.PROCESS__DIRECTORY_TABLE_BASE, source.directoryTableBase());
        Reconcile.set(p, Literals.PROCESS__PML4_PFN, source.pml4());
        Reconcile.set(p, Literals.PROCESS__FORK_IN_PROGRESS, source.isForkInProgress());
        Reconcile.set(p, Literals.PROCESS__PAGE_FAULTS, source.pageFaults());
        Reconcile.set(p, Literals.PROCESS__DEMAND_ZERO_FAULTS, source.demandZeroFaults());
        Reconcile.set(p, Literals.PROCESS__TRANSITION_FAULTS, source.transitionFaults());
        Reconcile.set(p, Literals.PROCESS__HARD_FAULTS, source.hardFaults());
        Reconcile.set(p, Literals.PROCESS__COPY_ON_WRITE_FAULTS, source.copyOnWriteFaults());
        Reconcile.set(p, Literals.PROCESS__ACCESS_VIOLATIONS, source.accessViolations());
        Reconcile.set(p, Literals.PROCESS__PRIVATE_PAGES, source.privatePages());
        Reconcile.set(p, Literals.PROCESS__PAGE_TABLE_PAGES, source.pageTablePages());
        if (p.getWorkingSet() == null) {
            p.setWorkingSet(factory.createWorkingSet());
        }
        copyWorkingSet(p.getWorkingSet(), source);
        List<SimThread> threads = mm.scheduler().threads().stream()
                .filter(t -> t.processId() == source.pid() && t.state() != org.mmscope.sim.sched.ThreadState.TERMINATED)
                .toList();
        Reconcile.list(p.getThreads(), threads, SimThread::id, ThreadInfo::getId, factory::createThreadInfo,
                ProcessSync::copyThread);
        Reconcile.list(p.getVads(), source.vads().all(), Vad::start, VadInfo::getStart, factory::createVadInfo,
                ProcessSync::copyVad);
        Reconcile.list(p.getPageTables(), tablesOf(source), t -> t.pfn, PageTable::getPfn, factory::createPageTable,
                this::copyTable);
    }

    private void copyWorkingSet(WorkingSet ws, MmProcess source) {
        WorkingSetList list = source.workingSet();
        Reconcile.set(ws, Literals.WORKING_SET__MINIMUM, list.minimum());
        Reconcile.set(ws, Literals.WORKING_SET__MAXIMUM, list.maximum());
        Reconcile.set(ws, Literals.WORKING_SET__COUNT, list.count());
        Reconcile.set(ws, Literals.WORKING_SET__PEAK, list.peak());
        List<Integer> slots = new ArrayList<>(list.count());
        for (int i = 0; i < list.slotLimit(); i++) {
            if (list.isValid(i)) {
                slots.add(i);
            }
        }
        Reconcile.list(ws.getEntries(), slots, i -> i, WorkingSetEntry::getIndex, factory::createWorkingSetEntry,
                (e, slot) -> copyWorkingSetEntry(e, slot, list, source));
    }

    /** Typed compare-and-set: a working set has tens of thousands of entries, most unchanged. */
    private void copyWorkingSetEntry(WorkingSetEntry e, int slot, WorkingSetList list, MmProcess source) {
        long va = list.page(slot);
        long pte = mm.pte(source, va);
        long pfn = Pte.isValid(pte) ? Pte.pfn(pte) : -1L;
        if (e.getIndex() != slot) {
            e.setIndex(slot);
        }
        if (e.getVirtualAddress() != va) {
            e.setVirtualAddress(va);
        }
        if (e.getPfn() != pfn) {
            e.setPfn(pfn);
        }
        if (e.getAge() != list.age(slot)) {
            e.setAge(list.age(slot));
        }
        if (e.isLocked() != list.isLocked(slot)) {
            e.setLocked(list.isLocked(slot));
        }
    }

    private static void copyThread(ThreadInfo t, SimThread source) {
        Reconcile.set(t, Literals.THREAD_INFO__ID, source.id());
        Reconcile.set(t, Literals.THREAD_INFO__NAME, source.name());
        Reconcile.set(t, Literals.THREAD_INFO__STATE, source.state().name());
        Reconcile.set(t, Literals.THREAD_INFO__WAIT_REASON, source.waitReason().name());
        Reconcile.set(t, Literals.THREAD_INFO__LAST_CPU, source.lastCpu());
        Reconcile.set(t, Literals.THREAD_INFO__STEPS, source.steps());
        Reconcile.values(t.getFrames(), Arrays.asList(source.stack()));
    }

    private static void copyVad(VadInfo v, Vad source) {
        Reconcile.set(v, Literals.VAD_INFO__START, source.start());
        Reconcile.set(v, Literals.VAD_INFO__END, source.end());
        Reconcile.set(v, Literals.VAD_INFO__PROTECTION, source.protection());
        Reconcile.set(v, Literals.VAD_INFO__PROTECTION_NAME, Protection.name(source.protection()));
        Reconcile.set(v, Literals.VAD_INFO__COMMITTED_PAGES, source.committedPages());
        Reconcile.set(v, Literals.VAD_INFO__SECTION_ID, source.isView() ? source.section().id() : -1);
        Reconcile.set(v, Literals.VAD_INFO__FIRST_SECTION_PAGE, source.isView() ? source.firstSectionPage() : 0L);
    }

    /** A page-table page found by the walk. */
    record Table(int pfn, int level, long base) {
    }

    /** The PML4 and, below it, every table of the process's half (user, or kernel for System). */
    private List<Table> tablesOf(MmProcess process) {
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(process.pml4(), 4, 0));
        boolean kernel = process == mm.systemProcess();
        for (int index = 0; index < 512; index++) {
            boolean wanted = kernel ? index >= 256 && index != X64Paging.SELF_MAP_INDEX
                    && index != MemoryManager.HYPERSPACE_INDEX : index < 256;
            long entry = mm.tableEntry(process.pml4(), index);
            if (wanted && Pte.isValid(entry)) {
                collect(tables, (int) Pte.pfn(entry), 3, entryAddress(0, 4, index));
            }
        }
        return tables;
    }

    private void collect(List<Table> tables, int pfn, int level, long base) {
        tables.add(new Table(pfn, level, base));
        if (level == 1) {
            return;
        }
        for (int index = 0; index < 512; index++) {
            long entry = mm.tableEntry(pfn, index);
            if (Pte.isValid(entry)) {
                collect(tables, (int) Pte.pfn(entry), level - 1, entryAddress(base, level, index));
            }
        }
    }

    /** First address covered by entry {@code index} of a table of {@code level} starting at {@code base}. */
    static long entryAddress(long base, int level, int index) {
        return X64Paging.canonical(base + ((long) index << (12 + 9 * (level - 1))));
    }

    private void copyTable(PageTable table, Table source) {
        long[] now = new long[512];
        for (int index = 0; index < 512; index++) {
            now[index] = mm.tableEntry(source.pfn(), index);
        }
        seenTables.add(source.pfn());
        long[] before = lastTables.get(source.pfn());
        boolean unchanged = before != null && Arrays.equals(before, now) && table.getPfn() == source.pfn()
                && table.getLevel() == source.level() && table.getBaseAddress() == source.base();
        if (unchanged) {
            return; // the common case on a suspend: most page tables did not change
        }
        lastTables.put(source.pfn(), now);
        if (table.getPfn() != source.pfn()) {
            table.setPfn(source.pfn());
        }
        if (table.getLevel() != source.level()) {
            table.setLevel(source.level());
        }
        if (table.getBaseAddress() != source.base()) {
            table.setBaseAddress(source.base());
        }
        List<Integer> used = new ArrayList<>();
        for (int index = 0; index < 512; index++) {
            if (now[index] != 0) {
                used.add(index);
            }
        }
        Reconcile.list(table.getEntries(), used, i -> i, PteEntry::getIndex, factory::createPteEntry,
                (e, index) -> copyEntry(e, index, entryAddress(source.base(), source.level(), index), now[index]));
    }

    /** Copies one raw entry (its decoding is derived from the value). */
    static void copyEntry(PteEntry e, int index, long va, long value) {
        if (e.getIndex() != index) {
            e.setIndex(index);
        }
        if (e.getVirtualAddress() != va) {
            e.setVirtualAddress(va);
        }
        if (e.getValue() != value) {
            e.setValue(value);
        }
    }
}
