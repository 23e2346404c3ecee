package org.mmscope.ui.views.pool;

import java.util.Comparator;

import org.mmscope.model.PoolTagUsage;

/** The columns of the usage-by-tag table ({@code !poolused}): text and sort order of each. */
public enum TagUsageColumn {
    TAG("Tag", 50, Comparator.comparing(PoolTagUsage::getTag)),
    POOL("Pool", 75, Comparator.comparing(t -> t.getType().getName())),
    ALLOCS("Allocs", 55, Comparator.comparingLong(PoolTagUsage::getAllocs)),
    FREES("Frees", 50, Comparator.comparingLong(PoolTagUsage::getFrees)),
    DIFF("Diff", 45, Comparator.comparingLong(t -> t.getAllocs() - t.getFrees())),
    BYTES("Bytes", 75, Comparator.comparingLong(PoolTagUsage::getBytes));

    private final String title;
    private final int width;
    private final Comparator<PoolTagUsage> order;

    TagUsageColumn(String title, int width, Comparator<PoolTagUsage> order) {
        this.title = title;
        this.width = width;
        this.order = order;
    }

    public String title() {
        return title;
    }

    public int width() {
        return width;
    }

    /** Ascending order by this column, then by tag and pool. */
    public Comparator<PoolTagUsage> comparator() {
        return order.thenComparing(PoolTagUsage::getTag).thenComparing(t -> t.getType().getValue());
    }

    /** The row's cells, one per column. */
    public static String[] cells(PoolTagUsage t) {
        return new String[] { t.getTag(), t.getType() == org.mmscope.model.PoolType.NON_PAGED ? "Nonpaged" : "Paged",
                String.format("%,d", t.getAllocs()), String.format("%,d", t.getFrees()),
                String.format("%,d", t.getAllocs() - t.getFrees()), String.format("%,d", t.getBytes()) };
    }
}
