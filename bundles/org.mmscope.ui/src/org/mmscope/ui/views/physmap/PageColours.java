package org.mmscope.ui.views.physmap;

import java.util.List;

import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.mmscope.model.PageList;

/**
 * The colour of each page list in the Physical Memory Map and its chart (RAMMap's colours where it has
 * one): a palette whose index {@code n} is the list whose value is {@code n}, and one more index for the
 * cells past the last page.
 */
public final class PageColours {

    /** The palette index of a cell that is no page (past the last PFN, gaps between big cells). */
    public static final int BACKGROUND = PageList.VALUES.size();

    private static final RGB[] RGBS = new RGB[BACKGROUND + 1];

    static {
        RGBS[PageList.ZEROED_VALUE] = new RGB(0x9e, 0xc9, 0xe8); // light blue
        RGBS[PageList.FREE_VALUE] = new RGB(0x1f, 0x5f, 0xb4); // dark blue
        RGBS[PageList.STANDBY_VALUE] = new RGB(0x3c, 0xb0, 0x4a); // green
        RGBS[PageList.MODIFIED_VALUE] = new RGB(0xf2, 0x8e, 0x1c); // orange
        RGBS[PageList.MODIFIED_NO_WRITE_VALUE] = new RGB(0xa0, 0x52, 0x10); // brown
        RGBS[PageList.BAD_VALUE] = new RGB(0xd7, 0x19, 0x1c); // red
        RGBS[PageList.ACTIVE_AND_VALID_VALUE] = new RGB(0xf5, 0xd0, 0x2a); // yellow
        RGBS[PageList.TRANSITION_VALUE] = new RGB(0x8e, 0x44, 0xad); // purple
        RGBS[BACKGROUND] = new RGB(0xe6, 0xe6, 0xe6); // light grey, like an empty widget
    }

    /**
     * The lists by how much a pixel that covers several pages wants to show them when they tie for the
     * most pages: rare states first, the plentiful free lists last.
     */
    static final List<PageList> BY_INTEREST = List.of(PageList.BAD, PageList.TRANSITION, PageList.MODIFIED_NO_WRITE,
            PageList.MODIFIED, PageList.ACTIVE_AND_VALID, PageList.STANDBY, PageList.FREE, PageList.ZEROED);

    private PageColours() {
    }

    /** The colour of {@code list}. */
    public static RGB of(PageList list) {
        return RGBS[list.getValue()];
    }

    /** The colour of palette index {@code index} (a list's value, or {@link #BACKGROUND}). */
    public static RGB ofIndex(int index) {
        return RGBS[index];
    }

    /** An 8-bit palette: index n is the list of value n, then {@link #BACKGROUND}. */
    public static PaletteData palette() {
        RGB[] copy = new RGB[256];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = i < RGBS.length ? RGBS[i] : RGBS[BACKGROUND];
        }
        return new PaletteData(copy);
    }

    /** The colour as an AWT colour (JFreeChart). */
    static java.awt.Color awt(PageList list) {
        RGB rgb = of(list);
        return new java.awt.Color(rgb.red, rgb.green, rgb.blue);
    }
}
