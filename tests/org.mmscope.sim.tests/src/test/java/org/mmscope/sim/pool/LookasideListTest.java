package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LookasideListTest {

    @Test
    void isLifoUpToItsDepthAndCounts() {
        LookasideList list = new LookasideList(2);
        assertEquals(-1, list.pop(), "empty: the caller allocates for real");
        assertTrue(list.push(10));
        assertTrue(list.push(11));
        assertTrue(list.isFull());
        assertFalse(list.push(12), "full: the caller frees the page for real");
        assertEquals(2, list.size());
        assertEquals(11, list.pageAt(0));
        assertEquals(10, list.pageAt(1));
        assertEquals(11, list.pop());
        assertEquals(10, list.pop());
        assertEquals(-1, list.pop());
        assertEquals(4, list.totalAllocates());
        assertEquals(2, list.allocateHits());
        assertEquals(3, list.totalFrees());
        assertEquals(2, list.freeHits());
    }

    @Test
    void refusesADoubleFreeAndBadArguments() {
        LookasideList list = new LookasideList(4);
        list.push(7);
        BugCheckException e = assertThrows(BugCheckException.class, () -> list.push(7));
        assertEquals(BugCheckCode.BAD_POOL_CALLER, e.code());
        assertEquals(LookasideList.BAD_POOL_ALREADY_FREE, e.parameter(1));
        assertEquals(7, e.parameter(4));
        assertEquals(1, list.size());
        assertThrows(IllegalArgumentException.class, () -> list.push(-1));
        assertThrows(IllegalArgumentException.class, () -> list.pageAt(1));
        assertThrows(IllegalArgumentException.class, () -> new LookasideList(0));
    }

    @Property(tries = 200)
    void agreesWithADeque(@ForAll @Size(max = 80) List<@IntRange(min = -1, max = 30) Integer> ops,
            @ForAll @IntRange(min = 1, max = 8) int depth) {
        LookasideList list = new LookasideList(depth);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int op : ops) {
            if (op < 0) {
                assertEquals(model.isEmpty() ? -1 : model.pop(), list.pop());
            } else if (!model.contains(op)) {
                boolean kept = list.push(op);
                assertEquals(model.size() < depth, kept);
                if (kept) {
                    model.push(op);
                }
            }
            assertEquals(model.size(), list.size());
        }
    }
}
