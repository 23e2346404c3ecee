package org.mmscope.debug.ui;

import org.eclipse.swt.widgets.Widget;

/** Identifiers of the MmScope debug UI (launch tabs, breakpoint details, presentation). */
public final class MmScopeDebugUi {

    /** Symbolic name of this bundle. */
    public static final String PLUGIN_ID = "org.mmscope.debug.ui";
    /** The key under which MmScope widgets carry their test id (as in org.mmscope.ui). */
    public static final String WIDGET_ID = "org.mmscope.widgetId";

    private MmScopeDebugUi() {
    }

    /** Tags a widget with a test id and returns it. */
    public static <W extends Widget> W widgetId(W widget, String id) {
        widget.setData(WIDGET_ID, id);
        return widget;
    }
}
