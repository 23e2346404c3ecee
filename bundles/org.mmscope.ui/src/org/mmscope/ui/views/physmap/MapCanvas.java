package org.mmscope.ui.views.physmap;

import java.util.function.LongConsumer;
import java.util.function.LongFunction;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * The map itself: every physical page as a cell coloured by its list, row by row in PFN order. Paints
 * only the visible part, into an 8-bit palette image the size of the canvas. Below zoom 0 a pixel
 * covers several pages and shows the list most of them are on; those pixels are worked out once per
 * zoom and width (in a job for machines over a million pages). Ctrl+wheel zooms about the mouse, the
 * wheel and the scroll bar scroll, a click selects a page, a double click opens it.
 */
public final class MapCanvas extends Canvas {

    /** Machines with more pages than this get their zoomed-out pixels computed in a job. */
    private static final int INLINE_LIMIT = 1 << 20;

    private final PaletteData palette = PageColours.palette();
    private PageLocations locations = PageLocations.EMPTY;
    private MapLayout layout = MapLayout.of(0, 0, 1);
    /** The base pixels below zoom 0 (palette indices, {@code layout.rows() * layout.columns()}); null at zoom 0 and above. */
    private byte[] pixels;
    private boolean fitOnNextLayout = true;
    private long selectedPfn = -1;
    private int generation;
    private int paintedGeneration = -1;
    private long paintedAtNanos;
    private LongConsumer onSelect = pfn -> { };
    private LongConsumer onOpen = pfn -> { };
    private LongFunction<String> tooltip = pfn -> null;
    private Runnable onZoom = () -> { };

    public MapCanvas(Composite parent) {
        super(parent, SWT.V_SCROLL | SWT.NO_BACKGROUND | SWT.DOUBLE_BUFFERED);
        addListener(SWT.Paint, this::paint);
        addListener(SWT.Resize, e -> relayout(layout.zoom(), -1));
        getVerticalBar().addListener(SWT.Selection, e -> redraw());
        addListener(SWT.MouseVerticalWheel, this::wheel);
        addListener(SWT.MouseMove, e -> setToolTipText(tooltip.apply(pageAt(e.x, e.y))));
        addListener(SWT.MouseDown, e -> {
            long pfn = pageAt(e.x, e.y);
            if (e.button == 1 && pfn >= 0) {
                setSelectedPfn(pfn);
                onSelect.accept(pfn);
            }
        });
        addListener(SWT.MouseDoubleClick, e -> {
            long pfn = pageAt(e.x, e.y);
            if (e.button == 1 && pfn >= 0) {
                onOpen.accept(pfn);
            }
        });
    }

    /** Shows {@code shown}; the first machine, and one of another size, is zoomed to fit. */
    public void setLocations(PageLocations shown) {
        if (shown.size() != locations.size()) {
            fitOnNextLayout = true;
        }
        locations = shown;
        generation++;
        relayout(layout.zoom(), -1);
    }

    public PageLocations locations() {
        return locations;
    }

    public MapLayout mapLayout() {
        return layout;
    }

    /** Zooms to {@code zoom} keeping the page at canvas height {@code anchorY} (or the top) where it is. */
    public void zoomTo(int zoom, int anchorY) {
        fitOnNextLayout = false;
        relayout(zoom, anchorY);
        onZoom.run();
    }

    /** Zooms so that every page is visible. */
    public void fit() {
        fitOnNextLayout = true;
        relayout(layout.zoom(), -1);
        onZoom.run();
    }

    public void setSelectedPfn(long pfn) {
        selectedPfn = pfn;
        redraw();
    }

    public long selectedPfn() {
        return selectedPfn;
    }

    /** Scrolls so that page {@code pfn} is visible. */
    public void reveal(long pfn) {
        if (pfn < 0 || pfn >= locations.size()) {
            return;
        }
        int[] bounds = layout.boundsOf(pfn);
        ScrollBar bar = getVerticalBar();
        int top = bar.getSelection();
        int height = getClientArea().height;
        if (bounds[1] < top || bounds[1] + bounds[3] > top + height) {
            bar.setSelection(Math.max(0, bounds[1] - height / 2));
            redraw();
        }
    }

    /** Where page {@code pfn} is painted now, in canvas coordinates (x, y, width, height). */
    public Rectangle boundsOf(long pfn) {
        int[] b = layout.boundsOf(pfn);
        return new Rectangle(b[0], b[1] - getVerticalBar().getSelection(), b[2], b[3]);
    }

    /** The page under canvas point {@code (x, y)}, or -1. */
    public long pageAt(int x, int y) {
        return layout.pageAt(x, y + getVerticalBar().getSelection());
    }

    /** True when the data set last has been painted; {@link #paintedAtNanos()} says when. */
    public boolean isPainted() {
        return paintedGeneration == generation && (layout.zoom() >= 0 || pixels != null);
    }

    public long paintedAtNanos() {
        return paintedAtNanos;
    }

    public void setOnSelect(LongConsumer onSelect) {
        this.onSelect = onSelect;
    }

    public void setOnOpen(LongConsumer onOpen) {
        this.onOpen = onOpen;
    }

    public void setTooltip(LongFunction<String> tooltip) {
        this.tooltip = tooltip;
    }

    public void setOnZoom(Runnable onZoom) {
        this.onZoom = onZoom;
    }

    private void wheel(Event e) {
        if ((e.stateMask & SWT.MOD1) != 0) {
            zoomTo(layout.zoom() + (e.count > 0 ? 1 : -1), e.y);
        } else {
            ScrollBar bar = getVerticalBar();
            bar.setSelection(bar.getSelection() - e.count * Math.max(layout.cellPixels(), 8) * 2);
            redraw();
        }
        e.doit = false;
    }

    private void relayout(int zoom, int anchorY) {
        Rectangle client = getClientArea();
        if (client.width <= 0) {
            return;
        }
        int pages = locations.size();
        ScrollBar bar = getVerticalBar();
        long anchorPage = anchorY >= 0 ? pageAt(0, anchorY) : pageAt(0, 0);
        int anchorOffset = Math.max(0, anchorY);
        if (fitOnNextLayout) {
            zoom = MapLayout.fit(pages, client.width, client.height);
            anchorPage = 0;
            anchorOffset = 0;
        }
        MapLayout next = MapLayout.of(pages, zoom, client.width);
        boolean sameLayout = next.equals(layout);
        layout = next;
        bar.setMaximum(Math.max(1, layout.heightPixels()));
        bar.setThumb(Math.max(1, Math.min(client.height, layout.heightPixels())));
        bar.setPageIncrement(Math.max(1, client.height));
        bar.setIncrement(Math.max(1, layout.cellPixels()));
        if (anchorPage >= 0) {
            bar.setSelection(Math.max(0, layout.boundsOf(anchorPage)[1] - anchorOffset));
        }
        if (layout.zoom() >= 0) {
            pixels = null;
        } else if (!sameLayout || pixels == null || pixelsGeneration != generation) {
            computePixels();
        }
        redraw();
    }

    private int pixelsGeneration = -1;
    private Job pixelJob;

    private void computePixels() {
        MapLayout wanted = layout;
        PageLocations from = locations;
        int forGeneration = generation;
        pixels = null;
        if (pixelJob != null) {
            pixelJob.cancel();
        }
        if (from.size() <= INLINE_LIMIT) {
            pixels = pixelsOf(from, wanted);
            pixelsGeneration = forGeneration;
            return;
        }
        pixelJob = Job.create("Physical Memory Map: colouring " + String.format("%,d", from.size()) + " pages", monitor -> {
            byte[] computed = pixelsOf(from, wanted);
            if (!isDisposed() && !monitor.isCanceled()) {
                getDisplay().asyncExec(() -> {
                    if (!isDisposed() && layout.equals(wanted) && generation == forGeneration) {
                        pixels = computed;
                        pixelsGeneration = forGeneration;
                        redraw();
                    }
                });
            }
            return Status.OK_STATUS;
        });
        pixelJob.setSystem(true);
        pixelJob.schedule();
    }

    /** One palette index per base pixel of {@code layout} (below zoom 0). */
    static byte[] pixelsOf(PageLocations locations, MapLayout layout) {
        int columns = layout.columns();
        int rows = layout.rows();
        int per = layout.pagesPerPixel();
        byte[] result = new byte[rows * columns];
        int[] scratch = new int[PageColours.BACKGROUND];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) locations.majority(i * per, per, scratch);
        }
        return result;
    }

    private void paint(Event e) {
        Rectangle client = getClientArea();
        GC gc = e.gc;
        if (client.width <= 0 || client.height <= 0) {
            return;
        }
        int width = client.width;
        int height = client.height;
        byte[] data = new byte[width * height];
        int top = getVerticalBar().getSelection();
        int cell = layout.cellPixels();
        boolean gaps = cell >= 8;
        int columns = layout.columns();
        boolean ready = layout.zoom() >= 0 || pixels != null;
        byte background = (byte) PageColours.BACKGROUND;
        for (int y = 0; y < height; y++) {
            int mapY = y + top;
            int row = mapY / cell;
            int line = y * width;
            if (!ready || gaps && mapY % cell == cell - 1) {
                java.util.Arrays.fill(data, line, line + width, background);
                continue;
            }
            long rowStart = (long) row * columns;
            for (int x = 0; x < width; x++) {
                int column = x / cell;
                byte value = background;
                if (column < columns && !(gaps && x % cell == cell - 1)) {
                    long pixel = rowStart + column;
                    if (pixels != null) {
                        value = pixel < pixels.length ? pixels[(int) pixel] : background;
                    } else if (pixel < locations.size()) {
                        value = (byte) locations.valueAt((int) pixel);
                    }
                }
                data[line + x] = value;
            }
        }
        Image image = new Image(getDisplay(), new ImageData(width, height, 8, palette, 1, data));
        try {
            gc.drawImage(image, 0, 0);
        } finally {
            image.dispose();
        }
        if (selectedPfn >= 0 && selectedPfn < locations.size()) {
            Rectangle r = boundsOf(selectedPfn);
            gc.setLineWidth(2);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.drawRectangle(r.x - 2, r.y - 2, r.width + 3, r.height + 3);
            gc.setLineWidth(1);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawRectangle(r.x - 3, r.y - 3, r.width + 5, r.height + 5);
        }
        if (ready) {
            paintedGeneration = generation;
            paintedAtNanos = System.nanoTime();
        }
    }
}
