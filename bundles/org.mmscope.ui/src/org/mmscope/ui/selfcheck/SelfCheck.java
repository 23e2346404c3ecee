package org.mmscope.ui.selfcheck;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.views.IViewDescriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Checks, inside a started IDE, that MmScope is really there: every {@code org.mmscope.*} bundle is
 * resolved (and those that ran code are active), every MmScope view opens, and the MmScope
 * perspective is available. Writes the findings as a properties file that scripts and the install
 * test read ({@code status=ok} or {@code status=failed} plus one line per bundle and view), and
 * optionally a screenshot of the workbench window.
 *
 * <p>Runs on the UI thread; the screenshot is taken after the views had time to paint.
 */
final class SelfCheck {

    private static final int PAINT_DELAY_MS = 2000;

    private final Path reportFile;
    private final Path screenshotFile;
    private final boolean exitAfterwards;
    private final Map<String, String> findings = new TreeMap<>();
    private boolean failed;

    SelfCheck(Path reportFile, Path screenshotFile, boolean exitAfterwards) {
        this.reportFile = reportFile;
        this.screenshotFile = screenshotFile;
        this.exitAfterwards = exitAfterwards;
    }

    /** First half, on the UI thread: bundles, perspective, views. */
    void start() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        try {
            checkBundles();
            IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
            if (window == null && workbench.getWorkbenchWindowCount() > 0) {
                window = workbench.getWorkbenchWindows()[0];
            }
            if (window == null || window.getActivePage() == null) {
                fail("workbench", "no workbench window with a page");
            } else {
                checkPerspectiveAndViews(window.getActivePage());
            }
        } catch (RuntimeException e) {
            fail("exception", stackTrace(e));
        }
        workbench.getDisplay().timerExec(PAINT_DELAY_MS, this::finish);
    }

    /** Second half, once the views have painted: screenshot, report, exit. */
    private void finish() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        if (screenshotFile != null) {
            try {
                IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
                if (window == null) {
                    window = workbench.getWorkbenchWindows()[0];
                }
                Screenshots.saveShell(window.getShell(), screenshotFile);
                findings.put("screenshot", screenshotFile.toString());
            } catch (IOException | RuntimeException e) {
                fail("screenshot", e.toString());
            }
        }
        findings.put("status", failed ? "failed" : "ok");
        try {
            ReportFile.write(reportFile, findings);
        } catch (IOException e) {
            System.err.println("MmScope self-check: cannot write " + reportFile + ": " + e.getMessage());
        }
        if (exitAfterwards) {
            display.asyncExec(workbench::close);
        }
    }

    private void checkBundles() {
        Bundle self = FrameworkUtil.getBundle(SelfCheck.class);
        int count = 0;
        for (Bundle bundle : self.getBundleContext().getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("org.mmscope.")) {
                continue;
            }
            count++;
            String state = stateName(bundle.getState());
            findings.put("bundle." + name, state + " " + bundle.getVersion());
            if (bundle.getState() == Bundle.INSTALLED || bundle.getState() == Bundle.UNINSTALLED) {
                failed = true;
            }
        }
        findings.put("bundles", Integer.toString(count));
        if (count == 0) {
            fail("bundles", "no org.mmscope bundle is installed");
        }
    }

    private void checkPerspectiveAndViews(IWorkbenchPage page) {
        IPerspectiveDescriptor perspective = page.getPerspective();
        findings.put("perspective", perspective == null ? "none" : perspective.getId());
        if (PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId("org.mmscope.ui.perspective") == null) {
            fail("perspective.registered", "the MmScope perspective is not registered");
        }
        int views = 0;
        for (IViewDescriptor descriptor : PlatformUI.getWorkbench().getViewRegistry().getViews()) {
            if (!descriptor.getId().startsWith("org.mmscope.")) {
                continue;
            }
            views++;
            try {
                IViewPart part = page.showView(descriptor.getId());
                findings.put("view." + descriptor.getId(), "open " + part.getClass().getName());
            } catch (PartInitException | RuntimeException e) {
                fail("view." + descriptor.getId(), "cannot open: " + e.getMessage());
            }
        }
        findings.put("views", Integer.toString(views));
        if (views == 0) {
            fail("views", "no MmScope view is registered");
        }
    }

    private void fail(String key, String why) {
        failed = true;
        findings.put(key, "FAILED " + why);
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "STATE_" + state;
        };
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString().replace('\n', ' ');
    }
}
