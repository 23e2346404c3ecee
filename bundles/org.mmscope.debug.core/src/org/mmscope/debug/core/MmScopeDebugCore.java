package org.mmscope.debug.core;

/** Identifiers of the MmScope debug model. */
public final class MmScopeDebugCore {

    /** Symbolic name of this bundle, used as the debug model identifier and in status objects. */
    public static final String PLUGIN_ID = "org.mmscope.debug.core";

    private MmScopeDebugCore() {
    }
}
