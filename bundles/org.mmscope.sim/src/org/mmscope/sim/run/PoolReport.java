package org.mmscope.sim.run;

import java.io.PrintStream;
import java.util.Map;

import org.mmscope.sim.mm.KernelPools;
import org.mmscope.sim.mm.KernelPools.Allocation;
import org.mmscope.sim.pool.NonPagedFreeRuns;
import org.mmscope.sim.pool.PagedPoolBitmaps;
import org.mmscope.sim.pool.PoolBlock;
import org.mmscope.sim.pool.PoolTagStats.TagUsage;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pte.Hex;

/**
 * The headless runner's pool dumps, in the spirit of WinDbg: a summary of each pool, usage by tag
 * ({@code !poolused}) and, for each named block, the blocks of its page ({@code !pool}).
 */
final class PoolReport {

    private PoolReport() {
    }

    static void print(PrintStream out, KernelPools pools, Map<String, ScenarioRun.PoolBlockRef> named) {
        PagedPoolBitmaps paged = pools.pagedPool();
        NonPagedFreeRuns nonPaged = pools.nonPagedPool();
        out.println("Pools:");
        out.printf("  %-14s %,9d of %,d pages in use, %,d allocations, %d page tables, lookaside %d%n", "Paged",
                paged.pagesInUse(), paged.currentSize(), paged.allocationCount(), paged.pageTableCount(),
                pools.lookaside(PoolType.PAGED).size());
        out.printf("  %-14s %,9d of %,d pages in use, %,d allocations, %,d free, lookaside %d%s%n", "Nonpaged",
                nonPaged.allocatedPages(), pools.nonPagedPages(), nonPaged.allocationCount(), nonPaged.freePages(),
                pools.lookaside(PoolType.NONPAGED).size(), pools.isProtectedFreePool() ? ", free runs protected" : "");
        out.printf("  %-14s %,9d of %,d pages in use%s%n", "Special", pools.specialPool().inUse(),
                pools.specialPool().pairCount(),
                pools.specialPoolTag() == null ? "" : ", tags '" + pools.specialPoolTag() + "'");
        out.printf("  %-14s %,9d%n", "Failed requests", pools.failures());
        out.println("Pool usage by tag (!poolused):");
        out.printf("  %-6s %9s %9s %12s %9s %9s %12s%n", "Tag", "NP allocs", "NP frees", "NP bytes", "P allocs",
                "P frees", "P bytes");
        for (TagUsage u : pools.usage().usages()) {
            out.printf("  %-6s %,9d %,9d %,12d %,9d %,9d %,12d%n", u.tagText(), u.nonPagedAllocations(),
                    u.nonPagedFrees(), u.nonPagedBytes(), u.pagedAllocations(), u.pagedFrees(), u.pagedBytes());
        }
        if (named.isEmpty()) {
            return;
        }
        out.println("Named pool blocks (!pool):");
        for (Map.Entry<String, ScenarioRun.PoolBlockRef> e : named.entrySet()) {
            long va = e.getValue().address();
            if (va == 0) {
                out.printf("  %-12s NULL (the allocation failed)%n", e.getKey());
                continue;
            }
            Allocation a = pools.allocationAt(va);
            String state = e.getValue().freed() ? "freed" : a == null ? "?" : a.kind() + " " + a.type() + " "
                    + a.bytes() + " bytes '" + a.tagText() + "'";
            out.printf("  %-12s %s  %s%n", e.getKey(), Hex.windbg(va), state);
            if (!e.getValue().freed()) {
                for (PoolBlock block : pools.blocksOfPage(va)) {
                    long data = pools.blockAddress(block);
                    out.printf("   %s %s size %4d previous size %4d  (%s) %s%n", data == va ? "*" : " ",
                            Hex.windbg(data - 16), block.size(), block.previousSize(), block.free() ? "Free" : "Allocated",
                            block.tagText());
                }
            }
        }
    }
}
