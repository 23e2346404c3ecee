package org.mmscope.model.query;

import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.Process;
import org.mmscope.model.text.ModelLabels;

/**
 * The functions of namespace {@code mm:} in queries and conditions, e.g.
 * {@code ownerPid == mm:pid('notepad.exe')}. Each refuses what it cannot find with a clear error
 * rather than answering null.
 */
public final class QueryFunctions {

    private final Machine machine;

    QueryFunctions(Machine machine) {
        this.machine = machine;
    }

    /** The process called {@code name} (the first one, by pid). */
    public Process process(String name) {
        if (machine != null) {
            for (Process p : machine.getProcesses()) {
                if (p.getName().equals(name)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no process is called '" + name + "'" + known());
    }

    /** The pid of the process called {@code name}. */
    public int pid(String name) {
        return process(name).getPid();
    }

    /** The control area id of the section called {@code name}. */
    public int section(String name) {
        if (machine != null) {
            for (ControlArea area : machine.getSections()) {
                if (area.getName().equals(name)) {
                    return area.getId();
                }
            }
        }
        throw new IllegalArgumentException("no section is called '" + name + "'");
    }

    /** {@code 0x1a2b3}. */
    public String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** WinDbg's form of an address, {@code fffff680`0001d0a8}. */
    public String address(long value) {
        return ModelLabels.address(value);
    }

    private String known() {
        if (machine == null || machine.getProcesses().isEmpty()) {
            return "";
        }
        StringBuilder names = new StringBuilder(" (processes: ");
        for (int i = 0; i < machine.getProcesses().size(); i++) {
            names.append(i == 0 ? "" : ", ").append(machine.getProcesses().get(i).getName());
        }
        return names.append(')').toString();
    }
}
