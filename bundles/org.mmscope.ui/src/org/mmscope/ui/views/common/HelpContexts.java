package org.mmscope.ui.views.common;

/**
 * The F1 help contexts of the MmScope views, as help/contexts.xml defines them (registered through
 * org.eclipse.help.contexts): each view sets its own on its top control, and each context links to
 * that view's help page.
 */
public final class HelpContexts {

    /** The prefix of every context id: the bundle that contributes help/contexts.xml. */
    public static final String PREFIX = "org.mmscope.ui.";
    public static final String PFN_INSPECTOR = PREFIX + "pfnInspector";
    public static final String PTE_WALKER = PREFIX + "pteWalker";
    public static final String WORKING_SETS = PREFIX + "workingSets";
    public static final String EVENT_TIMELINE = PREFIX + "eventTimeline";
    public static final String QUERY_CONSOLE = PREFIX + "queryConsole";
    public static final String POOL_MAP = PREFIX + "poolMap";
    public static final String PHYSICAL_MEMORY_MAP = PREFIX + "physicalMemoryMap";

    private HelpContexts() {
    }
}
