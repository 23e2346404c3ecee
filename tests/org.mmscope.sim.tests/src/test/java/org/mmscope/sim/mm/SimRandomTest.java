package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SimRandomTest {

    @Test
    void drawsTheNumbersOfSplittableRandom() {
        int[] bounds = { 1, 2, 3, 7, 16, 64, 100, 1 << 30, Integer.MAX_VALUE, (1 << 30) + 1 };
        for (long seed : new long[] { 0, 42, -1, 0x1234_5678_9abc_def0L }) {
            SplittableRandom expected = new SplittableRandom(seed);
            SimRandom actual = new SimRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                int bound = bounds[i % bounds.length];
                assertEquals(expected.nextInt(bound), actual.nextInt(bound), "seed " + seed + " draw " + i);
            }
            assertEquals(expected.nextInt(), actual.nextInt());
        }
    }

    @Test
    void refusesABoundThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new SimRandom(1).nextInt(0));
    }
}
