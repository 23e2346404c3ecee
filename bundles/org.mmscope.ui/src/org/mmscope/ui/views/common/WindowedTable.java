package org.mmscope.ui.views.common;

import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * A table over any number of rows (16 million PFNs and more) that opens and scrolls in constant time:
 * the SWT {@link Table} ({@code SWT.VIRTUAL}) holds only the rows that fit on screen, and a
 * {@link Slider} beside it says which row is at the top. The GTK table would otherwise allocate one
 * native row per item when its item count is set, which takes seconds and gigabytes for 16 million
 * rows. Rows are numbered 0..{@link #rowCount()}-1; the caller renders a row's cells on demand.
 * Mouse wheel, arrows, Page Up/Down, Home and End work over all rows.
 */
public final class WindowedTable {

    private final Composite root;
    private final Table table;
    private final Slider slider;
    private IntFunction<String[]> renderer = row -> new String[0];
    private IntConsumer selectionListener = row -> { };
    private IntConsumer openListener = row -> { };
    private int rowCount;
    private int top;
    private int selected = -1;
    private int visible = 1;

    public WindowedTable(Composite parent, String widgetId) {
        root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.horizontalSpacing = 0;
        root.setLayout(layout);
        table = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.H_SCROLL | SWT.VIRTUAL);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        WidgetIds.id(table, widgetId);
        table.addListener(SWT.SetData, this::fill);
        slider = new Slider(root, SWT.VERTICAL);
        slider.setLayoutData(new GridData(SWT.FILL, SWT.FILL, false, true));
        WidgetIds.id(slider, widgetId + ".scroll");
        slider.addListener(SWT.Selection, e -> scrollTo(slider.getSelection()));
        table.addListener(SWT.Resize, e -> layoutRows());
        table.addListener(SWT.MouseVerticalWheel, e -> {
            e.doit = false;
            scrollTo(top - e.count);
        });
        table.addListener(SWT.KeyDown, this::key);
        table.addListener(SWT.Selection, e -> {
            int index = table.getSelectionIndex();
            if (index >= 0 && top + index < rowCount) {
                selected = top + index;
                selectionListener.accept(selected);
            }
        });
        table.addListener(SWT.DefaultSelection, e -> {
            if (selected >= 0) {
                openListener.accept(selected);
            }
        });
    }

    /** Adds a column; {@code onClick} is told when its header is clicked (for sorting), may be null. */
    public TableColumn addColumn(String title, int width, int alignment, Runnable onClick) {
        TableColumn column = new TableColumn(table, alignment);
        column.setText(title);
        column.setWidth(width);
        column.setMoveable(true);
        if (onClick != null) {
            column.addListener(SWT.Selection, e -> onClick.run());
        }
        return column;
    }

    public Composite control() {
        return root;
    }

    public Table table() {
        return table;
    }

    public Slider slider() {
        return slider;
    }

    /** The cells of a row, called for the rows on screen only. */
    public void setRenderer(IntFunction<String[]> renderer) {
        this.renderer = Objects.requireNonNull(renderer);
    }

    /** Told the row the user selected (not told for {@link #select}). */
    public void setSelectionListener(IntConsumer listener) {
        this.selectionListener = Objects.requireNonNull(listener);
    }

    /** Told the row the user double-clicked or pressed Enter on. */
    public void setOpenListener(IntConsumer listener) {
        this.openListener = Objects.requireNonNull(listener);
    }

    public int rowCount() {
        return rowCount;
    }

    /** The row at the top of the window. */
    public int topRow() {
        return top;
    }

    /** How many rows fit on screen. */
    public int visibleRows() {
        return visible;
    }

    /** The selected row, or -1. */
    public int selectedRow() {
        return selected;
    }

    /** Sets the number of rows and the selection (-1 for none), keeping the top row where possible. */
    public void setRows(int count, int selectedRow) {
        rowCount = Math.max(0, count);
        selected = selectedRow >= 0 && selectedRow < rowCount ? selectedRow : -1;
        top = clampTop(top);
        if (selected >= 0) {
            reveal(selected);
        }
        refresh();
    }

    /** Selects {@code row} (or nothing for -1) and scrolls it into view; the listener is not told. */
    public void select(int row) {
        selected = row >= 0 && row < rowCount ? row : -1;
        if (selected >= 0) {
            reveal(selected);
        }
        refresh();
    }

    /** Shows {@code row} at the top when it is not on screen. */
    public void scrollTo(int row) {
        int newTop = clampTop(row);
        if (newTop != top) {
            top = newTop;
            refresh();
        }
    }

    /** Renders the rows on screen again (the data changed). */
    public void refresh() {
        if (table.isDisposed()) {
            return;
        }
        int shown = Math.min(visible, rowCount - top);
        table.setRedraw(false);
        try {
            if (table.getItemCount() != shown) {
                table.setItemCount(shown);
            }
            table.clearAll();
            if (selected >= top && selected < top + shown) {
                table.setSelection(selected - top);
            } else {
                table.deselectAll();
            }
        } finally {
            table.setRedraw(true);
        }
        slider.setValues(top, 0, Math.max(rowCount, 1), Math.max(1, Math.min(visible, Math.max(rowCount, 1))), 1,
                Math.max(1, visible - 1));
        slider.setEnabled(rowCount > visible);
    }

    private void fill(Event event) {
        TableItem item = (TableItem) event.item;
        int row = top + table.indexOf(item);
        if (row < rowCount) {
            item.setText(renderer.apply(row));
        }
    }

    private void reveal(int row) {
        if (row < top) {
            top = row;
        } else if (row >= top + visible) {
            top = clampTop(row - visible + 1);
        }
    }

    private int clampTop(int row) {
        return Math.max(0, Math.min(row, rowCount - visible));
    }

    private void layoutRows() {
        Rectangle area = table.getClientArea();
        int itemHeight = Math.max(1, table.getItemHeight());
        int rows = Math.max(1, (area.height - table.getHeaderHeight()) / itemHeight);
        if (rows != visible) {
            visible = rows;
            top = clampTop(top);
            if (selected >= 0) {
                reveal(selected);
            }
            refresh();
        }
    }

    private void key(Event e) {
        int step = switch (e.keyCode) {
            case SWT.ARROW_UP -> -1;
            case SWT.ARROW_DOWN -> 1;
            case SWT.PAGE_UP -> -visible;
            case SWT.PAGE_DOWN -> visible;
            case SWT.HOME -> Integer.MIN_VALUE;
            case SWT.END -> Integer.MAX_VALUE;
            default -> 0;
        };
        if (step == 0 || rowCount == 0) {
            return;
        }
        e.doit = false;
        int from = selected < 0 ? top : selected;
        long target = step == Integer.MIN_VALUE ? 0 : step == Integer.MAX_VALUE ? rowCount - 1L : (long) from + step;
        int row = (int) Math.max(0, Math.min(rowCount - 1L, target));
        select(row);
        selectionListener.accept(row);
    }
}
