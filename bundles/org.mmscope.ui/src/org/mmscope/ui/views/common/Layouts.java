package org.mmscope.ui.views.common;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** Small layout helpers shared by the views. */
public final class Layouts {

    private Layouts() {
    }

    /** A row of {@code columns} controls without margins. */
    public static Composite row(Composite parent, int columns) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return row;
    }

    public static Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        return label;
    }

    public static GridData fill() {
        return new GridData(SWT.FILL, SWT.FILL, true, true);
    }

    public static GridData fillHorizontal() {
        return new GridData(SWT.FILL, SWT.CENTER, true, false);
    }

    public static GridData width(int widthHint) {
        GridData data = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        data.widthHint = widthHint;
        return data;
    }
}
