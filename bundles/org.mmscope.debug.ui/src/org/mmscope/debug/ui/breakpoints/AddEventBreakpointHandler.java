package org.mmscope.debug.ui.breakpoints;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** The "Add Memory-Manager Breakpoint..." command (Run menu, Breakpoints view toolbar). */
public final class AddEventBreakpointHandler extends AbstractHandler {

    /** The command id, as in plugin.xml. */
    public static final String COMMAND_ID = "org.mmscope.debug.ui.addEventBreakpoint";

    @Override
    public Object execute(ExecutionEvent event) {
        new AddEventBreakpointDialog(HandlerUtil.getActiveShell(event)).open();
        return null;
    }
}
