package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;

/** The "Launch default simulation" button runs the built-in scenario and the PFN Inspector follows it. */
class LaunchDefaultSimulationTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void cleanUp() throws Exception {
        for (ILaunch launch : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            launch.terminate();
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
        }
        ShownMachine.get().show(null, null);
        bot.spin(100);
    }

    @Test
    void theButtonRunsTheDefaultScenarioAndTheInspectorShowsItsLists() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        PfnInspectorView view = (PfnInspectorView) bot.showView(PfnInspectorView.ID);
        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        handlers.executeCommand("org.mmscope.debug.ui.launchDefaultSimulation", null);

        Table totals = bot.widgetById("pfnInspector.totals", Table.class);
        bot.waitUntil(() -> totals.getItemCount() > 0, 30_000, "the inspector shows the running simulation");
        bot.waitUntil(() -> view.getContentDescription().contains("finished"), 120_000,
                "the default scenario runs to its end: " + view.getContentDescription());
        assertTrue(view.getContentDescription().startsWith("default.mms, finished at "), view.getContentDescription());
        assertEquals(15, totals.getItemCount(), "Zeroed, Free, Standby 0-7, Modified, ModifiedNoWrite, Bad, Active, Transition");
        long pages = 0;
        for (int i = 0; i < totals.getItemCount(); i++) {
            pages += Long.parseLong(totals.getItem(i).getText(2).replace(",", ""));
        }
        assertEquals(65_536, pages, "every page of the 256 MB machine is somewhere");
        assertEquals(1, DebugPlugin.getDefault().getLaunchManager().getLaunches().length);
        bot.waitUntil(() -> DebugPlugin.getDefault().getLaunchManager().getLaunches()[0].isTerminated(), 10_000,
                "the launch ends with the scenario");
        bot.screenshot("default-simulation-finished");
    }
}
