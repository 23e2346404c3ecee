package org.mmscope.ui.views.events;

import org.mmscope.model.EventRecord;
import org.mmscope.model.PageList;
import org.mmscope.model.text.ModelLabels;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.ui.views.pfn.PfnColumn;

/** The timeline's cells for one event. */
public final class EventText {

    /** Column titles, in order. */
    public static final String[] COLUMNS = { "#", "Time", "CPU", "Thread", "Process", "Event", "PFN", "VA",
        "Old -> new", "Detail" };
    /** Column widths, in order. */
    public static final int[] WIDTHS = { 60, 90, 40, 55, 60, 190, 70, 150, 160, 90 };

    private EventText() {
    }

    /** The event's type, or null when the model holds a name this version does not know. */
    public static MmEventType type(EventRecord e) {
        try {
            return MmEventType.valueOf(e.getType());
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return null;
        }
    }

    public static String[] cells(EventRecord e) {
        MmEventType type = type(e);
        return new String[] { Long.toString(e.getSequence()), time(e.getTime()), Integer.toString(e.getCpu()),
            e.getThread() < 0 ? "" : Integer.toString(e.getThread()),
            e.getProcess() < 0 ? "" : Integer.toString(e.getProcess()),
            type == null ? e.getType() : type.displayName(),
            e.getPfn() < 0 ? "" : "0x" + Long.toHexString(e.getPfn()),
            e.getVirtualAddress() == 0 ? "" : ModelLabels.address(e.getVirtualAddress()), states(e, type),
            e.getDetail() == 0 ? "" : "0x" + Long.toHexString(e.getDetail()) };
    }

    /** "Standby -> Active" for a list transition, "1 -> 2" for counts, "" when both are zero. */
    static String states(EventRecord e, MmEventType type) {
        if (type == MmEventType.PAGE_LIST_TRANSITION) {
            return list(e.getOldState()) + " -> " + list(e.getNewState());
        }
        return e.getOldState() == 0 && e.getNewState() == 0 ? "" : e.getOldState() + " -> " + e.getNewState();
    }

    private static String list(int code) {
        PageList list = PageList.get(code);
        return list == null ? Integer.toString(code) : PfnColumn.listName(list);
    }

    /** Simulated time: {@code 12.345678 ms}. */
    static String time(long nanos) {
        return String.format("%d.%06d ms", nanos / 1_000_000, nanos % 1_000_000);
    }
}
