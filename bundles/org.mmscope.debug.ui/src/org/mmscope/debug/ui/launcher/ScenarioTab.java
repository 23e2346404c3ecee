package org.mmscope.debug.ui.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Text;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.debug.ui.MmScopeDebugUi;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.scenario.ScenarioParser;

/**
 * Chooses the scenario a simulation runs: a built-in one (default, pools), or a .mms file. The file
 * is read and parsed as you type, so a mistake shows as file:line:column before anything is launched.
 * The same tab serves the Run and the Debug Configurations dialogs.
 */
public final class ScenarioTab extends AbstractLaunchConfigurationTab {

    /** The built-in scenarios offered, in the order shown. */
    static final String[] BUILT_INS = { BuiltInScenarios.DEFAULT_NAME, BuiltInScenarios.POOLS_NAME };

    private Button builtIn;
    private Combo builtInChoice;
    private Button fromFile;
    private Text file;
    private Button browse;

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        builtIn = new Button(body, SWT.RADIO);
        builtIn.setText("Built-in scenario:");
        MmScopeDebugUi.widgetId(builtIn, "scenarioTab.builtIn");
        builtIn.addListener(SWT.Selection, e -> changed());
        builtInChoice = new Combo(body, SWT.READ_ONLY);
        builtInChoice.setItems(BUILT_INS);
        builtInChoice.select(0);
        builtInChoice.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
        MmScopeDebugUi.widgetId(builtInChoice, "scenarioTab.builtInChoice");
        builtInChoice.addListener(SWT.Selection, e -> changed());
        fromFile = new Button(body, SWT.RADIO);
        fromFile.setText("Scenario file:");
        MmScopeDebugUi.widgetId(fromFile, "scenarioTab.fromFile");
        fromFile.addListener(SWT.Selection, e -> changed());
        file = new Text(body, SWT.BORDER);
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        file.setMessage("/path/to/scenario.mms");
        MmScopeDebugUi.widgetId(file, "scenarioTab.file");
        file.addListener(SWT.Modify, e -> changed());
        browse = new Button(body, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.mms", "*" });
            String chosen = dialog.open();
            if (chosen != null) {
                file.setText(chosen);
            }
        });
        setControl(body);
    }

    private void changed() {
        boolean custom = fromFile.getSelection();
        builtInChoice.setEnabled(!custom);
        file.setEnabled(custom);
        browse.setEnabled(custom);
        updateLaunchConfigurationDialog();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
        configuration.setAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO, BuiltInScenarios.DEFAULT_NAME);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        String path = "";
        String name = BuiltInScenarios.DEFAULT_NAME;
        try {
            path = configuration.getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
            name = configuration.getAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO, BuiltInScenarios.DEFAULT_NAME);
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
        builtIn.setSelection(path.isBlank());
        fromFile.setSelection(!path.isBlank());
        int index = java.util.Arrays.asList(BUILT_INS).indexOf(name);
        builtInChoice.select(Math.max(0, index));
        file.setText(path);
        changed();
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        if (fromFile.getSelection()) {
            configuration.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, file.getText().strip());
        } else {
            configuration.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
            configuration.setAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO, builtInChoice.getText());
        }
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        String problem = fromFile.getSelection() ? problemWith(file.getText()) : null;
        setErrorMessage(problem);
        return problem == null;
    }

    @Override
    public boolean canSave() {
        return true;
    }

    /**
     * What is wrong with a scenario file, in one sentence, or null when it reads and parses: no path,
     * no such file, not a .mms file, unreadable, or the parser's "file:line:column: message".
     */
    public static String problemWith(String path) {
        String trimmed = path == null ? "" : path.strip();
        if (trimmed.isEmpty()) {
            return "Choose a scenario file (.mms), or a built-in scenario.";
        }
        Path scenario;
        try {
            scenario = Path.of(trimmed);
        } catch (RuntimeException e) {
            return "'" + trimmed + "' is not a file path: " + e.getMessage();
        }
        if (!Files.exists(scenario)) {
            return "The scenario file " + trimmed + " does not exist.";
        }
        if (!Files.isRegularFile(scenario)) {
            return trimmed + " is not a file.";
        }
        if (!scenario.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mms")) {
            return trimmed + " is not a scenario: its name must end with .mms.";
        }
        String text;
        try {
            text = Files.readString(scenario, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "Cannot read the scenario file " + trimmed + ": " + e.getMessage();
        }
        try {
            ScenarioParser.parse(scenario.getFileName().toString(), text);
            return null;
        } catch (ScenarioException e) {
            return e.getMessage();
        }
    }

    @Override
    public String getName() {
        return "Scenario";
    }
}
