package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/**
 * First half of the workspace-restart test: run by its own test execution (tests/org.mmscope.debug.tests/pom.xml)
 * in a workspace that the second half, {@link BreakpointsPersistAfterRestart}, opens again in a new
 * Eclipse runtime. Creates memory-manager breakpoints with every setting and saves the workspace.
 */
class BreakpointsPersistBeforeRestart {

    @Test
    void createBreakpointsThatMustSurviveARestart() throws Exception {
        var manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpoints(manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID), true);

        MmEventBreakpoint transition = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        transition.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        transition.setPfnRange(0x100, 0x1ff);
        transition.setProcessId(8);
        transition.setCondition("pfn > 0x120");
        transition.setHitCount(3);

        MmEventBreakpoint pool = new MmEventBreakpoint(EventKind.POOL, true);
        pool.setTagPattern("Mm*");
        pool.setEnabled(false);

        assertEquals(2, manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID).length);
        ResourcesPlugin.getWorkspace().save(true, null);
    }
}
