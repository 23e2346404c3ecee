package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.internal.ui.DebugUIPlugin;
import org.eclipse.debug.internal.ui.IInternalDebugUIConstants;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.debug.ui.reverse.RunBackHandler;

/** Step Back and Run Back in the real workbench: the Debug view's toolbar buttons and the commands. */
class ReverseStepUiTest {

    private static final String SCENARIO = """
            machine ram=256M pagefile=64M seed=5
            process p {
                thread t {
                    commit 0x10000 size=256K rw
                    touch 0x10000..+256K write
                }
            }
            join p
            """;

    private final UiBot bot = new UiBot();

    @AfterEach
    void cleanUp() throws Exception {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch launch : manager.getLaunches()) {
            launch.terminate();
            manager.removeLaunch(launch);
        }
        var breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        breakpoints.removeBreakpoints(breakpoints.getBreakpoints(MmScopeDebugCore.PLUGIN_ID), true);
        ShownMachine.get().show(null, null);
        // the "switch perspective?" preferences stay at NEVER: a suspend still queued would otherwise
        // open that modal question after the test
        bot.spin(100);
    }

    @Test
    void stepBackAndRunBackFromTheDebugView() throws Exception {
        var preferences = DebugUIPlugin.getDefault().getPreferenceStore();
        preferences.setValue(IInternalDebugUIConstants.PREF_SWITCH_PERSPECTIVE_ON_SUSPEND, MessageDialogWithToggle.NEVER);
        preferences.setValue(IInternalDebugUIConstants.PREF_SWITCH_TO_PERSPECTIVE, MessageDialogWithToggle.NEVER);
        bot.showView(IDebugUIConstants.ID_DEBUG_VIEW);
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setSubKinds("DEMAND_ZERO");

        Path file = Files.createTempFile("reverse", ".mms");
        Files.writeString(file, SCENARIO);
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationWorkingCopy copy = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID)
                .newInstance(null, "reverse-test");
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, file.toString());
        ILaunch launch = copy.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        MmDebugTarget target = (MmDebugTarget) launch.getDebugTarget();
        bot.waitUntil(target::isSuspended, 30_000, "the first demand-zero fault suspends the target");
        long firstHit = target.lastHitSequence();
        long firstPosition = target.position();
        target.resume();
        bot.waitUntil(() -> target.isSuspended() && target.lastHitSequence() > firstHit, 30_000, "the second fault");
        long secondPosition = target.position();

        ToolItem stepBack = toolItem("Step Back");
        bot.waitUntil(stepBack::isEnabled, 10_000, "Step Back is enabled while suspended after the start");
        UiBot.select(stepBack);
        bot.waitUntil(() -> target.isSuspended() && target.position() < secondPosition, 30_000,
                "Step Back goes back before the second fault");
        assertTrue(target.suspendedAtEvent() < target.lastHitSequence() || target.lastHitSequence() < 0
                || target.position() < secondPosition);
        bot.waitUntil(stepBack::isEnabled, 10_000, "Step Back is enabled again once suspended");
        bot.screenshot("debug-view-step-back");

        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        handlers.executeCommand(RunBackHandler.COMMAND_ID, null);
        bot.waitUntil(() -> target.isSuspended() && target.position() == firstPosition, 30_000,
                "Run Back goes to the first hit, position " + firstPosition + " (now " + target.position() + ")");
        assertEquals(firstHit, target.lastHitSequence(), "stopped at the first hit's event");
        assertNotNull(ShownMachine.get().machine(), "the model of that moment is shown");
        assertEquals(target.suspendedAtEvent(), ShownMachine.get().machine().getEventSequence());
    }

    /** The one tool item with this text in any shell's toolbars (a contributed FORCE_TEXT command). */
    private static ToolItem toolItem(String text) {
        List<ToolItem> found = new ArrayList<>();
        for (Shell shell : Display.getCurrent().getShells()) {
            collect(shell, text, found);
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one tool item '" + text + "', found " + found.size());
        }
        return found.get(0);
    }

    private static void collect(Control control, String text, List<ToolItem> found) {
        if (control instanceof ToolBar bar) {
            for (ToolItem item : bar.getItems()) {
                if (text.equals(item.getText().replace("&", "")) && (item.getStyle() & SWT.SEPARATOR) == 0) {
                    found.add(item);
                }
            }
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, text, found);
            }
        }
    }
}
