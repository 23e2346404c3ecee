package org.mmscope.ui.views.pool;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.mmscope.ui.views.common.WidgetIds;

/**
 * The pool map's legend: a swatch per page state, then one per tag on the map in its stable colour.
 * Wraps to as many lines as the width needs.
 */
public final class PoolLegend {

    /** One legend entry: how it is drawn and its text. */
    private record Entry(Color fill, Color mark, String text) {
    }

    private static final int SWATCH = 12;

    private final Canvas canvas;
    private List<String> tags = List.of();

    public PoolLegend(Composite parent) {
        canvas = WidgetIds.id(new Canvas(parent, SWT.DOUBLE_BUFFERED), "poolMap.legend");
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.addListener(SWT.Paint, this::paint);
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
    }

    public Canvas control() {
        return canvas;
    }

    /** Shows the tags of the map (in the map's order). */
    public void setTags(List<String> newTags) {
        tags = List.copyOf(newTags);
        canvas.getParent().layout(true);
        canvas.redraw();
    }

    /** The legend's texts, states first, then the tags (for tests). */
    public List<String> texts() {
        return entries().stream().map(Entry::text).toList();
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        Color grey = canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY);
        Color white = canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE);
        entries.add(new Entry(PoolColours.FREE, null, "free"));
        entries.add(new Entry(PoolColours.LOOKASIDE, null, "lookaside"));
        entries.add(new Entry(PoolColours.FREE_BLOCK, grey, "small blocks (white = free blocks)"));
        entries.add(new Entry(PoolColours.lighter(grey), grey, "paged out / trimmed"));
        entries.add(new Entry(PoolColours.FREE_BLOCK, grey, "not touched yet"));
        entries.add(new Entry(white, PoolColours.SPECIAL_OUTLINE, "special-pool data"));
        entries.add(new Entry(PoolColours.GUARD, white, "guard page"));
        entries.add(new Entry(PoolColours.SPECIAL_FREED, null, "freed special"));
        for (String tag : tags) {
            entries.add(new Entry(PoolColours.ofTag(tag), null, "'" + tag + "'"));
        }
        return entries;
    }

    /** The height the legend needs at {@code width}. */
    public int heightFor(int width) {
        GC gc = new GC(canvas);
        try {
            return layout(gc, width, null);
        } finally {
            gc.dispose();
        }
    }

    private void paint(Event e) {
        layout(e.gc, canvas.getClientArea().width, e.gc);
    }

    /** Lays the entries out in lines; draws them when {@code draw} is not null; returns the height. */
    private int layout(GC gc, int width, GC draw) {
        int lineHeight = Math.max(SWATCH, gc.getFontMetrics().getHeight()) + 4;
        int x = 4;
        int y = 2;
        for (Entry entry : entries()) {
            Point extent = gc.textExtent(entry.text());
            int w = SWATCH + 4 + extent.x + 12;
            if (x > 4 && x + w > width) {
                x = 4;
                y += lineHeight;
            }
            if (draw != null) {
                int sy = y + (lineHeight - 4 - SWATCH) / 2;
                draw.setBackground(entry.fill());
                draw.fillRectangle(x, sy, SWATCH, SWATCH);
                if (entry.mark() != null) {
                    draw.setForeground(entry.mark());
                    if (entry.text().startsWith("guard")) {
                        draw.drawLine(x + 1, sy + 1, x + SWATCH - 2, sy + SWATCH - 2);
                        draw.drawLine(x + 1, sy + SWATCH - 2, x + SWATCH - 2, sy + 1);
                    } else if (entry.text().startsWith("paged out")) {
                        draw.drawLine(x, sy + SWATCH - 1, x + SWATCH - 1, sy);
                    } else {
                        draw.setLineWidth(entry.text().startsWith("special") ? 2 : 1);
                        draw.drawRectangle(x, sy, SWATCH - 1, SWATCH - 1);
                        draw.setLineWidth(1);
                    }
                }
                draw.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
                draw.drawString(entry.text(), x + SWATCH + 4, y, true);
            }
            x += w;
        }
        return y + lineHeight + 2;
    }
}
