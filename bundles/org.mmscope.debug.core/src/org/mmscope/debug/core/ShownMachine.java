package org.mmscope.debug.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mmscope.model.Machine;

/**
 * The machine model that the MmScope views show: the EMF picture of a suspended simulation, or of a
 * snapshot loaded from a file. The debug target publishes a new picture at every suspend point; the
 * views subscribe and refresh. Listeners are called on the publishing thread and must hand UI work to
 * the display thread themselves.
 *
 * <p>The debug target updates the machine it shows in place at the next suspend (an incremental
 * population). So that nobody reads it half-updated: the update runs on the <em>update thread</em>
 * (the UI registers its display thread, where the views read the model), and background readers (a
 * query, a snapshot being saved, an image being coloured) read inside {@link #read}, which an update
 * waits for. The UI thread itself never waits: the publishing thread waits for the readers, then hands
 * the update to the UI thread.
 */
public final class ShownMachine {

    /** Told when the shown machine changes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param machine the machine now shown, or {@code null} when nothing is shown
         * @param origin  a short description of where it comes from, for view titles
         */
        void machineShown(Machine machine, String origin);
    }

    private static final ShownMachine INSTANCE = new ShownMachine();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.locks.ReentrantReadWriteLock updating = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile java.util.concurrent.Executor updateThread = Runnable::run;
    private volatile Machine machine;
    private volatile String origin = "";

    private ShownMachine() {
    }

    public static ShownMachine get() {
        return INSTANCE;
    }

    /** The machine shown now, or {@code null}. */
    public Machine machine() {
        return machine;
    }

    /** Where the shown machine comes from ("" when none is shown). */
    public String origin() {
        return origin;
    }

    /** Shows {@code newMachine} (or nothing, for {@code null}) and tells every listener. */
    public void show(Machine newMachine, String newOrigin) {
        String checkedOrigin = newMachine == null ? "" : Objects.requireNonNull(newOrigin, "origin");
        machine = newMachine;
        origin = checkedOrigin;
        for (Listener listener : listeners) {
            listener.machineShown(newMachine, origin);
        }
    }

    /**
     * Where {@link #update} runs changes: the UI's display thread once a view registered it (the
     * executor runs the change before returning, or at once when the display is gone); the caller's
     * thread before that (headless).
     */
    public void setUpdateThread(java.util.concurrent.Executor runsAndWaits) {
        updateThread = Objects.requireNonNull(runsAndWaits, "runsAndWaits");
    }

    /**
     * Changes the shown machine in place: waits until no background reader is in {@link #read}, then
     * runs {@code change} on the update thread and returns when it is done. Call from the thread that
     * publishes (never from the UI thread while a background reader may wait for it).
     */
    public void update(Runnable change) {
        updating.writeLock().lock();
        try {
            updateThread.execute(change);
        } finally {
            updating.writeLock().unlock();
        }
    }

    /** A reading of the model that may fail with {@code E}. */
    @FunctionalInterface
    public interface Reading<T, E extends Exception> {
        T get() throws E;
    }

    /** Reads the shown model off the UI thread, with no update running meanwhile. */
    public <T, E extends Exception> T read(Reading<T, E> reading) throws E {
        updating.readLock().lock();
        try {
            return reading.get();
        } finally {
            updating.readLock().unlock();
        }
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
