package org.mmscope.ui.views.physmap;

/**
 * How the pages are laid out on the map at one zoom: row by row in PFN order, {@link #columns()}
 * pixels of the base image to a row. At zoom 0 and above a page is a square cell of {@code 2^zoom}
 * screen pixels; below 0 a pixel covers {@code 2^-zoom} consecutive pages.
 *
 * @param pages   physical pages
 * @param zoom    {@link #MIN_ZOOM} to {@link #MAX_ZOOM}
 * @param columns base pixels per row (pages per row at zoom 0 and above)
 */
public record MapLayout(int pages, int zoom, int columns) {

    /** Most pages per pixel: 64. */
    public static final int MIN_ZOOM = -6;
    /** Biggest cell: 16 pixels a side. */
    public static final int MAX_ZOOM = 4;

    /** The layout of {@code pages} at {@code zoom} in a canvas {@code width} pixels wide. */
    public static MapLayout of(int pages, int zoom, int width) {
        int z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
        int cell = z >= 0 ? 1 << z : 1;
        return new MapLayout(pages, z, Math.max(1, width / cell));
    }

    /** The largest zoom at which all {@code pages} fit in {@code width x height} pixels (or the smallest zoom). */
    public static int fit(int pages, int width, int height) {
        for (int z = MAX_ZOOM; z > MIN_ZOOM; z--) {
            MapLayout layout = of(pages, z, width);
            if (layout.heightPixels() <= height) {
                return z;
            }
        }
        return MIN_ZOOM;
    }

    /** Screen pixels per side of a cell (1 below zoom 0). */
    public int cellPixels() {
        return zoom >= 0 ? 1 << zoom : 1;
    }

    /** Pages per base pixel (1 at zoom 0 and above). */
    public int pagesPerPixel() {
        return zoom >= 0 ? 1 : 1 << -zoom;
    }

    /** Rows of the base image. */
    public int rows() {
        long perRow = (long) columns * pagesPerPixel();
        return (int) ((pages + perRow - 1) / perRow);
    }

    /** The map's height in screen pixels. */
    public int heightPixels() {
        return rows() * cellPixels();
    }

    /** The first page of base pixel {@code (column, row)}. */
    public long firstPageAt(int column, int row) {
        return ((long) row * columns + column) * pagesPerPixel();
    }

    /** The page (the first of the pixel's pages) at screen point {@code (x, y)} of the map, or -1. */
    public long pageAt(int x, int y) {
        int column = x / cellPixels();
        int row = y / cellPixels();
        if (x < 0 || y < 0 || column >= columns) {
            return -1;
        }
        long page = firstPageAt(column, row);
        return page < pages ? page : -1;
    }

    /** The screen rectangle {x, y, width, height} of page {@code pfn} on the map (its pixel below zoom 0). */
    public int[] boundsOf(long pfn) {
        long pixel = pfn / pagesPerPixel();
        int column = (int) (pixel % columns);
        int row = (int) (pixel / columns);
        return new int[] { column * cellPixels(), row * cellPixels(), cellPixels(), cellPixels() };
    }
}
