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

    /** What the process shows and stops: a run-mode job or a debug target's simulation. */
    interface Control {
        /** How the run stands ("running", "finished", an error...). */
        String outcome();

        /** Stops the simulation between two steps. */
        void stop();
    }

    private final ILaunch launch;
    private final String label;
    private final Map<String, String> attributes = new HashMap<>();
    private volatile Control job;
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

    /** Shows and stops a simulation that something else starts (the debug target). */
    void attach(Control control) {
        this.job = control;
    }

    /** Called by the job when the simulation ended, however it ended. */
    void ended() {
        terminated = true;
        fire(DebugEvent.TERMINATE);
    }

    @Override
    public String getLabel() {
        Control current = job;
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
        Control current = job;
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
        Control current = job;
        if (current != null) {
            current.stop();
        }
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }
}
