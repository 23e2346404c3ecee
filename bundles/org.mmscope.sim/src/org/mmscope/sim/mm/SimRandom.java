package org.mmscope.sim.mm;

import java.io.Serializable;

/**
 * The simulation's one random generator: the SplitMix64 algorithm with the golden gamma, so its
 * numbers are exactly those of {@code new java.util.SplittableRandom(seed)} (a test checks that),
 * but its state is one long that a checkpoint can save ({@code SplittableRandom} cannot be
 * serialized).
 */
final class SimRandom implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;

    SimRandom(long seed) {
        this.seed = seed;
    }

    /** The next int in {@code [0, bound)}; {@code bound} must be positive. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int r = nextInt();
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: u fell in the incomplete last interval
        }
        return r;
    }

    /** The next int, uniformly over all ints. */
    int nextInt() {
        seed += GOLDEN_GAMMA;
        long z = seed;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
