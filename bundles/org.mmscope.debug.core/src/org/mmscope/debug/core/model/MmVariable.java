package org.mmscope.debug.core.model;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** A read-only named value of a stack frame (a field of the thread's last event, its state...). */
public final class MmVariable extends MmDebugElement implements IVariable {

    private final String name;
    private final MmValue value;

    /** A variable {@code name} holding {@code value}. */
    public MmVariable(MmDebugTarget target, String name, MmValue value) {
        super(target);
        this.name = name;
        this.value = value;
    }

    @Override
    public IValue getValue() {
        return value;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getReferenceTypeName() {
        return value.getReferenceTypeName();
    }

    @Override
    public boolean hasValueChanged() {
        return false;
    }

    @Override
    public void setValue(String expression) throws DebugException {
        throw new DebugException(org.eclipse.core.runtime.Status.error("MmScope variables are read-only"));
    }

    @Override
    public void setValue(IValue newValue) throws DebugException {
        setValue("");
    }

    @Override
    public boolean supportsValueModification() {
        return false;
    }

    @Override
    public boolean verifyValue(String expression) {
        return false;
    }

    @Override
    public boolean verifyValue(IValue newValue) {
        return false;
    }

    @Override
    public String toString() {
        return name + " = " + value;
    }
}
