package org.mmscope.ui.views.pool;

import java.util.Set;

import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PteKind;
import org.mmscope.model.text.ModelLabels;

/** The words for a pool page: its pool and state, where it is, and the hover text of the map. */
public final class PageText {

    private PageText() {
    }

    /** "nonpaged pool", "paged pool" or "special pool". */
    public static String pool(PoolPage page) {
        return switch (page.getPool()) {
            case NON_PAGED -> "nonpaged pool";
            case PAGED -> "paged pool";
            case SPECIAL -> "special pool";
        };
    }

    /** The page's state in words. */
    public static String state(PoolPage page) {
        return switch (page.getState()) {
            case FREE -> "free";
            case SMALL_BLOCKS -> "small blocks";
            case WHOLE_PAGES -> "whole-page allocation";
            case LOOKASIDE -> "free, on the lookaside list";
            case SPECIAL_DATA -> "special-pool data page";
            case SPECIAL_GUARD -> "guard page (no access)";
            case SPECIAL_FREED -> "freed special-pool page (no access)";
        };
    }

    /** Where the page's contents are: resident at a PFN, never touched, in transition or paged out. */
    public static String residence(PoolPage page) {
        if (page.getPfn() >= 0) {
            return "PFN 0x" + Long.toHexString(page.getPfn());
        }
        PteKind kind = page.getPteKind();
        return switch (kind) {
            case DEMAND_ZERO -> page.getState() == org.mmscope.model.PoolPageState.SPECIAL_GUARD
                    || page.getState() == org.mmscope.model.PoolPageState.SPECIAL_FREED ? "no access PTE"
                            : "not touched yet (demand zero)";
            case TRANSITION -> "trimmed, in transition (Standby or Modified list)";
            case PAGE_FILE -> "paged out (in the paging file)";
            case ZERO -> "no PTE";
            default -> "PTE " + kind.getName();
        };
    }

    /** True if the page holds data that is not resident (trimmed or paged out). */
    public static boolean pagedOut(PoolPage page) {
        return page.getPfn() < 0 && (page.getPteKind() == PteKind.TRANSITION || page.getPteKind() == PteKind.PAGE_FILE);
    }

    /** The hover text: address, pool and state, residence, tags, bytes used. */
    public static String tooltip(PoolPage page, Set<String> tags) {
        StringBuilder text = new StringBuilder();
        text.append(ModelLabels.address(page.getAddress())).append("  ").append(pool(page)).append(", ")
                .append(state(page)).append('\n').append(residence(page));
        switch (page.getState()) {
            case SMALL_BLOCKS -> {
                int allocated = 0;
                int free = 0;
                for (PoolPageBlock block : page.getBlocks()) {
                    if (block.isFree()) {
                        free++;
                    } else {
                        allocated++;
                    }
                }
                text.append(String.format("%n%d allocated and %d free blocks", allocated, free));
            }
            case WHOLE_PAGES, SPECIAL_DATA -> text.append("\nallocation at ")
                    .append(ModelLabels.address(page.getAllocation()));
            default -> {
                // nothing more to say
            }
        }
        if (!tags.isEmpty()) {
            text.append("\ntags: ").append(String.join(", ", tags.stream().map(t -> "'" + t + "'").toList()));
        }
        text.append(String.format("%n%,d of 4,096 bytes used", page.getBytesUsed()));
        return text.toString();
    }
}
