package org.mmscope.ui.views.ws;

import java.util.function.ToLongFunction;

import org.mmscope.model.Process;
import org.mmscope.model.WorkingSet;

/** The process table's columns: working-set size, peak, limits and the fault counters (like !vm / Task Manager). */
public enum ProcessColumn {
    NAME("Process", 120, null),
    PID("PID", 45, Process::getPid),
    SIZE("WS pages", 70, p -> ws(p) == null ? 0 : ws(p).getCount()),
    PEAK("Peak", 60, p -> ws(p) == null ? 0 : ws(p).getPeak()),
    MINIMUM("Min", 50, p -> ws(p) == null ? 0 : ws(p).getMinimum()),
    MAXIMUM("Max", 55, p -> ws(p) == null ? 0 : ws(p).getMaximum()),
    FAULTS("Faults", 60, Process::getPageFaults),
    DEMAND_ZERO("Demand zero", 85, Process::getDemandZeroFaults),
    TRANSITION("Transition", 75, Process::getTransitionFaults),
    HARD("Hard", 50, Process::getHardFaults),
    COPY_ON_WRITE("COW", 45, Process::getCopyOnWriteFaults),
    PRIVATE("Private pages", 90, Process::getPrivatePages);

    private final String title;
    private final int width;
    private final ToLongFunction<Process> value;

    ProcessColumn(String title, int width, ToLongFunction<Process> value) {
        this.title = title;
        this.width = width;
        this.value = value;
    }

    public String title() {
        return title;
    }

    public int width() {
        return width;
    }

    public String text(Process process) {
        return value == null ? process.getName() : String.format("%,d", value.applyAsLong(process));
    }

    private static WorkingSet ws(Process process) {
        return process.getWorkingSet();
    }

    public static String[] cells(Process process) {
        ProcessColumn[] columns = values();
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            cells[i] = columns[i].text(process);
        }
        return cells;
    }
}
