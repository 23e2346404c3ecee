package org.mmscope.debug.ui.breakpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.mmscope.debug.core.breakpoints.BreakpointMatcher;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.ui.MmScopeDebugUi;
import org.mmscope.model.query.Condition;
import org.mmscope.model.query.QueryException;

/**
 * The widgets that set up a memory-manager breakpoint: kind, sub-kinds, page lists, PFN range,
 * process, pool tag, condition and hit count. Every change is checked at once; the owner hears the
 * problem (or null) and the would-be label, so it can show the message and enable its OK button.
 */
public final class BreakpointEditor {

    /** What the editor reports after each change. */
    public interface Listener {
        /** {@code problem} is null when the settings are valid; {@code label} describes them then. */
        void changed(String problem, String label);
    }

    private final Listener listener;
    private final Combo kind;
    private final org.eclipse.swt.widgets.List subKinds;
    private final org.eclipse.swt.widgets.List from;
    private final org.eclipse.swt.widgets.List to;
    private final Text pfnLow;
    private final Text pfnHigh;
    private final Text process;
    private final Text tag;
    private final Text condition;
    private final Spinner hitCount;
    private final Label preview;
    private List<String> shownSubKinds = List.of();

    /** Creates the widgets in a new composite of {@code parent}. */
    public BreakpointEditor(Composite parent, Listener listener) {
        this.listener = listener;
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(4, false));
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        label(body, "Event kind:");
        kind = new Combo(body, SWT.READ_ONLY);
        for (EventKind each : EventKind.values()) {
            kind.add(BreakpointLabels.kindText(each));
        }
        kind.select(EventKind.FAULT.ordinal());
        kind.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        MmScopeDebugUi.widgetId(kind, "breakpoint.kind");

        label(body, "Sub-kinds (none = all):");
        subKinds = list(body, "breakpoint.subKinds", 3);

        label(body, "From lists (none = any):");
        from = list(body, "breakpoint.from", 1);
        label(body, "To lists:");
        to = list(body, "breakpoint.to", 1);
        for (String name : BreakpointLabels.listNames()) {
            from.add(BreakpointLabels.listText(name));
            to.add(BreakpointLabels.listText(name));
        }

        label(body, "PFN from:");
        pfnLow = text(body, "breakpoint.pfnLow", "any (e.g. 0x100)");
        label(body, "to:");
        pfnHigh = text(body, "breakpoint.pfnHigh", "same, or e.g. 0x1ff");

        label(body, "Process id:");
        process = text(body, "breakpoint.process", "any");
        label(body, "Pool tag:");
        tag = text(body, "breakpoint.tag", "any (* and ? allowed)");

        label(body, "Condition:");
        condition = new Text(body, SWT.BORDER);
        condition.setMessage("e.g. pfn > 5 && process == 4  (" + String.join(", ",
                new java.util.TreeSet<>(BreakpointMatcher.CONDITION_NAMES)) + ")");
        condition.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        MmScopeDebugUi.widgetId(condition, "breakpoint.condition");

        label(body, "Hit count:");
        hitCount = new Spinner(body, SWT.BORDER);
        hitCount.setValues(0, 0, Integer.MAX_VALUE, 0, 1, 10);
        hitCount.setToolTipText("Suspend at every N-th matching event (0 or 1 = every one)");
        MmScopeDebugUi.widgetId(hitCount, "breakpoint.hitCount");
        preview = new Label(body, SWT.WRAP);
        GridData previewData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        previewData.widthHint = 360;
        preview.setLayoutData(previewData);
        MmScopeDebugUi.widgetId(preview, "breakpoint.preview");

        kind.addListener(SWT.Selection, e -> {
            fillSubKinds(List.of());
            update();
        });
        for (Control control : new Control[] { subKinds, from, to, hitCount }) {
            control.addListener(SWT.Selection, e -> update());
        }
        for (Text text : new Text[] { pfnLow, pfnHigh, process, tag, condition }) {
            text.addListener(SWT.Modify, e -> update());
        }
        hitCount.addListener(SWT.Modify, e -> update());
        fillSubKinds(List.of());
    }

    private static void label(Composite parent, String text) {
        new Label(parent, SWT.NONE).setText(text);
    }

    private static Text text(Composite parent, String id, String hint) {
        Text text = new Text(parent, SWT.BORDER);
        text.setMessage(hint);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = 150;
        text.setLayoutData(data);
        return MmScopeDebugUi.widgetId(text, id);
    }

    private static org.eclipse.swt.widgets.List list(Composite parent, String id, int span) {
        org.eclipse.swt.widgets.List list = new org.eclipse.swt.widgets.List(parent, SWT.MULTI | SWT.BORDER | SWT.V_SCROLL);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, false, span, 1);
        data.heightHint = list.getItemHeight() * 4;
        list.setLayoutData(data);
        return MmScopeDebugUi.widgetId(list, id);
    }

    private EventKind selectedKind() {
        return EventKind.values()[Math.max(0, kind.getSelectionIndex())];
    }

    private void fillSubKinds(List<String> selected) {
        shownSubKinds = new ArrayList<>(new java.util.TreeSet<>(selectedKind().subKinds()));
        subKinds.setItems(shownSubKinds.toArray(String[]::new));
        for (String name : selected) {
            int index = shownSubKinds.indexOf(name.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                subKinds.select(index);
            }
        }
    }

    /** Shows existing settings. */
    public void load(BreakpointSettings settings) {
        kind.select(settings.kind().ordinal());
        fillSubKinds(settings.subKinds());
        select(from, settings.from());
        select(to, settings.to());
        pfnLow.setText(settings.pfnLow() < 0 ? "" : "0x" + Integer.toHexString(settings.pfnLow()));
        pfnHigh.setText(settings.pfnLow() < 0 || settings.pfnHigh() == Integer.MAX_VALUE ? ""
                : "0x" + Integer.toHexString(settings.pfnHigh()));
        process.setText(settings.processId() < 0 ? "" : Integer.toString(settings.processId()));
        tag.setText(settings.tag());
        condition.setText(settings.condition());
        hitCount.setSelection(settings.hitCount());
        update();
    }

    private static void select(org.eclipse.swt.widgets.List list, List<String> names) {
        list.deselectAll();
        List<String> all = BreakpointLabels.listNames();
        for (String name : names) {
            int index = all.indexOf(name.strip().toUpperCase(Locale.ROOT));
            if (index >= 0) {
                list.select(index);
            }
        }
        list.showSelection();
    }

    /** Re-checks everything, enables the widgets that apply to the kind, and tells the listener. */
    public void update() {
        EventKind chosen = selectedKind();
        from.setEnabled(chosen == EventKind.PAGE_TRANSITION);
        to.setEnabled(chosen == EventKind.PAGE_TRANSITION);
        tag.setEnabled(chosen == EventKind.POOL);
        // the invariant checker's findings are not events: rules (sub-kinds) and a PFN range apply
        process.setEnabled(!chosen.isInvariantKind());
        condition.setEnabled(!chosen.isInvariantKind());
        hitCount.setEnabled(!chosen.isInvariantKind());
        String problem = problem();
        String label = problem == null ? BreakpointLabels.text(settings()) : null;
        preview.setText(label == null ? "" : "Shown as: " + label);
        preview.getParent().layout(true);
        listener.changed(problem, label);
    }

    /** What is wrong with the settings, or null. */
    public String problem() {
        try {
            settings();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String text = condition.getText().strip();
        if (!text.isEmpty() && condition.isEnabled()) {
            try {
                Condition.compile(text, BreakpointMatcher.CONDITION_NAMES);
            } catch (QueryException e) {
                return "The condition does not compile: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * The settings shown.
     *
     * @throws IllegalArgumentException naming a field that is not a number, or an empty PFN range
     */
    public BreakpointSettings settings() {
        int low = number(pfnLow, "PFN from");
        int high = number(pfnHigh, "PFN to");
        if (low < 0 && high >= 0) {
            throw new IllegalArgumentException("Give the lowest PFN of the range too (PFN from).");
        }
        if (low >= 0 && high < 0) {
            high = low;
        }
        if (low >= 0 && high < low) {
            throw new IllegalArgumentException("The PFN range 0x" + Integer.toHexString(low) + "-0x"
                    + Integer.toHexString(high) + " is empty.");
        }
        List<String> chosenSubKinds = new ArrayList<>();
        for (int index : subKinds.getSelectionIndices()) {
            chosenSubKinds.add(shownSubKinds.get(index));
        }
        if (selectedKind().isInvariantKind()) {
            return new BreakpointSettings(selectedKind(), chosenSubKinds, List.of(), List.of(), low, high, -1, "", "", 0);
        }
        return new BreakpointSettings(selectedKind(), chosenSubKinds, lists(from), lists(to), low, high,
                number(process, "Process id"), tag.getText().strip(), condition.getText().strip(),
                hitCount.getSelection());
    }

    private static List<String> lists(org.eclipse.swt.widgets.List list) {
        List<String> all = BreakpointLabels.listNames();
        List<String> chosen = new ArrayList<>();
        for (int index : list.getSelectionIndices()) {
            chosen.add(all.get(index));
        }
        return chosen;
    }

    /** A decimal or 0x hex number, -1 for an empty field. */
    private static int number(Text field, String what) {
        String text = field.getText().strip().toLowerCase(Locale.ROOT).replace("_", "");
        if (text.isEmpty()) {
            return -1;
        }
        try {
            int value = text.startsWith("0x") ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + field.getText().strip()
                    + "' is not a number (decimal, or hex with 0x).");
        }
    }
}
