package org.mmscope.debug.ui.launcher;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.mmscope.debug.core.launcher.SimulationLaunch;
import org.mmscope.sim.scenario.BuiltInScenarios;

/**
 * Run As / Debug As "MmScope Simulation" on a .mms file: launches the configuration of that file,
 * creating (and saving) one named after the file the first time.
 */
public final class ScenarioLaunchShortcut implements ILaunchShortcut2 {

    @Override
    public void launch(ISelection selection, String mode) {
        IFile file = fileOf(selection);
        if (file != null) {
            launch(file, mode);
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile file = editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class);
        if (file != null) {
            launch(file, mode);
        }
    }

    /** Launches the configuration of {@code file} in {@code mode}, creating it when there is none. */
    public void launch(IFile file, String mode) {
        try {
            DebugUITools.launch(configurationFor(file), mode);
        } catch (CoreException e) {
            ErrorDialog.openError(Display.getCurrent().getActiveShell(), "MmScope Simulation",
                    "Cannot launch " + file.getName(), e.getStatus());
        }
    }

    /** The existing configuration whose scenario is {@code file}, or a new saved one. */
    public static ILaunchConfiguration configurationFor(IFile file) throws CoreException {
        ILaunchConfiguration existing = existing(file);
        if (existing != null) {
            return existing;
        }
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null,
                manager.generateLaunchConfigurationName(file.getName()));
        copy.setAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, path(file));
        copy.setAttribute(SimulationLaunch.ATTR_BUILT_IN_SCENARIO, BuiltInScenarios.DEFAULT_NAME);
        copy.setMappedResources(new IResource[] { file });
        return copy.doSave();
    }

    private static ILaunchConfiguration existing(IFile file) throws CoreException {
        if (file.getLocation() == null) {
            return null;
        }
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(SimulationLaunch.TYPE_ID);
        for (ILaunchConfiguration configuration : manager.getLaunchConfigurations(type)) {
            if (path(file).equals(configuration.getAttribute(SimulationLaunch.ATTR_SCENARIO_FILE, ""))) {
                return configuration;
            }
        }
        return null;
    }

    private static String path(IFile file) {
        return file.getLocation() == null ? "" : file.getLocation().toOSString();
    }

    private static IFile fileOf(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1) {
            return Adapters.adapt(structured.getFirstElement(), IFile.class);
        }
        return null;
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        return configurations(fileOf(selection));
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        return configurations(editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class));
    }

    private static ILaunchConfiguration[] configurations(IFile file) {
        try {
            ILaunchConfiguration existing = file == null ? null : existing(file);
            return existing == null ? null : new ILaunchConfiguration[] { existing };
        } catch (CoreException e) {
            return null;
        }
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        return fileOf(selection);
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class);
    }
}
