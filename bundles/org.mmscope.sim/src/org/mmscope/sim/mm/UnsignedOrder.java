package org.mmscope.sim.mm;

import java.util.Comparator;

/**
 * Orders longs as unsigned numbers (kernel addresses above user ones). An enum, so that the maps
 * keyed by address that use it can be checkpointed.
 */
enum UnsignedOrder implements Comparator<Long> {
    INSTANCE;

    @Override
    public int compare(Long a, Long b) {
        return Long.compareUnsigned(a, b);
    }
}
