package org.mmscope.sim.hw;

import java.io.Serializable;
import java.util.Arrays;

import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.pte.Pte;

/**
 * A paging file: a {@link BackingStore} whose pages are handed out by a slot allocator (NT: the
 * paging file's allocation bitmap, MMPAGING_FILE.Bitmap).
 *
 * <p>Page 0 is reserved when the file is created and never handed out, as in NT: a paging-file PTE
 * with offset 0 in file 0 would read as demand zero. {@link #allocate()} returns the lowest free
 * page; {@link #free} releases one and forgets its contents (a freed page reads as zero again).
 * Pages never written read as zero.
 *
 * <p>The bitmap is kept in chunks of {@value #PAGES_PER_CHUNK} pages created on first allocation, so
 * a large, mostly empty paging file costs little.
 */
public final class PagingFile extends BackingStore implements Serializable {

    /**
     * MEMORY_MANAGEMENT parameter 1 (simulator-defined): a paging-file page was freed that was not in
     * use. Parameters 2..3: the paging-file number and the page offset.
     */
    public static final long FREE_OF_UNUSED_PAGE = 0x5152;
    /** Largest size: offsets must fit the 32-bit PageFileHigh field of a PTE. */
    public static final long MAX_SIZE_IN_PAGES = Pte.MAX_PAGE_FILE_OFFSET + 1;
    /** Pages per bitmap chunk. */
    public static final int PAGES_PER_CHUNK = 1 << 18;

    private static final int WORDS_PER_CHUNK = PAGES_PER_CHUNK / 64;

    private final int number;
    private final long[][] bitmap;
    /** Every page below this offset is in use. */
    private long lowestMaybeFree;
    private long allocatedCount;

    /**
     * A paging file with only page 0 (reserved) in use.
     *
     * @param number      the paging-file number in PTEs, 0..15
     * @param sizeInPages 1..2^32
     */
    public PagingFile(int number, long sizeInPages) {
        super(nameOf(number), checkSize(sizeInPages));
        this.number = number;
        this.bitmap = new long[(int) ((sizeInPages + PAGES_PER_CHUNK - 1) / PAGES_PER_CHUNK)][];
        setBit(0, true); // reserved, never handed out
        this.lowestMaybeFree = 1;
    }

    private static String nameOf(int number) {
        if (number < 0 || number > Pte.MAX_PAGE_FILE_NUMBER) {
            throw new IllegalArgumentException("a paging-file number is 0.." + Pte.MAX_PAGE_FILE_NUMBER + ", not " + number);
        }
        return "pagefile" + number;
    }

    private static long checkSize(long sizeInPages) {
        if (sizeInPages < 1 || sizeInPages > MAX_SIZE_IN_PAGES) {
            throw new IllegalArgumentException("a paging file holds 1..2^32 pages, not " + sizeInPages);
        }
        return sizeInPages;
    }

    /** The paging-file number PTEs use (PageFileLow). */
    public int number() {
        return number;
    }

    /** Pages handed out and not freed (the reserved page 0 not counted). */
    public long allocatedCount() {
        return allocatedCount;
    }

    /** Pages that {@link #allocate()} can still hand out. */
    public long freeCount() {
        return sizeInPages() - 1 - allocatedCount;
    }

    /** True if the page is in use (page 0, reserved, always is). */
    public boolean isAllocated(long pageOffset) {
        checkOffset(pageOffset);
        return bit(pageOffset);
    }

    /**
     * Hands out the lowest free page.
     *
     * @return its offset (at least 1), or -1 when the file is full
     */
    public long allocate() {
        long offset = findFree(lowestMaybeFree, 1);
        if (offset < 0) {
            lowestMaybeFree = sizeInPages();
            return -1;
        }
        setBit(offset, true);
        allocatedCount++;
        lowestMaybeFree = offset + 1;
        return offset;
    }

    /**
     * Hands out the lowest run of {@code count} consecutive free pages (for clustered writes).
     *
     * @return the first offset of the run, or -1 if there is no such run
     */
    public long allocateRun(int count) {
        if (count < 1) {
            throw new IllegalArgumentException(name() + ": a run needs at least 1 page, not " + count);
        }
        long first = findFree(lowestMaybeFree, count);
        if (first < 0) {
            return -1;
        }
        for (long offset = first; offset < first + count; offset++) {
            setBit(offset, true);
        }
        allocatedCount += count;
        if (first == lowestMaybeFree) {
            lowestMaybeFree = first + count;
        }
        return first;
    }

    /**
     * Releases a page handed out by {@link #allocate()}; its contents are forgotten.
     *
     * @throws IllegalArgumentException  for an offset outside the file or the reserved page 0
     * @throws BugCheckException MEMORY_MANAGEMENT ({@link #FREE_OF_UNUSED_PAGE}) if the page is not in
     *                           use: the memory manager's accounting is corrupt
     */
    public void free(long pageOffset) {
        checkOffset(pageOffset);
        if (pageOffset == 0) {
            throw new IllegalArgumentException(name() + ": page 0 is reserved and cannot be freed");
        }
        if (!bit(pageOffset)) {
            throw new BugCheckException(BugCheckCode.MEMORY_MANAGEMENT, FREE_OF_UNUSED_PAGE, number, pageOffset, 0,
                    String.format("%s: page 0x%x freed but not in use", name(), pageOffset));
        }
        setBit(pageOffset, false);
        allocatedCount--;
        discard(pageOffset);
        if (pageOffset < lowestMaybeFree) {
            lowestMaybeFree = pageOffset;
        }
    }

    @Override
    protected void unwrittenContent(long pageOffset, long[] into) {
        Arrays.fill(into, 0, PhysicalMemory.LONGS_PER_PAGE, 0);
    }

    @Override
    protected boolean unwrittenReadsZero() {
        return true;
    }

    /** The first offset at or after {@code from} that starts {@code count} free pages, or -1. */
    private long findFree(long from, int count) {
        long size = sizeInPages();
        long run = 0;
        long offset = from;
        while (offset < size) {
            long[] chunk = bitmap[(int) (offset / PAGES_PER_CHUNK)];
            int wordInChunk = (int) ((offset % PAGES_PER_CHUNK) >>> 6);
            if (chunk == null) {
                long chunkEnd = Math.min(size, (offset / PAGES_PER_CHUNK + 1) * PAGES_PER_CHUNK);
                if (run + (chunkEnd - offset) >= count) {
                    return offset - run; // the run started run pages before this chunk
                }
                run += chunkEnd - offset;
                offset = chunkEnd;
                continue;
            }
            long word = chunk[wordInChunk];
            if (word == -1L && (offset & 63) == 0) {
                run = 0;
                offset += 64;
                continue;
            }
            if (word == 0 && (offset & 63) == 0 && run + 64 < count) {
                run += 64;
                offset += 64;
                continue;
            }
            if ((word & (1L << (offset & 63))) != 0) {
                run = 0;
            } else if (++run == count) {
                return offset - count + 1;
            }
            offset++;
        }
        return -1;
    }

    private boolean bit(long offset) {
        long[] chunk = bitmap[(int) (offset / PAGES_PER_CHUNK)];
        return chunk != null && (chunk[(int) ((offset % PAGES_PER_CHUNK) >>> 6)] & (1L << (offset & 63))) != 0;
    }

    private void setBit(long offset, boolean on) {
        int chunkIndex = (int) (offset / PAGES_PER_CHUNK);
        long[] chunk = bitmap[chunkIndex];
        if (chunk == null) {
            if (!on) {
                return;
            }
            chunk = new long[WORDS_PER_CHUNK];
            bitmap[chunkIndex] = chunk;
        }
        int word = (int) ((offset % PAGES_PER_CHUNK) >>> 6);
        if (on) {
            chunk[word] |= 1L << (offset & 63);
        } else {
            chunk[word] &= ~(1L << (offset & 63));
        }
    }
}
