package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SimClockTest {

    @Test
    void startsAtZeroAndMovesOnlyWhenAsked() {
        SimClock clock = new SimClock();
        assertEquals(0, clock.now());
        assertEquals(0, clock.now());
        assertEquals(150, clock.advance(150));
        assertEquals(150, clock.advance(0));
        assertEquals(1_000, clock.advanceTo(1_000));
        assertEquals(1_000, clock.advanceTo(1_000));
        assertEquals(1_000, clock.now());
    }

    @Test
    void neverGoesBackwards() {
        SimClock clock = new SimClock();
        clock.advance(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertEquals("time cannot move backwards: advance(-1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(9));
        assertEquals(10, clock.now());
    }

    @Test
    void refusesOverflow() {
        SimClock clock = new SimClock();
        clock.advanceTo(Long.MAX_VALUE - 5);
        assertThrows(IllegalArgumentException.class, () -> clock.advance(6));
        assertEquals(Long.MAX_VALUE, clock.advance(5));
    }

    @Property
    void advancingAddsUp(@ForAll @Size(max = 20) java.util.List<@LongRange(min = 0, max = 1_000_000_000L) Long> steps) {
        SimClock clock = new SimClock();
        long sum = 0;
        for (long step : steps) {
            sum += step;
            assertEquals(sum, clock.advance(step));
        }
        assertEquals(sum, clock.now());
    }
}
