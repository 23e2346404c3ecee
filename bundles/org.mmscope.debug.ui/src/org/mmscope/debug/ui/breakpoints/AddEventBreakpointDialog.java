package org.mmscope.debug.ui.breakpoints;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.ui.MmScopeDebugUi;

/**
 * "Add Memory-Manager Breakpoint...": the {@link BreakpointEditor} in a dialog whose OK button is
 * enabled only while the settings are valid (the problem is shown as the dialog's error); OK creates
 * the breakpoint.
 */
public final class AddEventBreakpointDialog extends TitleAreaDialog {

    private static final String MESSAGE = "Suspend the simulation at memory-manager events of a kind; the other fields narrow them down.";

    private BreakpointEditor editor;
    private String problem;
    private MmEventBreakpoint created;

    /** A dialog on {@code parent}. */
    public AddEventBreakpointDialog(Shell parent) {
        super(parent);
        setShellStyle(getShellStyle() | org.eclipse.swt.SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Add Memory-Manager Breakpoint");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Memory-Manager Breakpoint");
        setMessage(MESSAGE);
        editor = new BreakpointEditor(area, (found, label) -> {
            problem = found;
            showProblem();
        });
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        MmScopeDebugUi.widgetId(getButton(IDialogConstants.OK_ID), "breakpoint.ok");
        editor.update();
    }

    private void showProblem() {
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void okPressed() {
        if (problem != null) {
            return;
        }
        try {
            created = editor.settings().create();
        } catch (CoreException | IllegalArgumentException e) {
            setErrorMessage("Cannot create the breakpoint: " + e.getMessage());
            return;
        }
        super.okPressed();
    }

    /** The breakpoint OK created, or null. */
    public MmEventBreakpoint createdBreakpoint() {
        return created;
    }
}
