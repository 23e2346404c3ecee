package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IViewPart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;

/** The MmScope perspective and the PFN inspector in the real workbench. */
class PfnInspectorViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
    }

    @Test
    void perspectiveOpensWithThePfnInspectorAndTheDebugView() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        assertEquals(MmScopePerspective.ID, bot.page().getPerspective().getId());
        assertNotNull(bot.page().findView(PfnInspectorView.ID), "PFN Inspector in the perspective");
        assertNotNull(bot.page().findView(IDebugUIConstants.ID_DEBUG_VIEW), "Debug view in the perspective");
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

        ShownMachine.get().show(null, null);
        bot.waitUntil(() -> totals.getItemCount() == 0, "the inspector empties when nothing is shown");
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
