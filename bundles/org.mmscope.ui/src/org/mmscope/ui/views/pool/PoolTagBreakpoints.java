package org.mmscope.ui.views.pool;

import org.eclipse.core.runtime.CoreException;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/** "Break on allocations with this tag": a pool breakpoint on ALLOCATE events of one tag. */
public final class PoolTagBreakpoints {

    private PoolTagBreakpoints() {
    }

    /**
     * A registered pool breakpoint that stops on every allocation tagged {@code tag}. The tag is
     * matched exactly: a '*' or '?' in it is matched by any character, as the pattern's wildcards are.
     */
    public static MmEventBreakpoint onAllocations(String tag) throws CoreException {
        if (tag == null || tag.length() != 4) {
            throw new IllegalArgumentException("a pool tag has 4 characters: '" + tag + "'");
        }
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.POOL, true);
        breakpoint.setSubKinds("ALLOCATE");
        breakpoint.setTagPattern(tag);
        return breakpoint;
    }
}
