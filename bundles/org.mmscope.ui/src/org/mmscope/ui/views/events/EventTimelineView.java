package org.mmscope.ui.views.events;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.debug.core.model.MmDebugTarget;
import org.mmscope.debug.core.model.PageLife;
import org.mmscope.debug.core.model.RunToRequest;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Machine;
import org.mmscope.model.Process;
import org.mmscope.sim.event.MmEventCategory;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.ui.views.common.Addresses;
import org.mmscope.ui.views.common.HelpContexts;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.RunToEvent;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;
import org.mmscope.ui.views.common.WindowedTable;
import org.mmscope.ui.views.pfn.PageBreakpoints;

/**
 * The event timeline: the recent memory-manager events the model keeps (the last 1,000), filtered by
 * category, type, process, PFN and virtual page; the PFN filter is the life of one page. Double-click
 * an event to select its PFN in the PFN Inspector (or its address in the PTE Walker).
 */
public final class EventTimelineView extends ViewPart implements ViewLinks.ShowsPfn {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.EVENT_TIMELINE;

    private Combo categoryCombo;
    private Combo typeCombo;
    private Combo processCombo;
    private Text pfnText;
    private Text vaText;
    private Label message;
    private WindowedTable table;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();

    private Machine machine;
    private final List<Integer> pids = new ArrayList<>();
    private EventFilter filter = EventFilter.ALL;
    private boolean newestFirst;
    private List<EventRecord> rows = List.of();
    /** The whole life of a page (replayed by the debugger), shown instead of the model's events; or null. */
    private PageLife life;
    private Button wholeLife;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite row = Layouts.row(parent, 6);
        Layouts.label(row, "Category");
        categoryCombo = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "events.category");
        categoryCombo.add("any");
        for (MmEventCategory category : MmEventCategory.values()) {
            categoryCombo.add(category.displayName());
        }
        categoryCombo.select(0);
        categoryCombo.addListener(SWT.Selection, e -> {
            int i = categoryCombo.getSelectionIndex();
            apply(filter.withCategory(i <= 0 ? null : MmEventCategory.values()[i - 1]));
        });
        Layouts.label(row, "Event");
        typeCombo = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "events.type");
        typeCombo.add("any");
        for (MmEventType type : MmEventType.values()) {
            typeCombo.add(type.displayName());
        }
        typeCombo.select(0);
        typeCombo.setVisibleItemCount(20);
        typeCombo.addListener(SWT.Selection, e -> {
            int i = typeCombo.getSelectionIndex();
            apply(filter.withType(i <= 0 ? null : MmEventType.values()[i - 1]));
        });
        Layouts.label(row, "Process");
        processCombo = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "events.process");
        processCombo.setLayoutData(Layouts.width(140));
        processCombo.add("any");
        processCombo.select(0);
        processCombo.addListener(SWT.Selection, e -> {
            int i = processCombo.getSelectionIndex();
            apply(filter.withPid(i <= 0 ? -1 : pids.get(i - 1)));
        });
        row = Layouts.row(parent, 8);
        Layouts.label(row, "PFN");
        pfnText = WidgetIds.id(new Text(row, SWT.BORDER | SWT.SEARCH), "events.pfn");
        pfnText.setLayoutData(Layouts.width(80));
        pfnText.setMessage("any");
        pfnText.addListener(SWT.Modify, e -> textFiltersChanged());
        Layouts.label(row, "VA");
        vaText = WidgetIds.id(new Text(row, SWT.BORDER | SWT.SEARCH), "events.va");
        vaText.setLayoutData(Layouts.width(140));
        vaText.setMessage("any");
        vaText.addListener(SWT.Modify, e -> textFiltersChanged());
        Button newest = WidgetIds.id(new Button(row, SWT.CHECK), "events.newestFirst");
        newest.setText("Newest first");
        newest.addListener(SWT.Selection, e -> {
            newestFirst = newest.getSelection();
            refill();
        });
        wholeLife = WidgetIds.id(new Button(row, SWT.PUSH), "events.wholeLife");
        wholeLife.setText("Whole life...");
        wholeLife.setToolTipText("Every event of this PFN since the start of the run: the debugger replays the run"
                + " (the model keeps only the most recent events)");
        wholeLife.setEnabled(false);
        wholeLife.addListener(SWT.Selection, e -> replayWholeLife());
        Button clear = WidgetIds.id(new Button(row, SWT.PUSH), "events.clear");
        clear.setText("Clear filters");
        clear.addListener(SWT.Selection, e -> clearFilters());
        message = WidgetIds.id(new Label(parent, SWT.NONE), "events.message");
        message.setLayoutData(Layouts.fillHorizontal());

        table = new WindowedTable(parent, "events.table");
        table.control().setLayoutData(Layouts.fill());
        for (int i = 0; i < EventText.COLUMNS.length; i++) {
            table.addColumn(EventText.COLUMNS[i], EventText.WIDTHS[i], i < 5 || i == 6 ? SWT.RIGHT : SWT.LEFT, null);
        }
        table.setRenderer(r -> EventText.cells(rows.get(r)));
        table.setSelectionListener(r -> selection.select(rows.get(r)));
        table.setOpenListener(r -> open(rows.get(r)));
        Menu rowMenu = WidgetIds.id(new Menu(table.table()), "events.rowMenu");
        table.table().setMenu(rowMenu);
        rowMenu.addListener(SWT.Show, e -> {
            for (MenuItem item : rowMenu.getItems()) {
                item.dispose();
            }
            int selected = table.selectedRow();
            if (selected >= 0 && selected < rows.size()) {
                EventRecord event = rows.get(selected);
                RunToEvent.addItem(rowMenu, RunToRequest.nextEventOfType(event.getType()), this::error);
                if (event.getPfn() >= 0) {
                    PageBreakpoints.addItems(rowMenu, event.getPfn(), this::error);
                }
            }
        });

        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.EVENT_TIMELINE);
        getSite().setSelectionProvider(selection);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
    }

    private void error(String text) {
        message.setText(text);
        message.setForeground(message.getDisplay().getSystemColor(SWT.COLOR_RED));
    }

    private void show(Machine shown, String origin) {
        machine = shown;
        life = null; // a new state: the life replayed belongs to the old one
        setContentDescription(shown == null ? "No MmScope simulation is suspended and no snapshot is open." : origin);
        int pid = filter.pid();
        processCombo.removeAll();
        pids.clear();
        processCombo.add("any");
        processCombo.select(0);
        if (shown != null) {
            for (Process process : shown.getProcesses()) {
                pids.add(process.getPid());
                processCombo.add(process.getName() + " (" + process.getPid() + ")");
                if (process.getPid() == pid) {
                    processCombo.select(pids.size());
                }
            }
        }
        refill();
    }

    private void textFiltersChanged() {
        long pfn;
        long va;
        try {
            pfn = pfnText.getText().isBlank() ? -1 : Addresses.parse(pfnText.getText());
            va = vaText.getText().isBlank() ? -1 : Addresses.parse(vaText.getText());
        } catch (NumberFormatException e) {
            message.setText((pfnText.isFocusControl() ? "PFN: " : "Filter: ") + e.getMessage());
            message.setForeground(message.getDisplay().getSystemColor(SWT.COLOR_RED));
            return;
        }
        apply(filter.withPfn(pfn).withPage(va));
    }

    private void apply(EventFilter newFilter) {
        filter = newFilter;
        refill();
    }

    private void clearFilters() {
        filter = EventFilter.ALL;
        categoryCombo.select(0);
        typeCombo.select(0);
        processCombo.select(0);
        pfnText.setText("");
        vaText.setText("");
        refill();
    }

    private void refill() {
        List<EventRecord> list = new ArrayList<>();
        if (life != null && life.pfn() != filter.pfn()) {
            life = null;
        }
        wholeLife.setEnabled(filter.pfn() >= 0 && life == null);
        if (machine != null) {
            for (EventRecord event : life != null ? life.events() : machine.getEvents()) {
                if (filter.accepts(event)) {
                    list.add(event);
                }
            }
            list.sort((a, b) -> Long.compare(a.getSequence(), b.getSequence()));
            if (newestFirst) {
                java.util.Collections.reverse(list);
            }
        }
        rows = list;
        table.setRows(rows.size(), -1);
        table.scrollTo(newestFirst ? 0 : rows.size());
        int all = machine == null ? 0 : machine.getEvents().size();
        message.setForeground(null);
        if (machine == null) {
            message.setText("");
        } else if (life != null) {
            message.setText(String.format("Whole life of PFN 0x%x: %,d events since the start%s (replayed %,d steps in %.1f s)%s",
                    life.pfn(), life.total(), life.isCut() ? String.format(", the first %,d shown", life.events().size()) : "",
                    life.steps(), life.nanos() / 1e9, rows.isEmpty() ? "" : "; " + lifeSummary()));
        } else if (filter.pfn() >= 0 && filter.equals(EventFilter.ALL.withPfn(filter.pfn()))) {
            message.setText(String.format("Life of PFN 0x%x: %,d of the last %,d events%s", filter.pfn(), rows.size(),
                    all, rows.isEmpty() ? "" : ", " + lifeSummary()));
        } else {
            message.setText(rows.size() == all ? String.format("%,d events (the most recent the model keeps)", all)
                    : String.format("%,d of %,d events", rows.size(), all));
        }
    }

    /**
     * Asks the suspended MmScope simulation for every event of the filtered PFN since the start: it
     * replays the run in a Job (the UI thread never waits), then the table shows them.
     */
    private void replayWholeLife() {
        long pfn = filter.pfn();
        MmDebugTarget target = RunToEvent.suspendedTarget();
        if (pfn < 0 || target == null) {
            error(pfn < 0 ? "Type a PFN first." : "The whole life of a page needs a suspended MmScope simulation:"
                    + " it replays the run. (The table shows the events the model keeps.)");
            return;
        }
        wholeLife.setEnabled(false);
        message.setForeground(null);
        message.setText(String.format("Replaying the run for the events of PFN 0x%x...", pfn));
        Job job = Job.create(String.format("Life of PFN 0x%x", pfn), monitor -> {
            try {
                PageLife found = target.lifeOfPage(pfn, monitor);
                Display display = message.getDisplay();
                display.asyncExec(() -> {
                    if (!message.isDisposed() && filter.pfn() == pfn) {
                        life = found;
                        refill();
                    }
                });
                return Status.OK_STATUS;
            } catch (DebugException ex) {
                message.getDisplay().asyncExec(() -> {
                    if (!message.isDisposed()) {
                        error(ex.getMessage());
                        wholeLife.setEnabled(filter.pfn() >= 0);
                    }
                });
                return ex.getStatus().getSeverity() == org.eclipse.core.runtime.IStatus.CANCEL ? Status.CANCEL_STATUS
                        : Status.OK_STATUS; // the message says what went wrong
            }
        });
        job.setUser(true);
        job.schedule();
    }

    /** The whole life shown now, or null (for tests). */
    public PageLife wholeLife() {
        return life;
    }

    /** "Zeroed -> Active -> Modified": the lists the page went through, from its list transitions. */
    private String lifeSummary() {
        List<String> lists = new ArrayList<>();
        for (EventRecord e : newestFirst ? rows.reversed() : rows) {
            if (EventText.type(e) == MmEventType.PAGE_LIST_TRANSITION) {
                String[] states = EventText.states(e, MmEventType.PAGE_LIST_TRANSITION).split(" -> ");
                if (lists.isEmpty()) {
                    lists.add(states[0]);
                }
                lists.add(states[1]);
            }
        }
        return lists.isEmpty() ? "no list transitions" : String.join(" -> ", lists);
    }

    private void open(EventRecord event) {
        if (event.getPfn() >= 0) {
            ViewLinks.showPfn(getSite().getPage(), ViewLinks.PFN_INSPECTOR, event.getPfn());
        } else if (event.getVirtualAddress() != 0 && event.getProcess() >= 0) {
            ViewLinks.showAddress(getSite().getPage(), event.getProcess(), event.getVirtualAddress());
        }
    }

    /** Shows the life of {@code pfn}: every event the model keeps about it. */
    @Override
    public void showPfn(long pfn) {
        clearFilters();
        pfnText.setText("0x" + Long.toHexString(pfn));
    }

    /** The events listed now (for tests). */
    public List<EventRecord> rows() {
        return rows;
    }

    @Override
    public void setFocus() {
        pfnText.setFocus();
    }

    @Override
    public void dispose() {
        if (refresher != null) {
            refresher.stop();
        }
        super.dispose();
    }
}
