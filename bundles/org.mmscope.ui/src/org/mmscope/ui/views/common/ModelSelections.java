package org.mmscope.ui.views.common;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IDebugElement;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.model.EventRecord;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.model.TlbEntry;
import org.mmscope.model.WorkingSetEntry;

/** What the views read from each other's selections. */
public final class ModelSelections {

    private ModelSelections() {
    }

    /** The physical page a selected model object is about, or -1. */
    public static long pfnOf(Object selected) {
        return switch (selected) {
            case PfnEntry e -> e.getPfn();
            case WorkingSetEntry e -> e.getPfn();
            case TlbEntry e -> e.getPfn();
            case EventRecord e -> e.getPfn();
            case PteEntry e -> e.getKind() == PteKind.VALID || e.getKind() == PteKind.TRANSITION ? e.getPfn() : -1;
            case IThread thread -> pfnOfDebugElement(thread);
            case IStackFrame frame -> pfnOfDebugElement(frame);
            case null, default -> -1;
        };
    }

    /**
     * The PFN of the last event of a simulated thread selected in the Debug view (its top frame's
     * {@code pfn} variable), or -1: when a breakpoint suspends the simulation, the Debug view selects the
     * thread that hit it and the PFN inspector selects the page.
     */
    private static long pfnOfDebugElement(IDebugElement element) {
        if (!MmScopeDebugCore.PLUGIN_ID.equals(element.getModelIdentifier())) {
            return -1;
        }
        try {
            IStackFrame frame = element instanceof IThread thread ? thread.getTopStackFrame() : (IStackFrame) element;
            if (frame == null) {
                return -1;
            }
            for (IVariable variable : frame.getVariables()) {
                if ("pfn".equals(variable.getName())) {
                    String text = variable.getValue().getValueString();
                    return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : -1;
                }
            }
        } catch (DebugException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
