package org.mmscope.ui.views.query;

import org.eclipse.ui.PlatformUI;
import org.mmscope.ui.views.common.HelpContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.diff.DiffReport;
import org.mmscope.model.diff.SnapshotDiff;
import org.mmscope.model.query.ModelQuery;
import org.mmscope.model.query.QueryException;
import org.mmscope.model.query.QueryResult;
import org.mmscope.model.snapshot.SnapshotException;
import org.mmscope.model.snapshot.SnapshotStore;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.WidgetIds;

/**
 * The query console: runs a {@link ModelQuery} over the shown machine in a job and lists the rows (the
 * first {@link ModelQuery#DEFAULT_LIMIT} at most). Its toolbar saves the shown machine as a snapshot,
 * opens a snapshot (every view then shows it) and compares the shown machine with a snapshot.
 */
public final class QueryConsoleView extends ViewPart {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.QUERY_CONSOLE;

    /** The example queries the combo offers. */
    public static final List<String> EXAMPLES = List.of(
            "from pfns where location == 'Standby' select pfn, owner, priority limit 100",
            "from processes select name, privatePages order by privatePages desc limit 5",
            "pfns where location == 'Modified' select pfn, owner, mm:hex(pteAddress)",
            "ptes where kind == 'Transition' select process, mm:address(virtualAddress), pfn",
            "tags where bytes > 4096 order by bytes desc",
            "listHeads");

    /** Rows printed at most in each table of a compare report. */
    static final int DIFF_ROWS = 200;

    private Text queryText;
    private Button runButton;
    private Combo examples;
    private Table table;
    private Label message;
    private final SelectionSupport selection = new SelectionSupport();

    private QueryResult result;
    private Job running;
    private boolean error;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite row = Layouts.row(parent, 4);
        Layouts.label(row, "Query");
        queryText = WidgetIds.id(new Text(row, SWT.SINGLE | SWT.BORDER), "queryConsole.query");
        queryText.setLayoutData(Layouts.fillHorizontal());
        queryText.setMessage("from pfns where location == 'Standby' select pfn, owner, priority");
        queryText.addListener(SWT.DefaultSelection, e -> runQuery());
        queryText.setToolTipText("[from] SOURCE [where CONDITION] [select EXPR, ...] [order by EXPR [asc|desc]] "
                + "[limit N]; press Enter to run. Sources: " + String.join(", ", ModelQuery.sources()));
        runButton = WidgetIds.id(new Button(row, SWT.PUSH), "queryConsole.run");
        runButton.setText("Run");
        runButton.addListener(SWT.Selection, e -> runQuery());

        examples = WidgetIds.id(new Combo(row, SWT.READ_ONLY), "queryConsole.examples");
        examples.setToolTipText("Example queries: pick one to run it");
        examples.add("Examples...");
        for (String example : EXAMPLES) {
            examples.add(example);
        }
        examples.select(0);
        examples.setLayoutData(Layouts.width(130));
        examples.addListener(SWT.Selection, e -> {
            int i = examples.getSelectionIndex();
            if (i >= 1) {
                queryText.setText(EXAMPLES.get(i - 1));
                examples.select(0);
                runQuery();
            }
        });

        table = WidgetIds.id(new Table(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI),
                "queryConsole.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(Layouts.fill());
        table.addListener(SWT.SetData, e -> {
            TableItem item = (TableItem) e.item;
            int index = table.indexOf(item);
            if (result != null && index >= 0 && index < result.values().size()) {
                Object[] values = result.values().get(index);
                String[] texts = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    texts[i] = ModelQuery.format(values[i]);
                }
                item.setText(texts);
            }
        });
        table.addListener(SWT.Selection, e -> {
            int index = table.getSelectionIndex();
            if (result != null && index >= 0 && index < result.rows().size()) {
                selection.select(result.rows().get(index));
            }
        });

        message = WidgetIds.id(new Label(parent, SWT.WRAP), "queryConsole.message");
        message.setLayoutData(Layouts.fillHorizontal());
        message.setText("Type a query and press Enter, or pick an example.");
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.QUERY_CONSOLE);
        getSite().setSelectionProvider(selection);
        contributeActions();
    }

    private void contributeActions() {
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        Action save = new Action("Save Snapshot...") {
            @Override
            public void run() {
                saveSnapshotDialog();
            }
        };
        save.setToolTipText("Save the shown machine as a snapshot (.mmsnap or .xmi)");
        Action open = new Action("Open Snapshot...") {
            @Override
            public void run() {
                openSnapshotDialog();
            }
        };
        open.setToolTipText("Open a snapshot: every MmScope view shows it");
        Action compare = new Action("Compare with Snapshot...") {
            @Override
            public void run() {
                compareDialog();
            }
        };
        compare.setToolTipText("Compare the shown machine with a snapshot file");
        toolBar.add(save);
        toolBar.add(open);
        toolBar.add(compare);
        getViewSite().getActionBars().getMenuManager().add(save);
        getViewSite().getActionBars().getMenuManager().add(open);
        getViewSite().getActionBars().getMenuManager().add(compare);
        getViewSite().getActionBars().updateActionBars();
    }

    @Override
    public void setFocus() {
        queryText.setFocus();
    }

    @Override
    public void dispose() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /** Sets the query text and runs it (as Enter does); returns the job, or {@code null} if none was started. */
    public Job runQuery(String text) {
        queryText.setText(text);
        return runQuery();
    }

    /** Runs the query in the text field over the shown machine, in a job. */
    Job runQuery() {
        String text = queryText.getText().trim();
        if (text.isEmpty()) {
            showMessage("Type a query first, e.g. " + EXAMPLES.get(0), true);
            return null;
        }
        ModelQuery query;
        try {
            query = ModelQuery.compile(text);
        } catch (QueryException e) {
            showError(e);
            return null;
        }
        Machine machine = ShownMachine.get().machine();
        String origin = ShownMachine.get().origin();
        if (machine == null) {
            showMessage("No machine is shown: suspend an MmScope simulation or open a snapshot.", true);
            return null;
        }
        Job previous = running;
        if (previous != null) {
            previous.cancel();
        }
        Display display = table.getDisplay();
        showMessage("Running...", false);
        runButton.setEnabled(false);
        Job job = Job.create("MmScope query: " + text, monitor -> {
            long start = System.nanoTime();
            QueryResult r = null;
            QueryException failure = null;
            RuntimeException crash = null;
            try {
                r = org.mmscope.debug.core.ShownMachine.get().read(() -> query.run(machine));
            } catch (QueryException e) {
                failure = e;
            } catch (RuntimeException e) {
                crash = e;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            QueryResult done = r;
            QueryException bad = failure;
            RuntimeException broken = crash;
            Job self = Job.getJobManager().currentJob();
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (table.isDisposed() || running != self) {
                        return;
                    }
                    running = null;
                    runButton.setEnabled(true);
                    if (bad != null) {
                        showError(bad);
                    } else if (broken != null) {
                        showMessage("The query failed: " + broken, true);
                    } else {
                        show(done, millis, origin);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setUser(false);
        running = job;
        job.schedule();
        return job;
    }

    private void show(QueryResult r, long millis, String origin) {
        result = r;
        table.setRedraw(false);
        try {
            table.removeAll();
            for (TableColumn column : table.getColumns()) {
                column.dispose();
            }
            GC gc = new GC(table);
            try {
                int sample = Math.min(200, r.values().size()); // wide enough for the first rows
                for (int c = 0; c < r.columns().size(); c++) {
                    String heading = r.columns().get(c);
                    int width = gc.textExtent(heading).x;
                    for (int i = 0; i < sample; i++) {
                        Object[] values = r.values().get(i);
                        if (c < values.length) {
                            width = Math.max(width, gc.textExtent(ModelQuery.format(values[c])).x);
                        }
                    }
                    TableColumn column = new TableColumn(table, SWT.LEFT);
                    column.setText(heading);
                    column.setWidth(Math.max(60, Math.min(400, width + 24)));
                }
            } finally {
                gc.dispose();
            }
            table.setItemCount(r.rows().size());
        } finally {
            table.setRedraw(true);
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d %s", r.matched(), r.matched() == 1 ? "row" : "rows"));
        if (r.truncated()) {
            text.append(String.format(" (the first %,d shown)", r.rows().size()));
        }
        text.append(String.format(" in %,d ms", millis));
        if (origin != null) {
            text.append(" on ").append(origin);
        }
        showMessage(text.toString(), false);
    }

    private void showError(QueryException e) {
        showMessage("Bad query: " + e.getMessage(), true);
        if (e.column() > 0) {
            int at = Math.min(e.column() - 1, queryText.getText().length());
            queryText.setSelection(at, at);
        }
    }

    private void showMessage(String text, boolean isError) {
        error = isError;
        message.setText(text);
        Color colour = isError ? message.getDisplay().getSystemColor(SWT.COLOR_RED) : null;
        message.setForeground(colour);
        message.getParent().layout(true, true);
    }

    /** The result shown, or {@code null}. */
    public QueryResult result() {
        return result;
    }

    /** The status line: the row count and time, or the error. */
    public String message() {
        return message.getText();
    }

    /** Whether the status line shows an error. */
    public boolean isError() {
        return error;
    }

    /** Whether a query is running. */
    public boolean isRunning() {
        return running != null;
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshots

    private Shell shell() {
        return getSite().getShell();
    }

    private static final String[] SNAPSHOT_FILTERS = { "*.mmsnap;*.xmi", "*.mmsnap", "*.xmi", "*" };
    private static final String[] SNAPSHOT_FILTER_NAMES = { "MmScope snapshots (*.mmsnap, *.xmi)",
            "Binary snapshots (*.mmsnap)", "XMI snapshots (*.xmi)", "All files" };

    private Path askFile(int style, String title) {
        FileDialog dialog = new FileDialog(shell(), style);
        dialog.setText(title);
        dialog.setFilterExtensions(SNAPSHOT_FILTERS);
        dialog.setFilterNames(SNAPSHOT_FILTER_NAMES);
        if ((style & SWT.SAVE) != 0) {
            dialog.setOverwrite(true);
            dialog.setFileName("machine.mmsnap");
        }
        String file = dialog.open();
        return file == null ? null : Path.of(file);
    }

    private void saveSnapshotDialog() {
        if (ShownMachine.get().machine() == null) {
            MessageDialog.openInformation(shell(), "Save Snapshot", "No machine is shown: suspend an MmScope "
                    + "simulation or open a snapshot first.");
            return;
        }
        Path file = askFile(SWT.SAVE, "Save Snapshot");
        if (file != null) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".mmsnap") && !name.endsWith(".xmi")) {
                file = file.resolveSibling(name + ".mmsnap");
            }
            saveSnapshot(file);
        }
    }

    private void openSnapshotDialog() {
        Path file = askFile(SWT.OPEN, "Open Snapshot");
        if (file != null) {
            openSnapshot(file);
        }
    }

    private void compareDialog() {
        if (ShownMachine.get().machine() == null) {
            MessageDialog.openInformation(shell(), "Compare with Snapshot", "No machine is shown: suspend an "
                    + "MmScope simulation or open a snapshot first.");
            return;
        }
        Path file = askFile(SWT.OPEN, "Compare with Snapshot");
        if (file != null) {
            compareWith(file);
        }
    }

    /** Saves the shown machine to {@code file} in a job; the status line says when it is done. */
    public Job saveSnapshot(Path file) {
        Machine machine = ShownMachine.get().machine();
        if (machine == null) {
            showMessage("No machine is shown: nothing to save.", true);
            return null;
        }
        Display display = table.getDisplay();
        showMessage("Saving " + file.getFileName() + "...", false);
        Job job = new Job("Save MmScope snapshot " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    org.mmscope.debug.core.ShownMachine.get().read(() -> {
                        new SnapshotStore().save(machine, file);
                        return null;
                    });
                    long bytes = Files.size(file);
                    report(display, String.format("Saved %s (%,d bytes).", file, bytes), null);
                } catch (SnapshotException | java.io.IOException | RuntimeException e) {
                    report(display, "Cannot save the snapshot: " + e.getMessage(), "Save Snapshot");
                }
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }

    /**
     * Loads {@code file} in a job and shows it in every view ({@code "snapshot NAME"}); a file that
     * cannot be loaded gives an error dialog and changes nothing.
     */
    public Job openSnapshot(Path file) {
        Display display = table.getDisplay();
        showMessage("Opening " + file.getFileName() + "...", false);
        Job job = new Job("Open MmScope snapshot " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    Machine machine = new SnapshotStore().load(file);
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> { // shown on the UI thread, as a suspend is
                            ShownMachine.get().show(machine, "snapshot " + file.getFileName());
                            if (!table.isDisposed()) {
                                showMessage("Opened snapshot " + file + ".", false);
                            }
                        });
                    }
                } catch (SnapshotException | RuntimeException e) {
                    report(display, "Cannot open the snapshot: " + e.getMessage(), "Open Snapshot");
                }
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }

    /**
     * Compares the shown machine (after) with the snapshot in {@code file} (before) in a job and shows the
     * report in a dialog with selectable text.
     */
    public Job compareWith(Path file) {
        Machine shown = ShownMachine.get().machine();
        if (shown == null) {
            showMessage("No machine is shown: nothing to compare.", true);
            return null;
        }
        Display display = table.getDisplay();
        showMessage("Comparing with " + file.getFileName() + "...", false);
        Job job = new Job("Compare with MmScope snapshot " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    Machine before = new SnapshotStore().load(file);
                    String report = org.mmscope.debug.core.ShownMachine.get()
                            .read(() -> DiffReport.toText(SnapshotDiff.compare(before, shown), DIFF_ROWS));
                    display.asyncExec(() -> {
                        if (!table.isDisposed()) {
                            showMessage("Compared with " + file + ".", false);
                            ReportDialog dialog = new ReportDialog(shell(),
                                    "Compare with Snapshot: " + file.getFileName(), report);
                            dialog.setBlockOnOpen(false);
                            dialog.open();
                        }
                    });
                } catch (SnapshotException | RuntimeException e) {
                    report(display, "Cannot compare with the snapshot: " + e.getMessage(), "Compare with Snapshot");
                }
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** Shows {@code text} in the status line; with a title, as an error in a (non-blocking) dialog too. */
    private void report(Display display, String text, String errorTitle) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (table.isDisposed()) {
                return;
            }
            showMessage(text, errorTitle != null);
            if (errorTitle != null) {
                MessageDialog dialog = new MessageDialog(shell(), errorTitle, null, text, MessageDialog.ERROR, 0,
                        IDialogConstants.OK_LABEL);
                dialog.setBlockOnOpen(false);
                dialog.open();
            }
        });
    }

    /** A dialog with a read-only, selectable, scrolling text (the compare report). */
    static final class ReportDialog extends Dialog {
        private final String title;
        private final String text;

        ReportDialog(Shell parent, String title, String text) {
            super(parent);
            this.title = title;
            this.text = text;
            setShellStyle(getShellStyle() | SWT.RESIZE | SWT.MAX);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(title);
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            Text report = WidgetIds.id(new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.H_SCROLL
                    | SWT.V_SCROLL), "queryConsole.report");
            report.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
            report.setText(text);
            GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
            data.widthHint = 760;
            data.heightHint = 480;
            report.setLayoutData(data);
            return area;
        }

        @Override
        protected void createButtonsForButtonBar(Composite parent) {
            createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
        }
    }
}
