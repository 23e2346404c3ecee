package org.mmscope.ui.views.pfn;

import java.util.EnumMap;
import java.util.Map;

import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;

/** The pages on each list, summed over colours and priorities (RAMMap's Use Counts). */
public final class PageListTotals {

    private final Map<PageList, Long> totals = new EnumMap<>(PageList.class);

    public static PageListTotals of(PfnDatabase database) {
        PageListTotals result = new PageListTotals();
        for (PageList list : PageList.VALUES) {
            result.totals.put(list, 0L);
        }
        for (PageListHead head : database.getListHeads()) {
            result.totals.merge(head.getList(), head.getTotal(), Long::sum);
        }
        return result;
    }

    public long total(PageList list) {
        return totals.getOrDefault(list, 0L);
    }

    /**
     * The totals as link text, one anchor per list ({@code href} = the list's name), e.g.
     * {@code <a href="Zeroed">Zeroed 12,034</a>  <a href="Free">Free 311</a> ...}.
     */
    public String linkText() {
        StringBuilder text = new StringBuilder();
        for (PageList list : PageList.VALUES) {
            if (!text.isEmpty()) {
                text.append("   ");
            }
            text.append("<a href=\"").append(list.getName()).append("\">").append(PfnColumn.listName(list))
                    .append(' ').append(String.format("%,d", total(list))).append("</a>");
        }
        return text.toString();
    }
}
