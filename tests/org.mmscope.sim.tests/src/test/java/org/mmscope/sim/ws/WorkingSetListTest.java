package org.mmscope.sim.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WorkingSetListTest {

    @Test
    void slotsAreReusedAndIndicesStayStable() {
        WorkingSetList ws = new WorkingSetList(2, 100);
        int a = ws.insert(0x10000, false);
        int b = ws.insert(0x11000, false);
        int c = ws.insert(0x12000, false);
        ws.remove(b);
        assertEquals(2, ws.count());
        assertFalse(ws.isValid(b));
        assertEquals(b, ws.insert(0x20000, false), "a freed slot is reused first");
        assertEquals(0x10000, ws.page(a));
        assertEquals(0x12000, ws.page(c));
        assertEquals(3, ws.peak());
    }

    @Test
    void theClockHandSkipsLockedAndYoungEntries() {
        WorkingSetList ws = new WorkingSetList(1, 10);
        int young = ws.insert(0x1000, false);
        int pinned = ws.insert(0x2000, true);
        int old = ws.insert(0x3000, false);
        ws.setAge(old, 3);
        ws.setAge(pinned, 7);
        assertEquals(old, ws.nextVictim(1));
        assertEquals(-1, ws.nextVictim(4));
        assertEquals(young, ws.nextVictim(0));
    }

    @Test
    void refusesWhatWouldCorruptIt() {
        WorkingSetList ws = new WorkingSetList(1, 2);
        ws.insert(0x1000, false);
        ws.insert(0x2000, false);
        assertTrue(ws.isFull());
        assertThrows(IllegalStateException.class, () -> ws.insert(0x3000, false));
        assertThrows(IllegalArgumentException.class, () -> new WorkingSetList(1, 3).insert(0x1001, false));
        assertThrows(IllegalArgumentException.class, () -> ws.remove(5));
        assertThrows(IllegalArgumentException.class, () -> ws.setAge(0, 8));
        assertThrows(IllegalArgumentException.class, () -> new WorkingSetList(5, 4));
    }

    @Property
    void behavesLikeAMapOfSlotsToPages(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 40) Integer> ops) {
        WorkingSetList ws = new WorkingSetList(1, 32);
        TreeMap<Integer, Long> model = new TreeMap<>();
        long next = 0x10000;
        for (int op : ops) {
            if (op < 25 && !ws.isFull()) {
                int index = ws.insert(next, false);
                assertFalse(model.containsKey(index), "slot handed out twice");
                model.put(index, next);
                next += 0x1000;
            } else if (!model.isEmpty()) {
                List<Integer> keys = new ArrayList<>(model.keySet());
                int index = keys.get(op % keys.size());
                ws.remove(index);
                model.remove(index);
            }
            assertEquals(model.size(), ws.count());
            for (var entry : model.entrySet()) {
                assertEquals(entry.getValue(), ws.page(entry.getKey()));
                assertEquals(entry.getKey(), ws.find(entry.getValue()));
            }
        }
    }
}
