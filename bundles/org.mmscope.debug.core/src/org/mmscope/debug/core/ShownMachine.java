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

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
