package org.mmscope.sim.hw;

import java.util.Map;
import java.util.TreeMap;

/**
 * The written pages of a {@link BackingStore} by page offset, kept in chunks of {@value #CHUNK_PAGES}
 * offsets that snapshots share copy-on-write: {@link #snapshot} copies the map of chunks (one entry
 * per chunk, not per page) and from then on whichever side writes a chunk first writes its own copy of
 * it. A checkpoint of a paging file holding a hundred thousand pages so costs a few hundred map
 * entries instead of a hundred thousand.
 *
 * <p>A chunk belongs to the store that made it (its owner token). A store writes its own chunks in
 * place and copies any other before writing; a snapshot gives both sides new tokens, so every chunk
 * existing then is shared and never written again. Page arrays themselves are never changed once
 * stored (a write puts a new array), so chunks share them freely.
 *
 * <p>Iteration is by ascending offset, so listings are deterministic. Not thread-safe.
 */
final class StoredPages {

    static final int CHUNK_SHIFT = 9;
    static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
    private static final long CHUNK_MASK = CHUNK_PAGES - 1;

    /** Bytes one chunk copy takes (its reference array and header). */
    static final long CHUNK_BYTES = 16L + 8L * CHUNK_PAGES + 32L;

    /** Told of each stored page in ascending offset order. */
    @FunctionalInterface
    interface PageVisitor<E extends Exception> {
        void page(long offset, long[] words) throws E;
    }

    private static final class Chunk {
        final Object owner;
        final long[][] pages;
        int count;

        Chunk(Object owner, long[][] pages, int count) {
            this.owner = owner;
            this.pages = pages;
            this.count = count;
        }
    }

    private final TreeMap<Long, Chunk> chunks;
    private Object token = new Object();
    private int size;
    private long chunkCopies;

    StoredPages() {
        this(new TreeMap<>(), 0);
    }

    private StoredPages(TreeMap<Long, Chunk> chunks, int size) {
        this.chunks = chunks;
        this.size = size;
    }

    /** Number of stored pages. */
    int size() {
        return size;
    }

    /** The page stored at {@code offset}, or null. */
    long[] get(long offset) {
        Chunk chunk = chunks.get(offset >>> CHUNK_SHIFT);
        return chunk == null ? null : chunk.pages[(int) (offset & CHUNK_MASK)];
    }

    /**
     * Stores {@code words} at {@code offset}, replacing what was there.
     *
     * <p>Preconditions: {@code words} is not null and is never changed after.
     */
    void put(long offset, long[] words) {
        if (words == null) {
            throw new IllegalArgumentException("a stored page needs contents; remove() forgets one");
        }
        Chunk chunk = writable(offset >>> CHUNK_SHIFT, true);
        int slot = (int) (offset & CHUNK_MASK);
        if (chunk.pages[slot] == null) {
            chunk.count++;
            size++;
        }
        chunk.pages[slot] = words;
    }

    /** Forgets the page at {@code offset}, if one is stored. */
    void remove(long offset) {
        long key = offset >>> CHUNK_SHIFT;
        Chunk existing = chunks.get(key);
        int slot = (int) (offset & CHUNK_MASK);
        if (existing == null || existing.pages[slot] == null) {
            return;
        }
        Chunk chunk = writable(key, false);
        chunk.pages[slot] = null;
        size--;
        if (--chunk.count == 0) {
            chunks.remove(key);
        }
    }

    /** Visits every stored page, lowest offset first. */
    <E extends Exception> void forEach(PageVisitor<E> visitor) throws E {
        for (Map.Entry<Long, Chunk> entry : chunks.entrySet()) {
            long base = entry.getKey() << CHUNK_SHIFT;
            long[][] pages = entry.getValue().pages;
            for (int i = 0; i < CHUNK_PAGES; i++) {
                if (pages[i] != null) {
                    visitor.page(base + i, pages[i]);
                }
            }
        }
    }

    /**
     * A store with the same pages that shares every chunk with this one: from now on each side copies
     * a chunk before its first write to it. Costs one map entry per chunk.
     */
    StoredPages snapshot() {
        StoredPages copy = new StoredPages(new TreeMap<>(chunks), size);
        token = new Object();
        return copy;
    }

    /** Chunks copied because a snapshot shared them, since the last call (for memory accounting). */
    long takeChunkCopies() {
        long copies = chunkCopies;
        chunkCopies = 0;
        return copies;
    }

    /** Number of chunks (for memory accounting: a snapshot copies one map entry per chunk). */
    int chunkCount() {
        return chunks.size();
    }

    private Chunk writable(long key, boolean create) {
        Chunk chunk = chunks.get(key);
        if (chunk == null) {
            if (!create) {
                throw new IllegalStateException("no chunk " + key + " to write");
            }
            chunk = new Chunk(token, new long[CHUNK_PAGES][], 0);
            chunks.put(key, chunk);
        } else if (chunk.owner != token) {
            chunk = new Chunk(token, chunk.pages.clone(), chunk.count);
            chunks.put(key, chunk);
            chunkCopies++;
        }
        return chunk;
    }
}
