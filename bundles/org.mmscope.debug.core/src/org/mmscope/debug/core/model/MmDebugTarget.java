package org.mmscope.debug.core.model;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.IBreakpointManagerListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IThread;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.sim.run.ScenarioRun;

/**
 * The debug target of an MmScope simulation launched in debug mode: owns a {@link SimulationLoop}
 * that runs the scenario on its own thread, and presents it as threads (one per simulated thread),
 * stack frames (NT routines) and variables. Breakpoints are the {@link MmEventBreakpoint}s of the
 * breakpoint manager; their changes reach the running simulation between two steps.
 */
public final class MmDebugTarget extends MmDebugElement implements IDebugTarget, IBreakpointManagerListener {

    private final ILaunch launch;
    private final IProcess process;
    private final String name;
    private final SimulationLoop loop;

    /**
     * A target for a started (not yet stepped) scenario run; nothing runs before {@link #start()}.
     *
     * @param ended told once when the simulation has ended, however it ended
     */
    public MmDebugTarget(ILaunch launch, IProcess process, ScenarioRun run, String name, Runnable ended) {
        super(null);
        this.launch = launch;
        this.process = process;
        this.name = name;
        this.loop = new SimulationLoop(this, run, name, ended);
    }

    /** Registers with the breakpoint manager and starts the simulation thread. */
    public void start() {
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.addBreakpointListener(this);
        manager.addBreakpointManagerListener(this);
        breakpointsChanged();
        fire(event(DebugEvent.CREATE, DebugEvent.UNSPECIFIED));
        loop.start();
    }

    @Override
    public IDebugTarget getDebugTarget() {
        return this;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    /** How the run stands: "running", "suspended", "finished", "terminated", or the error that ended it. */
    public String outcome() {
        return loop.outcome();
    }

    /** The sequence of the event that caused the last suspend (breakpoint or step), or -1. */
    public long lastHitSequence() {
        return loop.lastHitSequence();
    }

    /** The simulator's last event sequence at the last suspend point, or -1 before the first. */
    public long suspendedAtEvent() {
        return loop.suspendedAtEvent();
    }

    @Override
    public IProcess getProcess() {
        return process;
    }

    @Override
    public IThread[] getThreads() {
        return loop.threads().live();
    }

    @Override
    public boolean hasThreads() {
        return getThreads().length > 0;
    }

    /** "MmScope simulation [scenario] (state)", the state being the outcome or the error. */
    @Override
    public String getName() {
        return "MmScope simulation [" + name + "] (" + outcome() + ")";
    }

    @Override
    public boolean supportsBreakpoint(IBreakpoint breakpoint) {
        return breakpoint instanceof MmEventBreakpoint;
    }

    @Override
    public boolean canTerminate() {
        return !isTerminated();
    }

    @Override
    public boolean isTerminated() {
        return loop.isEnded();
    }

    /** Stops the simulation between two steps (also when suspended); ends with TERMINATE events. */
    @Override
    public void terminate() {
        loop.requestTerminate();
    }

    @Override
    public boolean canResume() {
        return loop.isSuspended() && !isTerminated() && !isDisconnected();
    }

    @Override
    public boolean canSuspend() {
        return !loop.isSuspended() && !isTerminated() && !isDisconnected();
    }

    @Override
    public boolean isSuspended() {
        return loop.isSuspended();
    }

    /** Resumes a suspended simulation (RESUME, CLIENT_REQUEST); does nothing otherwise. */
    @Override
    public void resume() {
        loop.resume(DebugEvent.CLIENT_REQUEST, -1);
    }

    /** Asks the simulation to suspend after its current step (SUSPEND, CLIENT_REQUEST). */
    @Override
    public void suspend() {
        loop.requestSuspend();
    }

    /** Runs until {@code thread}'s next event, then suspends with STEP_END. */
    void stepOver(MmThread thread) throws DebugException {
        if (!canResume()) {
            throw new DebugException(Status.error("the simulation is not suspended"));
        }
        loop.resume(DebugEvent.STEP_OVER, thread.simulatedId());
    }

    /** Runs until {@code thread} is out of the memory manager (see {@link MmThread#stepReturn()}), then suspends with STEP_END. */
    void stepReturn(MmThread thread) throws DebugException {
        if (!canResume()) {
            throw new DebugException(Status.error("the simulation is not suspended"));
        }
        loop.stepReturn(thread.simulatedId());
    }

    /**
     * Runs until the next memory-manager event {@code request} names, of any thread (breakpoints
     * still hit on the way), then suspends with STEP_END; the label says "ran to ...". What the views'
     * "Run to ..." menu items call.
     */
    public void runTo(RunToRequest request) throws DebugException {
        if (!canResume()) {
            throw new DebugException(Status.error("the simulation is not suspended"));
        }
        loop.runTo(request.filter(), request.what());
    }

    /**
     * Every memory-manager event of page {@code pfn} from the start of the run to the state shown,
     * found by replaying the run on a copy on the simulation thread while the target stays suspended
     * (as long as running there took; the model keeps only the most recent events). Blocks the
     * calling thread (call it from a Job), reporting progress on {@code monitor}; cancelling it stops
     * the replay.
     *
     * @throws DebugException when the target is not suspended, the replay failed or was cancelled
     */
    public PageLife lifeOfPage(long pfn, org.eclipse.core.runtime.IProgressMonitor monitor) throws DebugException {
        java.util.concurrent.atomic.AtomicLong reached = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.Future<PageLife> life;
        try {
            life = loop.whileSuspended(() -> loop.lifeOfPage(pfn, reached, monitor::isCanceled));
        } catch (IllegalStateException e) {
            throw new DebugException(Status.error("The life of a page needs a suspended simulation: " + e.getMessage()));
        }
        long end = Math.max(1, position());
        monitor.beginTask(String.format("Replaying %,d steps for the events of PFN 0x%x", end, pfn), 1_000);
        int worked = 0;
        while (true) {
            try {
                return life.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                int now = (int) Math.min(1_000, 1_000 * reached.get() / end);
                monitor.worked(now - worked);
                worked = now;
            } catch (java.util.concurrent.CancellationException e) {
                throw new DebugException(new Status(org.eclipse.core.runtime.IStatus.CANCEL, org.mmscope.debug.core.MmScopeDebugCore.PLUGIN_ID, "The simulation resumed or ended before the replay ran."));
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof java.util.concurrent.CancellationException) {
                    throw new DebugException(new Status(org.eclipse.core.runtime.IStatus.CANCEL, org.mmscope.debug.core.MmScopeDebugCore.PLUGIN_ID, "Cancelled."));
                }
                throw new DebugException(Status.error("Replaying the run failed: "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DebugException(new Status(org.eclipse.core.runtime.IStatus.CANCEL, org.mmscope.debug.core.MmScopeDebugCore.PLUGIN_ID, "Interrupted."));
            }
        }
    }

    /** True when suspended after the start of the run: Step Back and Run Back can go back in time. */
    public boolean canStepBack() {
        return loop.canTravelBack();
    }

    /**
     * Goes back one event: to the state before the simulator step that produced the last event (a
     * step is atomic; it may have produced several). Restores a checkpoint and replays; suspends
     * with STEP_END.
     */
    public void stepBack() throws DebugException {
        if (!canStepBack()) {
            throw new DebugException(Status.error("the simulation is not suspended after its start"));
        }
        loop.travel(SimulationLoop.Travel.STEP_BACK);
    }

    /**
     * Goes back to the last breakpoint hit before now (hit counts do not apply backwards) and
     * suspends with BREAKPOINT; without one, goes back to the start of the run.
     */
    public void runBackToBreakpoint() throws DebugException {
        if (!canStepBack()) {
            throw new DebugException(Status.error("the simulation is not suspended after its start"));
        }
        loop.travel(SimulationLoop.Travel.RUN_BACK);
    }

    /** Steps the simulation made since its start to the state shown (going back lowers it). */
    public long position() {
        return loop.position();
    }

    /** Runs until the next memory-manager event of any thread, then suspends with STEP_END. */
    void stepInto() throws DebugException {
        if (!canResume()) {
            throw new DebugException(Status.error("the simulation is not suspended"));
        }
        loop.resume(DebugEvent.STEP_INTO, EventWatcher.ANY_THREAD);
    }

    /** The thread being stepped over, or null. */
    MmThread steppingThread() {
        int id = loop.steppingThreadId();
        for (MmThread thread : loop.threads().live()) {
            if (thread.simulatedId() == id) {
                return thread;
            }
        }
        return null;
    }

    @Override
    public void breakpointAdded(IBreakpoint breakpoint) {
        if (supportsBreakpoint(breakpoint)) {
            breakpointsChanged();
        }
    }

    @Override
    public void breakpointRemoved(IBreakpoint breakpoint, IMarkerDelta delta) {
        if (supportsBreakpoint(breakpoint)) {
            breakpointsChanged();
        }
    }

    @Override
    public void breakpointChanged(IBreakpoint breakpoint, IMarkerDelta delta) {
        if (supportsBreakpoint(breakpoint)) {
            breakpointsChanged();
        }
    }

    @Override
    public void breakpointManagerEnablementChanged(boolean enabled) {
        breakpointsChanged();
    }

    /** Compiles the enabled breakpoints and hands them to the simulation thread. */
    private synchronized void breakpointsChanged() {
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        List<BreakpointMatcher> enabled = new ArrayList<>();
        if (manager.isEnabled()) {
            for (IBreakpoint breakpoint : manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID)) {
                try {
                    if (breakpoint instanceof MmEventBreakpoint event && event.isEnabled()) {
                        enabled.add(BreakpointMatcher.compile(event));
                    }
                } catch (CoreException e) {
                    ILog.of(getClass()).log(e.getStatus());
                }
            }
        }
        loop.setBreakpoints(enabled);
    }

    @Override
    public boolean canDisconnect() {
        return !isTerminated() && !isDisconnected();
    }

    /** Lets the simulation run to its end without the debugger (no more suspends or breakpoints). */
    @Override
    public void disconnect() {
        if (canDisconnect()) {
            loop.disconnect();
        }
    }

    @Override
    public boolean isDisconnected() {
        return loop.isDisconnected();
    }

    /** Called by the loop when the debugger lets go (ended or disconnected). */
    void detach() {
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpointListener(this);
        manager.removeBreakpointManagerListener(this);
    }

    @Override
    public boolean supportsStorageRetrieval() {
        return false;
    }

    @Override
    public IMemoryBlock getMemoryBlock(long startAddress, long length) throws DebugException {
        throw new DebugException(Status.error("MmScope shows memory in its own views"));
    }

    /** Fires debug events (asynchronously dispatched by the debug plug-in). */
    void fire(DebugEvent... events) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(events);
        }
    }

    @Override
    public String toString() {
        return getName();
    }
}
