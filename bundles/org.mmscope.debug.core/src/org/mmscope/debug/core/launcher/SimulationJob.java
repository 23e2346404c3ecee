package org.mmscope.debug.core.launcher;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.model.MachinePublisher;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.run.ScenarioRunException;

/**
 * Runs a scenario to its end in the background (never on the UI thread), publishing the machine's
 * summary to {@link ShownMachine} about ten times a second of wall time and once at the end, and
 * reporting progress in simulated steps. Cancelling the job (or terminating its process in the Debug
 * view) stops the simulation between two steps.
 */
final class SimulationJob extends Job implements SimulationProcess.Control {

    private static final long PUBLISH_EVERY_NANOS = 100_000_000L;

    private final ScenarioRun run;
    private final String scenarioName;
    private final SimulationProcess process;
    private volatile String outcome = "running";

    SimulationJob(ScenarioRun run, String scenarioName, SimulationProcess process) {
        super("MmScope simulation: " + scenarioName);
        this.run = run;
        this.scenarioName = scenarioName;
        this.process = process;
        setUser(false);
    }

    /** How the run ended, for the process label: "running", "finished", "stopped", or the error. */
    @Override
    public String outcome() {
        return outcome;
    }

    /** Cancels the job: the simulation stops between two steps. */
    @Override
    public void stop() {
        cancel();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, "Simulating " + scenarioName, IProgressMonitor.UNKNOWN);
        MemoryManager mm = run.simulation().memoryManager();
        long lastPublish = System.nanoTime();
        long steps = 0;
        try {
            while (run.step()) {
                steps++;
                if ((steps & 1023) == 0) {
                    if (progress.isCanceled()) {
                        outcome = "stopped";
                        publish(mm, "stopped");
                        return Status.CANCEL_STATUS;
                    }
                    long now = System.nanoTime();
                    if (now - lastPublish >= PUBLISH_EVERY_NANOS) {
                        lastPublish = now;
                        publish(mm, "running");
                        progress.subTask(String.format("%,d steps, %.1f ms simulated", steps, mm.clock().now() / 1e6));
                        progress.worked(1);
                    }
                }
            }
            if (run.isFinished()) {
                outcome = "finished";
                publish(mm, "finished");
                return Status.OK_STATUS;
            }
            // every thread left waits for something that cannot come (e.g. free pages with nothing to trim)
            outcome = "stuck: no thread can run";
            publish(mm, "stuck: no thread can run");
            return Status.warning(scenarioName + ": the simulation stopped because no thread can run any more");
        } catch (BugCheckException | ScenarioRunException e) {
            outcome = e.getMessage();
            publish(mm, "stopped: " + e.getMessage());
            return Status.error(scenarioName + ": " + e.getMessage());
        } finally {
            process.ended();
            progress.done();
        }
    }

    private void publish(MemoryManager mm, String state) {
        ShownMachine.get().show(MachinePublisher.summarize(mm, mm.eventLog().last()), String.format(
                "%s, %s at %.1f ms simulated", scenarioName, state, mm.clock().now() / 1e6));
    }

    @Override
    public boolean belongsTo(Object family) {
        return MmScopeDebugCore.PLUGIN_ID.equals(family);
    }
}
