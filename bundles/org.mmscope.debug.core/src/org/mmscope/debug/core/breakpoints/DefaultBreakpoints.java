package org.mmscope.debug.core.breakpoints;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.mmscope.debug.core.MmScopeDebugCore;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The breakpoints that are on by default, so that corruption always stops a debug run where it
 * happened: one on a bugcheck and one on an invariant violation. They are created once per workspace,
 * at the first debug launch, as ordinary breakpoints (shown in the Breakpoints view, can be disabled
 * or deleted); a workspace where they were created once does not get them again, so a user's choice
 * to delete them stays.
 */
public final class DefaultBreakpoints {

    /** Instance-scope preference of this bundle: "true" once the defaults were created in this workspace. */
    public static final String CREATED = "defaultBreakpointsCreated";

    private DefaultBreakpoints() {
    }

    /** Creates the default breakpoints unless this workspace had them once. */
    public static synchronized void ensureCreated() throws CoreException {
        IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode(MmScopeDebugCore.PLUGIN_ID);
        if (preferences.getBoolean(CREATED, false)) {
            return;
        }
        new MmEventBreakpoint(EventKind.BUGCHECK, true);
        new MmEventBreakpoint(EventKind.INVARIANT_VIOLATION, true);
        preferences.putBoolean(CREATED, true);
        try {
            preferences.flush();
        } catch (BackingStoreException e) {
            // kept in memory for this session; at worst they are offered again after a restart
        }
    }
}
