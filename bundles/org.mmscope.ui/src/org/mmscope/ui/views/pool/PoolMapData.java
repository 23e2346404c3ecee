package org.mmscope.ui.views.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mmscope.model.Machine;
import org.mmscope.model.PoolAllocation;
import org.mmscope.model.PoolPage;
import org.mmscope.model.PoolPageBlock;
import org.mmscope.model.PoolPageState;
import org.mmscope.model.PoolState;
import org.mmscope.model.PoolType;

/**
 * What the pool map draws, read once from a machine's pool state: the pages of each pool range in
 * address order, the tags on each page, and the live allocations by address.
 */
public final class PoolMapData {

    /** The pages of one pool range. */
    public record Section(PoolType pool, String title, List<PoolPage> pages) {
    }

    /** Nothing to draw. */
    public static final PoolMapData EMPTY = new PoolMapData(List.of(), Map.of(), Map.of());

    private final List<Section> sections;
    private final Map<PoolPage, Set<String>> tagsOnPage;
    private final Map<Long, PoolAllocation> allocations;

    private PoolMapData(List<Section> sections, Map<PoolPage, Set<String>> tagsOnPage,
            Map<Long, PoolAllocation> allocations) {
        this.sections = sections;
        this.tagsOnPage = tagsOnPage;
        this.allocations = allocations;
    }

    /** The pool map of {@code machine}, {@link #EMPTY} for null or a machine without pools. */
    public static PoolMapData of(Machine machine) {
        PoolState pools = machine == null ? null : machine.getPools();
        if (pools == null) {
            return EMPTY;
        }
        Map<PoolType, List<PoolPage>> byPool = new HashMap<>();
        Map<PoolPage, Set<String>> tags = new HashMap<>();
        for (PoolPage page : pools.getPages()) {
            byPool.computeIfAbsent(page.getPool(), p -> new ArrayList<>()).add(page);
            Set<String> onPage = tagsOf(page);
            if (!onPage.isEmpty()) {
                tags.put(page, onPage);
            }
        }
        List<Section> sections = new ArrayList<>();
        for (PoolType pool : List.of(PoolType.NON_PAGED, PoolType.PAGED, PoolType.SPECIAL)) {
            List<PoolPage> pages = byPool.get(pool);
            if (pages != null) {
                sections.add(new Section(pool, title(pool, pages), Collections.unmodifiableList(pages)));
            }
        }
        Map<Long, PoolAllocation> allocations = new HashMap<>();
        for (PoolAllocation allocation : pools.getAllocations()) {
            allocations.put(allocation.getAddress(), allocation);
        }
        return new PoolMapData(List.copyOf(sections), tags, allocations);
    }

    private static Set<String> tagsOf(PoolPage page) {
        Set<String> tags = new LinkedHashSet<>();
        if (page.getState() == PoolPageState.SMALL_BLOCKS) {
            for (PoolPageBlock block : page.getBlocks()) {
                if (!block.isFree()) {
                    tags.add(block.getTag());
                }
            }
        } else if (page.getTag() != null && !page.getTag().isEmpty()) {
            tags.add(page.getTag());
        }
        return tags;
    }

    private static String title(PoolType pool, List<PoolPage> pages) {
        long used = pages.stream().filter(p -> p.getState() != PoolPageState.FREE
                && p.getState() != PoolPageState.SPECIAL_GUARD && p.getState() != PoolPageState.SPECIAL_FREED).count();
        String name = switch (pool) {
            case NON_PAGED -> "Nonpaged pool";
            case PAGED -> "Paged pool";
            case SPECIAL -> "Special pool";
        };
        return String.format("%s from %s: %,d pages, %,d in use", name,
                org.mmscope.model.text.ModelLabels.address(pages.get(0).getAddress()), pages.size(), used);
    }

    /** The ranges that have pages, nonpaged, paged, special. */
    public List<Section> sections() {
        return sections;
    }

    /** Pages in all ranges. */
    public int pageCount() {
        int n = 0;
        for (Section section : sections) {
            n += section.pages().size();
        }
        return n;
    }

    /** The tags of the allocations on {@code page} (owner tag, or the allocated blocks' tags), in order. */
    public Set<String> tagsOn(PoolPage page) {
        return tagsOnPage.getOrDefault(page, Set.of());
    }

    /** Pages on which {@code tag} has an allocation. */
    public int pagesWithTag(String tag) {
        int n = 0;
        for (Set<String> tags : tagsOnPage.values()) {
            n += tags.contains(tag) ? 1 : 0;
        }
        return n;
    }

    /** The live allocation starting at {@code address}, or null. */
    public PoolAllocation allocationAt(long address) {
        return allocations.get(address);
    }

    /** The tags on the map, each once, in the order of their first page. */
    public List<String> tags() {
        Set<String> all = new LinkedHashSet<>();
        for (Section section : sections) {
            for (PoolPage page : section.pages()) {
                all.addAll(tagsOn(page));
            }
        }
        return List.copyOf(all);
    }
}
