package org.mmscope.ui.views.common;

import java.util.Objects;
import java.util.function.BiConsumer;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;

/**
 * Hands the shown machine to a view on the UI thread, at most every {@link #MIN_INTERVAL_MS}
 * milliseconds however often the debug target publishes: notifications that arrive while one is
 * pending are coalesced into it, so a view never refreshes per event and the simulation thread never
 * waits for the display.
 */
public final class ShownMachineRefresher {

    /** The shortest time between two refreshes of one view (a few per second at most). */
    public static final long MIN_INTERVAL_MS = 150;

    private final Control owner;
    private final BiConsumer<Machine, String> show;
    private final Object lock = new Object();
    private boolean pending;
    private long lastShownAt;
    private final ShownMachine.Listener listener = (machine, origin) -> schedule();

    /**
     * @param owner the view's top control: refreshes stop when it is disposed
     * @param show  called on the UI thread with the machine shown now (or {@code null}) and its origin
     */
    public ShownMachineRefresher(Control owner, BiConsumer<Machine, String> show) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.show = Objects.requireNonNull(show, "show");
    }

    /**
     * Subscribes and shows the current machine at once (call on the UI thread). The shown machine is
     * from now on updated on this display's thread, where the views read it (ShownMachine#update).
     */
    public void start() {
        useDisplayForUpdates(owner.getDisplay());
        ShownMachine.get().addListener(listener);
        deliver();
    }

    /** Makes {@link ShownMachine#update} run changes on {@code display}'s thread (at once when it is gone). */
    static void useDisplayForUpdates(Display display) {
        ShownMachine.get().setUpdateThread(change -> {
            if (display.isDisposed() || display.getThread() == Thread.currentThread()) {
                change.run();
                return;
            }
            try {
                display.syncExec(change);
            } catch (org.eclipse.swt.SWTException e) {
                if (!display.isDisposed()) {
                    throw e; // the change itself failed
                }
                change.run(); // the display went away meanwhile: nobody reads the model on it now
            }
        });
    }

    /** Unsubscribes. */
    public void stop() {
        ShownMachine.get().removeListener(listener);
    }

    private void schedule() {
        synchronized (lock) {
            if (pending) {
                return;
            }
            pending = true;
        }
        Display display = owner.isDisposed() ? null : owner.getDisplay();
        if (display == null || display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (owner.isDisposed()) {
                return;
            }
            long wait = lastShownAt + MIN_INTERVAL_MS - System.currentTimeMillis();
            if (wait > 0) {
                display.timerExec((int) wait, this::deliver);
            } else {
                deliver();
            }
        });
    }

    private void deliver() {
        if (owner.isDisposed()) {
            return;
        }
        synchronized (lock) {
            pending = false;
        }
        lastShownAt = System.currentTimeMillis();
        ShownMachine shown = ShownMachine.get();
        long start = System.nanoTime();
        show.accept(shown.machine(), shown.origin());
        if (Boolean.getBoolean("mmscope.views.trace")) { // each refresh prints its time
            System.out.printf("mmscope.views.trace: %s refreshed in %d ms%n", show.getClass().getName(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
