package org.mmscope.ui.views.common;

import org.eclipse.swt.widgets.Widget;

/** Tags widgets with the id the UI tests find them by ({@code widget.getData("org.mmscope.widgetId")}). */
public final class WidgetIds {

    /** The data key of a widget's test id. */
    public static final String KEY = "org.mmscope.widgetId";

    private WidgetIds() {
    }

    /** Sets {@code id} on {@code widget} and returns the widget. */
    public static <T extends Widget> T id(T widget, String id) {
        widget.setData(KEY, id);
        return widget;
    }
}
