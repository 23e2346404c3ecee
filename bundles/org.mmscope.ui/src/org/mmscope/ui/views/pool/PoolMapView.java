package org.mmscope.ui.views.pool;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.mmscope.model.Machine;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolTagUsage;
import org.mmscope.ui.views.common.HelpContexts;
import org.mmscope.ui.views.common.Layouts;
import org.mmscope.ui.views.common.SelectionSupport;
import org.mmscope.ui.views.common.ShownMachineRefresher;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.common.WidgetIds;

/**
 * The pool map: every page of the nonpaged, paged and special pool ranges as a cell coloured by its
 * state and its allocations' tags, with a legend; hover for a page's details, click for its blocks
 * (WinDbg's {@code !pool}); the usage by tag ({@code !poolused}) beside it, sortable, a selected tag
 * outlined in the map; right-click a tag to break on its allocations. Follows the shown machine.
 */
public final class PoolMapView extends ViewPart {

    /** The view id, as in plugin.xml. */
    public static final String ID = ViewLinks.POOL_MAP;

    private Label status;
    private Label zoomLabel;
    private PoolMapCanvas map;
    private PoolLegend legend;
    private Table usage;
    private Label blocksHeading;
    private Table blocks;
    private ShownMachineRefresher refresher;
    private final SelectionSupport selection = new SelectionSupport();

    private Machine machine;
    private PoolMapData data = PoolMapData.EMPTY;
    private List<PoolTagUsage> tags = List.of();
    private TagUsageColumn sortColumn = TagUsageColumn.BYTES;
    private boolean ascending;
    private long selectedAddress = -1;
    private int selectedOffset;
    private long refreshNanos;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite top = Layouts.row(parent, 4);
        status = WidgetIds.id(new Label(top, SWT.NONE), "poolMap.status");
        status.setLayoutData(Layouts.fillHorizontal());
        Button smaller = WidgetIds.id(new Button(top, SWT.PUSH), "poolMap.zoomOut");
        smaller.setText("\u2212");
        smaller.setToolTipText("Smaller cells (Ctrl+wheel on the map)");
        Button larger = WidgetIds.id(new Button(top, SWT.PUSH), "poolMap.zoomIn");
        larger.setText("+");
        larger.setToolTipText("Larger cells (Ctrl+wheel on the map)");
        zoomLabel = WidgetIds.id(new Label(top, SWT.NONE), "poolMap.zoom");

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(Layouts.fill());
        Composite left = new Composite(sash, SWT.NONE);
        GridLayout leftLayout = new GridLayout(1, false);
        leftLayout.marginWidth = 0;
        leftLayout.marginHeight = 0;
        left.setLayout(leftLayout);
        map = new PoolMapCanvas(left);
        map.control().setLayoutData(Layouts.fill());
        legend = new PoolLegend(left);
        GridData legendData = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
        legend.control().setLayoutData(legendData);
        left.addListener(SWT.Resize, e -> {
            legendData.heightHint = legend.heightFor(left.getClientArea().width);
            left.layout(true);
        });

        SashForm right = new SashForm(sash, SWT.VERTICAL);
        usage = WidgetIds.id(new Table(right, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL),
                "poolMap.usage");
        usage.setHeaderVisible(true);
        usage.setLinesVisible(true);
        for (TagUsageColumn column : TagUsageColumn.values()) {
            TableColumn c = new TableColumn(usage, column.ordinal() < 2 ? SWT.LEFT : SWT.RIGHT);
            c.setText(column.title());
            c.setWidth(column.width());
            c.addListener(SWT.Selection, e -> sortBy(column));
        }
        usage.addListener(SWT.Selection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof PoolTagUsage tag) {
                map.highlight(tag.getTag());
                selection.select(tag);
                status.setText(statusText());
            }
        });
        Menu menu = WidgetIds.id(new Menu(usage), "poolMap.usageMenu");
        usage.setMenu(menu);
        menu.addListener(SWT.Show, e -> fillMenu(menu));

        Composite lower = new Composite(right, SWT.NONE);
        GridLayout lowerLayout = new GridLayout(1, false);
        lowerLayout.marginWidth = 0;
        lower.setLayout(lowerLayout);
        blocksHeading = WidgetIds.id(new Label(lower, SWT.WRAP), "poolMap.blocksHeading");
        blocksHeading.setText("Click a page of the map to list its blocks (!pool).");
        GridData headingData = Layouts.fillHorizontal();
        headingData.widthHint = 200;
        blocksHeading.setLayoutData(headingData);
        blocks = WidgetIds.id(new Table(lower, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL),
                "poolMap.blocks");
        blocks.setLayoutData(Layouts.fill());
        blocks.setHeaderVisible(true);
        blocks.setLinesVisible(true);
        for (int i = 0; i < BlockRows.TITLES.length; i++) {
            TableColumn c = new TableColumn(blocks, i == 2 || i == 3 ? SWT.RIGHT : SWT.LEFT);
            c.setText(BlockRows.TITLES[i]);
            c.setWidth(BlockRows.WIDTHS[i]);
        }
        right.setWeights(55, 45);
        sash.setWeights(52, 48);

        map.setClickListener(this::showPage);
        map.setZoomListener(this::showZoom);
        smaller.addListener(SWT.Selection, e -> map.zoomBy(-1));
        larger.addListener(SWT.Selection, e -> map.zoomBy(1));
        showZoom();

        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HelpContexts.POOL_MAP);
        getSite().setSelectionProvider(selection);
        refresher = new ShownMachineRefresher(parent, this::show);
        refresher.start();
    }

    private void show(Machine shown, String origin) {
        long start = System.nanoTime();
        refresh(shown, origin);
        refreshNanos = System.nanoTime() - start;
    }

    private void refresh(Machine shown, String origin) {
        machine = shown;
        data = PoolMapData.of(shown);
        if (shown == null) {
            setContentDescription("No MmScope simulation is suspended and no snapshot is open.");
        } else {
            setContentDescription(origin == null ? "" : origin);
        }
        PoolPage kept = pageAt(selectedAddress);
        map.setData(data, kept);
        legend.setTags(data.tags());
        legend.control().getParent().notifyListeners(SWT.Resize, null);
        showTags();
        if (kept != null) {
            showBlocks(kept, selectedOffset);
        } else {
            selectedAddress = -1;
            blocks.removeAll();
            blocksHeading.setText("Click a page of the map to list its blocks (!pool).");
        }
        status.setText(statusText());
        status.getParent().layout();
    }

    private String statusText() {
        if (machine == null) {
            return "No machine shown.";
        }
        if (data.pageCount() == 0) {
            return "No pool pages yet: nothing has allocated pool.";
        }
        String tag = map.highlightedTag();
        return String.format("%,d pool pages, %,d tags%s", data.pageCount(), tags.size(),
                tag == null ? "" : String.format("; '%s' on %,d pages", tag, data.pagesWithTag(tag)));
    }

    private PoolPage pageAt(long address) {
        for (PoolMapData.Section section : data.sections()) {
            for (PoolPage page : section.pages()) {
                if (page.getAddress() == address) {
                    return page;
                }
            }
        }
        return null;
    }

    private void showTags() {
        String highlighted = map.highlightedTag();
        List<PoolTagUsage> list = new ArrayList<>(machine == null || machine.getPools() == null ? List.of()
                : machine.getPools().getTags());
        list.sort(ascending ? sortColumn.comparator() : sortColumn.comparator().reversed());
        tags = list;
        usage.setRedraw(false);
        usage.removeAll();
        boolean stillThere = false;
        for (PoolTagUsage tag : list) {
            TableItem item = new TableItem(usage, SWT.NONE);
            item.setData(tag);
            item.setText(TagUsageColumn.cells(tag));
            item.setBackground(0, PoolColours.ofTag(tag.getTag()));
            if (tag.getTag().equals(highlighted) && !stillThere) {
                usage.setSelection(item);
                stillThere = true;
            }
        }
        usage.setRedraw(true);
        if (!stillThere && highlighted != null) {
            map.highlight(null);
        }
    }

    private void sortBy(TagUsageColumn column) {
        ascending = column != sortColumn || !ascending;
        sortColumn = column;
        usage.setSortColumn(usage.getColumn(column.ordinal()));
        usage.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        showTags();
    }

    private void showPage(PoolPage page, int offset) {
        selectedAddress = page.getAddress();
        selectedOffset = offset;
        showBlocks(page, offset);
        selection.select(page);
    }

    private void showBlocks(PoolPage page, int offset) {
        blocksHeading.setText(BlockRows.heading(page, offset));
        blocksHeading.getParent().layout();
        blocks.setRedraw(false);
        blocks.removeAll();
        for (BlockRows.Row row : BlockRows.of(page, offset, data)) {
            TableItem item = new TableItem(blocks, SWT.NONE);
            item.setText(row.cells());
            if (row.clicked()) {
                blocks.setSelection(item);
                item.setFont(org.eclipse.jface.resource.JFaceResources.getFontRegistry()
                        .getBold(org.eclipse.jface.resource.JFaceResources.DEFAULT_FONT));
            }
        }
        blocks.setRedraw(true);
    }

    private void showZoom() {
        zoomLabel.setText(map.cellSize() + " px");
        zoomLabel.getParent().layout();
    }

    private void fillMenu(Menu menu) {
        for (MenuItem item : menu.getItems()) {
            item.dispose();
        }
        int row = usage.getSelectionIndex();
        if (row < 0 || row >= tags.size()) {
            MenuItem none = new MenuItem(menu, SWT.PUSH);
            none.setText("Select a tag first");
            none.setEnabled(false);
            return;
        }
        String tag = tags.get(row).getTag();
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText("Break on allocations with this tag");
        item.setData(tag);
        item.addListener(SWT.Selection, e -> {
            try {
                PoolTagBreakpoints.onAllocations(tag);
                status.setForeground(null);
                status.setText(String.format("Breakpoint added: every allocation tagged '%s' (see the Breakpoints view).", tag));
            } catch (CoreException | IllegalArgumentException ex) {
                status.setText("Cannot add the breakpoint: " + ex.getMessage());
                status.setForeground(status.getDisplay().getSystemColor(SWT.COLOR_RED));
            }
            status.getParent().layout();
        });
    }

    // ---- for tests

    /** The map. */
    public PoolMapCanvas map() {
        return map;
    }

    /** The legend. */
    public PoolLegend legend() {
        return legend;
    }

    /** How long the last refresh took on the UI thread (reading the model, filling the tables), in ns. */
    public long lastRefreshNanos() {
        return refreshNanos;
    }

    /** The data shown now. */
    public PoolMapData data() {
        return data;
    }

    @Override
    public void setFocus() {
        map.control().setFocus();
    }

    @Override
    public void dispose() {
        if (refresher != null) {
            refresher.stop();
        }
        super.dispose();
    }
}
