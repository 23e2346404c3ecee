package org.mmscope.debug.ui;

/** Identifiers of the MmScope debug UI (launch tabs, breakpoint details, presentation). */
public final class MmScopeDebugUi {

    /** Symbolic name of this bundle. */
    public static final String PLUGIN_ID = "org.mmscope.debug.ui";

    private MmScopeDebugUi() {
    }
}
