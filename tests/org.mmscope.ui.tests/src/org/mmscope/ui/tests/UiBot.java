package org.mmscope.ui.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;
import org.mmscope.ui.selfcheck.Screenshots;

/**
 * A small, SWTBot-shaped driver for the real workbench: find a widget by id, wait for a condition
 * while the event loop runs, open views and perspectives, take screenshots. Kept close to SWTBot's
 * vocabulary so the tests can move to SWTBot where it is available. Must be used on the UI thread.
 */
final class UiBot {

    /** The key under which MmScope widgets carry their test id (SWTBot's default key is different). */
    static final String WIDGET_ID = "org.mmscope.widgetId";
    private static final long DEFAULT_TIMEOUT_MS = 10_000;

    private final Display display = Objects.requireNonNull(Display.getCurrent(), "UiBot runs on the UI thread");

    IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    IWorkbenchPage page() {
        return window().getActivePage();
    }

    void openPerspective(String id) throws WorkbenchException {
        PlatformUI.getWorkbench().showPerspective(id, window());
        page().resetPerspective();
        spin(200);
    }

    /** Closes every MmScope view, so the next test starts from fresh views (no filters, no selection). */
    void closeMmScopeViews() {
        for (org.eclipse.ui.IViewReference view : page().getViewReferences()) {
            if (view.getId().startsWith("org.mmscope.ui.views.")) {
                page().hideView(view);
            }
        }
        spin(100);
    }

    IViewPart showView(String id) throws PartInitException {
        IViewPart view = page().showView(id);
        spin(200);
        return view;
    }

    /** The one widget of that type whose test id is {@code id}, in any shell; fails if none or several. */
    <T extends Control> T widgetById(String id, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Shell shell : display.getShells()) {
            collect(shell, id, type, found);
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " with id " + id + ", found "
                    + found.size());
        }
        return found.get(0);
    }

    private static <T extends Control> void collect(Control control, String id, Class<T> type, List<T> found) {
        if (type.isInstance(control) && id.equals(control.getData(WIDGET_ID))) {
            found.add(type.cast(control));
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, id, type, found);
            }
        }
    }

    /** Every row of every visible tree in the workbench window, as "column 0 = column 1" (the Properties view). */
    List<String> treeRows() {
        List<String> rows = new ArrayList<>();
        collectTreeRows(window().getShell(), rows);
        return rows;
    }

    private static void collectTreeRows(Control control, List<String> rows) {
        if (control instanceof org.eclipse.swt.widgets.Tree tree && tree.isVisible()) {
            for (org.eclipse.swt.widgets.TreeItem item : tree.getItems()) {
                collectItems(item, rows);
            }
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collectTreeRows(child, rows);
            }
        }
    }

    private static void collectItems(org.eclipse.swt.widgets.TreeItem item, List<String> rows) {
        rows.add(item.getText(0) + " = " + item.getText(1));
        for (org.eclipse.swt.widgets.TreeItem child : item.getItems()) {
            collectItems(child, rows);
        }
    }

    /** Runs the event loop until {@code condition} holds, or fails with {@code message} after 10 s. */
    void waitUntil(BooleanSupplier condition, String message) {
        waitUntil(condition, DEFAULT_TIMEOUT_MS, message);
    }

    /** Runs the event loop until {@code condition} holds, or fails with {@code message} after {@code timeoutMs}. */
    void waitUntil(BooleanSupplier condition, long timeoutMs, String message) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + timeoutMs + " ms: " + message);
            }
            spin(20);
        }
    }

    /** Runs the event loop for {@code millis}. */
    void spin(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.timerExec(10, () -> { });
                display.sleep();
            }
        }
    }

    /** Saves one shell (a dialog) as {@code <mmscope.screenshots>/<name>.png} and returns the file. */
    Path screenshot(Shell shell, String name) throws IOException {
        shell.forceActive();
        spin(500);
        Path file = Path.of(System.getProperty("mmscope.screenshots", "target/screenshots"), name + ".png");
        Screenshots.saveShell(shell, file);
        System.out.println("Screenshot: " + file);
        return file;
    }

    /** Sets a widget's text and fires Modify, or selects and fires Selection, as a user would. */
    static void select(org.eclipse.swt.widgets.Widget widget) {
        widget.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

    /** Saves the workbench window as {@code <mmscope.screenshots>/<name>.png} and returns the file. */
    Path screenshot(String name) throws IOException {
        Shell shell = window().getShell();
        shell.setBounds(0, 0, 1280, 860);
        shell.forceActive();
        spin(1000);
        Path file = Path.of(System.getProperty("mmscope.screenshots", "target/screenshots"), name + ".png");
        Screenshots.saveShell(shell, file);
        System.out.println("Screenshot: " + file);
        return file;
    }

    /**
     * The item of {@code control}'s context menu whose text starts with {@code prefix}, after the menu
     * was told it is about to show (menus that fill themselves on SWT.Show do so).
     */
    org.eclipse.swt.widgets.MenuItem contextMenuItem(Control control, String prefix) {
        org.eclipse.swt.widgets.Menu menu = control.getMenu();
        if (menu == null) {
            throw new AssertionError("no context menu on " + control);
        }
        menu.notifyListeners(org.eclipse.swt.SWT.Show, new org.eclipse.swt.widgets.Event());
        List<String> texts = new java.util.ArrayList<>();
        for (org.eclipse.swt.widgets.MenuItem item : menu.getItems()) {
            if (item.getText().startsWith(prefix)) {
                return item;
            }
            texts.add(item.getText());
        }
        throw new AssertionError("no menu item '" + prefix + "...' in " + texts);
    }
}
