package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.EventRecord;
import org.mmscope.model.Machine;
import org.mmscope.sim.event.MmEventCategory;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;
import org.mmscope.ui.views.events.EventTimelineView;

/** The event timeline on a known scenario: filters, the life of one page, and the double-click to the PFN. */
class EventTimelineViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    @Test
    void filtersTheRecentEventsAndShowsTheLifeOfAPage() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        EventTimelineView view = (EventTimelineView) bot.showView(EventTimelineView.ID);
        assertEquals("", bot.widgetById("events.message", Label.class).getText(), "nothing to count when nothing is shown");
        assertEquals("No MmScope simulation is suspended and no snapshot is open.", view.getContentDescription());
        Machine machine = TestMachines.run(TestMachines.TRIMMED);
        List<EventRecord> events = machine.getEvents();
        assertFalse(events.isEmpty());
        ShownMachine.get().show(machine, "test.mms");
        Label message = bot.widgetById("events.message", Label.class);
        bot.waitUntil(() -> view.rows().size() == events.size(), "every event the model keeps is listed");
        assertEquals(String.format("%,d events (the most recent the model keeps)", events.size()), message.getText());

        // the newest event is at the bottom, in sequence order
        Table table = bot.widgetById("events.table", Table.class);
        EventRecord newest = events.stream().max((a, b) -> Long.compare(a.getSequence(), b.getSequence())).get();
        assertEquals(Long.toString(newest.getSequence()), table.getItem(table.getItemCount() - 1).getText(0));

        // category: faults only
        Combo category = bot.widgetById("events.category", Combo.class);
        category.select(category.indexOf(MmEventCategory.FAULT.displayName()));
        UiBot.select(category);
        long faults = events.stream().filter(e -> MmEventType.valueOf(e.getType()).category() == MmEventCategory.FAULT)
                .count();
        assertTrue(faults > 0, "the scenario faults");
        assertEquals(faults, view.rows().size());
        assertEquals(String.format("%,d of %,d events", faults, events.size()), message.getText());
        bot.widgetById("events.clear", org.eclipse.swt.widgets.Button.class).notifyListeners(SWT.Selection,
                new Event());
        assertEquals(events.size(), view.rows().size());

        // a bad PFN says why
        Text pfn = bot.widgetById("events.pfn", Text.class);
        pfn.setText("xyz");
        assertTrue(message.getText().endsWith("'xyz' is not hex: 'x' is not a hex digit."), message.getText());
        pfn.setText("");

        // the life of a page, from the PFN inspector's link
        EventRecord transition = events.stream()
                .filter(e -> e.getType().equals(MmEventType.PAGE_LIST_TRANSITION.name()) && e.getPfn() >= 0)
                .reduce((a, b) -> b).orElseThrow();
        long page = transition.getPfn();
        long life = events.stream().filter(e -> e.getPfn() == page).count();
        PfnInspectorView inspector = (PfnInspectorView) bot.showView(PfnInspectorView.ID);
        inspector.showPfn(page);
        Event link = new Event();
        link.text = "life";
        bot.widgetById("pfnInspector.links", Link.class).notifyListeners(SWT.Selection, link);
        bot.spin(200);
        assertEquals(life, view.rows().size());
        assertTrue(view.rows().stream().allMatch(e -> e.getPfn() == page));
        assertTrue(message.getText().startsWith(String.format("Life of PFN 0x%x: %,d of the last %,d events, ", page,
                life, events.size())), message.getText());
        assertTrue(message.getText().contains(" -> "), "the lists the page went through: " + message.getText());
        bot.screenshot("event-timeline");

        // double-click: the PFN inspector selects the event's page
        inspector.showPfn(0);
        table.setSelection(0);
        table.notifyListeners(SWT.Selection, new Event());
        table.notifyListeners(SWT.DefaultSelection, new Event());
        bot.spin(200);
        assertEquals(page, inspector.selectedPfn());
    }
}
