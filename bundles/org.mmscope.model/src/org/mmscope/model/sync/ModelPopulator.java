package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.mmscope.model.Counter;
import org.mmscope.model.Cpu;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Irql;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage.Literals;
import org.mmscope.model.TlbEntry;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Tlb;
import org.mmscope.sim.mm.MemoryManager;

/**
 * Keeps one EMF {@link Machine} in step with a simulated memory manager (architecture: the model is
 * populated at suspend points and on demand; the simulator never touches EMF objects).
 * {@link #populate()} builds the model the first time; every later call copies only what changed
 * since the previous one: PFN entries whose raw words differ, and keyed updates of the smaller
 * structures, so views holding model objects keep them and see notifications only for real changes.
 *
 * <p>Not thread-safe: call it on the thread that owns the simulation, while the simulation is
 * suspended.
 */
public final class ModelPopulator {

    /** Events kept in {@link Machine#getEvents()} unless told otherwise. */
    public static final int DEFAULT_EVENT_WINDOW = 1000;

    private final MemoryManager mm;
    private final Machine machine;
    private final OwnerResolver owners;
    private final PfnSync pfns;
    private final ProcessSync processes;
    private final KernelSync kernel;
    private final HistorySync history;
    private final int eventWindow;
    private boolean populated;
    private String bugCheck;

    /** A populator for {@code mm} that keeps the last {@link #DEFAULT_EVENT_WINDOW} events. */
    public ModelPopulator(MemoryManager mm, String name) {
        this(mm, name, DEFAULT_EVENT_WINDOW);
    }

    /**
     * @param name        the machine's name in the model (the scenario's)
     * @param eventWindow events kept in the model, 0 for none
     */
    public ModelPopulator(MemoryManager mm, String name, int eventWindow) {
        this.mm = Objects.requireNonNull(mm, "memory manager");
        if (eventWindow < 0) {
            throw new IllegalArgumentException("event window must be 0 or more, not " + eventWindow);
        }
        this.eventWindow = eventWindow;
        this.machine = MmFactory.eINSTANCE.createMachine();
        machine.setName(Objects.requireNonNull(name, "name"));
        this.owners = new OwnerResolver(mm);
        this.pfns = new PfnSync(mm.pfns(), owners);
        this.processes = new ProcessSync(mm);
        this.kernel = new KernelSync(mm);
        this.history = new HistorySync(mm);
    }

    /** True once {@link #populate()} ran: later calls change {@link #machine()} in place. */
    public boolean isPopulated() {
        return populated;
    }

    /** The model this populator keeps up to date (empty until the first {@link #populate()}). */
    public Machine machine() {
        return machine;
    }

    /** Records the bugcheck that stopped the machine (shown by the model until cleared with null). */
    public void setBugCheck(String description) {
        this.bugCheck = description;
    }

    /**
     * Brings the model up to date with the simulator: everything the first time, then what changed.
     *
     * @return what was done
     */
    public SyncReport populate() {
        long start = System.nanoTime();
        owners.refresh();
        int changedPfns;
        boolean full = !populated;
        if (full) {
            machine.setPfnDatabase(pfns.populate());
            changedPfns = mm.pfns().pageCount();
            populated = true;
        } else {
            changedPfns = pfns.update(machine.getPfnDatabase());
        }
        copyMachine();
        history.update(machine.getPfnDatabase());
        processes.update(machine.getProcesses());
        kernel.update(machine);
        copyCpus();
        copyCounters();
        copyEvents();
        return new SyncReport(full, changedPfns, System.nanoTime() - start);
    }

    private void copyMachine() {
        Reconcile.set(machine, Literals.MACHINE__RAM_BYTES, (long) mm.pfns().pageCount() << 12);
        Reconcile.set(machine, Literals.MACHINE__COLOURS, mm.pfns().colours());
        Reconcile.set(machine, Literals.MACHINE__SEED, mm.config().seed());
        Reconcile.set(machine, Literals.MACHINE__SIMULATED_TIME_NANOS, mm.clock().now());
        Reconcile.set(machine, Literals.MACHINE__EVENT_SEQUENCE, mm.eventLog().last());
        Reconcile.set(machine, Literals.MACHINE__STEPS, mm.scheduler().stepCount());
        Reconcile.set(machine, Literals.MACHINE__AVAILABLE_PAGES, (long) mm.pfns().availablePages());
        Reconcile.set(machine, Literals.MACHINE__PAGING_FILE_PAGES,
                mm.pagingFile().allocatedCount() + mm.pagingFile().freeCount());
        Reconcile.set(machine, Literals.MACHINE__PAGING_FILE_USED, mm.pagingFile().allocatedCount());
        Reconcile.set(machine, Literals.MACHINE__BUG_CHECK, bugCheck);
    }

    private void copyCpus() {
        List<Integer> numbers = new ArrayList<>();
        for (int c = 0; c < mm.cpuCount(); c++) {
            numbers.add(c);
        }
        Reconcile.list(machine.getCpus(), numbers, n -> n, Cpu::getNumber, MmFactory.eINSTANCE::createCpu,
                (cpu, n) -> {
                    org.mmscope.sim.hw.Cpu source = mm.cpu(n);
                    Tlb tlb = source.tlb();
                    Reconcile.set(cpu, Literals.CPU__NUMBER, n);
                    Reconcile.set(cpu, Literals.CPU__IRQL, Irql.get(source.irql().ordinal()));
                    Reconcile.set(cpu, Literals.CPU__CURRENT_THREAD, source.currentThreadId());
                    Reconcile.set(cpu, Literals.CPU__TLB_CAPACITY, tlb.capacity());
                    Reconcile.set(cpu, Literals.CPU__TLB_HITS, tlb.hits());
                    Reconcile.set(cpu, Literals.CPU__TLB_MISSES, tlb.misses());
                    List<Integer> slots = new ArrayList<>();
                    for (int slot = 0; slot < tlb.capacity(); slot++) {
                        if (tlb.isValid(slot)) {
                            slots.add(slot);
                        }
                    }
                    Reconcile.list(cpu.getTlbEntries(), slots, s -> s, TlbEntry::getSlot,
                            MmFactory.eINSTANCE::createTlbEntry, (e, slot) -> {
                                Reconcile.set(e, Literals.TLB_ENTRY__SLOT, slot);
                                Reconcile.set(e, Literals.TLB_ENTRY__ADDRESS_SPACE, tlb.addressSpace(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__VIRTUAL_ADDRESS, tlb.virtualAddress(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__PFN, tlb.pfn(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__WRITABLE, tlb.isWritable(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__USER, tlb.isUser(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__NO_EXECUTE, tlb.isNoExecute(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__DIRTY, tlb.isDirty(slot));
                                Reconcile.set(e, Literals.TLB_ENTRY__GLOBAL, tlb.isGlobal(slot));
                            });
                });
    }

    private void copyCounters() {
        List<Counter> wanted = new ArrayList<>();
        long[] counts = mm.eventLog().counts();
        for (MmEventType type : MmEventType.values()) {
            if (type.code() < counts.length && counts[type.code()] > 0) {
                wanted.add(counter("event." + type.name(), counts[type.code()]));
            }
        }
        for (int c = 0; c < mm.cpuCount(); c++) {
            Tlb tlb = mm.cpu(c).tlb();
            wanted.add(counter("tlb.cpu" + c + ".hits", tlb.hits()));
            wanted.add(counter("tlb.cpu" + c + ".misses", tlb.misses()));
            wanted.add(counter("tlb.cpu" + c + ".flushes.single", tlb.singleFlushes()));
            wanted.add(counter("tlb.cpu" + c + ".flushes.all", tlb.entireFlushes()));
        }
        wanted.add(counter("pool.failures", mm.pools().failures()));
        wanted.add(counter("pagingFile.used", mm.pagingFile().allocatedCount()));
        Reconcile.list(machine.getCounters(), wanted, Counter::getName, Counter::getName,
                MmFactory.eINSTANCE::createCounter, (c, s) -> {
                    Reconcile.set(c, Literals.COUNTER__NAME, s.getName());
                    Reconcile.set(c, Literals.COUNTER__VALUE, s.getValue());
                });
    }

    private static Counter counter(String name, long value) {
        Counter c = MmFactory.eINSTANCE.createCounter();
        c.setName(name);
        c.setValue(value);
        return c;
    }

    private void copyEvents() {
        EventLog log = mm.eventLog();
        List<Long> sequences = new ArrayList<>();
        if (eventWindow > 0 && log.size() > 0) {
            long last = log.last();
            long first = Math.max(log.firstRetained(), last - eventWindow + 1);
            for (long s = first; s <= last; s++) {
                sequences.add(s);
            }
        }
        Reconcile.list(machine.getEvents(), sequences, s -> s, EventRecord::getSequence,
                MmFactory.eINSTANCE::createEventRecord, (e, s) -> {
                    if (e.getType() != null) {
                        return; // an event never changes once recorded
                    }
                    EventRecords.fill(e, log, s);
                });
    }
}
