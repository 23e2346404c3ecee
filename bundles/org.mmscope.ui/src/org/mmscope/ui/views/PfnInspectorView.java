package org.mmscope.ui.views;

import org.eclipse.ui.PlatformUI;
import org.mmscope.ui.views.common.HelpContexts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.debug.ui.contexts.IDebugContextService;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.model.Machine;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.text.ModelLabels;
import org.mmscope.ui.views.common.Addresses;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.ModelSelections;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;
import org.mmscope.ui.views.common.WindowedTable;
import org.mmscope.ui.views.pfn.ListBreakpoints;
import org.mmscope.ui.views.pfn.PageBreakpoints;
import org.mmscope.ui.views.pfn.Owners;
import org.mmscope.ui.views.pfn.PageListTotals;
import org.mmscope.ui.views.pfn.PfnColumn;
import org.mmscope.ui.views.pfn.PfnDetails;
import org.mmscope.ui.views.pfn.PfnFilter;
import org.mmscope.ui.views.pfn.PfnFlag;
import org.mmscope.ui.views.pfn.PfnRows;

/**
 * The PFN inspector: every physical page of the shown machine in one windowed table with WinDbg's
 * {@code !pfn} columns, the page-list totals above it (RAMMap's Use Counts), filters by list, process,
 * flags and PFN range, sorting by any column, Go to PFN, and a pane decoding the selected MMPFN with
 * links to its PTE (PTE Walker), its owner (Working Sets), its PteFrame and its life (Event Timeline).
 * Says what to do when no simulation is suspended and no snapshot is open.
 */
public final class PfnInspectorView extends ViewPart implements ViewLinks.ShowsPfn {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.PFN_INSPECTOR;

    static final String NOTHING_SHOWN = "No MmScope simulation is suspended and no snapshot is open.\n"
            + "Press 'Launch default simulation' in the toolbar, or use Run > Run Configurations > MmScope Simulation.";

    /** Databases up to this size are filtered on the UI thread; larger ones in a background job. */
    private static final int FILTER_INLINE_LIMIT = 1 << 18;

    private Label status;
    private Link summary;
    private Combo listFilter;
    private Combo processFilter;
    private final Map<PfnFlag, Button> flagButtons = new EnumMap<>(PfnFlag.class);
    private Text fromPfn;
    private Text toPfn;
    private Text goTo;
    private Label message;
    private WindowedTable table;
    private Table totals;
    private Text details;
    private Link links;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();

    private Machine machine;
    private Owners owners = Owners.NONE;
    private final List<Integer> processPids = new ArrayList<>();
    private PfnFilter filter = PfnFilter.ALL;
    private PfnColumn sortColumn = PfnColumn.PFN;
    private boolean ascending = true;
    private PfnRows rows = PfnRows.empty();
    private long selectedPfn = -1;
    private int generation;

    private final ISelectionListener followSelection = this::followSelection;
    private final IDebugContextListener followDebugContext = this::followDebugContext;
    private final IDebugEventSetListener followSuspend = this::followSuspend;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        status = WidgetIds.id(new Label(parent, SWT.WRAP), "pfnInspector.status");
        status.setLayoutData(Layouts.fillHorizontal());
        summary = WidgetIds.id(new Link(parent, SWT.NONE), "pfnInspector.summary");
        summary.setLayoutData(Layouts.fillHorizontal());
        summary.setToolTipText("Pages on each list; click one to list only its pages");
        summary.addListener(SWT.Selection, e -> selectList(PageList.getByName(e.text)));
        createFilters(parent);

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(Layouts.fill());
        table = new WindowedTable(sash, "pfnInspector.table");
        for (PfnColumn column : PfnColumn.values()) {
            table.addColumn(column.title(), column.width(), column.alignment(), () -> sortBy(column));
        }
        table.setRenderer(row -> row < rows.size() ? PfnColumn.cells(rows.get(row), owners) : new String[0]);
        table.setSelectionListener(row -> select(rows.get(row)));
        table.setOpenListener(row -> openPte(rows.get(row)));
        Menu rowMenu = WidgetIds.id(new Menu(table.table()), "pfnInspector.rowMenu");
        table.table().setMenu(rowMenu);
        rowMenu.addListener(SWT.Show, e -> {
            for (MenuItem item : rowMenu.getItems()) {
                item.dispose();
            }
            if (selectedPfn >= 0) {
                PageBreakpoints.addItems(rowMenu, selectedPfn, this::error);
            }
        });

        SashForm side = new SashForm(sash, SWT.VERTICAL);
        totals = WidgetIds.id(new Table(side, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL), "pfnInspector.totals");
        totals.setHeaderVisible(true);
        totals.setLinesVisible(true);
        totalsColumn("List", 120);
        totalsColumn("Priority", 60);
        totalsColumn("Pages", 90);
        totalsColumn("Colour", 55);
        totals.addListener(SWT.DefaultSelection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof PageListHead head) {
                selectList(head.getList());
            }
        });
        Menu totalsMenu = WidgetIds.id(new Menu(totals), "pfnInspector.totalsMenu");
        totals.setMenu(totalsMenu);
        totalsMenu.addListener(SWT.Show, e -> {
            for (MenuItem item : totalsMenu.getItems()) {
                item.dispose();
            }
            TableItem[] selected = totals.getSelection();
            if (selected.length == 1 && selected[0].getData() instanceof PageListHead head) {
                ListBreakpoints.addItems(totalsMenu, head.getList(), ex -> error(ex.getMessage()));
            }
        });
        Menu summaryMenu = WidgetIds.id(new Menu(summary), "pfnInspector.summaryMenu");
        summary.setMenu(summaryMenu);
        for (PageList list : PageList.VALUES) {
            ListBreakpoints.addItems(summaryMenu, list, ex -> error(ex.getMessage()));
        }
        Composite detailsPane = new Composite(side, SWT.NONE);
        detailsPane.setLayout(new GridLayout(1, false));
        links = WidgetIds.id(new Link(detailsPane, SWT.WRAP), "pfnInspector.links");
        links.setLayoutData(Layouts.fillHorizontal());
        links.addListener(SWT.Selection, e -> followLink(e.text));
        details = WidgetIds.id(new Text(detailsPane, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL),
                "pfnInspector.details");
        details.setLayoutData(Layouts.fill());
        details.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        side.setWeights(35, 65);
        sash.setWeights(66, 34);

        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.PFN_INSPECTOR);
        getSite().setSelectionProvider(selection);
        getSite().getPage().addPostSelectionListener(followSelection);
        debugContext().addDebugContextListener(followDebugContext);
        DebugPlugin.getDefault().addDebugEventListener(followSuspend);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
    }

    private void createFilters(Composite parent) {
        Composite row = Layouts.row(parent, 5 + PfnFlag.values().length);
        Layouts.label(row, "List");
        listFilter = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "pfnInspector.list");
        listFilter.add("any");
        for (PageList list : PageList.VALUES) {
            listFilter.add(PfnColumn.listName(list));
        }
        listFilter.select(0);
        listFilter.addListener(SWT.Selection, e -> {
            int index = listFilter.getSelectionIndex();
            applyFilter(filter.withList(index <= 0 ? null : PageList.VALUES.get(index - 1)));
        });
        Layouts.label(row, "Process");
        processFilter = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "pfnInspector.process");
        processFilter.setLayoutData(Layouts.width(150));
        processFilter.add("any");
        processFilter.select(0);
        processFilter.addListener(SWT.Selection, e -> {
            int index = processFilter.getSelectionIndex();
            applyFilter(filter.withPid(index <= 0 ? -1 : processPids.get(index - 1)));
        });
        Layouts.label(row, "Flags");
        for (PfnFlag flag : PfnFlag.values()) {
            Button button = WidgetIds.id(new Button(row, SWT.TOGGLE), "pfnInspector.flag." + flag.letter());
            button.setText(Character.toString(flag.letter()));
            button.setToolTipText("Only pages with " + flag.ntName() + " set");
            button.addListener(SWT.Selection, e -> applyFilter(filter.withFlags(checkedFlags())));
            flagButtons.put(flag, button);
        }
        row = Layouts.row(parent, 9);
        Layouts.label(row, "PFN range");
        fromPfn = WidgetIds.id(new Text(row, SWT.BORDER), "pfnInspector.from");
        fromPfn.setLayoutData(Layouts.width(70));
        fromPfn.setMessage("first");
        Layouts.label(row, "-");
        toPfn = WidgetIds.id(new Text(row, SWT.BORDER), "pfnInspector.to");
        toPfn.setLayoutData(Layouts.width(70));
        toPfn.setMessage("last");
        fromPfn.addListener(SWT.Modify, e -> rangeChanged());
        toPfn.addListener(SWT.Modify, e -> rangeChanged());
        Layouts.label(row, "Go to PFN");
        goTo = WidgetIds.id(new Text(row, SWT.BORDER | SWT.SEARCH), "pfnInspector.goto");
        goTo.setLayoutData(Layouts.width(80));
        goTo.setMessage("0x1a2b3");
        goTo.addListener(SWT.DefaultSelection, e -> goToTyped());
        Button clear = WidgetIds.id(new Button(row, SWT.PUSH), "pfnInspector.clear");
        clear.setText("Clear filters");
        clear.addListener(SWT.Selection, e -> clearFilters());
        message = WidgetIds.id(new Label(row, SWT.NONE), "pfnInspector.message");
        message.setLayoutData(Layouts.fillHorizontal());
    }

    private void totalsColumn(String text, int width) {
        TableColumn column = new TableColumn(totals, text.equals("List") ? SWT.LEFT : SWT.RIGHT);
        column.setText(text);
        column.setWidth(width);
    }

    private Set<PfnFlag> checkedFlags() {
        Set<PfnFlag> flags = EnumSet.noneOf(PfnFlag.class);
        flagButtons.forEach((flag, button) -> {
            if (button.getSelection()) {
                flags.add(flag);
            }
        });
        return flags;
    }

    // ---------------------------------------------------------------------------------------------
    // showing the machine

    private void show(Machine shown, String origin) {
        machine = shown;
        if (shown == null || shown.getPfnDatabase() == null) {
            totals.removeAll();
            status.setText(NOTHING_SHOWN);
            setContentDescription("");
            summary.setText("");
            owners = Owners.NONE;
            rows = PfnRows.empty();
            table.setRows(0, -1);
            showDetails(null);
            message.setText("");
        } else {
            PfnDatabase database = shown.getPfnDatabase();
            status.setText(String.format("%,d physical pages (%,d MiB), %d colours",
                    shown.getRamBytes() / Math.max(1, shown.getPageSize()), shown.getRamBytes() >> 20,
                    shown.getColours()));
            setContentDescription(origin);
            summary.setText(PageListTotals.of(database).linkText());
            List<PageListHead> heads = database.getListHeads();
            totals.setItemCount(heads.size());
            for (int i = 0; i < heads.size(); i++) {
                PageListHead head = heads.get(i);
                TableItem item = totals.getItem(i);
                item.setData(head);
                item.setText(new String[] { PfnColumn.listName(head.getList()),
                        head.getPriority() < 0 ? "" : Integer.toString(head.getPriority()),
                        String.format("%,d", head.getTotal()),
                        head.getColour() < 0 || head.getList() != PageList.ZEROED && head.getList() != PageList.FREE ? ""
                                : Integer.toString(head.getColour()) });
            }
            owners = Owners.of(shown);
            fillProcesses(shown);
            recompute();
        }
        status.getParent().layout();
    }

    private void fillProcesses(Machine shown) {
        int pid = filter.pid();
        processFilter.removeAll();
        processPids.clear();
        processFilter.add("any");
        int selectedIndex = 0;
        for (Process process : shown.getProcesses()) {
            processPids.add(process.getPid());
            processFilter.add(process.getName() + " (" + process.getPid() + ")");
            if (process.getPid() == pid) {
                selectedIndex = processPids.size();
            }
        }
        processFilter.select(selectedIndex);
    }

    /** Filters and sorts again, keeping the selected PFN selected. */
    private void recompute() {
        if (machine == null || machine.getPfnDatabase() == null) {
            return;
        }
        List<PfnEntry> entries = machine.getPfnDatabase().getEntries();
        PfnFilter f = filter;
        PfnColumn column = sortColumn;
        boolean up = ascending;
        int myGeneration = ++generation;
        boolean trivial = f.isAll() && column == PfnColumn.PFN && up;
        if (trivial || entries.size() <= FILTER_INLINE_LIMIT) {
            apply(PfnRows.compute(entries, f, column, up));
            return;
        }
        message.setText(String.format("Filtering %,d PFNs...", entries.size()));
        Job job = Job.create("Filtering PFNs", monitor -> {
            PfnRows computed = org.mmscope.debug.core.ShownMachine.get().read(() -> PfnRows.compute(entries, f, column, up));
            if (!table.control().isDisposed()) {
                table.control().getDisplay().asyncExec(() -> {
                    if (myGeneration == generation && !table.control().isDisposed()) {
                        apply(computed);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void apply(PfnRows computed) {
        rows = computed;
        message.setForeground(null);
        int row = selectedPfn < 0 ? -1 : rows.rowOf(selectedPfn);
        table.setRows(rows.size(), row);
        showDetails(row < 0 ? null : rows.get(row));
        int all = machine == null ? 0 : machine.getPfnDatabase().getEntries().size();
        message.setText(rows.size() == all ? String.format("%,d PFNs", all)
                : String.format("%,d of %,d PFNs", rows.size(), all));
        message.getParent().layout();
    }

    // ---------------------------------------------------------------------------------------------
    // filters, sort, go to

    private void applyFilter(PfnFilter newFilter) {
        filter = newFilter;
        recompute();
    }

    private void selectList(PageList list) {
        listFilter.select(list == null ? 0 : PageList.VALUES.indexOf(list) + 1);
        applyFilter(filter.withList(list));
    }

    private void rangeChanged() {
        long first = 0;
        long last = Long.MAX_VALUE;
        try {
            if (!fromPfn.getText().isBlank()) {
                first = Addresses.parse(fromPfn.getText());
            }
            if (!toPfn.getText().isBlank()) {
                last = Addresses.parse(toPfn.getText());
            }
        } catch (NumberFormatException e) {
            error("PFN range: " + e.getMessage());
            return;
        }
        if (first > last) {
            error(String.format("PFN range: the first PFN 0x%x is above the last 0x%x.", first, last));
            return;
        }
        applyFilter(filter.withRange(first, last));
    }

    private void clearFilters() {
        filter = PfnFilter.ALL;
        listFilter.select(0);
        processFilter.select(0);
        flagButtons.values().forEach(b -> b.setSelection(false));
        fromPfn.setText("");
        toPfn.setText("");
        recompute();
    }

    private void sortBy(PfnColumn column) {
        ascending = column != sortColumn || !ascending;
        sortColumn = column;
        Table swtTable = table.table();
        swtTable.setSortColumn(swtTable.getColumn(column.ordinal()));
        swtTable.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        recompute();
    }

    private void goToTyped() {
        if (machine == null) {
            error("No machine is shown: launch a simulation or open a snapshot.");
            return;
        }
        long pfn;
        try {
            pfn = Addresses.parse(goTo.getText());
        } catch (NumberFormatException e) {
            error("Go to PFN: " + e.getMessage());
            return;
        }
        showPfn(pfn);
    }

    /** Selects {@code pfn}, clearing the filters if they hide it. */
    @Override
    public void showPfn(long pfn) {
        if (machine == null || machine.getPfnDatabase() == null) {
            selectedPfn = pfn; // selected when the machine is shown (a suspend is told before the model arrives)
            return;
        }
        int count = machine.getPfnDatabase().getEntries().size();
        if (pfn < 0 || pfn >= count) {
            error(String.format("PFN 0x%x is beyond the last PFN 0x%x.", pfn, count - 1));
            return;
        }
        selectedPfn = pfn;
        int row = rows.rowOf(pfn);
        if (row < 0) {
            clearFilters();
            row = rows.rowOf(pfn);
            message.setText(String.format("Filters cleared to show PFN 0x%x.", pfn));
        }
        if (row >= 0) {
            table.select(row);
            select(rows.get(row));
        }
    }

    private void error(String text) {
        message.setText(text);
        message.setForeground(message.getDisplay().getSystemColor(SWT.COLOR_RED));
        message.getParent().layout();
        message.getDisplay().timerExec(4000, () -> {
            if (!message.isDisposed()) {
                message.setForeground(null);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // selection, details, links

    private void select(PfnEntry entry) {
        selectedPfn = entry.getPfn();
        showDetails(entry);
        selection.select(entry);
    }

    private void showDetails(PfnEntry entry) {
        if (entry == null) {
            details.setText("");
            links.setText("");
            return;
        }
        details.setText(PfnDetails.text(entry, owners));
        StringBuilder text = new StringBuilder();
        if (entry.getVirtualAddress() >= 0 && processOf(entry) >= 0) {
            text.append("<a href=\"pte\">PTE of ").append(ModelLabels.address(entry.getVirtualAddress()))
                    .append("</a>   ");
        }
        if (processOf(entry) >= 0) {
            text.append("<a href=\"owner\">Working set of ").append(owners.process(entry.getOwnerPid()))
                    .append("</a>   ");
        }
        text.append("<a href=\"frame\">PteFrame 0x").append(Integer.toHexString(entry.getPteFrame())).append("</a>   ");
        text.append("<a href=\"life\">Life of this page</a>");
        links.setText(text.toString());
        links.getParent().layout();
    }

    private static int processOf(PfnEntry entry) {
        OwnerKind kind = entry.getOwnerKind();
        return kind == OwnerKind.PROCESS_PRIVATE || kind == OwnerKind.PAGE_TABLE || kind == OwnerKind.CLONE_BLOCK
                ? entry.getOwnerPid() : -1;
    }

    private void followLink(String href) {
        int row = table.selectedRow();
        if (row < 0 || row >= rows.size()) {
            return;
        }
        PfnEntry entry = rows.get(row);
        switch (href) {
            case "pte" -> openPte(entry);
            case "owner" -> ViewLinks.showProcess(getSite().getPage(), entry.getOwnerPid());
            case "frame" -> showPfn(entry.getPteFrame());
            case "life" -> ViewLinks.showPfn(getSite().getPage(), ViewLinks.EVENT_TIMELINE, entry.getPfn());
            default -> {
            }
        }
    }

    private void openPte(PfnEntry entry) {
        if (entry.getVirtualAddress() >= 0 && processOf(entry) >= 0) {
            ViewLinks.showAddress(getSite().getPage(), entry.getOwnerPid(), entry.getVirtualAddress());
        }
    }

    private void followSelection(IWorkbenchPart part, ISelection selected) {
        if (part == this || !(selected instanceof IStructuredSelection structured) || structured.size() != 1) {
            return;
        }
        long pfn = ModelSelections.pfnOf(structured.getFirstElement());
        if (pfn >= 0 && pfn != selectedPfn) {
            showPfn(pfn);
        }
    }

    /**
     * Follows the Debug view: when a breakpoint suspends the simulation, the Debug view selects the
     * thread that hit it, and the inspector selects the page of that thread's last event.
     */
    private void followDebugContext(DebugContextEvent event) {
        if ((event.getFlags() & DebugContextEvent.ACTIVATED) != 0
                && event.getContext() instanceof IStructuredSelection structured && structured.size() == 1) {
            long pfn = ModelSelections.pfnOf(structured.getFirstElement());
            if (pfn >= 0) {
                showPfn(pfn);
            }
        }
    }

    /**
     * Follows a breakpoint hit or the end of a step: the thread that stopped is suspended last, with the
     * detail; the inspector selects the page of its last event. Called on the debug event thread.
     */
    private void followSuspend(DebugEvent[] events) {
        for (DebugEvent event : events) {
            if (event.getKind() == DebugEvent.SUSPEND && event.getSource() instanceof IThread thread
                    && (event.getDetail() == DebugEvent.BREAKPOINT || event.getDetail() == DebugEvent.STEP_END)) {
                long pfn = ModelSelections.pfnOf(thread);
                Composite control = table.control();
                if (pfn >= 0 && !control.isDisposed()) {
                    control.getDisplay().asyncExec(() -> {
                        if (!control.isDisposed()) {
                            showPfn(pfn);
                        }
                    });
                }
            }
        }
    }

    private IDebugContextService debugContext() {
        return DebugUITools.getDebugContextManager().getContextService(getSite().getWorkbenchWindow());
    }

    /** The PFN selected now, or -1 (for tests). */
    public long selectedPfn() {
        return selectedPfn;
    }

    @Override
    public void setFocus() {
        // not the table: GTK selects its first row when it takes the focus, which would move the selection
        goTo.setFocus();
    }

    @Override
    public void dispose() {
        if (refresher != null) {
            refresher.stop();
        }
        getSite().getPage().removePostSelectionListener(followSelection);
        debugContext().removeDebugContextListener(followDebugContext);
        DebugPlugin.getDefault().removeDebugEventListener(followSuspend);
        super.dispose();
    }
}
