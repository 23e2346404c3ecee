package org.mmscope.sim.hw;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Objects;

import org.mmscope.sim.pte.X64Paging;

/**
 * A file the {@link Disk} reads and writes in page-sized blocks, addressed by page offset: the
 * paging file ({@link PagingFile}) or a mapped file ({@link MappedFile}).
 *
 * <p>Contents are sparse: a page never written reads as {@link #unwrittenContent} (zero for a paging
 * file, generated data for a mapped file); written pages are kept by offset ({@link StoredPages}), so
 * listing them is deterministic, and a checkpoint shares them chunk by chunk. The disk moves data with {@link #readPage} and {@link #writePage}; views and tests
 * read single values with {@link #readLong} and compare pages with {@link #contentHash}, which hashes
 * as {@link PhysicalMemory#contentHash} does.
 */
public abstract class BackingStore implements Serializable {

    private final String name;
    private final long sizeInPages;
    /**
     * Written pages by offset. A page's array is never changed once stored (a write puts a new one),
     * so a checkpoint can share them ({@link SideChannel}) or write them sparsely.
     */
    private transient StoredPages written = new StoredPages();
    /** A page of unwritten content, rebuilt for each use. */
    private transient long[] scratch = new long[PhysicalMemory.LONGS_PER_PAGE];
    /** Pages written since a checkpoint last shared them (what a new checkpoint adds). */
    private transient long pagesSinceShared;

    /**
     * @param name        for views and messages
     * @param sizeInPages at least 1
     */
    protected BackingStore(String name, long sizeInPages) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a backing store needs a name");
        }
        if (sizeInPages < 1) {
            throw new IllegalArgumentException(name + ": size must be at least 1 page, not " + sizeInPages);
        }
        this.name = name;
        this.sizeInPages = sizeInPages;
    }

    /** The store's name. */
    public final String name() {
        return name;
    }

    /** Size in pages; offsets are 0..size-1. */
    public final long sizeInPages() {
        return sizeInPages;
    }

    /** Number of pages holding written content (for memory accounting). */
    public final int writtenPageCount() {
        return written.size();
    }

    /** True if the page at {@code pageOffset} holds written content. */
    public final boolean isWritten(long pageOffset) {
        checkOffset(pageOffset);
        return written.get(pageOffset) != null;
    }

    /** Copies the page at {@code pageOffset} into frame {@code pfn} of {@code memory}. */
    public final void readPage(long pageOffset, PhysicalMemory memory, int pfn) {
        checkOffset(pageOffset);
        memory.writePageLongs(pfn, content(pageOffset));
    }

    /** Copies frame {@code pfn} of {@code memory} into the page at {@code pageOffset}. */
    public final void writePage(long pageOffset, PhysicalMemory memory, int pfn) {
        checkOffset(pageOffset);
        if (unwrittenReadsZero() && memory.isZeroPage(pfn)) {
            written.remove(pageOffset);
            return;
        }
        long[] page = new long[PhysicalMemory.LONGS_PER_PAGE];
        memory.readPageLongs(pfn, page);
        written.put(pageOffset, page);
        pagesSinceShared++;
    }

    /**
     * The 8-byte value at {@code byteOffset} of a page.
     *
     * @param byteOffset a multiple of 8 in 0..4088
     */
    public final long readLong(long pageOffset, int byteOffset) {
        checkOffset(pageOffset);
        if (byteOffset < 0 || byteOffset >= X64Paging.PAGE_SIZE || (byteOffset & 7) != 0) {
            throw new IllegalArgumentException(
                    "an 8-byte read needs a byte offset that is a multiple of 8 in 0..4088, not " + byteOffset);
        }
        return content(pageOffset)[byteOffset >>> 3];
    }

    /** The FNV-1a hash of a page's 4096 bytes, comparable with {@link PhysicalMemory#contentHash}. */
    public final long contentHash(long pageOffset) {
        checkOffset(pageOffset);
        return PhysicalMemory.hash(content(pageOffset));
    }

    /** Forgets the written content of a page: it reads as unwritten again. */
    protected final void discard(long pageOffset) {
        checkOffset(pageOffset);
        written.remove(pageOffset);
    }

    /**
     * Fills {@code into} (512 longs) with what a never-written page at {@code pageOffset} holds.
     * Deterministic: a function of the store's fixed parameters and the offset only.
     */
    protected abstract void unwrittenContent(long pageOffset, long[] into);

    /** True if every unwritten page reads as zero: then a written all-zero page needs no storage. */
    protected abstract boolean unwrittenReadsZero();

    /** Throws {@link IllegalArgumentException} unless {@code pageOffset} is inside the store. */
    protected final void checkOffset(long pageOffset) {
        if (pageOffset < 0 || pageOffset >= sizeInPages) {
            throw new IllegalArgumentException(String.format("%s: page offset 0x%x is outside 0..0x%x", name,
                    pageOffset, sizeInPages - 1));
        }
    }

    /** Throws {@link IllegalArgumentException} unless pages {@code pageOffset..+count-1} are inside the store. */
    final void checkRange(long pageOffset, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(name + ": a transfer needs at least 1 page, not " + count);
        }
        if (pageOffset < 0 || pageOffset > sizeInPages - count) {
            throw new IllegalArgumentException(String.format("%s: pages 0x%x..+%d are outside 0..0x%x", name,
                    pageOffset, count, sizeInPages - 1));
        }
    }

    private long[] content(long pageOffset) {
        long[] page = written.get(pageOffset);
        if (page != null) {
            return page;
        }
        unwrittenContent(pageOffset, scratch);
        return scratch;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + sizeInPages + " pages, " + written.size()
                + " written]";
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (out instanceof SideChannel side) {
            out.writeBoolean(true);
            long newBytes = pagesSinceShared * X64Paging.PAGE_SIZE + written.takeChunkCopies() * StoredPages.CHUNK_BYTES
                    + 48L * written.chunkCount();
            out.writeInt(side.keep(written.snapshot(), newBytes));
            pagesSinceShared = 0;
            return;
        }
        out.writeBoolean(false);
        PageImage image = new PageImage();
        written.forEach(image::add);
        out.writeObject(image.toArray());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        scratch = new long[PhysicalMemory.LONGS_PER_PAGE];
        if (in.readBoolean()) {
            if (!(in instanceof SideChannel side)) {
                throw new IOException(name + " was checkpointed by reference, but this stream has no side channel");
            }
            written = ((StoredPages) side.fetch(in.readInt())).snapshot();
            return;
        }
        written = new StoredPages();
        PageImage.decode((long[]) in.readObject(), (offset, words) -> {
            if (offset < 0 || offset >= sizeInPages) {
                throw new IOException(name + ": a checkpoint holds page " + offset + " of " + sizeInPages);
            }
            written.put(offset, words);
        });
    }
}
