package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.IViewDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.debug.core.breakpoints.MmEventBreakpoint;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;
import org.mmscope.ui.views.events.EventTimelineView;
import org.mmscope.ui.views.pfn.PfnColumn;
import org.mmscope.ui.views.pte.PteWalkerView;
import org.mmscope.ui.views.ws.WorkingSetsView;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The MmScope perspective and the PFN inspector in the real workbench. */
class PfnInspectorViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    @Test
    void perspectiveOpensWithThePfnInspectorAndTheDebugView() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        assertEquals(MmScopePerspective.ID, bot.page().getPerspective().getId());
        assertNotNull(bot.page().findView(PfnInspectorView.ID), "PFN Inspector in the perspective");
        assertNotNull(bot.page().findView(IDebugUIConstants.ID_DEBUG_VIEW), "Debug view in the perspective");
        for (String id : new String[] { PteWalkerView.ID, WorkingSetsView.ID, EventTimelineView.ID,
                org.mmscope.ui.views.query.QueryConsoleView.ID, IPageLayout.ID_PROP_SHEET, IDebugUIConstants.ID_BREAKPOINT_VIEW,
                org.mmscope.ui.views.pool.PoolMapView.ID }) {
            assertNotNull(bot.page().findViewReference(id), id + " in the perspective");
        }
        // the Show View category
        for (String id : new String[] { PfnInspectorView.ID, PteWalkerView.ID, WorkingSetsView.ID,
                EventTimelineView.ID, org.mmscope.ui.views.query.QueryConsoleView.ID, org.mmscope.ui.views.pool.PoolMapView.ID }) {
            IViewDescriptor descriptor = PlatformUI.getWorkbench().getViewRegistry().find(id);
            assertNotNull(descriptor, id);
            assertEquals("MmScope", descriptor.getCategoryPath()[0], id);
        }
        // the help table of contents and every page it names
        Bundle ui = FrameworkUtil.getBundle(PfnInspectorView.class);
        IConfigurationElement[] tocs = Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.help.toc");
        assertTrue(java.util.Arrays.stream(tocs).anyMatch(t -> t.getContributor().getName().equals("org.mmscope.ui")
                && "help/toc.xml".equals(t.getAttribute("file"))), "MmScope contributes a help toc");
        String toc = new String(ui.getEntry("help/toc.xml").openStream().readAllBytes(), StandardCharsets.UTF_8);
        java.util.regex.Matcher href = java.util.regex.Pattern.compile("href=\"([^\"]+)\"").matcher(toc);
        int pages = 0;
        while (href.find()) {
            assertNotNull(ui.getEntry(href.group(1)), "help page " + href.group(1));
            pages++;
        }
        assertEquals(9, pages);
        assertTrue(Files.size(bot.screenshot("mmscope-perspective")) > 0);
    }

    @Test
    void inspectorSaysWhatToDoWhenNothingIsShownThenShowsTheListTotals() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        IViewPart view = bot.showView(PfnInspectorView.ID);
        Label status = bot.widgetById("pfnInspector.status", Label.class);
        Table totals = bot.widgetById("pfnInspector.totals", Table.class);
        assertTrue(status.getText().startsWith("No MmScope simulation is suspended"), status.getText());
        assertEquals(0, totals.getItemCount());

        ShownMachine.get().show(machineWithTotals(), "snapshot test.mmscope");
        bot.waitUntil(() -> totals.getItemCount() == 3, "the inspector lists the three list heads");
        assertEquals("Zeroed", totals.getItem(0).getText(0));
        assertEquals("12,034", totals.getItem(0).getText(2));
        assertEquals("Standby", totals.getItem(2).getText(0));
        assertEquals("5", totals.getItem(2).getText(1));
        assertEquals("snapshot test.mmscope", ((PfnInspectorView) view).getContentDescription());
        assertEquals("65,536 physical pages (256 MiB), 16 colours", status.getText());
        bot.screenshot("pfn-inspector-totals");

        // right-click Standby: break when a page leaves it
        totals.setSelection(2);
        Menu menu = totals.getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        MenuItem leave = java.util.Arrays.stream(menu.getItems())
                .filter(i -> i.getText().equals("Break when a page leaves Standby")).findFirst().orElseThrow();
        IBreakpointManager breakpoints = DebugPlugin.getDefault().getBreakpointManager();
        int before = breakpoints.getBreakpoints().length;
        UiBot.select(leave);
        try {
            assertEquals(before + 1, breakpoints.getBreakpoints().length);
            MmEventBreakpoint created = (MmEventBreakpoint) breakpoints.getBreakpoints()[before];
            assertEquals(List.of("STANDBY"), created.fromLists());
            assertEquals(List.of(), created.toLists());
        } finally {
            breakpoints.removeBreakpoints(breakpoints.getBreakpoints(), true);
        }

        ShownMachine.get().show(null, null);
        bot.waitUntil(() -> totals.getItemCount() == 0, "the inspector empties when nothing is shown");
    }

    @Test
    void filtersSortGoToAndTheDetailsPaneShowTheKnownScenario() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        PfnInspectorView view = (PfnInspectorView) bot.showView(PfnInspectorView.ID);
        Machine machine = TestMachines.run(TestMachines.NOTEPAD);
        int pid = TestMachines.process(machine, "notepad.exe").getPid();
        List<PfnEntry> entries = machine.getPfnDatabase().getEntries();
        ShownMachine.get().show(machine, "test.mms");

        Table table = bot.widgetById("pfnInspector.table", Table.class);
        Slider scroll = bot.widgetById("pfnInspector.table.scroll", Slider.class);
        Label message = bot.widgetById("pfnInspector.message", Label.class);
        bot.waitUntil(() -> scroll.getMaximum() == 65_536, "all 65,536 PFNs of the 256 MB machine are rows");
        assertEquals("0x0", table.getItem(0).getText(0), "PFN order from 0");
        assertEquals("65,536 PFNs", message.getText());
        Link summary = bot.widgetById("pfnInspector.summary", Link.class);
        long active = entries.stream().filter(e -> e.getLocation() == PageList.ACTIVE_AND_VALID).count();
        assertTrue(summary.getText().contains(String.format(">Active %,d</a>", active)), summary.getText());

        // list filter from the totals bar, then the process filter
        summary.notifyListeners(SWT.Selection, linkEvent("ActiveAndValid"));
        bot.waitUntil(() -> scroll.getMaximum() == active, "only Active pages: " + message.getText());
        Combo process = bot.widgetById("pfnInspector.process", Combo.class);
        int index = process.indexOf("notepad.exe (" + pid + ")");
        assertTrue(index > 0, String.join(",", process.getItems()));
        process.select(index);
        UiBot.select(process);
        long notepadActive = entries.stream().filter(e -> e.getLocation() == PageList.ACTIVE_AND_VALID
                && e.getOwnerPid() == pid && e.getOwnerKind() != OwnerKind.NONE && e.getOwnerKind() != OwnerKind.KERNEL
                && e.getOwnerKind() != OwnerKind.SECTION).count();
        assertTrue(notepadActive >= 16 + 3, "16 data pages and the page tables: " + notepadActive);
        bot.waitUntil(() -> table.getItemCount() == notepadActive || scroll.getMaximum() == notepadActive,
                "notepad's active pages: " + message.getText());
        assertEquals(String.format("%,d of 65,536 PFNs", notepadActive), message.getText());
        for (int i = 0; i < table.getItemCount(); i++) {
            assertEquals("Active", table.getItem(i).getText(PfnColumn.LIST.ordinal()));
            assertTrue(table.getItem(i).getText(PfnColumn.OWNER.ordinal()).contains("notepad.exe(" + pid + ")"));
        }

        // sort by PteAddress: ascending first (the PTE of VA 0x10000), descending on the second click (page tables)
        TableColumn pteColumn = table.getColumn(PfnColumn.PTE_ADDRESS.ordinal());
        pteColumn.notifyListeners(SWT.Selection, new Event());
        PfnEntry page = TestMachines.pageAt(machine, pid, 0x10000);
        bot.waitUntil(() -> table.getItem(0).getText(0).equals("0x" + Integer.toHexString(page.getPfn())),
                "the lowest PTE address first: the PTE of VA 0x10000 (" + table.getItem(0).getText(4) + ")");
        assertEquals("fffff680`00000080", table.getItem(0).getText(PfnColumn.PTE_ADDRESS.ordinal()));
        pteColumn.notifyListeners(SWT.Selection, new Event());
        bot.waitUntil(() -> table.getItem(0).getText(PfnColumn.PTE_ADDRESS.ordinal()).startsWith("fffff6fb`"),
                "the highest PTE address first: a page table's, in the self-map");
        assertTrue(table.getItem(0).getText(PfnColumn.OWNER.ordinal()).startsWith("page table of notepad.exe"));

        // range validation
        Text from = bot.widgetById("pfnInspector.from", Text.class);
        from.setText("0x12g4");
        assertEquals("PFN range: '0x12g4' is not hex: 'g' is not a hex digit.", message.getText());
        from.setText("");

        // go to the page of VA 0x10000: the details decode it
        PfnEntry first = TestMachines.pageAt(machine, pid, 0x10000);
        Text goTo = bot.widgetById("pfnInspector.goto", Text.class);
        goTo.setText(Integer.toHexString(first.getPfn()));
        goTo.notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(first.getPfn(), view.selectedPfn());
        Text details = bot.widgetById("pfnInspector.details", Text.class);
        assertTrue(details.getText().contains("fffff680`00000080  (maps VA 00000000`00010000)"), details.getText());
        assertTrue(details.getText().contains("notepad.exe(" + pid + ") (ProcessPrivate)"), details.getText());
        assertTrue(details.getText().contains("u2.ShareCount          1"), details.getText());
        Link links = bot.widgetById("pfnInspector.links", Link.class);
        assertTrue(links.getText().contains("PTE of 00000000`00010000"), links.getText());
        bot.screenshot("pfn-inspector");

        // the Properties view shows the selected PFN through its EMF.Edit item provider
        bot.showView(IPageLayout.ID_PROP_SHEET);
        bot.waitUntil(() -> bot.treeRows().contains("Pte Address = fffff680`00000080"),
                "the Properties view shows the PFN's PteAddress: " + bot.treeRows());
        assertTrue(bot.treeRows().contains("Pfn = 0x" + Integer.toHexString(first.getPfn())), bot.treeRows().toString());
        assertTrue(bot.treeRows().contains("Location = ActiveAndValid"), bot.treeRows().toString());
        bot.showView(PfnInspectorView.ID);

        // a bad PFN says why
        goTo.setText("0x10000");
        goTo.notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals("PFN 0x10000 is beyond the last PFN 0xffff.", message.getText());
    }

    private static Event linkEvent(String href) {
        Event event = new Event();
        event.text = href;
        return event;
    }

    private static Machine machineWithTotals() {
        MmFactory factory = MmFactory.eINSTANCE;
        Machine machine = factory.createMachine();
        machine.setRamBytes(256L << 20);
        machine.setColours(16);
        PfnDatabase database = factory.createPfnDatabase();
        machine.setPfnDatabase(database);
        database.getListHeads().add(head(PageList.ZEROED, -1, 12_034));
        database.getListHeads().add(head(PageList.FREE, -1, 311));
        database.getListHeads().add(head(PageList.STANDBY, 5, 40_112));
        return machine;
    }

    private static PageListHead head(PageList list, int priority, long total) {
        PageListHead head = MmFactory.eINSTANCE.createPageListHead();
        head.setList(list);
        head.setPriority(priority);
        head.setTotal(total);
        return head;
    }
}
