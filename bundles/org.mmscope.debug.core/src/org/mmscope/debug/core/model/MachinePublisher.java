package org.mmscope.debug.core.model;

import org.mmscope.model.Cpu;
import org.mmscope.model.Irql;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.Process;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;

/**
 * Builds the EMF picture of a simulated machine's summary: the machine, its CPUs, the page-list heads
 * with their totals (Standby by priority) and the processes. Called on the simulation's thread between
 * two steps; the result is a new, detached object tree that the UI may read from any thread once
 * published. (Population of the PFN entries themselves is the model issue's work.)
 */
public final class MachinePublisher {

    private MachinePublisher() {
    }

    public static Machine summarize(MemoryManager mm, long eventSequence) {
        MmFactory factory = MmFactory.eINSTANCE;
        Machine machine = factory.createMachine();
        machine.setRamBytes((long) mm.config().ramPages() << 12);
        machine.setPageSize(4096);
        machine.setColours(mm.config().colours());
        machine.setSimulatedTimeNanos(mm.clock().now());
        machine.setEventSequence(eventSequence);
        for (int i = 0; i < mm.cpuCount(); i++) {
            Cpu cpu = factory.createCpu();
            cpu.setNumber(i);
            cpu.setIrql(Irql.get(mm.cpu(i).irql().level()));
            machine.getCpus().add(cpu);
        }
        PfnDatabase database = factory.createPfnDatabase();
        machine.setPfnDatabase(database);
        var pfns = mm.pfns();
        for (org.mmscope.sim.pfn.PageList list : org.mmscope.sim.pfn.PageList.values()) {
            PageList modelList = PageList.get(list.code());
            if (list == org.mmscope.sim.pfn.PageList.STANDBY) {
                for (int priority = 0; priority < org.mmscope.sim.pfn.PfnDatabase.PRIORITIES; priority++) {
                    database.getListHeads().add(head(modelList, priority, pfns.standbyTotal(priority)));
                }
            } else {
                database.getListHeads().add(head(modelList, -1, pfns.locationCount(list)));
            }
        }
        for (MmProcess source : mm.processes()) {
            Process process = factory.createProcess();
            process.setName(source.name());
            process.setPid(source.pid());
            process.setDirectoryTableBase(source.directoryTableBase());
            machine.getProcesses().add(process);
        }
        return machine;
    }

    private static PageListHead head(PageList list, int priority, long total) {
        PageListHead head = MmFactory.eINSTANCE.createPageListHead();
        head.setList(list);
        head.setPriority(priority);
        head.setTotal(total);
        return head;
    }
}
