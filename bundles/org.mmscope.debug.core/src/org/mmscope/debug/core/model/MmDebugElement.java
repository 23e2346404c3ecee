package org.mmscope.debug.core.model;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.model.DebugElement;
import org.eclipse.debug.core.model.IDebugTarget;
import org.mmscope.debug.core.MmScopeDebugCore;

/** Common base of the MmScope debug elements: the model identifier and event firing. */
public abstract class MmDebugElement extends DebugElement {

    /** An element of {@code target} (null only for the target itself). */
    protected MmDebugElement(IDebugTarget target) {
        super(target);
    }

    @Override
    public String getModelIdentifier() {
        return MmScopeDebugCore.PLUGIN_ID;
    }

    /** A debug event of this element, to fire in a set with others. */
    DebugEvent event(int kind, int detail) {
        return new DebugEvent(this, kind, detail);
    }
}
