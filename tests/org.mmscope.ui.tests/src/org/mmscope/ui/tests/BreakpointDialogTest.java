package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.commands.Command;
import org.eclipse.core.resources.IMarker;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.List;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.ui.breakpoints.AddEventBreakpointDialog;

/** "Add Memory-Manager Breakpoint...": live condition check, the breakpoint it creates, its label. */
class BreakpointDialogTest {

    private final UiBot bot = new UiBot();
    private AddEventBreakpointDialog dialog;

    @AfterEach
    void cleanUp() throws Exception {
        if (dialog != null && dialog.getShell() != null) {
            dialog.close();
        }
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpoints(manager.getBreakpoints(MmScopeDebugCore.PLUGIN_ID), true);
        bot.spin(100);
    }

    @Test
    void theCommandIsDefined() {
        Command command = PlatformUI.getWorkbench().getService(ICommandService.class)
                .getCommand("org.mmscope.debug.ui.addEventBreakpoint");
        assertTrue(command.isDefined());
        assertTrue(command.isEnabled() || command.isHandled(), "the command has its handler");
    }

    @Test
    void theCommandIsInTheRunMenuAndTheBreakpointsViewToolbar() throws Exception {
        IViewPart breakpoints = bot.showView(IDebugUIConstants.ID_BREAKPOINT_VIEW);
        assertNotNull(breakpoints.getViewSite().getActionBars().getToolBarManager()
                .find("org.mmscope.debug.ui.addEventBreakpoint.breakpoints"), "Breakpoints view toolbar");
        MApplication application = PlatformUI.getWorkbench().getService(MApplication.class);
        assertTrue(application.getMenuContributions().stream()
                .filter(contribution -> "org.eclipse.ui.run".equals(contribution.getParentId()))
                .flatMap(contribution -> contribution.getChildren().stream())
                .anyMatch(item -> "org.mmscope.debug.ui.addEventBreakpoint.run".equals(item.getElementId())), "Run menu");
    }

    @Test
    void thePropertiesPageEditsABreakpointWithTheSameChecks() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.FAULT, true);
        breakpoint.setCondition("pfn > 1");
        PreferenceDialog properties = PreferencesUtil.createPropertyDialogOn(bot.window().getShell(), breakpoint,
                "org.mmscope.debug.ui.eventBreakpointPage", null, null);
        assertNotNull(properties, "a Properties dialog for the breakpoint");
        properties.setBlockOnOpen(false);
        properties.open();
        try {
            bot.spin(200);
            Text condition = bot.widgetById("breakpoint.condition", Text.class);
            assertEquals("pfn > 1", condition.getText(), "the page shows the breakpoint's condition");
            Button ok = okButton(properties.getShell());
            condition.setText("pfn >>> ");
            assertFalse(ok.isEnabled(), "OK disabled while the condition does not compile");
            assertNotNull(((org.eclipse.jface.dialogs.IDialogPage) properties.getSelectedPage()).getErrorMessage());
            bot.screenshot(properties.getShell(), "breakpoint-properties-bad-condition");
            condition.setText("process == 4");
            assertTrue(ok.isEnabled());
            Spinner hits = bot.widgetById("breakpoint.hitCount", Spinner.class);
            hits.setSelection(2);
            UiBot.select(hits);
            UiBot.select(ok);
            bot.spin(100);
        } finally {
            if (properties.getShell() != null) {
                properties.close();
            }
        }
        assertEquals("process == 4", breakpoint.condition());
        assertEquals(2, breakpoint.hitCount());
        assertEquals(EventKind.FAULT, breakpoint.kind());
    }

    private static Button okButton(org.eclipse.swt.widgets.Control control) {
        if (control instanceof Button button && button.getData() instanceof Integer id && id == IDialogConstants.OK_ID) {
            return button;
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (org.eclipse.swt.widgets.Control child : composite.getChildren()) {
                Button found = okButton(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Test
    void aBadConditionDisablesOkAndAGoodOneCreatesTheBreakpoint() throws Exception {
        dialog = new AddEventBreakpointDialog(bot.window().getShell());
        dialog.setBlockOnOpen(false);
        dialog.open();
        bot.spin(200);
        Button ok = bot.widgetById("breakpoint.ok", Button.class);
        assertTrue(ok.isEnabled(), "a plain FAULT breakpoint is valid");

        Combo kind = bot.widgetById("breakpoint.kind", Combo.class);
        kind.select(EventKind.PAGE_TRANSITION.ordinal());
        UiBot.select(kind);
        List from = bot.widgetById("breakpoint.from", List.class);
        List to = bot.widgetById("breakpoint.to", List.class);
        assertTrue(from.isEnabled() && to.isEnabled(), "page lists apply to page transitions");
        from.select(2);
        UiBot.select(from);
        to.select(6);
        to.showSelection();
        UiBot.select(to);
        bot.widgetById("breakpoint.pfnLow", Text.class).setText("0x100");
        bot.widgetById("breakpoint.pfnHigh", Text.class).setText("0x1ff");
        Spinner hits = bot.widgetById("breakpoint.hitCount", Spinner.class);
        hits.setSelection(3);
        UiBot.select(hits);

        Text condition = bot.widgetById("breakpoint.condition", Text.class);
        condition.setText("pfn > ");
        assertFalse(ok.isEnabled(), "OK is disabled while the condition does not compile");
        assertNotNull(dialog.getErrorMessage());
        assertTrue(dialog.getErrorMessage().startsWith("The condition does not compile"), dialog.getErrorMessage());
        System.out.println("Breakpoint dialog error: " + dialog.getErrorMessage());
        bot.screenshot(dialog.getShell(), "breakpoint-dialog-bad-condition");

        condition.setText("nosuchfield > 5");
        assertFalse(ok.isEnabled(), "an unknown name does not compile either: " + dialog.getErrorMessage());

        condition.setText("pfn > 5");
        assertTrue(ok.isEnabled(), "OK is enabled again: " + dialog.getErrorMessage());
        assertEquals(null, dialog.getErrorMessage());
        bot.screenshot(dialog.getShell(), "breakpoint-dialog-good");
        UiBot.select(ok);
        bot.spin(100);

        IBreakpoint[] breakpoints = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(MmScopeDebugCore.PLUGIN_ID);
        assertEquals(1, breakpoints.length);
        MmEventBreakpoint created = (MmEventBreakpoint) breakpoints[0];
        assertEquals(created, dialog.createdBreakpoint());
        IMarker marker = created.getMarker();
        assertEquals("PAGE_TRANSITION", marker.getAttribute(MmEventBreakpoint.KIND, ""));
        assertEquals("STANDBY", marker.getAttribute(MmEventBreakpoint.FROM_LISTS, ""));
        assertEquals("ACTIVE_AND_VALID", marker.getAttribute(MmEventBreakpoint.TO_LISTS, ""));
        assertEquals(0x100, marker.getAttribute(MmEventBreakpoint.PFN_LOW, -1));
        assertEquals(0x1ff, marker.getAttribute(MmEventBreakpoint.PFN_HIGH, -1));
        assertEquals(-1, marker.getAttribute(MmEventBreakpoint.PROCESS_ID, -1));
        assertEquals("pfn > 5", marker.getAttribute(MmEventBreakpoint.CONDITION, ""));
        assertEquals(3, marker.getAttribute(MmEventBreakpoint.HIT_COUNT, 0));
        assertTrue(created.isEnabled());

        IDebugModelPresentation presentation = DebugUITools.newDebugModelPresentation();
        try {
            assertEquals("Page transition Standby -> ActiveAndValid, PFN 0x100-0x1ff, if pfn > 5, hit count 3",
                    presentation.getText(created));
        } finally {
            presentation.dispose();
        }
    }

    @Test
    void labelsOfAFaultAndAPoolBreakpoint() throws Exception {
        MmEventBreakpoint fault = new MmEventBreakpoint(EventKind.FAULT, true);
        fault.setSubKinds("DEMAND_ZERO", "PAGE_FILE");
        fault.setProcessId(4);
        MmEventBreakpoint pool = new MmEventBreakpoint(EventKind.POOL, true);
        pool.setTagPattern("Vrf*");
        pool.setPfnRange(7, 7);
        IDebugModelPresentation presentation = DebugUITools.newDebugModelPresentation();
        try {
            assertEquals("Fault (DEMAND_ZERO, PAGE_FILE), process 4", presentation.getText(fault));
            assertEquals("Pool, PFN 0x7, tag Vrf*", presentation.getText(pool));
        } finally {
            presentation.dispose();
        }
    }
}
