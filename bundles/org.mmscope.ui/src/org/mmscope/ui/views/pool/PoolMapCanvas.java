package org.mmscope.ui.views.pool;

import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.ui.views.common.WidgetIds;

/**
 * The picture of the pool pages: one cell per page, a title line per pool range, rows of cells
 * below it. A small-block page is drawn as its blocks from top (offset 0) to bottom, each in its
 * tag's colour (free blocks white); a whole-page or special-pool data page in its owner's tag colour
 * (lighter and struck through when trimmed or paged out, only outlined when never touched); free,
 * lookaside, guard and freed special pages in their state's colour. Paints only the visible rows.
 */
public final class PoolMapCanvas {

    /** The cell sizes the zoom steps through, in pixels. */
    static final int[] CELL_SIZES = { 3, 4, 6, 8, 10, 12, 16, 20, 24, 32 };
    private static final int MARGIN = 4;

    private final Canvas canvas;
    private PoolMapData data = PoolMapData.EMPTY;
    private int zoom = 4; // index in CELL_SIZES: 10 px
    private int scroll;
    private String highlightedTag;
    private PoolPage selected;
    private PoolPage hovered;
    private long paintedAt;
    private int titleHeight;
    private PoolMapData paintedData;
    private BiConsumer<PoolPage, Integer> clickListener = (page, offset) -> { };
    private Runnable zoomListener = () -> { };

    public PoolMapCanvas(Composite parent) {
        canvas = WidgetIds.id(new Canvas(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED), "poolMap.canvas");
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.addListener(SWT.Paint, this::paint);
        canvas.addListener(SWT.Resize, e -> updateScrollBar());
        canvas.getVerticalBar().addListener(SWT.Selection, e -> {
            scroll = canvas.getVerticalBar().getSelection();
            canvas.redraw();
        });
        canvas.addListener(SWT.MouseVerticalWheel, e -> {
            if ((e.stateMask & SWT.MOD1) != 0) {
                e.doit = false;
                zoomBy(e.count > 0 ? 1 : -1);
            }
        });
        canvas.addListener(SWT.MouseMove, e -> hover(e.x, e.y));
        canvas.addListener(SWT.MouseExit, e -> hover(-1, -1));
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                click(e.x, e.y);
            }
        });
    }

    /** The SWT control. */
    public Canvas control() {
        return canvas;
    }

    /** Shows {@code newData}, keeping the zoom, scroll position, highlight and (by address) selection. */
    public void setData(PoolMapData newData, PoolPage newSelection) {
        data = newData;
        selected = newSelection;
        hovered = null;
        updateScrollBar();
        canvas.redraw();
    }

    /** Called with the clicked page and the byte offset in the page the click points at. */
    public void setClickListener(BiConsumer<PoolPage, Integer> listener) {
        clickListener = listener;
    }

    /** Called after the cell size changed. */
    public void setZoomListener(Runnable listener) {
        zoomListener = listener;
    }

    /** Outlines the pages holding {@code tag} and dims the others; null for none. */
    public void highlight(String tag) {
        highlightedTag = tag;
        canvas.redraw();
    }

    /** The highlighted tag, or null. */
    public String highlightedTag() {
        return highlightedTag;
    }

    /** Selects (outlines) {@code page}, or nothing. */
    public void select(PoolPage page) {
        selected = page;
        canvas.redraw();
    }

    /** The cell size in pixels. */
    public int cellSize() {
        return CELL_SIZES[zoom];
    }

    /** Steps the cell size by {@code steps} (positive: larger). */
    public void zoomBy(int steps) {
        int next = Math.max(0, Math.min(CELL_SIZES.length - 1, zoom + steps));
        if (next != zoom) {
            zoom = next;
            updateScrollBar();
            canvas.redraw();
            zoomListener.run();
        }
    }

    /** When the map was last painted (System.nanoTime), 0 before the first paint. */
    public long paintedAt() {
        return paintedAt;
    }

    /** The data the last paint drew. */
    public PoolMapData paintedData() {
        return paintedData;
    }

    /** The hover text of the page under the pointer (the canvas's tooltip). */
    public String hoverText() {
        return canvas.getToolTipText();
    }

    // ---- geometry

    private int perRow() {
        int step = cellSize();
        return Math.max(1, (canvas.getClientArea().width - 2 * MARGIN) / step);
    }

    private int titleHeight() {
        if (titleHeight == 0) {
            GC gc = new GC(canvas);
            try {
                titleHeight = gc.getFontMetrics().getHeight() + 6;
            } finally {
                gc.dispose();
            }
        }
        return titleHeight;
    }

    private int contentHeight(int title) {
        int height = MARGIN;
        int perRow = perRow();
        for (PoolMapData.Section section : data.sections()) {
            height += title + rows(section, perRow) * cellSize() + MARGIN;
        }
        return height;
    }

    private static int rows(PoolMapData.Section section, int perRow) {
        return (section.pages().size() + perRow - 1) / perRow;
    }

    /** The cell of {@code page} in canvas coordinates (scroll applied), or null when it is not on the map. */
    public Rectangle cellBounds(PoolPage page) {
        int title = titleHeight();
        int perRow = perRow();
        int step = cellSize();
        int y = MARGIN - scroll;
        for (PoolMapData.Section section : data.sections()) {
            y += title;
            int index = section.pages().indexOf(page);
            if (index >= 0) {
                return new Rectangle(MARGIN + index % perRow * step, y + index / perRow * step, step, step);
            }
            y += rows(section, perRow) * step + MARGIN;
        }
        return null;
    }

    /** The page under canvas point (x, y), or null. */
    public PoolPage pageAt(int x, int y) {
        if (x < MARGIN) {
            return null;
        }
        int title = titleHeight();
        int perRow = perRow();
        int step = cellSize();
        int top = MARGIN - scroll;
        for (PoolMapData.Section section : data.sections()) {
            top += title;
            int height = rows(section, perRow) * step;
            if (y >= top && y < top + height) {
                int column = (x - MARGIN) / step;
                int index = (y - top) / step * perRow + column;
                return column < perRow && index < section.pages().size() ? section.pages().get(index) : null;
            }
            top += height + MARGIN;
        }
        return null;
    }

    private void updateScrollBar() {
        ScrollBar bar = canvas.getVerticalBar();
        int visible = Math.max(1, canvas.getClientArea().height);
        int total = contentHeight(titleHeight());
        bar.setValues(Math.min(scroll, Math.max(0, total - visible)), 0, Math.max(total, 1), visible,
                cellSize(), visible);
        bar.setVisible(total > visible);
        scroll = total > visible ? bar.getSelection() : 0;
    }

    // ---- input

    private void hover(int x, int y) {
        PoolPage page = x < 0 ? null : pageAt(x, y);
        if (page != hovered) {
            hovered = page;
            canvas.setToolTipText(page == null ? null : PageText.tooltip(page, data.tagsOn(page)));
        }
    }

    private void click(int x, int y) {
        PoolPage page = pageAt(x, y);
        if (page == null) {
            return;
        }
        Rectangle cell = cellBounds(page);
        int painted = paintedSize(cell.height);
        int offset = Math.max(0, Math.min(4095, (y - cell.y) * 4096 / painted)) & ~0xF;
        select(page);
        clickListener.accept(page, offset);
    }

    // ---- painting

    private void paint(Event e) {
        GC gc = e.gc;
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getBackground());
        gc.fillRectangle(area);
        int title = titleHeight();
        int perRow = perRow();
        int step = cellSize();
        int y = MARGIN - scroll;
        for (PoolMapData.Section section : data.sections()) {
            if (y + title > 0 && y < area.height) {
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
                gc.drawString(section.title(), MARGIN, y + 2, true);
            }
            y += title;
            int rows = rows(section, perRow);
            int firstRow = Math.max(0, (e.y - y) / step);
            int lastRow = Math.min(rows - 1, (e.y + e.height - y) / step);
            for (int row = firstRow; row <= lastRow; row++) {
                for (int column = 0; column < perRow; column++) {
                    int index = row * perRow + column;
                    if (index >= section.pages().size()) {
                        break;
                    }
                    PoolPage page = section.pages().get(index);
                    paintCell(gc, page, MARGIN + column * step, y + row * step, paintedSize(step));
                }
            }
            y += rows * step + MARGIN;
        }
        paintedData = data;
        paintedAt = System.nanoTime();
    }

    /** The painted size of a cell of {@code step} pixels: one pixel less (the gap) from 6 pixels on. */
    private static int paintedSize(int step) {
        return step >= 6 ? step - 1 : step;
    }

    private void paintCell(GC gc, PoolPage page, int x, int y, int size) {
        Set<String> tags = data.tagsOn(page);
        boolean dim = highlightedTag != null && !tags.contains(highlightedTag);
        gc.setAlpha(dim ? 60 : 255);
        switch (page.getState()) {
            case FREE -> fill(gc, PoolColours.FREE, x, y, size);
            case LOOKASIDE -> fill(gc, PoolColours.LOOKASIDE, x, y, size);
            case SPECIAL_FREED -> fill(gc, PoolColours.SPECIAL_FREED, x, y, size);
            case SPECIAL_GUARD -> {
                fill(gc, PoolColours.GUARD, x, y, size);
                if (size >= 6) {
                    gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
                    gc.drawLine(x + 1, y + 1, x + size - 2, y + size - 2);
                    gc.drawLine(x + 1, y + size - 2, x + size - 2, y + 1);
                }
            }
            case SMALL_BLOCKS -> paintBlocks(gc, page, x, y, size);
            case WHOLE_PAGES, SPECIAL_DATA -> paintOwned(gc, page, x, y, size);
        }
        gc.setAlpha(255);
        if (page == selected) {
            outline(gc, PoolColours.SELECTED, x, y, size);
        } else if (highlightedTag != null && !dim) {
            outline(gc, PoolColours.HIGHLIGHT, x, y, size);
        }
    }

    private void paintBlocks(GC gc, PoolPage page, int x, int y, int size) {
        fill(gc, PoolColours.FREE_BLOCK, x, y, size);
        for (PoolPageBlock block : page.getBlocks()) {
            if (block.isFree()) {
                continue;
            }
            int offset = (int) (block.getAddress() & 0xFFF);
            int top = y + offset * size / 4096;
            int bottom = y + (offset + block.getSize()) * size / 4096;
            gc.setBackground(PoolColours.ofTag(block.getTag()));
            // every allocated block stays visible in a small cell: at least two pixels from 8 pixels on
            int height = Math.max(size >= 8 ? 2 : 1, bottom - top);
            gc.fillRectangle(x, Math.min(top, y + size - height), size, height);
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
        gc.drawRectangle(x, y, size - 1, size - 1);
    }

    private void paintOwned(GC gc, PoolPage page, int x, int y, int size) {
        Color colour = PoolColours.ofTag(page.getTag());
        if (page.getPfn() >= 0) {
            fill(gc, colour, x, y, size);
        } else if (PageText.pagedOut(page)) {
            fill(gc, PoolColours.lighter(colour), x, y, size);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawLine(x, y + size - 1, x + size - 1, y);
        } else {
            fill(gc, PoolColours.FREE_BLOCK, x, y, size);
            gc.setForeground(colour);
            gc.drawRectangle(x, y, size - 1, size - 1);
        }
        if (page.getState() == org.mmscope.model.PoolPageState.SPECIAL_DATA && size >= 6) {
            outline(gc, PoolColours.SPECIAL_OUTLINE, x, y, size);
        }
    }

    private static void fill(GC gc, Color colour, int x, int y, int size) {
        gc.setBackground(colour);
        gc.fillRectangle(x, y, size, size);
    }

    private static void outline(GC gc, Color colour, int x, int y, int size) {
        gc.setForeground(colour);
        gc.setLineWidth(size >= 8 ? 2 : 1);
        int inset = size >= 8 ? 1 : 0;
        gc.drawRectangle(x + inset, y + inset, size - 1 - inset, size - 1 - inset);
        gc.setLineWidth(1);
    }
}
