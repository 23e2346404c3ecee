package org.mmscope.debug.core.model;

import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/** A simple, immutable value shown as text (a number in hex, a state name...). */
public final class MmValue extends MmDebugElement implements IValue {

    private final String type;
    private final String text;

    /** A value of a type ("PFN", "VA", "state"...) shown as {@code text}. */
    public MmValue(MmDebugTarget target, String type, String text) {
        super(target);
        this.type = type;
        this.text = text;
    }

    @Override
    public String getReferenceTypeName() {
        return type;
    }

    @Override
    public String getValueString() {
        return text;
    }

    @Override
    public boolean isAllocated() {
        return true;
    }

    @Override
    public IVariable[] getVariables() {
        return new IVariable[0];
    }

    @Override
    public boolean hasVariables() {
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
