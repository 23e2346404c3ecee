package org.mmscope.ui.selfcheck;

import java.nio.file.Path;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.PlatformUI;

/**
 * Runs the {@link SelfCheck} once the workbench is up, when the IDE was started with
 * {@code -Dmmscope.selfcheck=REPORT_FILE}. Otherwise does nothing.
 *
 * <p>Other properties: {@code mmscope.screenshot=PNG_FILE} also saves a screenshot of the workbench
 * window, {@code mmscope.selfcheck.exit=true} closes the workbench afterwards.
 */
public final class SelfCheckStartup implements IStartup {

    @Override
    public void earlyStartup() {
        String report = System.getProperty("mmscope.selfcheck");
        if (report == null || report.isBlank()) {
            return;
        }
        String screenshot = System.getProperty("mmscope.screenshot");
        SelfCheck check = new SelfCheck(Path.of(report),
                screenshot == null || screenshot.isBlank() ? null : Path.of(screenshot),
                Boolean.getBoolean("mmscope.selfcheck.exit"));
        PlatformUI.getWorkbench().getDisplay().asyncExec(check::start);
    }
}
