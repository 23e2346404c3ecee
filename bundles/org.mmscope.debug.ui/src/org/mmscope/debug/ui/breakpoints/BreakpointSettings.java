package org.mmscope.debug.ui.breakpoints;

import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/**
 * Everything an {@link MmEventBreakpoint} is set up with, as the dialog and the property page edit it.
 *
 * @param pfnLow lowest PFN, -1 for no PFN condition
 * @param pfnHigh highest PFN (inclusive)
 * @param processId -1 for any process
 * @param tag pool tag pattern, "" for any
 * @param condition condition text, "" for none
 * @param hitCount 0 or 1 = every hit
 */
public record BreakpointSettings(EventKind kind, List<String> subKinds, List<String> from, List<String> to,
        int pfnLow, int pfnHigh, int processId, String tag, String condition, int hitCount) {

    /** The settings of an existing breakpoint. */
    public static BreakpointSettings of(MmEventBreakpoint breakpoint) {
        return new BreakpointSettings(breakpoint.kind(), breakpoint.subKinds(), breakpoint.fromLists(),
                breakpoint.toLists(), breakpoint.pfnLow(), breakpoint.pfnHigh(), breakpoint.processId(),
                breakpoint.tagPattern(), breakpoint.condition(), breakpoint.hitCount());
    }

    /** Creates an enabled breakpoint with these settings and adds it to the breakpoint manager. */
    public MmEventBreakpoint create() throws CoreException {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(kind, false);
        try {
            applyTo(breakpoint);
        } catch (CoreException e) {
            breakpoint.delete();
            throw e;
        }
        org.eclipse.debug.core.DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(breakpoint);
        return breakpoint;
    }

    /** Writes these settings on a breakpoint's marker (the kind first: the sub-kinds are checked against it). */
    public void applyTo(MmEventBreakpoint breakpoint) throws CoreException {
        IMarker marker = breakpoint.getMarker();
        marker.setAttribute(MmEventBreakpoint.KIND, kind.name());
        breakpoint.setSubKinds(subKinds.toArray(String[]::new));
        if (kind == EventKind.PAGE_TRANSITION) {
            breakpoint.setTransition(from, to);
        } else {
            breakpoint.setTransition(List.of(), List.of());
        }
        breakpoint.setPfnRange(pfnLow, pfnLow < 0 ? Integer.MAX_VALUE : pfnHigh);
        boolean invariants = kind.isInvariantKind(); // no event: no process, condition or hit count
        breakpoint.setProcessId(invariants ? -1 : processId);
        breakpoint.setTagPattern(kind == EventKind.POOL ? tag : "");
        breakpoint.setCondition(invariants ? "" : condition);
        breakpoint.setHitCount(invariants ? 0 : hitCount);
        marker.setAttribute(IMarker.MESSAGE, BreakpointLabels.text(this));
    }
}
