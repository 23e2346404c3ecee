package org.mmscope.debug.core.launcher;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * The running simulation as the Debug view shows it: a process that terminates when the scenario
 * ends, and that the user can terminate (which cancels the simulation job).
 */
final class SimulationProcess implements IProcess {

    private final ILaunch launch;
    private final String label;
    private final Map<String, String> attributes = new HashMap<>();
    private volatile SimulationJob job;
    private volatile boolean terminated;

    SimulationProcess(ILaunch launch, String label) {
        this.launch = launch;
        this.label = label;
        launch.addProcess(this);
        fire(DebugEvent.CREATE);
    }

    void start(SimulationJob simulationJob) {
        this.job = simulationJob;
        simulationJob.schedule();
    }

    /** Called by the job when the simulation ended, however it ended. */
    void ended() {
        terminated = true;
        fire(DebugEvent.TERMINATE);
    }

    @Override
    public String getLabel() {
        SimulationJob current = job;
        return label + (current == null ? "" : " (" + current.outcome() + ")");
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy getStreamsProxy() {
        return null;
    }

    @Override
    public void setAttribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public String getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public int getExitValue() {
        SimulationJob current = job;
        return current != null && "finished".equals(current.outcome()) ? 0 : 1;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean canTerminate() {
        return !terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void terminate() {
        SimulationJob current = job;
        if (current != null) {
            current.cancel();
        }
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }
}
