package org.mmscope.debug.ui.launcher;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.mmscope.debug.core.launcher.SimulationLaunch;

/**
 * Chooses the scenario a simulation runs: the built-in default, or a .mms file. The file is parsed
 * as you type, so a mistake shows as file:line:column before anything is launched.
 */
public final class ScenarioTab extends AbstractLaunchConfigurationTab {

    private Button builtIn;
    private Text file;
    private Button browse;

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        builtIn = new Button(body, SWT.CHECK);
        builtIn.setText("Run the built-in default scenario");
        builtIn.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        builtIn.addListener(SWT.Selection, e -> changed());
        new Label(body, SWT.NONE).setText("Scenario file:");
        file = new Text(body, SWT.BORDER);
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
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
        boolean custom = !builtIn.getSelection();
        file.setEnabled(custom);
        browse.setEnabled(custom);
        updateLaunchConfigurationDialog();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        String path = "";
        try {
            path = configuration.getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, "");
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
        builtIn.setSelection(path.isBlank());
        file.setText(path);
        changed();
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, builtIn.getSelection() ? "" : file.getText().strip());
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        setErrorMessage(null);
        if (builtIn.getSelection()) {
            return true;
        }
        String problem = SimulationLaunch.checkScenarioFile(file.getText());
        setErrorMessage(problem);
        return problem == null;
    }

    @Override
    public String getName() {
        return "Scenario";
    }
}
