package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.ui.actions.ExportBreakpointsOperation;
import org.eclipse.debug.ui.actions.ImportBreakpointsOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/** Memory-manager breakpoints go through Eclipse's standard breakpoint export and import unchanged. */
class BreakpointExportTest {

    private final IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();

    @AfterEach
    void removeBreakpoints() throws Exception {
        manager.removeBreakpoints(manager.getBreakpoints(), true);
    }

    @Test
    void anExportedBreakpointComesBackWithEveryAttribute(@TempDir Path dir) throws Exception {
        MmEventBreakpoint original = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        original.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        original.setPfnRange(0x100, 0x1ff);
        original.setProcessId(8);
        original.setCondition("pfn > 5");
        original.setHitCount(3);
        original.setEnabled(false);
        Path file = dir.resolve("breakpoints.bkpt");
        new ExportBreakpointsOperation(new IBreakpoint[] { original }, file.toString()).run(new NullProgressMonitor());
        assertTrue(Files.size(file) > 0, "the export wrote the file");

        manager.removeBreakpoint(original, true);
        assertEquals(0, mmBreakpoints().size());
        new ImportBreakpointsOperation(file.toString(), true, false).run(new NullProgressMonitor());

        List<MmEventBreakpoint> imported = mmBreakpoints();
        assertEquals(1, imported.size(), "one memory-manager breakpoint imported");
        MmEventBreakpoint back = imported.get(0);
        assertEquals(EventKind.PAGE_TRANSITION, back.kind());
        assertEquals(List.of("STANDBY"), back.fromLists());
        assertEquals(List.of("ACTIVE_AND_VALID"), back.toLists());
        assertEquals(0x100, back.pfnLow());
        assertEquals(0x1ff, back.pfnHigh());
        assertEquals(8, back.processId());
        assertEquals("pfn > 5", back.condition());
        assertEquals(3, back.hitCount());
        assertEquals(false, back.isEnabled());
    }

    private List<MmEventBreakpoint> mmBreakpoints() {
        return Arrays.stream(manager.getBreakpoints()).filter(MmEventBreakpoint.class::isInstance)
                .map(MmEventBreakpoint.class::cast).toList();
    }
}
