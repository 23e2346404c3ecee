package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.EventKind;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.model.Machine;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageState;
import org.mmscope.model.PoolType;
import org.mmscope.sim.scenario.BuiltInScenarios;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.pool.PoolMapData;
import org.mmscope.ui.views.pool.PoolMapView;
import org.mmscope.ui.views.pool.TagUsageColumn;

/** The pool map on known pool scenarios: pages, tags, a guard page, !pool of a clicked page, breakpoints, timing. */
class PoolMapViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    /** Publishes {@code machine} and waits until the map has painted it; returns the milliseconds that took. */
    private long showAndWaitForPaint(PoolMapView view, Machine machine, String origin) {
        long start = System.nanoTime();
        ShownMachine.get().show(machine, origin);
        bot.waitUntil(() -> view.data().pageCount() > 0 && view.map().paintedData() == view.data()
                && view.map().paintedAt() > start && origin.equals(view.getContentDescription()),
                "the pool map paints " + origin);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static TableItem row(Table table, String tag, String pool) {
        return Arrays.stream(table.getItems()).filter(i -> i.getText(0).equals(tag) && i.getText(1).equals(pool))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + tag + "/" + pool));
    }

    private static PoolPage page(PoolMapData data, PoolType pool, PoolPageState state, String tag) {
        return data.sections().stream().filter(s -> s.pool() == pool).flatMap(s -> s.pages().stream())
                .filter(p -> p.getState() == state && (tag == null || data.tagsOn(p).contains(tag))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + state + " page with " + tag + " in " + pool));
    }

    private static void mouse(Canvas canvas, int type, int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = 1;
        canvas.notifyListeners(type, e);
    }

    @Test
    void showsPagesTagsGuardPagesAndTheBlocksOfAClickedPage() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        assertNotNull(bot.page().findView(PoolMapView.ID), "the MmScope perspective has the pool map");
        PoolMapView view = (PoolMapView) bot.showView(PoolMapView.ID);
        Label status = bot.widgetById("poolMap.status", Label.class);
        assertEquals("No machine shown.", status.getText());

        Machine machine = TestMachines.run(TestMachines.POOLS);
        long millis = showAndWaitForPaint(view, machine, "pools test");
        System.out.println("Pool Map: the pools test machine (" + view.data().pageCount() + " pool pages) shown in "
                + millis + " ms from publish to painted (the view's own refresh " + view.lastRefreshNanos() / 1_000_000
                + " ms)");
        PoolMapData data = view.data();

        // usage by tag (!poolused): 'Nic ' holds 3 nonpaged pages, 12,288 bytes, on 3 pages of the map
        Table usage = bot.widgetById("poolMap.usage", Table.class);
        TableItem nic = row(usage, "Nic ", "Nonpaged");
        assertEquals("1", nic.getText(TagUsageColumn.ALLOCS.ordinal()));
        assertEquals("0", nic.getText(TagUsageColumn.FREES.ordinal()));
        assertEquals("12,288", nic.getText(TagUsageColumn.BYTES.ordinal()));
        assertEquals(3, data.pagesWithTag("Nic "));
        TableItem irp = row(usage, "Irp ", "Nonpaged");
        assertEquals("2", irp.getText(TagUsageColumn.ALLOCS.ordinal()));
        assertEquals("1", irp.getText(TagUsageColumn.DIFF.ordinal()));
        assertEquals("224", irp.getText(TagUsageColumn.BYTES.ordinal()));
        assertEquals("262,144", row(usage, "Fs  ", "Paged").getText(TagUsageColumn.BYTES.ordinal()));

        // the 64 paged 'Fs  ' pages: trimmed and written out, so some are not resident
        long fsPages = data.sections().stream().flatMap(s -> s.pages().stream())
                .filter(p -> "Fs  ".equals(p.getTag())).count();
        assertEquals(64, fsPages);
        PoolPage pagedOut = data.sections().stream().flatMap(s -> s.pages().stream())
                .filter(p -> "Fs  ".equals(p.getTag()) && p.getPfn() < 0).findFirst()
                .orElseThrow(() -> new AssertionError("a trimmed 'Fs  ' page"));

        // special pool: 'Vrf1' data page with a guard page right after it, next to it on the map
        PoolPage special = page(data, PoolType.SPECIAL, PoolPageState.SPECIAL_DATA, "Vrf1");
        assertEquals(32, special.getBytesUsed());
        assertEquals(special.getAddress() | 0xFE0, special.getAllocation(), "data at the end of the page");
        List<PoolPage> specialPages = data.sections().stream().filter(s -> s.pool() == PoolType.SPECIAL).findFirst()
                .orElseThrow().pages();
        PoolPage guard = specialPages.get(specialPages.indexOf(special) + 1);
        assertEquals(PoolPageState.SPECIAL_GUARD, guard.getState());
        assertEquals(special.getAddress() + 4096, guard.getAddress());
        Rectangle specialCell = view.map().cellBounds(special);
        Rectangle guardCell = view.map().cellBounds(guard);
        assertEquals(specialCell.y, guardCell.y);
        assertEquals(specialCell.x + view.map().cellSize(), guardCell.x, "the guard cell is right of the data cell");
        Canvas canvas = bot.widgetById("poolMap.canvas", Canvas.class);
        mouse(canvas, SWT.MouseMove, guardCell.x + 2, guardCell.y + 2);
        assertTrue(view.map().hoverText().contains("special pool, guard page (no access)"), view.map().hoverText());
        mouse(canvas, SWT.MouseMove, specialCell.x + 2, specialCell.y + 2);
        assertTrue(view.map().hoverText().contains("tags: 'Vrf1'"), view.map().hoverText());
        assertTrue(view.map().hoverText().contains("32 of 4,096 bytes used"), view.map().hoverText());
        Rectangle outCell = view.map().cellBounds(pagedOut);
        mouse(canvas, SWT.MouseMove, outCell.x + 1, outCell.y + 1);
        assertTrue(view.map().hoverText().matches("(?s).*(paged out \\(in the paging file\\)|in transition).*"),
                view.map().hoverText());
        bot.screenshot("pool-map");

        // zoom: Ctrl+wheel and the buttons
        int cell = view.map().cellSize();
        Event wheel = new Event();
        wheel.stateMask = SWT.MOD1;
        wheel.count = 3;
        canvas.notifyListeners(SWT.MouseVerticalWheel, wheel);
        assertTrue(view.map().cellSize() > cell, "Ctrl+wheel up makes the cells larger");
        for (int i = 0; i < 12; i++) {
            UiBot.select(bot.widgetById("poolMap.zoomIn", Button.class));
        }
        assertEquals(32, view.map().cellSize());
        assertEquals("32 px", bot.widgetById("poolMap.zoom", Label.class).getText());

        // click the 'Irp ' page at offset 0x100 (irp2: 0xe0..0x1c0): !pool lists its four blocks, irp2 marked
        PoolPage irpPage = page(data, PoolType.NON_PAGED, PoolPageState.SMALL_BLOCKS, "Irp ");
        Rectangle irpCell = view.map().cellBounds(irpPage);
        mouse(canvas, SWT.MouseDown, irpCell.x + 4, irpCell.y + 0x100 * (irpCell.height - 1) / 4096 + 1);
        Table blocks = bot.widgetById("poolMap.blocks", Table.class);
        assertEquals(4, blocks.getItemCount(), "free Irp, Irp, Obj, free rest");
        String base = String.format("%08x`%08x", irpPage.getAddress() >>> 32, irpPage.getAddress() & 0xFFFF_FFFFL);
        String[][] expected = {
                { "", base, "0xe0", "0x0", "Free", "Irp " },
                { "*", base.substring(0, 14) + "0e0", "0xe0", "0xe0", "Allocated", "Irp " },
                { "", base.substring(0, 14) + "1c0", "0x70", "0xe0", "Allocated", "Obj " },
                { "", base.substring(0, 14) + "230", "0xdd0", "0x70", "Free", "...." } }; // a fresh page's free rest has tag 0
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], blocks.getItem(r).getText(c), "block row " + r + " column " + c);
            }
        }
        assertEquals(1, blocks.getSelectionIndex(), "the clicked block is selected");
        assertTrue(bot.widgetById("poolMap.blocksHeading", Label.class).getText()
                .startsWith("!pool " + base.substring(0, 14) + "100: page " + base + ", nonpaged pool, small blocks"));
        assertEquals(0xE0 + 0x70, irpPage.getBytesUsed(), "the allocated blocks (irp2, obj1) with their headers");

        // the guard page's !pool
        mouse(canvas, SWT.MouseDown, view.map().cellBounds(guard).x + 3, view.map().cellBounds(guard).y + 3);
        assertEquals(1, blocks.getItemCount());
        assertEquals("Guard page (no access)", blocks.getItem(0).getText(4));

        // select 'Nic ': its pages are outlined, the status says where
        usage.setSelection(nic);
        Event select = new Event();
        select.item = nic;
        usage.notifyListeners(SWT.Selection, select);
        assertEquals("Nic ", view.map().highlightedTag());
        assertTrue(status.getText().endsWith("'Nic ' on 3 pages"), status.getText());
        bot.screenshot("pool-map-zoomed-nic");

        // sort by tag ascending
        usage.getColumn(TagUsageColumn.TAG.ordinal()).notifyListeners(SWT.Selection, new Event());
        List<String> tags = Arrays.stream(usage.getItems()).map(i -> i.getText(0)).toList();
        assertEquals(tags.stream().sorted().toList(), tags);

        // right-click the tag: break on its allocations
        usage.setSelection(Arrays.asList(usage.getItems()).indexOf(row(usage, "Nic ", "Nonpaged")));
        Menu menu = usage.getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        MenuItem item = Arrays.stream(menu.getItems()).filter(i -> i.getText().equals("Break on allocations with this tag"))
                .findFirst().orElseThrow();
        IBreakpointManager breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        int before = breakpoints.getBreakpoints().length;
        UiBot.select(item);
        try {
            assertEquals(before + 1, breakpoints.getBreakpoints().length);
            MmEventBreakpoint created = (MmEventBreakpoint) breakpoints.getBreakpoints()[before];
            assertEquals(EventKind.POOL, created.kind());
            assertEquals("Nic ", created.tagPattern());
            assertEquals(List.of("ALLOCATE"), created.subKinds());
            assertTrue(status.getText().startsWith("Breakpoint added"), status.getText());
        } finally {
            breakpoints.removeBreakpoints(breakpoints.getBreakpoints(), true);
        }

        // the built-in pools scenario, shown after it: measured too
        Machine builtIn = TestMachines.runBuiltIn(BuiltInScenarios.POOLS_NAME);
        long builtInMillis = showAndWaitForPaint(view, builtIn, BuiltInScenarios.POOLS_NAME);
        System.out.println("Pool Map: the built-in pools.mms machine (" + view.data().pageCount()
                + " pool pages) shown in " + builtInMillis + " ms from publish to painted (the view's own refresh "
                + view.lastRefreshNanos() / 1_000_000 + " ms)");
        assertTrue(view.data().tags().contains("Nic "), "pools.mms leaves 'Nic ' allocations");
        bot.screenshot("pool-map-builtin");

        ShownMachine.get().show(null, null);
        bot.waitUntil(() -> view.data().pageCount() == 0 && usage.getItemCount() == 0, "the map empties");
    }
}
