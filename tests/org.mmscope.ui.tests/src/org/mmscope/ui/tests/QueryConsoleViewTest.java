package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.query.ModelQuery;
import org.mmscope.model.query.QueryResult;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.query.QueryConsoleView;

/** The query console on a known scenario: a query's rows, a bad query, and saving, opening and comparing snapshots. */
class QueryConsoleViewTest {

    private final UiBot bot = new UiBot();

    @TempDir
    Path temp;

    @AfterEach
    void showNothing() {
        for (Shell shell : Display.getCurrent().getShells()) {
            if (shell.getParent() != null && !shell.isDisposed()) {
                shell.close();
            }
        }
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    private void run(QueryConsoleView view, String query) throws InterruptedException {
        Job job = view.runQuery(query);
        if (job != null) {
            job.join();
        }
        bot.waitUntil(() -> !view.isRunning(), "the query ends");
    }

    private Shell dialog(String titleStart) {
        bot.waitUntil(() -> findDialog(titleStart) != null, "a dialog '" + titleStart + "...' opens");
        return findDialog(titleStart);
    }

    private static Shell findDialog(String titleStart) {
        return Arrays.stream(Display.getCurrent().getShells())
                .filter(s -> !s.isDisposed() && s.isVisible() && s.getText().startsWith(titleStart)).findFirst()
                .orElse(null);
    }

    @Test
    void runsQueriesAndSavesOpensAndComparesSnapshots() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        assertNotNull(bot.page().findViewReference(QueryConsoleView.ID), "the console is in the perspective");
        QueryConsoleView view = (QueryConsoleView) bot.showView(QueryConsoleView.ID);
        Machine machine = TestMachines.run(TestMachines.TRIMMED);
        ShownMachine.get().show(machine, "test.mms");
        bot.spin(100);

        // one known row: the process and its pid
        int pid = TestMachines.process(machine, "notepad.exe").getPid();
        run(view, "from processes where name == 'notepad.exe' select name, pid");
        assertFalse(view.isError(), view.message());
        Table table = bot.widgetById("queryConsole.table", Table.class);
        assertEquals(2, table.getColumnCount());
        assertEquals("name", table.getColumn(0).getText());
        assertEquals("pid", table.getColumn(1).getText());
        assertEquals(1, table.getItemCount());
        assertEquals("notepad.exe", table.getItem(0).getText(0));
        assertEquals(Integer.toString(pid), table.getItem(0).getText(1));
        assertTrue(view.message().startsWith("1 row in "), view.message());
        assertTrue(view.message().endsWith(" on test.mms"), view.message());

        // notepad's pages: the table shows what the query API gives
        String standby = "from pfns where ownerPid == " + pid + " select pfn, owner, location, priority";
        QueryResult expected = ModelQuery.run(machine, standby);
        assertTrue(expected.matched() >= 16, "notepad's 16 written pages at least: " + expected.matched());
        run(view, standby);
        assertFalse(view.isError(), view.message());
        assertEquals(expected.rows().size(), table.getItemCount());
        assertEquals(String.format("%,d rows in ", expected.matched()),
                view.message().substring(0, view.message().indexOf(" in ") + 4));
        for (int row = 0; row < table.getItemCount(); row++) {
            Object[] values = expected.values().get(row);
            for (int column = 0; column < values.length; column++) {
                assertEquals(ModelQuery.format(values[column]), table.getItem(row).getText(column));
            }
        }
        assertTrue(Arrays.stream(table.getItems()).anyMatch(i -> i.getText(1).equals("notepad.exe")),
                "notepad's pages are listed");
        bot.screenshot("query-console");

        // 65,536 pages: all are counted, the first 10,000 listed, and the status line says so
        run(view, "from pfns select pfn, location");
        assertFalse(view.isError(), view.message());
        assertEquals(ModelQuery.DEFAULT_LIMIT, table.getItemCount());
        assertTrue(view.message().startsWith("65,536 rows (the first 10,000 shown) in "), view.message());
        assertEquals("9999", table.getItem(9_999).getText(0));

        // a bad query says what and where, without a stack trace
        run(view, "from pfns where locaton == 'Standby'");
        assertTrue(view.isError());
        assertTrue(view.message().startsWith("Bad query: column "), view.message());
        assertTrue(view.message().contains("locaton"), view.message());
        assertFalse(view.message().contains("Exception") || view.message().contains("\tat "), view.message());

        // every example runs; picking one runs it
        for (String example : QueryConsoleView.EXAMPLES) {
            ModelQuery.run(machine, example); // no QueryException
        }
        org.eclipse.swt.widgets.Combo examples = bot.widgetById("queryConsole.examples",
                org.eclipse.swt.widgets.Combo.class);
        examples.select(2);
        UiBot.select(examples);
        bot.waitUntil(() -> !view.isRunning(), "the example runs");
        assertFalse(view.isError(), view.message());
        assertEquals(QueryConsoleView.EXAMPLES.get(1), bot.widgetById("queryConsole.query", Text.class).getText());
        assertEquals(ModelQuery.run(machine, QueryConsoleView.EXAMPLES.get(1)).rows().size(), table.getItemCount());

        // save, show something else, open: the shown machine equals the saved one
        Path file = temp.resolve("trimmed.mmsnap");
        view.saveSnapshot(file).join();
        bot.spin(100);
        assertTrue(Files.size(file) > 0);
        assertTrue(view.message().startsWith("Saved "), view.message());
        Machine other = TestMachines.run(TestMachines.NOTEPAD);
        ShownMachine.get().show(other, "notepad.mms");
        view.openSnapshot(file).join();
        bot.waitUntil(() -> ShownMachine.get().machine() != other, "the snapshot is shown");
        assertEquals("snapshot trimmed.mmsnap", ShownMachine.get().origin());
        assertTrue(EcoreUtil.equals(machine, ShownMachine.get().machine()), "the snapshot is the saved machine");

        // a bad file: an error dialog, and the shown machine stays
        Machine opened = ShownMachine.get().machine();
        Path bad = temp.resolve("bad.mmsnap");
        Files.writeString(bad, "not a snapshot");
        view.openSnapshot(bad).join();
        Shell error = dialog("Open Snapshot");
        assertTrue(view.isError());
        assertTrue(view.message().startsWith("Cannot open the snapshot: "), view.message());
        assertSame(opened, ShownMachine.get().machine());
        error.close();

        // compare notepad (no trim) with the trimmed snapshot
        ShownMachine.get().show(other, "notepad.mms");
        view.compareWith(file).join();
        Shell compare = dialog("Compare with Snapshot");
        String report = bot.widgetById("queryConsole.report", Text.class).getText();
        assertTrue(report.startsWith("Snapshot diff"), report);
        assertTrue(report.length() > 100, report);
        bot.screenshot(compare, "query-console-compare");
        compare.close();
    }
}
