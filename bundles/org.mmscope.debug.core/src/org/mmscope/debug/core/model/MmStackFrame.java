package org.mmscope.debug.core.model;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;

/**
 * One NT routine on a simulated thread's routine stack (e.g. "MiResolveDemandZeroFault"), or the
 * single "idle" / "(waiting: REASON)" frame of a thread with an empty stack. Its line number is its
 * 1-based depth (1 = innermost). Stepping and suspending act on the thread.
 */
public final class MmStackFrame extends MmDebugElement implements IStackFrame {

    private final MmThread thread;
    private final String routine;
    private final int depth;
    private final IVariable[] variables;

    MmStackFrame(MmThread thread, String routine, int depth, IVariable[] variables) {
        super(thread.getDebugTarget());
        this.thread = thread;
        this.routine = routine;
        this.depth = depth;
        this.variables = variables;
    }

    @Override
    public IThread getThread() {
        return thread;
    }

    @Override
    public IVariable[] getVariables() {
        return variables.clone();
    }

    @Override
    public boolean hasVariables() {
        return variables.length > 0;
    }

    @Override
    public int getLineNumber() {
        return depth;
    }

    @Override
    public int getCharStart() {
        return -1;
    }

    @Override
    public int getCharEnd() {
        return -1;
    }

    @Override
    public String getName() {
        return routine;
    }

    @Override
    public IRegisterGroup[] getRegisterGroups() {
        return new IRegisterGroup[0];
    }

    @Override
    public boolean hasRegisterGroups() {
        return false;
    }

    @Override
    public boolean canStepInto() {
        return thread.canStepInto();
    }

    @Override
    public boolean canStepOver() {
        return thread.canStepOver();
    }

    @Override
    public boolean canStepReturn() {
        return thread.canStepReturn();
    }

    @Override
    public boolean isStepping() {
        return thread.isStepping();
    }

    @Override
    public void stepInto() throws DebugException {
        thread.stepInto();
    }

    @Override
    public void stepOver() throws DebugException {
        thread.stepOver();
    }

    @Override
    public void stepReturn() throws DebugException {
        thread.stepReturn();
    }

    @Override
    public boolean canResume() {
        return thread.canResume();
    }

    @Override
    public boolean canSuspend() {
        return thread.canSuspend();
    }

    @Override
    public boolean isSuspended() {
        return thread.isSuspended();
    }

    @Override
    public void resume() throws DebugException {
        thread.resume();
    }

    @Override
    public void suspend() throws DebugException {
        thread.suspend();
    }

    @Override
    public boolean canTerminate() {
        return thread.canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public void terminate() throws DebugException {
        thread.terminate();
    }

    @Override
    public String toString() {
        return routine + " (depth " + depth + ")";
    }
}
