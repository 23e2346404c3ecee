package org.mmscope.model.sync;

import org.mmscope.model.EventRecord;
import org.mmscope.model.MmFactory;
import org.mmscope.sim.event.EventLog;

/** Model records of logged simulator events. */
public final class EventRecords {

    private EventRecords() {
    }

    /** A new record of event {@code sequence} of {@code log} (which must still retain it). */
    public static EventRecord of(EventLog log, long sequence) {
        EventRecord record = MmFactory.eINSTANCE.createEventRecord();
        fill(record, log, sequence);
        return record;
    }

    /** Sets every field of {@code record} from event {@code sequence} of {@code log}. */
    static void fill(EventRecord record, EventLog log, long sequence) {
        record.setSequence(sequence);
        record.setTime(log.time(sequence));
        record.setType(log.type(sequence).name());
        record.setCpu(log.cpu(sequence));
        record.setThread(log.thread(sequence));
        record.setProcess(log.process(sequence));
        record.setPfn(log.pfn(sequence));
        record.setVirtualAddress(log.va(sequence));
        record.setOldState(log.oldState(sequence));
        record.setNewState(log.newState(sequence));
        record.setDetail(log.detail(sequence));
    }
}
