package org.mmscope.ui.views.physmap;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.model.Machine;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.ui.views.common.HelpContexts;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.ModelSelections;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;
import org.mmscope.ui.views.pfn.Owners;
import org.mmscope.ui.views.pfn.PfnColumn;

/**
 * The Physical Memory Map: every physical page of the shown machine as a cell coloured by its list
 * (RAMMap's Physical Pages as a picture), a legend with each list's colour and page count, and under
 * it a chart of the pages on each list over the run. Hovering a cell tells its PFN, list, owner and
 * counts; a click selects the page (the PFN inspector and the Properties view follow), a double click
 * opens it in the PFN inspector. The pages' lists are read off the UI thread for big machines.
 */
public final class PhysicalMemoryMapView extends ViewPart implements ViewLinks.ShowsPfn {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.PHYSICAL_MEMORY_MAP;

    static final String NOTHING_SHOWN = "No MmScope simulation is suspended and no snapshot is open.\n"
            + "Press 'Launch default simulation' in the toolbar, or use Run > Run Configurations > MmScope Simulation.";

    /** Databases up to this size are read on the UI thread; larger ones in a job. */
    private static final int READ_INLINE_LIMIT = 1 << 18;

    private Label status;
    private Label zoomLabel;
    private Composite legendRow;
    private MapCanvas map;
    private final Map<PageList, Label> legend = new EnumMap<>(PageList.class);
    private final Map<PageList, Image> swatches = new EnumMap<>(PageList.class);
    private ListHistoryChart chart;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();
    private final ISelectionListener followSelection = this::followSelection;

    private Machine machine;
    private Owners owners = Owners.NONE;
    private int generation;
    private long shownAtNanos;
    private long pendingPfn = -1;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite top = Layouts.row(parent, 6);
        status = WidgetIds.id(new Label(top, SWT.NONE), "physMap.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        zoomLabel = WidgetIds.id(new Label(top, SWT.NONE), "physMap.zoom");
        zoomLabel.setLayoutData(Layouts.width(150));
        button(top, "-", "physMap.zoomOut", "Zoom out (Ctrl+wheel)", () -> map.zoomTo(map.mapLayout().zoom() - 1, -1));
        button(top, "+", "physMap.zoomIn", "Zoom in (Ctrl+wheel)", () -> map.zoomTo(map.mapLayout().zoom() + 1, -1));
        button(top, "Fit", "physMap.fit", "Zoom so that every page is visible", () -> map.fit());
        Button log = WidgetIds.id(new Button(top, SWT.CHECK), "physMap.logScale");
        log.setText("Log scale");
        log.setToolTipText("Pages on a logarithmic axis in the chart, so that small lists show next to big ones");
        log.addListener(SWT.Selection, e -> chart.setLogScale(log.getSelection()));

        legendRow = WidgetIds.id(new Composite(parent, SWT.NONE), "physMap.legend");
        legendRow.setLayoutData(Layouts.fillHorizontal());
        RowLayout rows = new RowLayout(SWT.HORIZONTAL);
        rows.spacing = 12;
        rows.center = true;
        legendRow.setLayout(rows);
        for (PageList list : PageList.VALUES) {
            Composite item = new Composite(legendRow, SWT.NONE);
            GridLayout itemLayout = new GridLayout(2, false);
            itemLayout.marginWidth = 0;
            itemLayout.marginHeight = 0;
            item.setLayout(itemLayout);
            Label swatch = new Label(item, SWT.NONE);
            swatch.setImage(swatch(list));
            Label text = WidgetIds.id(new Label(item, SWT.NONE), "physMap.legend." + list.getName());
            text.setText(PfnColumn.listName(list) + " 0,000,000");
            legend.put(list, text);
        }

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(Layouts.fill());
        map = WidgetIds.id(new MapCanvas(sash), "physMap.map");
        map.setTooltip(this::tooltip);
        map.setOnSelect(this::selectPage);
        map.setOnOpen(pfn -> ViewLinks.showPfn(getSite().getPage(), ViewLinks.PFN_INSPECTOR, pfn));
        map.setOnZoom(this::showZoom);
        chart = new ListHistoryChart(sash);
        WidgetIds.id(chart.control(), "physMap.chart");
        sash.setWeights(62, 38);

        getSite().setSelectionProvider(selection);
        getSite().getPage().addPostSelectionListener(followSelection);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.PHYSICAL_MEMORY_MAP);
    }

    private void button(Composite parent, String text, String id, String tip, Runnable action) {
        Button button = WidgetIds.id(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.setToolTipText(tip);
        button.addListener(SWT.Selection, e -> action.run());
    }

    private Image swatch(PageList list) {
        Image image = new Image(status.getDisplay(), 14, 14);
        GC gc = new GC(image);
        try {
            org.eclipse.swt.graphics.Color colour = new org.eclipse.swt.graphics.Color(PageColours.of(list));
            gc.setBackground(colour);
            gc.fillRectangle(0, 0, 14, 14);
            gc.setForeground(status.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawRectangle(0, 0, 13, 13);
        } finally {
            gc.dispose();
        }
        swatches.put(list, image);
        return image;
    }

    private void show(Machine shown, String origin) {
        machine = shown;
        int current = ++generation;
        shownAtNanos = System.nanoTime();
        if (shown == null || shown.getPfnDatabase() == null) {
            owners = Owners.NONE;
            status.setText(NOTHING_SHOWN.replace('\n', ' '));
            setContentDescription("");
            apply(current, PageLocations.EMPTY);
            return;
        }
        owners = Owners.of(shown);
        PfnDatabase database = shown.getPfnDatabase();
        int pages = database.getEntries().size();
        status.setText(String.format("%,d physical pages (%,d MiB)%s", pages, ((long) pages << 12) >> 20,
                origin == null ? "" : " - " + origin));
        if (pages <= READ_INLINE_LIMIT) {
            apply(current, PageLocations.read(database));
            return;
        }
        Job job = Job.create(String.format("Physical Memory Map: reading %,d pages", pages), monitor -> {
            long start = System.nanoTime();
            PageLocations read = org.mmscope.debug.core.ShownMachine.get().read(() -> PageLocations.read(database));
            trace("read %,d pages in %d ms", pages, (System.nanoTime() - start) / 1_000_000);
            if (!map.isDisposed()) {
                map.getDisplay().asyncExec(() -> apply(current, read));
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void apply(int forGeneration, PageLocations locations) {
        if (map.isDisposed() || forGeneration != generation) {
            return;
        }
        long start = System.nanoTime();
        map.setLocations(locations);
        map.update(); // paint the map now, before the legend's layout and the chart
        for (PageList list : PageList.VALUES) {
            legend.get(list).setText(String.format("%s %,d", PfnColumn.listName(list), locations.count(list)));
        }
        legendRow.getParent().layout(true, true);
        PfnDatabase database = machine == null ? null : machine.getPfnDatabase();
        chart.show(database == null ? List.of() : database.getHistory(), locations,
                machine == null ? 0 : machine.getSteps());
        showZoom();
        trace("map, legend and chart updated in %d ms (%d ms after the machine was handed over)",
                (System.nanoTime() - start) / 1_000_000, (System.nanoTime() - shownAtNanos) / 1_000_000);
        if (pendingPfn >= 0 && pendingPfn < locations.size()) {
            map.setSelectedPfn(pendingPfn);
            map.reveal(pendingPfn);
            pendingPfn = -1;
        }
    }

    private static void trace(String format, Object... args) {
        if (Boolean.getBoolean("mmscope.views.trace")) {
            System.out.println("mmscope.views.trace: Physical Memory Map " + String.format(format, args));
        }
    }

    private void showZoom() {
        MapLayout layout = map.mapLayout();
        zoomLabel.setText(layout.zoom() >= 0 ? String.format("1 page = %d x %d px", layout.cellPixels(), layout.cellPixels())
                : String.format("1 px = %d pages", layout.pagesPerPixel()));
    }

    /** The hover text of the pixel whose first page is {@code pfn}, or null. */
    String tooltip(long pfn) {
        if (pfn < 0 || machine == null || machine.getPfnDatabase() == null
                || pfn >= machine.getPfnDatabase().getEntries().size()) {
            return null;
        }
        int per = map.mapLayout().pagesPerPixel();
        if (per > 1) {
            PageLocations locations = map.locations();
            long[] counts = locations.countsIn((int) pfn, (int) pfn + per);
            StringBuilder text = new StringBuilder(String.format("PFN 0x%x - 0x%x",
                    pfn, Math.min(pfn + per, locations.size()) - 1));
            for (PageList list : PageList.VALUES) {
                if (counts[list.getValue()] > 0) {
                    text.append(String.format("%n%s: %d", PfnColumn.listName(list), counts[list.getValue()]));
                }
            }
            return text.append("\nZoom in to see each page").toString();
        }
        PfnEntry entry = machine.getPfnDatabase().getEntries().get((int) pfn);
        String owner = owners.of(entry);
        return String.format("PFN 0x%x (physical address 0x%x)%nList: %s%nOwner: %s%nShare count %d, reference count %d",
                pfn, pfn << 12, PfnColumn.listName(entry.getLocation()), owner.isEmpty() ? "none" : owner,
                entry.getShareCount(), entry.getReferenceCount());
    }

    private void selectPage(long pfn) {
        if (machine != null && machine.getPfnDatabase() != null && pfn < machine.getPfnDatabase().getEntries().size()) {
            selection.select(machine.getPfnDatabase().getEntries().get((int) pfn));
        }
    }

    @Override
    public void showPfn(long pfn) {
        if (map.locations().size() == 0) {
            pendingPfn = pfn;
            return;
        }
        map.setSelectedPfn(pfn);
        map.reveal(pfn);
    }

    private void followSelection(IWorkbenchPart part, ISelection selected) {
        if (part == this || !(selected instanceof IStructuredSelection structured) || structured.size() != 1) {
            return;
        }
        long pfn = ModelSelections.pfnOf(structured.getFirstElement());
        if (pfn >= 0 && pfn != map.selectedPfn()) {
            showPfn(pfn);
        }
    }

    // ---- for tests and measurements

    /** The map canvas. */
    public MapCanvas map() {
        return map;
    }

    /** The chart. */
    public ListHistoryChart chart() {
        return chart;
    }

    /** When the machine shown last was handed to the view (System.nanoTime()). */
    public long shownAtNanos() {
        return shownAtNanos;
    }

    @Override
    public void setFocus() {
        map.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(followSelection);
        if (refresher != null) {
            refresher.stop();
        }
        swatches.values().forEach(Image::dispose);
        super.dispose();
    }
}
