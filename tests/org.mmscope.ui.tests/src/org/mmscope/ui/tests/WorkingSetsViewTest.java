package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.WorkingSet;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;
import org.mmscope.ui.views.pte.PteWalkerView;
import org.mmscope.ui.views.ws.WorkingSetsView;
import org.mmscope.ui.views.ws.WsColumn;

/** The working-sets view on a known scenario: counters, entries, sort, and the links to and from it. */
class WorkingSetsViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    @Test
    void listsEachProcessAndTheEntriesOfTheOneSelected() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        WorkingSetsView view = (WorkingSetsView) bot.showView(WorkingSetsView.ID);
        Machine machine = TestMachines.run(TestMachines.NOTEPAD);
        Process notepad = TestMachines.process(machine, "notepad.exe");
        WorkingSet ws = notepad.getWorkingSet();
        ShownMachine.get().show(machine, "test.mms");

        Table processes = bot.widgetById("workingSets.processes", Table.class);
        bot.waitUntil(() -> processes.getItemCount() == machine.getProcesses().size(), "every process is listed");
        TableItem row = null;
        for (TableItem item : processes.getItems()) {
            if (item.getText(0).equals("notepad.exe")) {
                row = item;
            }
        }
        assertEquals(Integer.toString(notepad.getPid()), row.getText(1));
        assertEquals(String.format("%,d", ws.getCount()), row.getText(2));
        assertEquals(String.format("%,d", ws.getPeak()), row.getText(3));
        assertEquals(String.format("%,d", notepad.getPageFaults()), row.getText(6));
        assertTrue(ws.getCount() >= 16, "the 16 written pages at least: " + ws.getCount());
        assertTrue(notepad.getDemandZeroFaults() >= 16, "16 first writes are demand-zero faults");

        // the PFN inspector's owner link selects notepad here
        PfnEntry page = TestMachines.pageAt(machine, notepad.getPid(), 0x10000);
        PfnInspectorView inspector = (PfnInspectorView) bot.showView(PfnInspectorView.ID);
        inspector.showPfn(page.getPfn());
        Event owner = new Event();
        owner.text = "owner";
        bot.widgetById("pfnInspector.links", Link.class).notifyListeners(SWT.Selection, owner);
        bot.spin(200);
        assertEquals(notepad.getPid(), view.shownPid());

        Label summary = bot.widgetById("workingSets.summary", Label.class);
        assertTrue(summary.getText().startsWith(String.format("notepad.exe (%d): %,d pages in the working set (peak %,d",
                notepad.getPid(), ws.getCount(), ws.getPeak())), summary.getText());
        Slider scroll = bot.widgetById("workingSets.entries.scroll", Slider.class);
        Table entries = bot.widgetById("workingSets.entries", Table.class);
        assertEquals(ws.getEntries().size(), scroll.getMaximum());

        // sort by VA: 0x10000 is the lowest of notepad's data pages, 0x1f000 the highest
        entries.getColumn(WsColumn.VIRTUAL_ADDRESS.ordinal()).notifyListeners(SWT.Selection, new Event());
        boolean found = false;
        for (TableItem item : entries.getItems()) {
            if (item.getText(WsColumn.VIRTUAL_ADDRESS.ordinal()).equals("00000000`00010000")) {
                assertEquals("0x" + Integer.toHexString(page.getPfn()), item.getText(WsColumn.PFN.ordinal()));
                found = true;
            }
        }
        assertTrue(found, "the page at 0x10000 is listed with its PFN");
        entries.getColumn(WsColumn.VIRTUAL_ADDRESS.ordinal()).notifyListeners(SWT.Selection, new Event());
        String highest = entries.getItem(0).getText(WsColumn.VIRTUAL_ADDRESS.ordinal());
        assertTrue(highest.compareTo("00000000`0001f000") >= 0, highest);
        bot.screenshot("working-sets");

        // locked only: nothing is locked in this scenario
        Button locked = bot.widgetById("workingSets.lockedOnly", Button.class);
        locked.setSelection(true);
        UiBot.select(locked);
        long lockedCount = ws.getEntries().stream().filter(e -> e.isLocked()).count();
        assertEquals(Math.max(1, lockedCount), scroll.getMaximum());
        locked.setSelection(false);
        UiBot.select(locked);

        // double-click an entry: the PTE walker walks its address
        entries.getColumn(WsColumn.VIRTUAL_ADDRESS.ordinal()).notifyListeners(SWT.Selection, new Event());
        int rowOf10000 = -1;
        for (int i = 0; i < entries.getItemCount(); i++) {
            if (entries.getItem(i).getText(WsColumn.VIRTUAL_ADDRESS.ordinal()).equals("00000000`00010000")) {
                rowOf10000 = i;
            }
        }
        entries.setSelection(rowOf10000);
        entries.notifyListeners(SWT.Selection, new Event());
        entries.notifyListeners(SWT.DefaultSelection, new Event());
        bot.spin(200);
        PteWalkerView walker = (PteWalkerView) bot.page().findView(PteWalkerView.ID);
        assertEquals(0x10000L, walker.walk().va());
        assertEquals(notepad.getPid(), walker.walk().process().getPid());
    }
}
