package org.mmscope.sim.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.mm.MachineConfig;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Simulation;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.scenario.MachineSpec;
import org.mmscope.sim.scenario.ProcessSpec;
import org.mmscope.sim.scenario.Scenario;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.Statement;
import org.mmscope.sim.scenario.ThreadSpec;
import org.mmscope.sim.scenario.Value;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadState;

/**
 * Runs a validated {@link Scenario} on a {@link Simulation} (docs/scenario-format.md, "How a scenario
 * runs"): builds the machine from its {@code machine} statement, runs the script on a script thread,
 * creates processes and their threads when the script reaches them, fires {@code at} rules at their
 * time and {@code pressure} rules when their condition becomes true.
 *
 * <p>Statements this version cannot run are refused before anything runs, with their
 * file:line:column (see {@code StatementCompiler.checkSupported}).
 */
public final class ScenarioRun implements Serializable {

    /** Priority of the script thread and of rule threads (above process threads, below the system's). */
    static final int CONTROL_PRIORITY = 9;

    private final Scenario scenario;
    private final Simulation simulation;
    private final MemoryManager mm;
    private final StatementCompiler compiler;
    private final Map<String, MmProcess> processes = new TreeMap<>();
    private final List<String> marks = new ArrayList<>();
    private final Map<String, PoolBlockRef> poolBlocks = new TreeMap<>();
    private final Map<String, ControlArea> sections = new TreeMap<>();
    private final List<SimThread> controlThreads = new ArrayList<>();
    private final List<Statement> pressureRules;
    private final boolean[] pressureArmed;
    private final SimThread script;

    private ScenarioRun(Scenario scenario) {
        this.scenario = scenario;
        this.simulation = new Simulation(machineConfig(scenario.machine()));
        this.mm = simulation.memoryManager();
        mm.pools().setProtectedFreePool(scenario.machine().protectedPool());
        this.compiler = new StatementCompiler(this);
        this.script = mm.scheduler().createThread("script", MemoryManager.SYSTEM_PID, CONTROL_PRIORITY,
                new StatementProgram(this, mm.systemProcess(), scenario.script(), 1));
        controlThreads.add(script);
        for (Statement at : scenario.timedActions()) {
            controlThreads.add(mm.scheduler().createThread("at t=" + at.time("t") + "ns", MemoryManager.SYSTEM_PID,
                    CONTROL_PRIORITY, new StatementProgram(this, mm.systemProcess(), at.block(), 1,
                            org.mmscope.sim.mm.Operations.delay(at.time("t")))));
        }
        this.pressureRules = scenario.pressureRules();
        this.pressureArmed = new boolean[pressureRules.size()];
        java.util.Arrays.fill(pressureArmed, true);
    }

    /**
     * Checks that every statement can run in this version and starts the scenario (nothing has run
     * yet: call {@link #step()}).
     *
     * @throws ScenarioException naming the first statement that cannot run, and where it is
     */
    public static ScenarioRun start(Scenario scenario) throws ScenarioException {
        StatementCompiler.checkSupported(scenario.statements());
        if (scenario.machine().pagingFiles().size() > 1) {
            throw new ScenarioException(scenario.statements().get(0).position(),
                    "this version simulates one paging file; the scenario declares "
                            + scenario.machine().pagingFiles().size());
        }
        return new ScenarioRun(scenario);
    }

    /** The machine a scenario's {@code machine} statement describes. */
    static MachineConfig machineConfig(MachineSpec machine) {
        long pagingFile = machine.pagingFiles().isEmpty() ? 0 : machine.pagingFiles().get(0).sizeBytes();
        MachineConfig defaults = MachineConfig.ofRam(machine.ramBytes(), machine.colours(), machine.cpus(),
                pagingFile, machine.seed());
        return new MachineConfig(defaults.ramPages(), defaults.colours(), defaults.cpus(), defaults.pagingFilePages(),
                defaults.seed(), defaults.eventCapacity(), defaults.workingSetMinimum(), defaults.workingSetMaximum(),
                machine.diskLatencyNanos(), defaults.diskNanosPerPage(), defaults.stepNanos(), machine.background());
    }

    public Scenario scenario() {
        return scenario;
    }

    public Simulation simulation() {
        return simulation;
    }

    /** The markers written by {@code mark}, in order; a MARK event's detail is the index here. */
    public List<String> marks() {
        return Collections.unmodifiableList(marks);
    }

    /** The process a scenario name refers to now, or null if it was not created yet or has exited. */
    public MmProcess process(String name) {
        MmProcess process = processes.get(name);
        return process == null || process.hasExited() ? null : process;
    }

    /**
     * True when the scenario is over: the script, every process thread and every {@code at} rule are
     * done (the system threads and pressure rules do not keep it alive).
     */
    public boolean isFinished() {
        for (SimThread thread : mm.scheduler().threads()) {
            boolean counts = controlThreads.contains(thread) || thread.processId() != MemoryManager.SYSTEM_PID;
            if (counts && thread.state() != ThreadState.TERMINATED) {
                return false;
            }
        }
        return true;
    }

    /** Makes one thing happen (see {@link Simulation#step()}) and evaluates the pressure rules. */
    public boolean step() {
        if (isFinished()) {
            return false;
        }
        boolean progressed = simulation.step();
        evaluatePressureRules();
        return progressed;
    }

    /** Steps until the scenario is over or {@code maxSteps} steps ran; returns the steps run. */
    public long run(long maxSteps) {
        long steps = 0;
        while (steps < maxSteps && step()) {
            steps++;
        }
        return steps;
    }

    private void evaluatePressureRules() {
        for (int i = 0; i < pressureRules.size(); i++) {
            Statement rule = pressureRules.get(i);
            boolean holds = holds(rule.condition("condition"));
            if (holds && pressureArmed[i]) {
                pressureArmed[i] = false;
                mm.scheduler().createThread("pressure " + rule.position(), MemoryManager.SYSTEM_PID, CONTROL_PRIORITY,
                        new StatementProgram(this, mm.systemProcess(), rule.block(), 1));
            } else if (!holds) {
                pressureArmed[i] = true;
            }
        }
    }

    /** The value of a condition variable now (docs/scenario-format.md: available, zeroed, free, ...). */
    long variable(String name) {
        var pfns = mm.pfns();
        return switch (name) {
            case "available" -> pfns.availablePages();
            case "zeroed" -> pfns.listTotal(PageList.ZEROED);
            case "free" -> pfns.listTotal(PageList.FREE);
            case "standby" -> pfns.listTotal(PageList.STANDBY);
            case "modified" -> pfns.listTotal(PageList.MODIFIED);
            case "modified-no-write" -> pfns.listTotal(PageList.MODIFIED_NO_WRITE);
            case "bad" -> pfns.listTotal(PageList.BAD);
            case "active" -> pfns.locationCount(PageList.ACTIVE_AND_VALID);
            default -> throw new IllegalArgumentException("unknown condition variable " + name);
        };
    }

    boolean holds(Value.Condition condition) {
        return condition.test(variable(condition.variable()));
    }

    MemoryManager memoryManager() {
        return mm;
    }

    StatementCompiler compiler() {
        return compiler;
    }

    /** Creates a declared process and starts its threads (the script reached its {@code process}). */
    void createProcess(String name) {
        ProcessSpec spec = scenario.process(name)
                .orElseThrow(() -> new IllegalStateException("no process " + name + " is declared"));
        int min = (int) Math.max(1, spec.workingSetMinimum().orElse(mm.config().workingSetMinimum() * 4096L) >>> 12);
        int max = (int) Math.max(min, spec.workingSetMaximum().orElse(mm.config().workingSetMaximum() * 4096L) >>> 12);
        MmProcess process = mm.createProcess(name, min, max);
        processes.put(name, process);
        for (ThreadSpec thread : spec.threads()) {
            SimThread created = mm.scheduler().createThread(name + "/" + thread.name(), process.pid(),
                    thread.priority(), new StatementProgram(this, process, thread.body(), 1));
            mm.events().emit(MmEventType.THREAD_CREATE, -1, 0, 0, 0, created.id());
        }
    }

    /** A {@code fork ... as NAME} finished: the child is known by its name from now on. */
    void processForked(String name, MmProcess child) {
        processes.put(name, child);
    }

    /** True while some thread of the process has not finished. */
    boolean hasLiveThreads(MmProcess process) {
        for (SimThread thread : mm.scheduler().threads()) {
            if (thread.processId() == process.pid() && thread.state() != ThreadState.TERMINATED) {
                return true;
            }
        }
        return false;
    }

    /** The sections created by {@code section create}, by name. */
    public Map<String, ControlArea> sections() {
        return Collections.unmodifiableMap(sections);
    }

    void sectionCreated(String name, ControlArea area) {
        sections.put(name, area);
    }

    /** The named section, or a run error at the statement when its {@code section create} has not run. */
    ControlArea section(Statement at, String name) {
        ControlArea area = sections.get(name);
        if (area == null) {
            throw new ScenarioRunException(at.position(), "section '" + name
                    + "' does not exist yet: its 'section create' (or 'section image') has not run");
        }
        return area;
    }

    /**
     * A named pool block: its address (0 when the allocation failed), its tag, and whether a
     * {@code pool free} ran on it. A freed block keeps its address, so that a scenario can show what a
     * second free (BAD_POOL_CALLER) or a write after free does.
     */
    public record PoolBlockRef(long address, int tag, boolean freed) implements Serializable {
    }

    /** The pool blocks named with {@code as NAME}, by name. */
    public Map<String, PoolBlockRef> poolBlocks() {
        return Collections.unmodifiableMap(poolBlocks);
    }

    void poolBlockAllocated(String name, long address, int tag) {
        if (name != null) {
            poolBlocks.put(name, new PoolBlockRef(address, tag, false));
        }
    }

    /** The named block, or a run error at the statement when its {@code pool alloc} has not run yet. */
    PoolBlockRef poolBlock(Statement at, String name) {
        PoolBlockRef block = poolBlocks.get(name);
        if (block == null) {
            throw new ScenarioRunException(at.position(), "pool block '" + name
                    + "' does not exist yet: its 'pool alloc' has not run");
        }
        return block;
    }

    void poolBlockFreed(String name) {
        poolBlocks.computeIfPresent(name, (n, b) -> new PoolBlockRef(b.address(), b.tag(), true));
    }

    /** Records a marker and reports it as an event. */
    void mark(String text) {
        marks.add(text);
        mm.events().emit(MmEventType.MARK, -1, 0, 0, 0, marks.size() - 1);
    }
}
