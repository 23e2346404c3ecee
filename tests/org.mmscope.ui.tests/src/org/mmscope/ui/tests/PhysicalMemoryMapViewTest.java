package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.views.IViewDescriptor;
import org.eclipse.ui.PlatformUI;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;
import org.mmscope.ui.views.common.ViewLinks;
import org.mmscope.ui.views.pfn.PageListTotals;
import org.mmscope.ui.views.pfn.PfnColumn;
import org.mmscope.ui.views.physmap.MapCanvas;
import org.mmscope.ui.views.physmap.PageColours;
import org.mmscope.ui.views.physmap.PhysicalMemoryMapView;

/** The Physical Memory Map on known machines: pixels, legend, hover, click, chart, zoom, and a 4 GiB machine. */
class PhysicalMemoryMapViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(300);
        bot.closeMmScopeViews();
    }

    private PhysicalMemoryMapView openMap() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        bot.showView(PfnInspectorView.ID);
        return (PhysicalMemoryMapView) bot.showView(PhysicalMemoryMapView.ID);
    }

    @Test
    void theViewIsInTheMmScopeCategoryAndPerspective() throws Exception {
        IViewDescriptor descriptor = PlatformUI.getWorkbench().getViewRegistry().find(ViewLinks.PHYSICAL_MEMORY_MAP);
        assertNotNull(descriptor);
        assertEquals("Physical Memory Map", descriptor.getLabel());
        assertEquals("MmScope", descriptor.getCategoryPath()[0]);
        bot.openPerspective(MmScopePerspective.ID);
        assertTrue(java.util.Arrays.asList(bot.page().getShowViewShortcuts()).contains(ViewLinks.PHYSICAL_MEMORY_MAP));
        assertNotNull(bot.page().findViewReference(ViewLinks.PHYSICAL_MEMORY_MAP), "in the perspective's layout");
    }

    @Test
    void pixelsLegendHoverClickAndChartOfAKnownMachine() throws Exception {
        PhysicalMemoryMapView view = openMap();
        MapCanvas map = view.map();
        Label status = bot.widgetById("physMap.status", Label.class);
        assertTrue(status.getText().startsWith("No MmScope simulation"), status.getText());

        Machine machine = TestMachines.run(TestMachines.NOTEPAD);
        int pid = TestMachines.process(machine, "notepad.exe").getPid();
        ShownMachine.get().show(machine, "notepad.mms");
        bot.waitUntil(() -> map.locations().size() == 65_536 && map.isPainted(), "the map shows 65,536 pages");
        assertEquals("65,536 physical pages (256 MiB) - notepad.mms", status.getText());
        bot.screenshot("physical-memory-map");

        // the legend counts what the model's list heads count
        PageListTotals totals = PageListTotals.of(machine.getPfnDatabase());
        for (PageList list : PageList.VALUES) {
            Label legend = bot.widgetById("physMap.legend." + list.getName(), Label.class);
            assertEquals(String.format("%s %,d", PfnColumn.listName(list), totals.total(list)), legend.getText());
        }
        assertTrue(totals.total(PageList.ACTIVE_AND_VALID) > 16 && totals.total(PageList.ZEROED) > 0);

        // the pixel of notepad's page at 0x10000 is Active's colour, the one of a zeroed page Zeroed's
        PfnEntry active = TestMachines.pageAt(machine, pid, 0x10000);
        assertEquals(PageList.ACTIVE_AND_VALID, active.getLocation());
        PfnEntry zeroed = machine.getPfnDatabase().getEntries().stream()
                .filter(e -> e.getLocation() == PageList.ZEROED).reduce((a, b) -> b).orElseThrow();
        assertEquals(PageColours.of(PageList.ACTIVE_AND_VALID), pixelOf(map, active.getPfn()), "Active page");
        assertEquals(PageColours.of(PageList.ZEROED), pixelOf(map, zeroed.getPfn()), "Zeroed page");

        // hover
        Rectangle cell = map.boundsOf(active.getPfn());
        Event move = new Event();
        move.x = cell.x + cell.width / 2;
        move.y = cell.y + cell.height / 2;
        map.notifyListeners(SWT.MouseMove, move);
        String tip = map.getToolTipText();
        assertEquals(String.format("PFN 0x%x (physical address 0x%x)%nList: Active%nOwner: notepad.exe(%d)%n"
                + "Share count 1, reference count 1", active.getPfn(), (long) active.getPfn() << 12, pid), tip);

        // click: the PFN inspector selects the page
        Event down = new Event();
        down.x = move.x;
        down.y = move.y;
        down.button = 1;
        map.notifyListeners(SWT.MouseDown, down);
        assertEquals(active.getPfn(), map.selectedPfn());
        Text details = bot.widgetById("pfnInspector.details", Text.class);
        String expected = String.format("0x%x (physical address 0x%x)", active.getPfn(), (long) active.getPfn() << 12);
        bot.waitUntil(() -> details.getText().contains(expected), "the PFN inspector selects the clicked page: "
                + details.getText());
        bot.spin(200);
        bot.screenshot("physical-memory-map-selected");

        // the chart: one series per list, each ending with the list's total
        XYSeriesCollection dataset = (XYSeriesCollection) view.chart().chart().getXYPlot().getDataset();
        assertEquals(PageList.VALUES.size(), dataset.getSeriesCount());
        for (PageList list : PageList.VALUES) {
            XYSeries series = dataset.getSeries(PfnColumn.listName(list));
            assertTrue(series.getItemCount() > 1, list + " has a curve: " + series.getItemCount());
            assertEquals(totals.total(list), series.getY(series.getItemCount() - 1).longValue(), list + " last value");
            assertEquals(machine.getSteps(), series.getX(series.getItemCount() - 1).longValue(), list + " last step");
        }
        assertTrue(view.chart().chart().getLegend() != null, "the chart has a legend");

        // zoom: buttons, Ctrl+wheel; the page keeps its colour
        int zoom = map.mapLayout().zoom();
        UiBot.select(bot.widgetById("physMap.zoomIn", Button.class));
        assertEquals(zoom + 1, map.mapLayout().zoom());
        Event wheel = new Event();
        wheel.stateMask = SWT.MOD1;
        wheel.count = -1;
        wheel.x = 5;
        wheel.y = 5;
        map.notifyListeners(SWT.MouseVerticalWheel, wheel);
        map.notifyListeners(SWT.MouseVerticalWheel, wheel);
        assertEquals(zoom - 1, map.mapLayout().zoom());
        while (map.mapLayout().zoom() > -1) {
            UiBot.select(bot.widgetById("physMap.zoomOut", Button.class));
        }
        assertEquals(2, map.mapLayout().pagesPerPixel(), "a pixel covers two pages: " + map.mapLayout());
        map.reveal(active.getPfn());
        bot.spin(200);
        assertEquals(PageColours.of(PageList.ACTIVE_AND_VALID), pixelOf(map, active.getPfn()),
                "the pixel of notepad's pages (16 in a row) is Active's colour when it covers 2 pages");
        UiBot.select(bot.widgetById("physMap.fit", Button.class));
        assertEquals(zoom, map.mapLayout().zoom());
    }

    @Test
    void theDefaultScenarioDrawsACurvePerList() throws Exception {
        PhysicalMemoryMapView view = openMap();
        ScenarioRun run = ScenarioRun.start(BuiltInScenarios.defaultScenario());
        run.run(40_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default.mms");
        populator.populate();
        Machine machine = populator.machine();
        ShownMachine.get().show(machine, "default.mms");
        bot.waitUntil(() -> view.map().locations().size() == machine.getPfnDatabase().getEntries().size()
                && view.map().isPainted(), "the default scenario is shown");
        XYSeriesCollection dataset = (XYSeriesCollection) view.chart().chart().getXYPlot().getDataset();
        XYSeries active = dataset.getSeries("Active");
        assertTrue(active.getItemCount() >= 512, "a sampled curve: " + active.getItemCount());
        assertTrue(active.getMaxY() > active.getMinY(), "the active pages change over the run");
        bot.spin(300);
        bot.screenshot("physical-memory-map-default");
        Button log = bot.widgetById("physMap.logScale", Button.class);
        log.setSelection(true);
        UiBot.select(log);
        assertTrue(view.chart().isLogScale());
        bot.spin(300);
        bot.screenshot("physical-memory-map-default-log");
        log.setSelection(false);
        UiBot.select(log);
        assertTrue(!view.chart().isLogScale());
    }

    @Test
    void a4GibMachineIsPaintedSoonAfterItIsPublished() throws Exception {
        PhysicalMemoryMapView view = openMap();
        MapCanvas map = view.map();
        Machine machine = TestMachines.run("""
                machine ram=4G colours=64 cpus=2 pagefile=1G seed=3
                process writer { thread main { commit 0x10000000 size=64M rw; touch 0x10000000..+64M write } }
                join writer
                """);
        System.setProperty("mmscope.views.trace", "true");
        bot.spin(300);
        long[] millis = new long[3];
        for (int i = 0; i < millis.length; i++) { // the first also starts JFreeChart (AWT fonts) in this JVM
            ShownMachine.get().show(null, null);
            bot.waitUntil(() -> map.locations().size() == 0, "nothing shown");
            bot.spin(300);
            long start = System.nanoTime();
            ShownMachine.get().show(machine, "4g.mms");
            bot.waitUntil(() -> map.locations().size() == 1 << 20 && map.isPainted(), 10_000, "4 GiB machine painted");
            millis[i] = (map.paintedAtNanos() - start) / 1_000_000;
        }
        System.out.println("Physical Memory Map: 4 GiB machine (1,048,576 PFNs) painted " + java.util.Arrays.toString(millis)
                + " ms after it was published (3 times), at " + map.mapLayout());
        Label legend = bot.widgetById("physMap.legend.ActiveAndValid", Label.class);
        assertEquals(String.format("Active %,d", PageListTotals.of(machine.getPfnDatabase())
                .total(PageList.ACTIVE_AND_VALID)), legend.getText());
        bot.screenshot("physical-memory-map-4g");
        assertTrue(millis[2] <= 500, "painted in " + millis[2] + " ms");
    }

    /** The colour on screen at the middle of page {@code pfn}'s cell. */
    private RGB pixelOf(MapCanvas map, long pfn) {
        map.redraw();
        map.update();
        Rectangle cell = map.boundsOf(pfn);
        Image image = new Image(map.getDisplay(), 1, 1);
        org.eclipse.swt.graphics.Point onScreen = map.toDisplay(cell.x + cell.width / 2, cell.y + cell.height / 2);
        GC gc = new GC(map.getDisplay()); // what the screen shows, as the screenshots do
        try {
            gc.copyArea(image, onScreen.x, onScreen.y);
            ImageData data = image.getImageData();
            return data.palette.getRGB(data.getPixel(0, 0));
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
