package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.PAGE;
import static org.mmscope.sim.mm.PoolTestSupport.machine;
import static org.mmscope.sim.mm.PoolTestSupport.pte;
import static org.mmscope.sim.mm.PoolTestSupport.tag;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Pte;

/** {@link KernelPools#pageMap()}: every page of the pool ranges with what it holds. */
class PoolPageMapTest {

    private static final Irql PASSIVE = Irql.PASSIVE_LEVEL;

    private final Simulation simulation = new Simulation(machine());
    private final MemoryManager mm = simulation.memoryManager();
    private final KernelPools pools = mm.pools();

    private PoolPage pageAt(long va) {
        long page = va & ~0xFFFL;
        return pools.pageMap().stream().filter(p -> p.address() == page).findFirst()
                .orElseThrow(() -> new AssertionError(String.format("no pool page 0x%x in the map", page)));
    }

    @Test
    void anEmptyPoolHasNoPages() {
        assertEquals(List.of(), pools.pageMap());
    }

    @Test
    void smallBlocksShareAPageWhoseUsedBytesAreTheirBlocks() {
        long irp = pools.allocate(PoolType.NONPAGED, 200, tag("Irp "), PASSIVE);
        long obj = pools.allocate(PoolType.NONPAGED, 96, tag("Obj "), PASSIVE);
        assertEquals(irp & ~0xFFFL, obj & ~0xFFFL, "both blocks in one page");
        PoolPage page = pageAt(irp);
        assertEquals(PoolPage.State.SMALL_BLOCKS, page.state());
        assertEquals(PoolPage.Range.NONPAGED, page.pool());
        assertEquals(SmallBlockPool.blockBytes(200) + SmallBlockPool.blockBytes(96), page.bytesUsed());
        assertEquals(Pte.pfn(pte(mm, irp & ~0xFFFL)), page.pfn());
        assertEquals(0, page.tag(), "a small-block page has no single owner");
    }

    @Test
    void aSmallBlockPageStampChangesWithItsChainOnly() {
        long irp = pools.allocate(PoolType.NONPAGED, 200, tag("Irp "), PASSIVE);
        int pfn = pageAt(irp).pfn();
        SmallBlockPool blocks = pools.smallBlocks();
        long first = blocks.pageStamp(pfn);
        long paged = pools.allocate(PoolType.PAGED, 100, tag("Reg "), PASSIVE);
        assertTrue(pageAt(paged).pfn() != pfn);
        assertEquals(first, blocks.pageStamp(pfn), "an allocation in another page leaves the stamp");
        long obj = pools.allocate(PoolType.NONPAGED, 96, tag("Obj "), PASSIVE);
        long second = blocks.pageStamp(pfn);
        assertTrue(second != first, "an allocation in the page changes it");
        pools.free(obj, 0, PASSIVE);
        long third = blocks.pageStamp(pfn);
        assertTrue(third != second && third != first, "a free changes it, to a value never used before");
        blocks.noteWritten(pfn);
        assertTrue(blocks.pageStamp(pfn) != third, "a write by someone else changes it");
    }

    @Test
    void wholePagesCarryTheirTagAllocationAndBytesPerPage() {
        long va = pools.allocate(PoolType.NONPAGED, 10_000, tag("Nic "), PASSIVE);
        long[] used = { PAGE, PAGE, 10_000 - 2 * PAGE };
        for (int i = 0; i < 3; i++) {
            PoolPage page = pageAt(va + (long) i * PAGE);
            assertEquals(PoolPage.State.WHOLE_PAGES, page.state(), "page " + i);
            assertEquals("Nic ", page.tagText());
            assertEquals(va, page.allocation());
            assertEquals(used[i], page.bytesUsed(), "page " + i);
            assertTrue(page.pfn() >= 0, "nonpaged pages are resident");
        }
        long paged = pools.allocate(PoolType.PAGED, 2 * PAGE, tag("Fs  "), PASSIVE);
        PoolPage untouched = pageAt(paged);
        assertEquals(PoolPage.Range.PAGED, untouched.pool());
        assertEquals(PoolPage.State.WHOLE_PAGES, untouched.state());
        assertEquals(-1, untouched.pfn(), "a paged-pool page is demand zero until touched");
        assertEquals(Pte.demandZero(Pte.protection(untouched.pte())), untouched.pte());
        assertEquals(PoolPage.State.FREE, pageAt(paged + 2 * PAGE).state(), "the rest of the expansion is free");
        assertEquals(pools.pagedPool().currentSize(),
                pools.pageMap().stream().filter(p -> p.pool() == PoolPage.Range.PAGED).count());
    }

    @Test
    void aFreedOnePageAllocationSitsOnTheLookasideList() {
        long va = pools.allocate(PoolType.NONPAGED, PAGE, tag("Tx  "), PASSIVE);
        pools.free(va, 0, PASSIVE);
        assertEquals(PoolPage.State.LOOKASIDE, pageAt(va).state());
    }

    @Test
    void specialPoolShowsTheDataPageBetweenGuardPagesAndAFreedPage() {
        long first = pools.allocateSpecial(PoolType.NONPAGED, 32, tag("Vrf1"), PASSIVE, Detection.OVERRUN);
        long second = pools.allocateSpecial(PoolType.PAGED, 100, tag("Vrf2"), PASSIVE, Detection.OVERRUN);
        pools.free(first, 0, PASSIVE);
        List<PoolPage> special = pools.pageMap().stream().filter(p -> p.pool() == PoolPage.Range.SPECIAL).toList();
        assertEquals(5, special.size(), "leading guard, freed data, guard, data, guard: " + special);
        assertEquals(List.of(PoolPage.State.SPECIAL_GUARD, PoolPage.State.SPECIAL_FREED, PoolPage.State.SPECIAL_GUARD,
                PoolPage.State.SPECIAL_DATA, PoolPage.State.SPECIAL_GUARD), special.stream().map(PoolPage::state).toList());
        PoolPage data = special.get(3);
        assertEquals(second & ~0xFFFL, data.address());
        assertEquals(second, data.allocation());
        assertEquals(100, data.bytesUsed());
        assertEquals("Vrf2", data.tagText());
        assertEquals(data.address() + PAGE, special.get(4).address(), "the guard page follows the data");
        assertEquals(SpecialPool.GUARD_PTE, special.get(4).pte());
    }
}
