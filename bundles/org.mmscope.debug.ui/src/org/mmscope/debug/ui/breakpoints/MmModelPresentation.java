package org.mmscope.debug.ui.breakpoints;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IValueDetailListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.ui.IEditorInput;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.debug.core.model.MmStackFrame;
import org.mmscope.debug.core.model.MmThread;
import org.mmscope.debug.core.model.MmVariable;

/**
 * Labels of the MmScope debug model (id {@code org.mmscope.debug.core}): the target, threads as
 * "name (WAITING: PAGE_IN) [tid 7, pid 4]", NT routine frames, "name = value" variables and
 * memory-manager breakpoints described by their settings. Images are Eclipse's defaults.
 */
public final class MmModelPresentation extends LabelProvider implements IDebugModelPresentation {

    private static final Pattern THREAD = Pattern.compile("(.*) \\[tid (\\d+), pid (\\d+)\\](?: \\((.*)\\))?");

    @Override
    public void setAttribute(String attribute, Object value) {
        // no presentation options
    }

    @Override
    public String getText(Object element) {
        try {
            if (element instanceof MmEventBreakpoint breakpoint) {
                return breakpoint.getMarker() == null || !breakpoint.getMarker().exists() ? "Memory-manager breakpoint"
                        : BreakpointLabels.text(BreakpointSettings.of(breakpoint));
            }
            if (element instanceof MmThread thread) {
                return threadText(thread.getName());
            }
            if (element instanceof MmStackFrame frame) {
                return frame.getName() + " [depth " + frame.getLineNumber() + "]";
            }
            if (element instanceof MmVariable variable) {
                return variable.getName() + " = " + variable.getValue().getValueString();
            }
            if (element instanceof MmDebugTarget target) {
                return target.getName();
            }
        } catch (DebugException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** "name [tid N, pid P] (waiting: PAGE_IN)" becomes "name (WAITING: PAGE_IN) [tid N, pid P]". */
    static String threadText(String name) {
        Matcher parts = THREAD.matcher(name);
        if (!parts.matches()) {
            return name;
        }
        String state = parts.group(4) == null ? "" : " (" + parts.group(4).toUpperCase(Locale.ROOT) + ")";
        return parts.group(1) + state + " [tid " + parts.group(2) + ", pid " + parts.group(3) + "]";
    }

    @Override
    public void computeDetail(IValue value, IValueDetailListener listener) {
        String detail;
        try {
            detail = value.getReferenceTypeName() + " " + value.getValueString();
        } catch (DebugException e) {
            detail = e.getMessage();
        }
        listener.detailComputed(value, detail);
    }

    @Override
    public IEditorInput getEditorInput(Object element) {
        return null;
    }

    @Override
    public String getEditorId(IEditorInput input, Object element) {
        return null;
    }
}
