package org.mmscope.sim.pool;

import java.io.Serializable;

/**
 * Where the small-block allocator gets its pages: the memory manager (NT: MiAllocatePoolPages and
 * MiFreePoolPages for one page, called from the small-block path of ExAllocatePoolWithTag and
 * ExFreePoolWithTag).
 */
public interface PoolPageSupplier extends Serializable {

    /**
     * A resident, zeroed page for pool {@code type}.
     *
     * @return its PFN, or -1 when that pool is exhausted
     */
    int allocatePoolPage(PoolType type);

    /**
     * Takes back a page every block of which is free. The page still holds the pool headers the
     * allocator wrote; clearing it is the supplier's business.
     */
    void releasePoolPage(PoolType type, int pfn);
}
