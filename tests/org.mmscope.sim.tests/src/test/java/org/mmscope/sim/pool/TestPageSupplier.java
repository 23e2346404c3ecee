package org.mmscope.sim.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.mmscope.sim.hw.PhysicalMemory;

/** Pool pages from a fixed set of PFNs, lowest first; records what comes back. */
final class TestPageSupplier implements PoolPageSupplier {

    final PhysicalMemory memory;
    final Deque<Integer> free = new ArrayDeque<>();
    final List<Integer> released = new ArrayList<>();
    final List<PoolType> releasedTypes = new ArrayList<>();

    TestPageSupplier(PhysicalMemory memory, int firstPfn, int count) {
        this.memory = memory;
        for (int i = 0; i < count; i++) {
            free.addLast(firstPfn + i);
        }
    }

    @Override
    public int allocatePoolPage(PoolType type) {
        if (free.isEmpty()) {
            return -1;
        }
        int pfn = free.removeFirst();
        memory.zeroPage(pfn);
        return pfn;
    }

    @Override
    public void releasePoolPage(PoolType type, int pfn) {
        released.add(pfn);
        releasedTypes.add(type);
        free.addFirst(pfn);
    }
}
