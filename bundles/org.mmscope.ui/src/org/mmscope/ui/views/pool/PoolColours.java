package org.mmscope.ui.views.pool;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.mmscope.model.PoolPageState;

/**
 * The pool map's colours: one per page state, and a stable one per tag (the same tag always gets
 * the same colour, in every run and every view, because it is computed from the tag's characters).
 * SWT colours made without a device need no disposing.
 */
public final class PoolColours {

    /** Free pages of a range: light grey. */
    public static final Color FREE = new Color(232, 232, 232);
    /** One-page allocations kept on a lookaside list: grey-blue. */
    public static final Color LOOKASIDE = new Color(176, 188, 210);
    /** The free part of a small-block page: white. */
    public static final Color FREE_BLOCK = new Color(255, 255, 255);
    /** A special-pool guard page: dark red, drawn with a cross. */
    public static final Color GUARD = new Color(150, 0, 0);
    /** A freed special-pool data page: dark grey. */
    public static final Color SPECIAL_FREED = new Color(96, 96, 96);
    /** The outline of a special-pool data page. */
    public static final Color SPECIAL_OUTLINE = new Color(230, 120, 0);
    /** The outline of the selected page. */
    public static final Color SELECTED = new Color(0, 0, 0);
    /** The outline of pages holding the highlighted tag. */
    public static final Color HIGHLIGHT = new Color(0, 90, 255);

    private PoolColours() {
    }

    /** The colour of {@code state} for the legend (tag-coloured states get a neutral sample). */
    public static Color ofState(PoolPageState state) {
        return switch (state) {
            case FREE -> FREE;
            case LOOKASIDE -> LOOKASIDE;
            case SPECIAL_GUARD -> GUARD;
            case SPECIAL_FREED -> SPECIAL_FREED;
            case SMALL_BLOCKS, WHOLE_PAGES, SPECIAL_DATA -> new Color(120, 170, 120);
        };
    }

    /** The stable colour of {@code tag}: a hue from the tag's characters, mid saturation and brightness. */
    public static RGB rgbOfTag(String tag) {
        int hash = 0;
        String t = tag == null ? "" : tag;
        for (int i = 0; i < t.length(); i++) {
            hash = hash * 31 + t.charAt(i);
        }
        hash ^= hash >>> 16;
        hash *= 0x45d9f3b;
        hash ^= hash >>> 16;
        float hue = Math.floorMod(hash, 360);
        float saturation = 0.45f + Math.floorMod(hash >>> 9, 4) * 0.1f;
        float brightness = 0.72f + Math.floorMod(hash >>> 13, 3) * 0.09f;
        return new RGB(hue, saturation, brightness);
    }

    /** The colour of {@code tag}, see {@link #rgbOfTag(String)}. */
    public static Color ofTag(String tag) {
        return new Color(rgbOfTag(tag));
    }

    /** A lighter version of {@code colour} (for pages that are not resident). */
    public static Color lighter(Color colour) {
        return new Color((colour.getRed() + 2 * 255) / 3, (colour.getGreen() + 2 * 255) / 3,
                (colour.getBlue() + 2 * 255) / 3);
    }
}
