package org.mmscope.sim.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.mmscope.sim.hw.PhysicalMemory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random allocations (1..4000 bytes, a few tags, both pool types) and frees keep check() empty after
 * every operation and agree with a model of the live blocks.
 */
class SmallBlockPoolPropertiesTest {

    private static final int[] TAGS = { PoolHeader.tagOf("Mm  "), PoolHeader.tagOf("Proc"),
            PoolHeader.tagOf("File"), PoolHeader.tagOf("Ntfs"), PoolHeader.tagOf("Irp ") };

    record Live(int blockBytes, int tag, PoolType type) {
    }

    @Property(tries = 300)
    void randomAllocateAndFreeKeepThePoolConsistent(@ForAll @IntRange(min = 1, max = 24) int pageLimit,
            @ForAll @Size(min = 1, max = 160) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> steps) {
        PhysicalMemory memory = new PhysicalMemory(64);
        TestPageSupplier supplier = new TestPageSupplier(memory, 4, pageLimit);
        SmallBlockPool pool = new SmallBlockPool(memory, supplier);
        TreeMap<Long, Live> model = new TreeMap<>();
        for (int step : steps) {
            int choice = step % 5;
            int rest = step / 5;
            if (choice < 2 && !model.isEmpty()) {
                List<Long> addresses = new ArrayList<>(model.keySet());
                long address = addresses.get(rest % addresses.size());
                Live live = model.remove(address);
                pool.free(address, (rest & 1) == 0 ? live.tag() : 0);
            } else {
                int bytes = (rest & 1) == 0 ? 1 + (rest >>> 1) % 4000 : 1 + (rest >>> 1) % 256;
                int tag = TAGS[(rest >>> 13) % TAGS.length];
                PoolType type = (rest >>> 17 & 1) == 0 ? PoolType.NONPAGED : PoolType.PAGED;
                long address = pool.allocate(type, bytes, tag);
                if (address == -1) {
                    assertTrue(supplier.free.isEmpty(), "allocation failed with pages left");
                } else {
                    int block = SmallBlockPool.blockBytes(bytes);
                    assertEquals(null, model.put(address, new Live(block, tag, type)), "address handed out twice");
                    assertEquals(0, SmallBlockPool.offsetOf(address) % 16);
                }
            }
            assertEquals(List.of(), pool.check());
            assertAgrees(pool, model);
        }
        for (long address : new ArrayList<>(model.keySet())) {
            pool.free(address, 0);
            assertEquals(List.of(), pool.check());
        }
        assertEquals(0, pool.pageCount(), "every page went back when everything was freed");
    }

    private static void assertAgrees(SmallBlockPool pool, TreeMap<Long, Live> model) {
        TreeMap<Long, Live> seen = new TreeMap<>();
        long[] bytes = new long[2];
        for (int i = 0; i < pool.pageCount(); i++) {
            for (PoolBlock b : pool.blocks(pool.pageAt(i))) {
                if (!b.free()) {
                    seen.put(b.address(), new Live(b.size(), b.tag(), b.type()));
                    bytes[b.type().ordinal()] += b.size();
                }
            }
        }
        assertEquals(model, seen);
        for (PoolType type : PoolType.values()) {
            assertEquals(bytes[type.ordinal()], pool.stats().totalBytesInUse(type));
            for (int tag : TAGS) {
                long expected = model.values().stream().filter(l -> l.tag() == tag && l.type() == type)
                        .mapToLong(Live::blockBytes).sum();
                assertEquals(expected, pool.stats().bytesInUse(tag, type));
                assertEquals(pool.stats().allocations(tag, type) - pool.stats().frees(tag, type),
                        model.values().stream().filter(l -> l.tag() == tag && l.type() == type).count());
            }
        }
    }
}
