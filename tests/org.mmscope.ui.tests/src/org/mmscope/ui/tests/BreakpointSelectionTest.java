package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.model.EventRecord;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;

/** When a breakpoint suspends the simulation, the Debug view selects the thread and the PFN Inspector its page. */
class BreakpointSelectionTest {

    private final UiBot bot = new UiBot();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch launch : manager.getLaunches()) {
            launch.terminate();
            bot.waitUntil(launch::isTerminated, "the launch ends");
            manager.removeLaunch(launch);
        }
        bot.spin(300);
        var breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        breakpoints.removeBreakpoints(breakpoints.getBreakpoints(), true);
        ShownMachine.get().show(null, null);
        bot.spin(200);
        bot.closeMmScopeViews();
    }

    private PfnInspectorView showInspector() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        return (PfnInspectorView) bot.showView(PfnInspectorView.ID);
    }

    /** A breakpoint on pages going from Standby to ActiveAndValid (a soft fault). */
    private static MmEventBreakpoint breakOnSoftFaults() throws Exception {
        MmEventBreakpoint breakpoint = new MmEventBreakpoint(EventKind.PAGE_TRANSITION, true);
        breakpoint.setTransition(List.of("STANDBY"), List.of("ACTIVE_AND_VALID"));
        return breakpoint;
    }

    /** Launches a small scenario with soft faults in debug mode. */
    private MmDebugTarget launchSoftFaults() throws Exception {
        Path scenario = dir.resolve("soft.mms");
        Files.writeString(scenario, """
                machine ram=256M pagefile=64M seed=3
                process p {
                    thread t {
                        commit 0x10000 size=64K rw
                        touch 0x10000..+64K write
                        wait 50ms
                        touch 0x10000..+64K read
                    }
                }
                wait 5ms
                trim p
                run modified-page-writer
                join p
                exit p
                """);
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "breakpoint-selection");
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, scenario.toString());
        ILaunch launch = copy.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        MmDebugTarget target = (MmDebugTarget) launch.getDebugTarget();
        return target;
    }

    @Test
    void thePfnInspectorSelectsThePageOfTheBreakpointHit() throws Exception {
        PfnInspectorView inspector = showInspector();
        breakOnSoftFaults();
        MmDebugTarget target = launchSoftFaults();
        bot.waitUntil(target::isSuspended, 60_000, "the breakpoint suspends the simulation");
        long hit = target.lastHitSequence();
        bot.waitUntil(() -> ShownMachine.get().machine() != null && ShownMachine.get().machine().getEvents().stream()
                .anyMatch(e -> e.getSequence() == hit), "the model holds the hit event");
        EventRecord event = ShownMachine.get().machine().getEvents().stream().filter(e -> e.getSequence() == hit)
                .findFirst().orElseThrow();
        bot.waitUntil(() -> inspector.selectedPfn() == event.getPfn(), 10_000,
                "the PFN inspector selects the page that left Standby: 0x" + Long.toHexString(event.getPfn())
                        + ", selected " + inspector.selectedPfn());
        assertEquals("Active", bot.widgetById("pfnInspector.details", org.eclipse.swt.widgets.Text.class).getText()
                .lines().filter(l -> l.startsWith("PageLocation")).findFirst().orElseThrow().substring(23).trim());
        bot.screenshot("breakpoint-hit-pfn-inspector");
    }

    @Test
    void runToTheNextEventOfAPageFromThePfnInspectorAndOfATypeFromTheEventTimeline() throws Exception {
        PfnInspectorView inspector = showInspector();
        MmEventBreakpoint breakpoint = breakOnSoftFaults();
        MmDebugTarget target = launchSoftFaults();
        bot.waitUntil(target::isSuspended, 60_000, "the breakpoint suspends the simulation");
        breakpoint.setEnabled(false);
        bot.waitUntil(() -> inspector.selectedPfn() >= 0, 10_000, "the PFN inspector selects the hit's page");
        long pfn = inspector.selectedPfn();
        long suspendedAt = target.suspendedAtEvent();

        // the next suspend updates the shown machine in place: on the UI thread, where the views read it
        List<Thread> updatedOn = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ShownMachine.get().machine().eAdapters().add(new org.eclipse.emf.common.notify.impl.AdapterImpl() {
            @Override
            public void notifyChanged(org.eclipse.emf.common.notify.Notification notification) {
                updatedOn.add(Thread.currentThread());
            }
        });
        org.eclipse.swt.widgets.Table rows = bot.widgetById("pfnInspector.table", org.eclipse.swt.widgets.Table.class);
        bot.contextMenuItem(rows, String.format("Break When PFN 0x%x Changes List", pfn));
        org.eclipse.swt.widgets.MenuItem runTo = bot.contextMenuItem(rows, "Run to Next Event of PFN");
        assertEquals(String.format("Run to Next Event of PFN 0x%x", pfn), runTo.getText());
        org.junit.jupiter.api.Assertions.assertTrue(runTo.isEnabled());
        UiBot.select(runTo);
        bot.waitUntil(() -> target.isSuspended() && target.suspendedAtEvent() > suspendedAt, 30_000,
                "ran to the page's next event: " + target.getName());
        org.junit.jupiter.api.Assertions.assertTrue(target.getName().contains(String.format("ran to the next event of PFN 0x%x", pfn)),
                target.getName());
        long hit = target.lastHitSequence();
        bot.waitUntil(() -> ShownMachine.get().machine() != null && ShownMachine.get().machine().getEvents().stream()
                .anyMatch(e -> e.getSequence() == hit), "the model holds the event ran to");
        org.junit.jupiter.api.Assertions.assertFalse(updatedOn.isEmpty(), "the machine was updated in place");
        assertEquals(java.util.Set.of(rows.getDisplay().getThread()), java.util.Set.copyOf(updatedOn),
                "every change of the shown machine came on the UI thread");
        assertEquals(pfn, ShownMachine.get().machine().getEvents().stream().filter(e -> e.getSequence() == hit)
                .findFirst().orElseThrow().getPfn());

        org.mmscope.ui.views.events.EventTimelineView timeline = (org.mmscope.ui.views.events.EventTimelineView) bot
                .showView(org.mmscope.ui.views.events.EventTimelineView.ID);
        org.eclipse.swt.widgets.Table events = bot.widgetById("events.table", org.eclipse.swt.widgets.Table.class);
        // the whole life of the page, replayed by the debugger: the same events the model kept (a small run)
        timeline.showPfn(pfn);
        org.eclipse.swt.widgets.Button wholeLife = bot.widgetById("events.wholeLife", org.eclipse.swt.widgets.Button.class);
        bot.waitUntil(wholeLife::isEnabled, 5_000, "Whole life... is offered for a PFN");
        UiBot.select(wholeLife);
        bot.waitUntil(() -> timeline.wholeLife() != null, 30_000, "the run is replayed for the page's life");
        List<Long> kept = ShownMachine.get().machine().getEvents().stream().filter(e -> e.getPfn() == pfn)
                .map(EventRecord::getSequence).sorted().toList();
        assertEquals(kept, timeline.wholeLife().events().stream().map(EventRecord::getSequence).toList(),
                "every event of the page since the start, as the model kept them");
        org.eclipse.swt.widgets.Label lifeMessage = bot.widgetById("events.message", org.eclipse.swt.widgets.Label.class);
        org.junit.jupiter.api.Assertions.assertTrue(lifeMessage.getText().startsWith(
                String.format("Whole life of PFN 0x%x: %d events since the start (replayed ", pfn, kept.size())),
                lifeMessage.getText());
        bot.screenshot("event-timeline-whole-life");
        timeline.showPfn(pfn); // back to the model's events
        events.deselectAll();
        bot.waitUntil(() -> events.getItemCount() > 0, 10_000, "the timeline shows events");
        events.select(0);
        UiBot.select(events);
        org.eclipse.swt.widgets.MenuItem runToType = bot.contextMenuItem(events, "Run to Next ");
        org.junit.jupiter.api.Assertions.assertTrue(runToType.getText().endsWith(" Event"), runToType.getText());
        bot.screenshot("run-to-event");
        target.terminate();
        bot.waitUntil(target::isTerminated, 30_000, "terminated");
        org.eclipse.swt.widgets.MenuItem disabled = bot.contextMenuItem(rows, "Run to Next Event of PFN");
        org.junit.jupiter.api.Assertions.assertFalse(disabled.isEnabled(), "nothing suspended: " + disabled.getText());
        org.junit.jupiter.api.Assertions.assertTrue(disabled.getText().endsWith("(no suspended MmScope simulation)"));
    }
}
