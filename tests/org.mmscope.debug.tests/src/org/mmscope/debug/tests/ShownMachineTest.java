package org.mmscope.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
