package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/**
 * Second half of the workspace-restart test: a new Eclipse runtime on the workspace that
 * {@link BreakpointsPersistBeforeRestart} left (its own test execution, after the first). The
 * breakpoints are back, with every setting, and still compile into matchers.
 */
class BreakpointsPersistAfterRestart {

    @Test
    void theBreakpointsAreBackWithEverySetting() throws Exception {
        IBreakpoint[] restored = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(MmScopeDebugCore.PLUGIN_ID);
        assertEquals(2, restored.length, "both breakpoints are restored: " + Arrays.toString(restored));
        MmEventBreakpoint transition = find(restored, EventKind.PAGE_TRANSITION);
        assertEquals(List.of("STANDBY"), transition.fromLists());
        assertEquals(List.of("ACTIVE_AND_VALID"), transition.toLists());
        assertEquals(0x100, transition.pfnLow());
        assertEquals(0x1ff, transition.pfnHigh());
        assertEquals(8, transition.processId());
        assertEquals("pfn > 0x120", transition.condition());
        assertEquals(3, transition.hitCount());
        assertTrue(transition.isEnabled());
        org.mmscope.debug.core.breakpoints.BreakpointMatcher.compile(transition); // still valid

        MmEventBreakpoint pool = find(restored, EventKind.POOL);
        assertEquals("Mm*", pool.tagPattern());
        assertFalse(pool.isEnabled(), "a disabled breakpoint stays disabled");
    }

    private static MmEventBreakpoint find(IBreakpoint[] breakpoints, EventKind kind) {
        return Arrays.stream(breakpoints).map(MmEventBreakpoint.class::cast).filter(b -> b.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " breakpoint among " + Arrays.toString(breakpoints)));
    }
}
