package org.mmscope.ui.views.pfn;

import java.util.HashMap;
import java.util.Map;

import org.mmscope.model.ControlArea;
import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;

/** Names of the processes and sections of one machine, for the Owner column (snapshot per refresh). */
public final class Owners {

    /** No machine: every owner shown by its number. */
    public static final Owners NONE = new Owners(Map.of(), Map.of());

    private final Map<Integer, String> processes;
    private final Map<Integer, String> sections;

    private Owners(Map<Integer, String> processes, Map<Integer, String> sections) {
        this.processes = processes;
        this.sections = sections;
    }

    public static Owners of(Machine machine) {
        Map<Integer, String> processes = new HashMap<>();
        Map<Integer, String> sections = new HashMap<>();
        for (Process process : machine.getProcesses()) {
            processes.put(process.getPid(), process.getName());
        }
        for (ControlArea section : machine.getSections()) {
            sections.put(section.getId(), section.getName());
        }
        return new Owners(processes, sections);
    }

    /** {@code "notepad.exe(412)"}, or {@code "pid 412"} when the process is gone. */
    public String process(int pid) {
        String name = processes.get(pid);
        return name == null ? "pid " + pid : name + "(" + pid + ")";
    }

    /** {@code "section data.bin(3)"}. */
    public String section(int id) {
        String name = sections.get(id);
        return "section " + (name == null ? Integer.toString(id) : name + "(" + id + ")");
    }

    /** The owner of a page as the Owner column shows it; "" for none. */
    public String of(PfnEntry entry) {
        return switch (entry.getOwnerKind()) {
            case PROCESS_PRIVATE -> process(entry.getOwnerPid());
            case PAGE_TABLE -> "page table of " + process(entry.getOwnerPid());
            case SECTION -> section(entry.getOwnerSection());
            case CLONE_BLOCK -> "fork of " + process(entry.getOwnerPid());
            case KERNEL -> "kernel";
            default -> "";
        };
    }
}
