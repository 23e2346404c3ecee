package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.internal.ui.DebugUIPlugin;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchConfigurationPresentationManager;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchConfigurationsDialog;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.launcher.SimulationLaunch;

/** The Scenario tab in the real Debug Configurations dialog: its errors and its silence on a good file. */
class ScenarioTabTest {

    private final UiBot bot = new UiBot();
    private LaunchConfigurationsDialog dialog;
    private ILaunchConfiguration configuration;

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        if (dialog != null && dialog.getShell() != null) {
            dialog.close();
        }
        if (configuration != null) {
            configuration.delete();
        }
        bot.spin(100);
    }

    @Test
    void theTypeHasItsTabsInRunAndDebugModes() throws Exception {
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        for (String mode : new String[] { ILaunchManager.RUN_MODE, ILaunchManager.DEBUG_MODE }) {
            assertTrue(type.supportsMode(mode), mode);
            assertNotNull(DebugUITools.getLaunchGroup(type.newInstance(null, "probe"), mode), "launch group for " + mode);
            assertNotNull(LaunchConfigurationPresentationManager.getDefault().getTabGroup(type, mode), "tabs for " + mode);
        }
    }

    @Test
    void theDebugConfigurationsDialogSaysWhatIsWrongWithTheScenarioFile() throws Exception {
        Path good = Files.writeString(dir.resolve("good.mms"), """
                machine ram=256M pagefile=64M seed=3
                process p {
                    thread t {
                        commit 0x10000 size=64K rw
                        touch 0x10000..+64K write
                    }
                }
                join p
                """);
        Path bad = Files.writeString(dir.resolve("bad.mms"), """
                machine ram=256M pagefile=64M seed=3
                process p {
                    thread t {
                        commit 0x10000 size=64K rw
                        touch 0x10000..+64K wrote @@
                    }
                }
                """);
        Path notMms = Files.writeString(dir.resolve("notes.txt"), "machine ram=256M\n");
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "ScenarioTabTest");
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, good.toString());
        configuration = copy.doSave();

        dialog = new LaunchConfigurationsDialog(bot.window().getShell(), DebugUIPlugin.getDefault()
                .getLaunchConfigurationManager().getLaunchGroup(IDebugUIConstants.ID_DEBUG_LAUNCH_GROUP));
        dialog.setOpenMode(LaunchConfigurationsDialog.LAUNCH_CONFIGURATION_DIALOG_OPEN_ON_SELECTION);
        dialog.setInitialSelection(new StructuredSelection(configuration));
        dialog.setBlockOnOpen(false);
        dialog.open();
        bot.waitUntil(() -> dialog.getActiveTab() != null && "Scenario".equals(dialog.getActiveTab().getName()),
                "the Scenario tab shows");
        assertTrue(treeHas(dialog.getShell(), "MmScope Simulation"), "the type is listed in Debug Configurations");
        ILaunchConfigurationTab tab = dialog.getActiveTab();
        Text file = bot.widgetById("scenarioTab.file", Text.class);
        assertTrue(bot.widgetById("scenarioTab.fromFile", Button.class).getSelection());
        bot.waitUntil(() -> tab.getErrorMessage() == null, "no error for a good file: " + tab.getErrorMessage());

        file.setText(dir.resolve("missing.mms").toString());
        bot.waitUntil(() -> tab.getErrorMessage() != null, "an error for a missing file");
        assertEquals("The scenario file " + dir.resolve("missing.mms") + " does not exist.", tab.getErrorMessage());

        file.setText(notMms.toString());
        bot.waitUntil(() -> tab.getErrorMessage() != null && tab.getErrorMessage().contains(".mms"), "not a .mms file");

        file.setText(bad.toString());
        bot.waitUntil(() -> tab.getErrorMessage() != null && tab.getErrorMessage().startsWith("bad.mms:5:"),
                "the parser's file:line:column: " + tab.getErrorMessage());
        System.out.println("Scenario tab error: " + tab.getErrorMessage());
        bot.waitUntil(() -> tab.getErrorMessage().equals(dialog.getErrorMessage()),
                "the dialog shows the tab's error: " + dialog.getErrorMessage());
        bot.screenshot(dialog.getShell(), "scenario-tab-syntax-error");

        file.setText(good.toString());
        bot.waitUntil(() -> tab.getErrorMessage() == null, "the error goes with a good file");
        Button builtIn = bot.widgetById("scenarioTab.builtIn", Button.class);
        builtIn.setSelection(true);
        bot.widgetById("scenarioTab.fromFile", Button.class).setSelection(false);
        UiBot.select(builtIn);
        assertTrue(!file.isEnabled() && tab.getErrorMessage() == null, "built-in: no file needed");
        bot.screenshot(dialog.getShell(), "scenario-tab-built-in");
    }

    private static boolean treeHas(Control control, String text) {
        if (control instanceof Tree tree) {
            for (TreeItem item : tree.getItems()) {
                if (text.equals(item.getText())) {
                    return true;
                }
            }
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                if (treeHas(child, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void problemWithNamesAFileThatCannotBeReadAndADirectory() throws Exception {
        Path garbled = Files.write(dir.resolve("garbled.mms"), new byte[] { 'm', (byte) 0xC3, (byte) 0x28, '\n' });
        String problem = org.mmscope.debug.ui.launcher.ScenarioTab.problemWith(garbled.toString());
        assertNotNull(problem);
        assertTrue(problem.startsWith("Cannot read the scenario file " + garbled), problem);
        Path folder = Files.createDirectory(dir.resolve("folder.mms"));
        assertEquals(folder + " is not a file.", org.mmscope.debug.ui.launcher.ScenarioTab.problemWith(folder.toString()));
        assertNull(org.mmscope.debug.ui.launcher.ScenarioTab.problemWith(null) == null ? "no path must be a problem" : null);
    }
}
