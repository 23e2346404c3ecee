package org.mmscope.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.PageListHead;

/**
 * The PFN inspector: page-list totals of the shown machine, and (as the model grows) the PFN database
 * itself. Shows what to do when no simulation is suspended and no snapshot is open.
 */
public final class PfnInspectorView extends ViewPart {

    /** The view id, as in plugin.xml. */
    public static final String ID = "org.mmscope.ui.views.pfnInspector";

    static final String NOTHING_SHOWN = "No MmScope simulation is suspended and no snapshot is open.\n"
            + "Press 'Launch default simulation' in the toolbar, or use Run > Run Configurations > MmScope Simulation.";

    private Label status;
    private Table totals;
    private final ShownMachine.Listener listener = (machine, origin) -> {
        if (totals != null && !totals.isDisposed()) {
            totals.getDisplay().asyncExec(() -> show(machine, origin));
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setData("org.mmscope.widgetId", "pfnInspector.status");

        totals = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        totals.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        totals.setHeaderVisible(true);
        totals.setLinesVisible(true);
        totals.setData("org.mmscope.widgetId", "pfnInspector.totals");
        column("List", 180);
        column("Priority", 70);
        column("Pages", 110);

        ShownMachine shown = ShownMachine.get();
        shown.addListener(listener);
        show(shown.machine(), shown.origin());
    }

    private void column(String text, int width) {
        TableColumn column = new TableColumn(totals, SWT.LEFT);
        column.setText(text);
        column.setWidth(width);
    }

    private void show(Machine machine, String origin) {
        if (totals == null || totals.isDisposed()) {
            return;
        }
        totals.removeAll();
        if (machine == null || machine.getPfnDatabase() == null) {
            status.setText(NOTHING_SHOWN);
            setContentDescription("");
        } else {
            status.setText(String.format("%,d physical pages (%,d MiB), %d colours",
                    machine.getRamBytes() / machine.getPageSize(), machine.getRamBytes() >> 20, machine.getColours()));
            setContentDescription(origin);
            for (PageListHead head : machine.getPfnDatabase().getListHeads()) {
                TableItem item = new TableItem(totals, SWT.NONE);
                item.setText(new String[] { head.getList().getName(),
                        head.getPriority() < 0 ? "" : Integer.toString(head.getPriority()),
                        String.format("%,d", head.getTotal()) });
            }
        }
        status.getParent().layout(true);
    }

    @Override
    public void setFocus() {
        totals.setFocus();
    }

    @Override
    public void dispose() {
        ShownMachine.get().removeListener(listener);
        super.dispose();
    }
}
