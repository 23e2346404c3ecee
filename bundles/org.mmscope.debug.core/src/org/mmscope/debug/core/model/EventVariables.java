package org.mmscope.debug.core.model;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.model.IVariable;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.sched.SimThread;

/** The variables of a thread's top frame: its state and the fields of its last event. */
final class EventVariables {

    private EventVariables() {
    }

    /** Variables for {@code thread}; {@code sequence} is its last retained event, or -1. */
    static IVariable[] of(MmDebugTarget target, EventLog log, long sequence, SimThread thread) {
        List<IVariable> variables = new ArrayList<>();
        add(variables, target, "state", "state", thread.state().name());
        add(variables, target, "waitReason", "wait reason", thread.waitReason().name());
        if (sequence >= 1 && log.isRetained(sequence)) {
            MmEventType type = log.type(sequence);
            add(variables, target, "sequence", "long", Long.toString(sequence));
            add(variables, target, "type", "event type", type.name());
            long pfn = log.pfn(sequence);
            add(variables, target, "pfn", "PFN", pfn < 0 ? "none" : "0x" + Long.toHexString(pfn));
            add(variables, target, "va", "VA", windbgAddress(log.va(sequence)));
            add(variables, target, "oldState", "state", state(type, log.oldState(sequence), true));
            add(variables, target, "newState", "state", state(type, log.newState(sequence), false));
            add(variables, target, "detail", "long", "0x" + Long.toHexString(log.detail(sequence)));
        }
        return variables.toArray(new IVariable[0]);
    }

    /** An address as WinDbg shows it: 16 hex digits with a backtick in the middle. */
    static String windbgAddress(long va) {
        String hex = String.format("%016x", va);
        return hex.substring(0, 8) + "`" + hex.substring(8);
    }

    private static String state(MmEventType type, int value, boolean old) {
        if (value == EventLog.NO_STATE) {
            return "none";
        }
        boolean lists = type == MmEventType.PAGE_LIST_TRANSITION || type == MmEventType.FAULT_TRANSITION;
        if (lists && value >= 0 && value < PageList.values().length) {
            for (PageList list : PageList.values()) {
                if (list.code() == value) {
                    return list.name();
                }
            }
        }
        boolean tag = old && (type == MmEventType.POOL_ALLOCATE || type == MmEventType.POOL_FREE);
        return tag ? "'" + BreakpointMatcher.tagText(value) + "'" : Integer.toString(value);
    }

    private static void add(List<IVariable> variables, MmDebugTarget target, String name, String type, String text) {
        variables.add(new MmVariable(target, name, new MmValue(target, type, text)));
    }
}
