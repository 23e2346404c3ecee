package org.mmscope.ui.views.common;

import org.mmscope.model.EventRecord;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.PteEntry;
import org.mmscope.model.PteKind;
import org.mmscope.model.TlbEntry;
import org.mmscope.model.WorkingSetEntry;

/** What the views read from each other's selections. */
public final class ModelSelections {

    private ModelSelections() {
    }

    /** The physical page a selected model object is about, or -1. */
    public static long pfnOf(Object selected) {
        return switch (selected) {
            case PfnEntry e -> e.getPfn();
            case WorkingSetEntry e -> e.getPfn();
            case TlbEntry e -> e.getPfn();
            case EventRecord e -> e.getPfn();
            case PteEntry e -> e.getKind() == PteKind.VALID || e.getKind() == PteKind.TRANSITION ? e.getPfn() : -1;
            case null, default -> -1;
        };
    }
}
