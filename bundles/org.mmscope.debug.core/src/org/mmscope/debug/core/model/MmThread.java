package org.mmscope.debug.core.model;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;

/**
 * One simulated thread (a system thread such as the zero page thread, or a scenario process's
 * thread). While the target is suspended it shows what was captured at the suspend point: its routine
 * stack, its state and its last event; while running it has no frames. Suspend/resume/terminate act
 * on the whole simulation; Step Over runs until this thread's next event.
 */
public final class MmThread extends MmDebugElement implements IThread {

    /** What a thread shows while suspended; captured on the simulation thread. */
    record Snapshot(String[] routines, String state, IVariable[] variables, IBreakpoint[] breakpoints) {
    }

    private static final Snapshot NONE = new Snapshot(new String[0], "", new IVariable[0], new IBreakpoint[0]);

    private final MmDebugTarget target;
    private final int id;
    private final int processId;
    private final String name;
    private final int priority;
    private volatile Snapshot snapshot = NONE;
    private volatile IStackFrame[] frames = new IStackFrame[0];
    private volatile boolean terminated;

    MmThread(MmDebugTarget target, int id, int processId, String name, int priority) {
        super(target);
        this.target = target;
        this.id = id;
        this.processId = processId;
        this.name = name;
        this.priority = priority;
    }

    /** The simulated thread id. */
    public int simulatedId() {
        return id;
    }

    /** The id of the simulated process the thread belongs to. */
    public int processId() {
        return processId;
    }

    void show(Snapshot shown) {
        IStackFrame[] built = new IStackFrame[shown.routines().length];
        for (int i = 0; i < built.length; i++) {
            built[i] = new MmStackFrame(this, shown.routines()[i], i + 1, i == 0 ? shown.variables() : new IVariable[0]);
        }
        this.snapshot = shown;
        this.frames = built;
    }

    void forget() {
        this.snapshot = NONE;
        this.frames = new IStackFrame[0];
    }

    void markTerminated() {
        terminated = true;
        forget();
    }

    @Override
    public IStackFrame[] getStackFrames() {
        return isSuspended() ? frames.clone() : new IStackFrame[0];
    }

    @Override
    public boolean hasStackFrames() {
        return isSuspended() && frames.length > 0;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public IStackFrame getTopStackFrame() {
        IStackFrame[] current = getStackFrames();
        return current.length == 0 ? null : current[0];
    }

    /** "name [tid N, pid P]" and, while suspended, the state captured at the suspend point. */
    @Override
    public String getName() {
        String state = isSuspended() ? snapshot.state() : terminated ? "terminated" : "running";
        return name + " [tid " + id + ", pid " + processId + "]" + (state.isEmpty() ? "" : " (" + state + ")");
    }

    @Override
    public IBreakpoint[] getBreakpoints() {
        return isSuspended() ? snapshot.breakpoints().clone() : new IBreakpoint[0];
    }

    @Override
    public boolean canResume() {
        return !terminated && target.canResume();
    }

    @Override
    public boolean canSuspend() {
        return !terminated && target.canSuspend();
    }

    @Override
    public boolean isSuspended() {
        return !terminated && target.isSuspended();
    }

    @Override
    public void resume() throws DebugException {
        target.resume();
    }

    @Override
    public void suspend() throws DebugException {
        target.suspend();
    }

    /** Step Into is possible while suspended: it runs until the next event of any thread. */
    @Override
    public boolean canStepInto() {
        return canResume();
    }

    /** Step Over is possible while suspended: it runs until this thread's next event. */
    @Override
    public boolean canStepOver() {
        return canResume();
    }

    /** Step Return is possible while suspended: it runs until this thread is out of the memory manager. */
    @Override
    public boolean canStepReturn() {
        return canResume();
    }

    @Override
    public boolean isStepping() {
        return target.steppingThread() == this;
    }

    /** Runs until the next memory-manager event of any thread (the finest step there is). */
    @Override
    public void stepInto() throws DebugException {
        target.stepInto();
    }

    @Override
    public void stepOver() throws DebugException {
        target.stepOver(this);
    }

    /**
     * Runs until this thread has come out of the memory manager: it ran again and is not left waiting
     * on a page (its in-page read, another thread's read of the same page, or free pages). A fault
     * resolved at once ends with the thread's next step; a hard fault ends once the read completed and
     * the thread's access went through.
     */
    @Override
    public void stepReturn() throws DebugException {
        target.stepReturn(this);
    }

    @Override
    public boolean canTerminate() {
        return target.canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return terminated || target.isTerminated();
    }

    @Override
    public void terminate() throws DebugException {
        target.terminate();
    }

    @Override
    public String toString() {
        return getName();
    }
}
