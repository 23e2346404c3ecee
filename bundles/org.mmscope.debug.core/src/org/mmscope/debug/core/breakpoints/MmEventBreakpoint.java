package org.mmscope.debug.core.breakpoints;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.Breakpoint;
import org.eclipse.debug.core.model.IBreakpoint;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.model.query.Condition;
import org.mmscope.model.query.QueryException;
import org.mmscope.sim.pfn.PageList;

/**
 * A breakpoint on memory-manager events: an {@link EventKind} (with optional sub-kinds), and optional
 * conditions on the page lists (page transitions), the PFN range, the process, the pool tag (with
 * {@code *} and {@code ?}), an expression ({@link Condition}) and a hit count. Everything is stored
 * on its marker, which lives on the workspace root and persists.
 */
public final class MmEventBreakpoint extends Breakpoint {

    /** Marker type, as declared in plugin.xml. */
    public static final String MARKER_TYPE = MmScopeDebugCore.PLUGIN_ID + ".eventBreakpointMarker";
    /** Attribute: the {@link EventKind} name. */
    public static final String KIND = MmScopeDebugCore.PLUGIN_ID + ".kind";
    /** Attribute: comma-separated sub-kinds of the kind ("" = all). */
    public static final String SUB_KINDS = MmScopeDebugCore.PLUGIN_ID + ".subKinds";
    /** Attribute: comma-separated page lists a transition comes from ("" = any). */
    public static final String FROM_LISTS = MmScopeDebugCore.PLUGIN_ID + ".from";
    /** Attribute: comma-separated page lists a transition goes to ("" = any). */
    public static final String TO_LISTS = MmScopeDebugCore.PLUGIN_ID + ".to";
    /** Attribute: lowest PFN (inclusive), -1 = no PFN condition. */
    public static final String PFN_LOW = MmScopeDebugCore.PLUGIN_ID + ".pfnLow";
    /** Attribute: highest PFN (inclusive). */
    public static final String PFN_HIGH = MmScopeDebugCore.PLUGIN_ID + ".pfnHigh";
    /** Attribute: the process id the event must be in, -1 = any. */
    public static final String PROCESS_ID = MmScopeDebugCore.PLUGIN_ID + ".processId";
    /** Attribute: pool tag pattern ({@code *}, {@code ?}), "" = any. */
    public static final String TAG_PATTERN = MmScopeDebugCore.PLUGIN_ID + ".tag";
    /** Attribute: condition text ("" = none). */
    public static final String CONDITION = MmScopeDebugCore.PLUGIN_ID + ".condition";
    /** Attribute: suspend at every N-th hit (0 or 1 = every hit). */
    public static final String HIT_COUNT = MmScopeDebugCore.PLUGIN_ID + ".hitCount";

    /** Needed by the breakpoint manager to restore persisted breakpoints. */
    public MmEventBreakpoint() {
    }

    /**
     * Creates an enabled breakpoint of a kind (a marker on the workspace root) and adds it to the
     * breakpoint manager when {@code register} is true.
     */
    public MmEventBreakpoint(EventKind kind, boolean register) throws CoreException {
        IResource root = ResourcesPlugin.getWorkspace().getRoot();
        IWorkspaceRunnable create = monitor -> {
            IMarker marker = root.createMarker(MARKER_TYPE);
            setMarker(marker);
            marker.setAttribute(IBreakpoint.ENABLED, true);
            marker.setAttribute(IBreakpoint.ID, getModelIdentifier());
            marker.setAttribute(KIND, kind.name());
            marker.setAttribute(IMarker.MESSAGE, "MmScope event breakpoint: " + kind);
        };
        run(getMarkerRule(root), create);
        if (register) {
            DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(this);
        }
    }

    @Override
    public String getModelIdentifier() {
        return MmScopeDebugCore.PLUGIN_ID;
    }

    /** The kind of events watched. */
    public EventKind kind() {
        return EventKind.valueOf(getMarker().getAttribute(KIND, EventKind.FAULT.name()));
    }

    /** The sub-kinds watched (empty = every sub-kind of the kind). */
    public List<String> subKinds() {
        return split(getMarker().getAttribute(SUB_KINDS, ""));
    }

    /** Restricts the breakpoint to some sub-kinds of its kind (none = all); unknown names are refused. */
    public void setSubKinds(String... names) throws CoreException {
        try {
            kind().typeMask(Arrays.asList(names));
        } catch (IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage()));
        }
        setAttribute(SUB_KINDS, String.join(",", names));
    }

    /** Page lists of a page transition (names of {@link PageList}; empty = any); unknown names are refused. */
    public void setTransition(List<String> from, List<String> to) throws CoreException {
        listMask(from);
        listMask(to);
        setAttribute(FROM_LISTS, String.join(",", from));
        setAttribute(TO_LISTS, String.join(",", to));
    }

    /** The page lists a transition must come from (empty = any). */
    public List<String> fromLists() {
        return split(getMarker().getAttribute(FROM_LISTS, ""));
    }

    /** The page lists a transition must go to (empty = any). */
    public List<String> toLists() {
        return split(getMarker().getAttribute(TO_LISTS, ""));
    }

    /** Only events on a PFN in {@code [low, high]}; a negative low removes the condition. */
    public void setPfnRange(int low, int high) throws CoreException {
        if (low >= 0 && high < low) {
            throw new CoreException(Status.error("PFN range " + low + ".." + high + " is empty"));
        }
        setAttributes(new String[] { PFN_LOW, PFN_HIGH }, new Object[] { low, high });
    }

    /** Lowest PFN, or -1 without a PFN condition. */
    public int pfnLow() {
        return getMarker().getAttribute(PFN_LOW, -1);
    }

    /** Highest PFN (meaningful when {@link #pfnLow()} is 0 or more). */
    public int pfnHigh() {
        return getMarker().getAttribute(PFN_HIGH, Integer.MAX_VALUE);
    }

    /** Only events of a process id (-1 = any). */
    public void setProcessId(int pid) throws CoreException {
        setAttribute(PROCESS_ID, pid);
    }

    /** The process id condition, -1 = any. */
    public int processId() {
        return getMarker().getAttribute(PROCESS_ID, -1);
    }

    /** Pool tag pattern with {@code *} and {@code ?} ("" = any). */
    public void setTagPattern(String pattern) throws CoreException {
        setAttribute(TAG_PATTERN, pattern == null ? "" : pattern);
    }

    /** The pool tag pattern, "" for any. */
    public String tagPattern() {
        return getMarker().getAttribute(TAG_PATTERN, "");
    }

    /**
     * Sets the condition over the event's fields ({@link BreakpointMatcher#CONDITION_NAMES}); null or
     * blank removes it.
     *
     * @throws CoreException with the parser's message when the text does not compile
     */
    public void setCondition(String text) throws CoreException {
        String checked = text == null ? "" : text.strip();
        if (!checked.isEmpty()) {
            try {
                Condition.compile(checked, BreakpointMatcher.CONDITION_NAMES);
            } catch (QueryException e) {
                throw new CoreException(Status.error("Invalid condition '" + checked + "': " + e.getMessage()));
            }
        }
        setAttribute(CONDITION, checked);
    }

    /** The condition text, "" for none. */
    public String condition() {
        return getMarker().getAttribute(CONDITION, "");
    }

    /** Suspends at every {@code count}-th matching event (0 or 1 = every one). */
    public void setHitCount(int count) throws CoreException {
        if (count < 0) {
            throw new CoreException(Status.error("hit count must be 0 or more, not " + count));
        }
        setAttribute(HIT_COUNT, count);
    }

    /** The hit count (0 = every hit). */
    public int hitCount() {
        return getMarker().getAttribute(HIT_COUNT, 0);
    }

    /** The type bits of the events the breakpoint watches. */
    public long typeMask() {
        return kind().typeMask(subKinds());
    }

    /**
     * A bit mask of PageList codes for names (0 = any).
     *
     * @throws CoreException naming an unknown page list
     */
    static int listMask(List<String> names) throws CoreException {
        int mask = 0;
        for (String name : names) {
            try {
                mask |= 1 << PageList.valueOf(name.strip().toUpperCase(Locale.ROOT)).code();
            } catch (IllegalArgumentException e) {
                throw new CoreException(Status.error("'" + name + "' is not a page list; use one of "
                        + Arrays.toString(PageList.values())));
            }
        }
        return mask;
    }

    private static List<String> split(String text) {
        return text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
    }
}
