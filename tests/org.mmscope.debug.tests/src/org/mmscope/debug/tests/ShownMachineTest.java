package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;

class ShownMachineTest {

    private final List<String> heard = new ArrayList<>();
    private final ShownMachine.Listener listener = (machine, origin) -> heard
            .add(machine == null ? "none" : origin + ":" + machine.getColours());

    @AfterEach
    void clear() {
        ShownMachine.get().removeListener(listener);
        ShownMachine.get().show(null, null);
    }

    @Test
    void listenersHearEveryChangeUntilRemoved() {
        ShownMachine shown = ShownMachine.get();
        shown.addListener(listener);
        Machine machine = MmFactory.eINSTANCE.createMachine();
        machine.setColours(16);

        shown.show(machine, "suspended at event 12");
        assertSame(machine, shown.machine());
        assertEquals("suspended at event 12", shown.origin());

        shown.show(null, null);
        assertNull(shown.machine());
        assertEquals("", shown.origin());

        shown.removeListener(listener);
        shown.show(machine, "not heard");
        assertEquals(List.of("suspended at event 12:16", "none"), heard);
    }

    @Test
    void aShownMachineNeedsAnOrigin() {
        Machine machine = MmFactory.eINSTANCE.createMachine();
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> ShownMachine.get().show(machine, null));
        assertNull(ShownMachine.get().machine(), "a refused show changes nothing");
    }

    @Test
    void anUpdateRunsOnTheUpdateThreadAndWaitsForBackgroundReaders() throws Exception {
        ShownMachine shown = ShownMachine.get();
        java.util.concurrent.ExecutorService ui = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
        try {
            shown.setUpdateThread(change -> {
                try {
                    ui.submit(change).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch finishReading = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    shown.read(() -> {
                        reading.countDown();
                        finishReading.await();
                        order.add("read done");
                        return null;
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.start();
            reading.await();
            Thread updater = new Thread(() -> shown.update(() -> order.add("update on " + Thread.currentThread().getName())));
            updater.start();
            updater.join(300);
            assertTrue(updater.isAlive(), "the update waits while a background reader reads");
            assertEquals(List.of(), order);
            finishReading.countDown();
            updater.join(10_000);
            reader.join(10_000);
            assertEquals(List.of("read done", "update on ui"), order);
        } finally {
            shown.setUpdateThread(Runnable::run);
            ui.shutdownNow();
        }
    }
}
