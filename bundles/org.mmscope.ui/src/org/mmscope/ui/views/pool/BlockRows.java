package org.mmscope.ui.views.pool;

import java.util.ArrayList;
import java.util.List;

import org.mmscope.model.PoolAllocation;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.text.ModelLabels;

/**
 * The rows of the blocks table for one page, as WinDbg's {@code !pool <address>} lists them: every
 * block of a small-block page (the one holding the address marked with '*'), or the one allocation
 * or state of any other page.
 */
public final class BlockRows {

    /** Column titles. */
    public static final String[] TITLES = { "", "Address", "Size", "Prev.", "State", "Tag" };
    /** Column widths. */
    public static final int[] WIDTHS = { 16, 140, 62, 45, 140, 45 };

    /** One row: the marker ("*" for the clicked block), address, size, previous size, state, tag. */
    public record Row(boolean clicked, String[] cells) {
    }

    private BlockRows() {
    }

    /**
     * The rows of {@code page} for a click at byte {@code offset} of the page.
     *
     * @param data where the live allocations are looked up (the size of a whole-page allocation)
     */
    public static List<Row> of(PoolPage page, int offset, PoolMapData data) {
        List<Row> rows = new ArrayList<>();
        switch (page.getState()) {
            case SMALL_BLOCKS -> {
                for (PoolPageBlock block : page.getBlocks()) {
                    int start = (int) (block.getAddress() & 0xFFF);
                    boolean clicked = offset >= start && offset < start + block.getSize();
                    rows.add(new Row(clicked, cells(clicked, block.getAddress(), block.getSize(),
                            String.format("0x%x", block.getPreviousSize()),
                            block.isFree() ? "Free" : "Allocated", block.getTag())));
                }
            }
            case WHOLE_PAGES -> {
                PoolAllocation allocation = data.allocationAt(page.getAllocation());
                long bytes = allocation != null ? allocation.getBytes() : page.getBytesUsed();
                rows.add(new Row(true, cells(true, page.getAllocation(), bytes, "",
                        "Allocated (large page allocation)" + (PageText.pagedOut(page) ? ", paged out" : ""),
                        page.getTag())));
            }
            case SPECIAL_DATA -> rows.add(new Row(true, cells(true, page.getAllocation(), page.getBytesUsed(), "",
                    "Allocated (special pool)", page.getTag())));
            default -> rows.add(new Row(true, cells(true, page.getAddress(), 4096, "", stateOnly(page), "")));
        }
        return rows;
    }

    private static String stateOnly(PoolPage page) {
        return switch (page.getState()) {
            case LOOKASIDE -> "Free (lookaside list)";
            case SPECIAL_GUARD -> "Guard page (no access)";
            case SPECIAL_FREED -> "Freed special pool (no access)";
            default -> "Free";
        };
    }

    private static String[] cells(boolean clicked, long address, long size, String previous, String state, String tag) {
        return new String[] { clicked ? "*" : "", ModelLabels.address(address), String.format("0x%x", size), previous,
                state, tag == null ? "" : tag };
    }

    /** The line above the table: the page, its pool and state, where it is, bytes used. */
    public static String heading(PoolPage page, int offset) {
        return String.format("!pool %s: page %s, %s, %s, %s; %,d bytes used",
                ModelLabels.address(page.getAddress() | offset), ModelLabels.address(page.getAddress()),
                PageText.pool(page), PageText.state(page), PageText.residence(page), page.getBytesUsed());
    }
}
