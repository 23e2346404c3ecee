package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StoredPagesTest {

    private static long[] page(long value) {
        long[] words = new long[PhysicalMemory.LONGS_PER_PAGE];
        words[0] = value;
        return words;
    }

    @Test
    void pagesAreFoundByOffsetAndListedInOffsetOrder() {
        StoredPages pages = new StoredPages();
        long far = 0xFFFF_FFFFL; // the largest paging-file offset: chunks are keyed sparsely
        pages.put(far, page(3));
        pages.put(1_000, page(2));
        pages.put(7, page(1));
        pages.put(7, page(4));
        assertEquals(3, pages.size());
        assertEquals(4, pages.get(7)[0]);
        assertNull(pages.get(8));
        List<Long> order = new ArrayList<>();
        pages.forEach((offset, words) -> order.add(offset));
        assertEquals(List.of(7L, 1_000L, far), order);
        pages.remove(1_000);
        pages.remove(1_000); // forgetting an unwritten page does nothing
        pages.remove(123_456);
        assertEquals(2, pages.size());
        assertNull(pages.get(1_000));
        assertEquals(2, pages.chunkCount(), "the emptied chunk is dropped");
        assertThrows(IllegalArgumentException.class, () -> pages.put(1, null));
    }

    @Test
    void aSnapshotAndTheStoreNoLongerSeeEachOthersWrites() {
        StoredPages pages = new StoredPages();
        long[] first = page(1);
        pages.put(5, first);
        pages.put(StoredPages.CHUNK_PAGES + 5, page(2));
        StoredPages snapshot = pages.snapshot();
        pages.put(5, page(10));
        pages.remove(StoredPages.CHUNK_PAGES + 5);
        pages.put(6, page(11));
        assertSame(first, snapshot.get(5), "the snapshot keeps the page as it was");
        assertEquals(2, snapshot.get(StoredPages.CHUNK_PAGES + 5)[0]);
        assertNull(snapshot.get(6));
        assertEquals(2, snapshot.size());
        assertEquals(2, pages.size());
        assertEquals(2, pages.takeChunkCopies(), "each shared chunk is copied once, on its first write");
        pages.put(7, page(12));
        assertEquals(0, pages.takeChunkCopies(), "a chunk copied already is the store's own");

        StoredPages restored = snapshot.snapshot();
        restored.put(5, page(20));
        assertSame(first, snapshot.get(5), "a store made from a snapshot copies before writing too");
        assertEquals(20, restored.get(5)[0]);
        assertEquals(10, pages.get(5)[0]);
    }

    /** Any sequence of puts and removes, with snapshots taken along the way, matches a plain sorted map's. */
    @Property(tries = 200)
    void behavesAsASortedMapWithCopiesAtEachSnapshot(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 4_000) Integer> operations) {
        StoredPages pages = new StoredPages();
        TreeMap<Long, long[]> expected = new TreeMap<>();
        List<StoredPages> snapshots = new ArrayList<>();
        List<TreeMap<Long, long[]>> expectedSnapshots = new ArrayList<>();
        for (int operation : operations) {
            long offset = operation % 1_500;
            if (operation % 7 == 0) {
                snapshots.add(pages.snapshot());
                expectedSnapshots.add(new TreeMap<>(expected));
            } else if (operation % 3 == 0) {
                pages.remove(offset);
                expected.remove(offset);
            } else {
                long[] words = page(operation);
                pages.put(offset, words);
                expected.put(offset, words);
            }
        }
        assertSameContents(expected, pages);
        for (int i = 0; i < snapshots.size(); i++) {
            assertSameContents(expectedSnapshots.get(i), snapshots.get(i));
        }
    }

    private static void assertSameContents(TreeMap<Long, long[]> expected, StoredPages pages) {
        assertEquals(expected.size(), pages.size());
        List<Long> offsets = new ArrayList<>();
        pages.forEach((offset, words) -> {
            offsets.add(offset);
            assertSame(expected.get(offset), words);
        });
        assertArrayEquals(expected.keySet().toArray(), offsets.toArray());
    }
}
