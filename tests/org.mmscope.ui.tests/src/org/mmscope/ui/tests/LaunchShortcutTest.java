package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.expressions.EvaluationContext;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.internal.ui.DebugUIPlugin;
import org.eclipse.debug.internal.ui.IInternalDebugUIConstants;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchShortcutExtension;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.IDebugView;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.debug.ui.launcher.ScenarioLaunchShortcut;

/** Debug As > MmScope Simulation on a .mms file: a configuration for it, a target in the Debug view. */
class LaunchShortcutTest {

    private static final String SCENARIO = """
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
            """;

    private final UiBot bot = new UiBot();

    @AfterEach
    void cleanUp() throws Exception {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch launch : manager.getLaunches()) {
            launch.terminate();
            manager.removeLaunch(launch);
        }
        for (var configuration : manager.getLaunchConfigurations(manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID))) {
            if (configuration.getName().startsWith("soft")) {
                configuration.delete();
            }
        }
        var breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        breakpoints.removeBreakpoints(breakpoints.getBreakpoints(MmScopeDebugCore.PLUGIN_ID), true);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("scenarios");
        if (project.exists()) {
            project.delete(true, null);
        }
        ShownMachine.get().show(null, null);
        bot.spin(100);
    }

    @Test
    void debugAsLaunchesTheFileAndTheDebugViewShowsTheTarget() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("scenarios");
        project.create(null);
        project.open(null);
        IFile file = project.getFile("soft.mms");
        file.create(new ByteArrayInputStream(SCENARIO.getBytes(StandardCharsets.UTF_8)), true, null);
        IFile text = project.getFile("notes.txt");
        text.create(new ByteArrayInputStream(new byte[0]), true, null);

        LaunchShortcutExtension shortcut = DebugUIPlugin.getDefault().getLaunchConfigurationManager().getLaunchShortcuts()
                .stream().filter(s -> s.getId().equals("org.mmscope.debug.ui.scenarioShortcut")).findFirst().orElseThrow();
        assertTrue(shortcut.getModes().contains(ILaunchManager.DEBUG_MODE) && shortcut.getModes().contains(ILaunchManager.RUN_MODE));
        assertTrue(enabledOn(shortcut, file), "Run As / Debug As offers MmScope Simulation on a .mms file");
        assertFalse(enabledOn(shortcut, text), "but not on a .txt file");

        // no "Switch to the Debug perspective?" question: it is modal and would wait for a click
        var preferences = DebugUIPlugin.getDefault().getPreferenceStore();
        preferences.setValue(IInternalDebugUIConstants.PREF_SWITCH_PERSPECTIVE_ON_SUSPEND, MessageDialogWithToggle.NEVER);
        preferences.setValue(IInternalDebugUIConstants.PREF_SWITCH_TO_PERSPECTIVE, MessageDialogWithToggle.NEVER);
        try {
            launchAndShow(project, file);
        } finally {
            preferences.setToDefault(IInternalDebugUIConstants.PREF_SWITCH_PERSPECTIVE_ON_SUSPEND);
            preferences.setToDefault(IInternalDebugUIConstants.PREF_SWITCH_TO_PERSPECTIVE);
        }
    }

    private void launchAndShow(IProject project, IFile file) throws Exception {
        new MmEventBreakpoint(EventKind.FAULT, true); // so the target stops and stays in the Debug view
        IDebugView debugView = (IDebugView) bot.showView(IDebugUIConstants.ID_DEBUG_VIEW);
        new ScenarioLaunchShortcut().launch(new StructuredSelection(file), ILaunchManager.DEBUG_MODE);
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        bot.waitUntil(() -> manager.getLaunches().length == 1 && manager.getLaunches()[0].getDebugTarget() != null,
                30_000, "the shortcut launches in debug mode");
        ILaunch launch = manager.getLaunches()[0];
        assertEquals(file.getLocation().toOSString(),
                launch.getLaunchConfiguration().getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, ""));
        MmDebugTarget target = (MmDebugTarget) launch.getDebugTarget();
        bot.waitUntil(target::isSuspended, 30_000, "the FAULT breakpoint suspends the target");

        Tree tree = (Tree) debugView.getViewer().getControl();
        bot.waitUntil(() -> texts(tree.getItems()).stream().anyMatch(t -> t.startsWith("MmScope simulation [soft.mms]")),
                30_000, "the Debug view shows the target: " + texts(tree.getItems()));
        bot.waitUntil(() -> texts(tree.getItems()).stream().anyMatch(t -> t.contains("[depth 1]")), 30_000,
                "the Debug view shows the suspended thread's frames: " + texts(tree.getItems()));
 
        assertTrue(texts(tree.getItems()).stream().anyMatch(t -> t.matches("p/t \\([A-Z: _]+\\) \\[tid \\d+, pid \\d+\\]")),
                "threads read 'p/t (STATE) [tid N, pid P]': " + texts(tree.getItems()));
        System.out.println("Debug view: " + texts(tree.getItems()));
        bot.screenshot("debug-view-shortcut");

        new ScenarioLaunchShortcut().launch(new StructuredSelection(file), ILaunchManager.RUN_MODE);
        // until the build it waits for is done, the launch is a pending one with a stand-in configuration
        bot.waitUntil(() -> manager.getLaunches().length == 2
                && !manager.getLaunches()[1].getLaunchConfiguration().getName().contains("waiting"), 30_000,
                "run mode launches too");
        assertEquals(launch.getLaunchConfiguration(), manager.getLaunches()[1].getLaunchConfiguration(),
                "the second launch reuses the file's configuration");
        long forTheFile = java.util.Arrays.stream(manager.getLaunchConfigurations(
                manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID))).filter(c -> {
                    try {
                        return file.getLocation().toOSString().equals(c.getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, ""));
                    } catch (org.eclipse.core.runtime.CoreException e) {
                        return false;
                    }
                }).count();
        assertEquals(1, forTheFile, "one configuration for the file");

        launch.terminate();
        bot.waitUntil(target::isTerminated, 30_000, "the target terminates");
    }

    private static boolean enabledOn(LaunchShortcutExtension shortcut, IFile file) throws Exception {
        List<Object> selection = List.of(file);
        EvaluationContext context = new EvaluationContext(null, selection);
        context.setAllowPluginActivation(true);
        context.addVariable("selection", selection);
        return shortcut.evalEnablementExpression(context, shortcut.getContextualLaunchEnablementExpression());
    }

    private static List<String> texts(TreeItem[] items) {
        List<String> texts = new ArrayList<>();
        for (TreeItem item : items) {
            texts.add(item.getText());
            if (item.getExpanded()) {
                texts.addAll(texts(item.getItems()));
            }
        }
        return texts;
    }
}
