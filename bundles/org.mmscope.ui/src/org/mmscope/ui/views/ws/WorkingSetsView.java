package org.mmscope.ui.views.ws;

import org.eclipse.ui.PlatformUI;
import org.mmscope.ui.views.common.HelpContexts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.WorkingSet;
import org.mmscope.model.WorkingSetEntry;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;
import org.mmscope.ui.views.common.WindowedTable;

/**
 * Working sets: every process with its working-set size, peak, limits and page-fault counters; below,
 * the selected process's working-set list entries (VA, PFN, age, locked), sortable. Double-click an
 * entry to walk its address in the PTE Walker; the PFN Inspector follows the selected entry.
 */
public final class WorkingSetsView extends ViewPart implements ViewLinks.ShowsProcess {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.WORKING_SETS;

    private Table processTable;
    private Label summary;
    private Button lockedOnly;
    private WindowedTable entryTable;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();
    private final ISelectionListener followSelection = this::followSelection;

    private Machine machine;
    private int pid = -1;
    private List<WorkingSetEntry> entries = List.of();
    private WsColumn sortColumn = WsColumn.INDEX;
    private boolean ascending = true;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(Layouts.fill());
        processTable = WidgetIds.id(new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL),
                "workingSets.processes");
        processTable.setHeaderVisible(true);
        processTable.setLinesVisible(true);
        for (ProcessColumn column : ProcessColumn.values()) {
            TableColumn c = new TableColumn(processTable, column == ProcessColumn.NAME ? SWT.LEFT : SWT.RIGHT);
            c.setText(column.title());
            c.setWidth(column.width());
        }
        processTable.addListener(SWT.Selection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof Process process) {
                pid = process.getPid();
                showEntries(process);
                selection.select(process);
            }
        });

        Composite lower = new Composite(sash, SWT.NONE);
        lower.setLayout(new GridLayout(1, false));
        Composite row = Layouts.row(lower, 2);
        summary = WidgetIds.id(new Label(row, SWT.NONE), "workingSets.summary");
        summary.setLayoutData(Layouts.fillHorizontal());
        lockedOnly = WidgetIds.id(new Button(row, SWT.CHECK), "workingSets.lockedOnly");
        lockedOnly.setText("Locked only");
        lockedOnly.addListener(SWT.Selection, e -> showEntries(process(pid)));
        entryTable = new WindowedTable(lower, "workingSets.entries");
        entryTable.control().setLayoutData(Layouts.fill());
        for (WsColumn column : WsColumn.values()) {
            entryTable.addColumn(column.title(), column.width(),
                    column == WsColumn.VIRTUAL_ADDRESS || column == WsColumn.LOCKED ? SWT.LEFT : SWT.RIGHT,
                    () -> sortBy(column));
        }
        entryTable.setRenderer(row2 -> WsColumn.cells(entries.get(row2)));
        entryTable.setSelectionListener(row2 -> selection.select(entries.get(row2)));
        entryTable.setOpenListener(row2 -> ViewLinks.showAddress(getSite().getPage(), pid,
                entries.get(row2).getVirtualAddress()));
        sash.setWeights(35, 65);

        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.WORKING_SETS);
        getSite().setSelectionProvider(selection);
        getSite().getPage().addPostSelectionListener(followSelection);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
    }

    private void show(Machine shown, String origin) {
        machine = shown;
        processTable.removeAll();
        if (shown == null) {
            setContentDescription("No MmScope simulation is suspended and no snapshot is open.");
            entries = List.of();
            entryTable.setRows(0, -1);
            summary.setText("");
            return;
        }
        setContentDescription(origin);
        for (Process process : shown.getProcesses()) {
            TableItem item = new TableItem(processTable, SWT.NONE);
            item.setData(process);
            item.setText(ProcessColumn.cells(process));
            if (process.getPid() == pid) {
                processTable.setSelection(item);
            }
        }
        showEntries(process(pid));
    }

    private Process process(int wanted) {
        if (machine != null) {
            for (Process process : machine.getProcesses()) {
                if (process.getPid() == wanted) {
                    return process;
                }
            }
        }
        return null;
    }

    private void showEntries(Process process) {
        WorkingSetEntry kept = entryTable.selectedRow() >= 0 && entryTable.selectedRow() < entries.size()
                ? entries.get(entryTable.selectedRow()) : null;
        WorkingSet ws = process == null ? null : process.getWorkingSet();
        if (ws == null) {
            entries = List.of();
            summary.setText(process == null ? "Select a process." : process.getName() + " has no working set.");
            entryTable.setRows(0, -1);
            return;
        }
        List<WorkingSetEntry> list = new ArrayList<>(ws.getEntries().size());
        for (WorkingSetEntry entry : ws.getEntries()) {
            if (!lockedOnly.getSelection() || entry.isLocked()) {
                list.add(entry);
            }
        }
        Comparator<WorkingSetEntry> order = sortColumn.comparator();
        list.sort(ascending ? order : order.reversed());
        entries = list;
        summary.setText(String.format("%s (%d): %,d pages in the working set (peak %,d, minimum %,d, maximum %,d), "
                + "%,d page faults (%,d hard)%s", process.getName(), process.getPid(), ws.getCount(), ws.getPeak(),
                ws.getMinimum(), ws.getMaximum(), process.getPageFaults(), process.getHardFaults(),
                lockedOnly.getSelection() ? String.format("; %,d locked", list.size()) : ""));
        summary.getParent().layout();
        entryTable.setRows(entries.size(), kept == null ? -1 : entries.indexOf(kept));
    }

    private void sortBy(WsColumn column) {
        ascending = column != sortColumn || !ascending;
        sortColumn = column;
        Table table = entryTable.table();
        table.setSortColumn(table.getColumn(column.ordinal()));
        table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        showEntries(process(pid));
    }

    /** Selects process {@code newPid} and lists its working set. */
    @Override
    public void showProcess(int newPid) {
        pid = newPid;
        for (TableItem item : processTable.getItems()) {
            if (item.getData() instanceof Process process && process.getPid() == newPid) {
                processTable.setSelection(item);
                selection.select(process);
            }
        }
        showEntries(process(newPid));
    }

    private void followSelection(IWorkbenchPart part, ISelection selected) {
        if (part == this || !(selected instanceof IStructuredSelection structured) || structured.size() != 1
                || !(structured.getFirstElement() instanceof PfnEntry page)) {
            return;
        }
        // a page of the process shown: select its working-set entry
        for (int row = 0; row < entries.size(); row++) {
            if (entries.get(row).getPfn() == page.getPfn()) {
                entryTable.select(row);
                return;
            }
        }
    }

    /** The pid shown now, or -1 (for tests). */
    public int shownPid() {
        return pid;
    }

    @Override
    public void setFocus() {
        // not the tables: GTK selects a table's first row when it takes the focus, which would change the process
        lockedOnly.setFocus();
    }

    @Override
    public void dispose() {
        if (refresher != null) {
            refresher.stop();
        }
        getSite().getPage().removePostSelectionListener(followSelection);
        super.dispose();
    }
}
