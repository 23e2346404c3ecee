package org.mmscope.debug.ui.breakpoints;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.dialogs.PropertyPage;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;

/**
 * Breakpoint Properties of a memory-manager breakpoint: the same editor as the Add dialog, the same
 * live checks (Apply and OK disabled while the condition does not compile).
 */
public final class EventBreakpointPropertyPage extends PropertyPage {

    private BreakpointEditor editor;

    private MmEventBreakpoint breakpoint() {
        return Adapters.adapt(getElement(), MmEventBreakpoint.class);
    }

    @Override
    protected Control createContents(Composite parent) {
        noDefaultButton();
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));
        editor = new BreakpointEditor(body, (problem, label) -> {
            setErrorMessage(problem);
            setValid(problem == null);
        });
        MmEventBreakpoint breakpoint = breakpoint();
        if (breakpoint != null && breakpoint.getMarker() != null && breakpoint.getMarker().exists()) {
            editor.load(BreakpointSettings.of(breakpoint));
        }
        return body;
    }

    @Override
    public boolean performOk() {
        MmEventBreakpoint breakpoint = breakpoint();
        if (breakpoint == null || editor.problem() != null) {
            return false;
        }
        try {
            editor.settings().applyTo(breakpoint);
            return true;
        } catch (CoreException | IllegalArgumentException e) {
            setErrorMessage("Cannot change the breakpoint: " + e.getMessage());
            return false;
        }
    }
}
