package org.mmscope.sim.hw;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

import org.mmscope.sim.pte.X64Paging;

/**
 * The simulated RAM: {@link #pageCount()} page frames of 4 KiB, numbered by their page frame number
 * (PFN) from 0.
 *
 * <p>Contents are stored sparsely. A frame that was never written, or was zeroed, holds no storage
 * and reads as zero; a frame that was written holds one {@code long[512]}. The frames are reached
 * through a two-level directory of {@value #FRAMES_PER_CHUNK}-frame chunks that are created on first
 * write, so a 64 GiB machine (16,777,216 frames) costs a 16,384-entry directory until frames are
 * touched. Multi-byte values are little-endian, as on x64.
 *
 * <p>Reads and writes of one value allocate nothing. Storing a frame for the first time takes an
 * array from a small pool of arrays released by {@link #zeroPage}, or allocates one.
 */
public final class PhysicalMemory implements Serializable {

    /** Largest machine accepted: 2^25 frames, 128 GiB. */
    public static final int MAX_PAGE_COUNT = 1 << 25;
    /** Frames per directory chunk. */
    public static final int FRAMES_PER_CHUNK = 1024;
    /** Longs in a frame. */
    public static final int LONGS_PER_PAGE = X64Paging.PAGE_SIZE / 8;

    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK_MASK = FRAMES_PER_CHUNK - 1;
    private static final int POOL_CAPACITY = 64;
    private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long ZERO_PAGE_HASH = hash(new long[LONGS_PER_PAGE]);

    private final int pageCount;
    /**
     * directory[pfn / 1024][pfn % 1024]: the frame's longs, or null when it reads as zero. A
     * checkpoint writes the stored frames sparsely ({@link PageImage}).
     */
    private transient long[][][] directory;
    /** Frame arrays of the memory this one replaced ({@link #retireInto}), used before new ones. */
    private transient long[][] spare;
    private transient int spareCount;
    /** Arrays of released frames, kept for reuse (not part of the machine's state). */
    private transient long[][] pool = new long[POOL_CAPACITY][];
    private transient int pooled;
    /**
     * Bit per frame: its array is shared with a checkpoint, which gets a saved copy of it before it
     * is changed in place ({@link FrameArchive#preserve}), so that a checkpoint costs references, not
     * page copies.
     */
    private transient long[] shared;
    /** The archive of the checkpoints sharing frames with this memory; null before the first. */
    private transient FrameArchive archive;
    /**
     * Once checkpoints share frames ({@link #archive} set): per stored frame, laid out as the
     * directory, bit b set when words 16b..16b+15 may be non-zero ({@link FrameArchive#savedCopy} reads
     * only those). Null in a run without checkpoints, which so pays nothing for it.
     */
    private transient int[][] nonZeroBlocks;
    /** Frame arrays made since the last checkpoint shared them (what a new checkpoint adds). */
    private transient long framesSinceShared;
    private int storedFrames;
    /** {@link #pageCount}, or 0 once {@linkplain #retire retired} (so that one comparison checks both). */
    private transient int usableCount;
    private transient boolean retired;
    /**
     * Once checkpoints share frames, for a memory never restored (null for one restored from a
     * checkpoint, whose frames any checkpoint may hold): per frame, laid out as the directory, the
     * number of the first checkpoint directory holding its array ({@link FrameArchive#nextNumber} when
     * it was stored or last saved): every directory registered since holds it.
     */
    private transient int[][] heldSince;
    /** This memory's number in its {@link #archive} ({@link FrameArchive#registerRunning}). */
    private transient int archiveNumber = -1;

    /**
     * A machine of {@code pageCount} zeroed frames.
     *
     * @param pageCount 1 to {@link #MAX_PAGE_COUNT}; 65,536 is 256 MiB, 16,777,216 is 64 GiB
     */
    public PhysicalMemory(int pageCount) {
        if (pageCount < 1 || pageCount > MAX_PAGE_COUNT) {
            throw new IllegalArgumentException(
                    "physical memory must have 1.." + MAX_PAGE_COUNT + " page frames, not " + pageCount);
        }
        this.pageCount = pageCount;
        this.usableCount = pageCount;
        this.directory = new long[(pageCount + CHUNK_MASK) >>> CHUNK_SHIFT][][];
        this.shared = new long[(pageCount + 63) >>> 6];
    }

    /** Number of page frames. */
    public int pageCount() {
        return pageCount;
    }

    /** Number of frames that currently hold storage (were written and not zeroed since). */
    public int storedFrames() {
        return storedFrames;
    }

    /** True if the frame holds storage. A stored frame may still read as all zero. */
    public boolean isStored(int pfn) {
        checkPfn(pfn);
        return entry(pfn) != null;
    }

    /**
     * Reads the 8-byte little-endian value at {@code byteOffset} of a frame.
     *
     * @param byteOffset a multiple of 8 below 4096
     */
    public long readLong(int pfn, int byteOffset) {
        checkPfn(pfn);
        checkLongOffset(byteOffset);
        long[] words = entry(pfn);
        return words == null ? 0 : word(words, byteOffset >>> 3);
    }

    /**
     * Writes the 8-byte value at {@code byteOffset} of a frame. Writing 0 to a frame without
     * storage stores nothing.
     *
     * @param byteOffset a multiple of 8 below 4096
     */
    public void writeLong(int pfn, int byteOffset, long value) {
        checkPfn(pfn);
        checkLongOffset(byteOffset);
        long[] words = writableFrame(pfn);
        if (words == null) {
            if (value == 0) {
                return;
            }
            words = store(pfn);
        }
        words[byteOffset >>> 3] = value;
        markWritten(pfn, byteOffset);
    }

    /** Reads the byte at {@code byteOffset} (0..4095) of a frame. */
    public byte readByte(int pfn, int byteOffset) {
        checkPfn(pfn);
        checkByteOffset(byteOffset);
        long[] words = entry(pfn);
        return words == null ? 0 : (byte) (word(words, byteOffset >>> 3) >>> ((byteOffset & 7) << 3));
    }

    /** Writes the byte at {@code byteOffset} (0..4095) of a frame. */
    public void writeByte(int pfn, int byteOffset, byte value) {
        checkPfn(pfn);
        checkByteOffset(byteOffset);
        long[] words = writableFrame(pfn);
        if (words == null) {
            if (value == 0) {
                return;
            }
            words = store(pfn);
        }
        int shift = (byteOffset & 7) << 3;
        int index = byteOffset >>> 3;
        words[index] = (words[index] & ~(0xFFL << shift)) | ((value & 0xFFL) << shift);
        markWritten(pfn, byteOffset);
    }

    /** Makes a frame read as zero and releases its storage (NT: what MiZeroPhysicalPage achieves). */
    public void zeroPage(int pfn) {
        checkPfn(pfn);
        release(pfn);
    }

    /** True if every byte of the frame is zero; a stored frame is checked word by word. */
    public boolean isZeroPage(int pfn) {
        checkPfn(pfn);
        long[] words = frame(pfn);
        if (words == null) {
            return true;
        }
        for (long word : words) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets every byte of a frame to {@code pattern} (a pattern of 0 releases the storage). */
    public void fillPage(int pfn, byte pattern) {
        checkPfn(pfn);
        if (pattern == 0) {
            release(pfn);
            return;
        }
        long word = (pattern & 0xFFL) * 0x0101010101010101L;
        long[] words = writableFrame(pfn);
        if (words == null) {
            words = store(pfn);
        }
        Arrays.fill(words, word);
        setBlocks(pfn, FrameArchive.ALL_BLOCKS);
    }

    /** Copies the contents of frame {@code from} into frame {@code to}. */
    public void copyPage(int from, int to) {
        checkPfn(from);
        checkPfn(to);
        if (from == to) {
            return;
        }
        long[] source = frame(from);
        if (source == null) {
            release(to);
            return;
        }
        long[] target = writableFrame(to);
        if (target == null) {
            target = store(to);
        }
        System.arraycopy(source, 0, target, 0, LONGS_PER_PAGE);
        setBlocks(to, blocksOf(from));
    }

    /** Copies a frame into {@code into} (at least 4096 bytes), little-endian. */
    public void readPage(int pfn, byte[] into) {
        checkPfn(pfn);
        checkBuffer(into);
        long[] words = frame(pfn);
        if (words == null) {
            Arrays.fill(into, 0, X64Paging.PAGE_SIZE, (byte) 0);
            return;
        }
        for (int i = 0; i < LONGS_PER_PAGE; i++) {
            long word = words[i];
            int base = i << 3;
            for (int b = 0; b < 8; b++) {
                into[base + b] = (byte) (word >>> (b << 3));
            }
        }
    }

    /** Replaces a frame's contents with the first 4096 bytes of {@code from}; all zero releases the storage. */
    public void writePage(int pfn, byte[] from) {
        checkPfn(pfn);
        checkBuffer(from);
        long[] words = writableFrame(pfn);
        for (int i = 0; i < LONGS_PER_PAGE; i++) {
            int base = i << 3;
            long word = 0;
            for (int b = 7; b >= 0; b--) {
                word = (word << 8) | (from[base + b] & 0xFFL);
            }
            if (words == null && word != 0) {
                words = store(pfn); // the words before i are zero, as a fresh frame is
            }
            if (words != null) {
                words[i] = word;
            }
        }
        if (words != null && isZeroPage(pfn)) {
            release(pfn);
        } else if (words != null) {
            setBlocks(pfn, FrameArchive.ALL_BLOCKS);
        }
    }

    /** Copies a frame into {@code into} (at least 512 longs). */
    public void readPageLongs(int pfn, long[] into) {
        checkPfn(pfn);
        checkLongBuffer(into);
        long[] words = frame(pfn);
        if (words == null) {
            Arrays.fill(into, 0, LONGS_PER_PAGE, 0);
        } else {
            System.arraycopy(words, 0, into, 0, LONGS_PER_PAGE);
        }
    }

    /** Replaces a frame's contents with the first 512 longs of {@code from}; all zero releases the storage. */
    public void writePageLongs(int pfn, long[] from) {
        checkPfn(pfn);
        checkLongBuffer(from);
        boolean zero = true;
        for (int i = 0; i < LONGS_PER_PAGE && zero; i++) {
            zero = from[i] == 0;
        }
        if (zero) {
            release(pfn);
            return;
        }
        long[] words = writableFrame(pfn);
        if (words == null) {
            words = store(pfn);
        }
        System.arraycopy(from, 0, words, 0, LONGS_PER_PAGE);
        if (nonZeroBlocks != null) {
            setBlocks(pfn, FrameArchive.nonZeroBlocks(words));
        }
    }

    /**
     * A 64-bit FNV-1a hash of the frame's 4096 bytes in little-endian order. Equal contents give
     * equal hashes; every all-zero frame has the same hash, stored or not.
     */
    public long contentHash(int pfn) {
        checkPfn(pfn);
        long[] words = frame(pfn);
        return words == null ? ZERO_PAGE_HASH : hash(words);
    }

    /** The hash {@link #contentHash} gives for an all-zero frame. */
    public static long zeroPageHash() {
        return ZERO_PAGE_HASH;
    }

    /** 64-bit FNV-1a over the bytes of 512 longs, little-endian. */
    static long hash(long[] words) {
        long h = FNV_OFFSET_BASIS;
        for (int i = 0; i < LONGS_PER_PAGE; i++) {
            long word = words[i];
            for (int b = 0; b < 8; b++) {
                h ^= (word >>> (b << 3)) & 0xFF;
                h *= FNV_PRIME;
            }
        }
        return h;
    }

    /**
     * The frame's array for writing in place: the checkpoints sharing it get a saved copy first; null
     * when the frame has no storage.
     */
    private long[] writableFrame(int pfn) {
        long[] words = frame(pfn);
        if (words == null || (shared[pfn >>> 6] & (1L << pfn)) == 0) {
            return words;
        }
        setBlocks(pfn, archive.preserve(pfn, words, directory, blocksOf(pfn), heldSince(pfn), archiveNumber));
        shared[pfn >>> 6] &= ~(1L << pfn);
        setHeldSince(pfn);
        return words;
    }

    /** Notes that the word holding {@code byteOffset} of a stored frame may now be non-zero. */
    private void markWritten(int pfn, int byteOffset) {
        if (nonZeroBlocks != null) {
            nonZeroBlocks[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK] |= 1 << (byteOffset >>> 7);
        }
    }

    /** The first checkpoint directory holding the frame's array, or -1 when any may hold it. */
    private int heldSince(int pfn) {
        if (heldSince == null) {
            return -1;
        }
        int[] chunk = heldSince[pfn >>> CHUNK_SHIFT];
        return chunk == null ? -1 : chunk[pfn & CHUNK_MASK];
    }

    /** Notes that no checkpoint registered so far holds the frame's array (it was just stored or saved). */
    private void setHeldSince(int pfn) {
        if (heldSince != null) {
            setInChunk(heldSince, pfn, archive.nextNumber());
        }
    }

    /** Sets a frame's value in a table laid out as the directory, making its chunk when it has none. */
    private static void setInChunk(int[][] table, int pfn, int value) {
        int[] chunk = table[pfn >>> CHUNK_SHIFT];
        if (chunk == null) {
            chunk = new int[FRAMES_PER_CHUNK];
            table[pfn >>> CHUNK_SHIFT] = chunk;
        }
        chunk[pfn & CHUNK_MASK] = value;
    }

    /** The blocks of a stored frame that may hold non-zero words (all when not tracked). */
    private int blocksOf(int pfn) {
        if (nonZeroBlocks == null) {
            return FrameArchive.ALL_BLOCKS;
        }
        int[] chunk = nonZeroBlocks[pfn >>> CHUNK_SHIFT];
        return chunk == null ? 0 : chunk[pfn & CHUNK_MASK];
    }

    private void setBlocks(int pfn, int blocks) {
        if (nonZeroBlocks != null) {
            setInChunk(nonZeroBlocks, pfn, blocks);
        }
    }

    /** Starts tracking non-zero blocks: exactly for own frames, all blocks for shared ones. */
    private void trackNonZeroBlocks() {
        nonZeroBlocks = new int[directory.length][];
        for (int c = 0; c < directory.length; c++) {
            long[][] chunk = directory[c];
            if (chunk == null) {
                continue;
            }
            int[] blocks = new int[FRAMES_PER_CHUNK];
            nonZeroBlocks[c] = blocks;
            for (int i = 0; i < chunk.length; i++) {
                int pfn = (c << CHUNK_SHIFT) | i;
                if (chunk[i] != null) {
                    blocks[i] = !FrameArchive.isFrame(chunk[i]) ? FrameArchive.blocksOfPairs(chunk[i])
                            : (shared[pfn >>> 6] & (1L << pfn)) != 0 ? FrameArchive.ALL_BLOCKS
                            : FrameArchive.nonZeroBlocks(chunk[i]);
                }
            }
        }
    }

    /**
     * The frame's array, or null when it has no storage. A sparse saved copy a checkpoint restored
     * (see {@link #restoreShared}) is expanded into an array of this memory's own first.
     */
    private long[] frame(int pfn) {
        long[][] chunk = directory[pfn >>> CHUNK_SHIFT];
        if (chunk == null) {
            return null;
        }
        long[] words = chunk[pfn & CHUNK_MASK];
        if (words != null && !FrameArchive.isFrame(words)) {
            long[] pairs = words;
            words = freshArray();
            FrameArchive.expandInto(pairs, words);
            chunk[pfn & CHUNK_MASK] = words;
            shared[pfn >>> 6] &= ~(1L << pfn); // the checkpoints keep the saved copy, which never changes
        }
        return words;
    }

    /**
     * What the directory holds for a frame as it is: its array, a sparse saved copy (index, value
     * pairs, never changed) restored from a checkpoint and not touched since, or null.
     */
    private long[] entry(int pfn) {
        long[][] chunk = directory[pfn >>> CHUNK_SHIFT];
        return chunk == null ? null : chunk[pfn & CHUNK_MASK];
    }

    /** The word at {@code index} of a frame's entry (see {@link #entry}), without expanding it. */
    private static long word(long[] entry, int index) {
        if (FrameArchive.isFrame(entry)) {
            return entry[index];
        }
        for (int i = 0; i < entry.length; i += 2) {
            if (entry[i] == index) {
                return entry[i + 1];
            }
        }
        return 0;
    }

    /** A zeroed frame array: one released earlier, one the memory this one replaced left, or a new one. */
    private long[] freshArray() {
        if (pooled > 0) {
            long[] words = pool[--pooled];
            pool[pooled] = null;
            Arrays.fill(words, 0);
            return words;
        }
        if (spareCount > 0) {
            long[] words = spare[--spareCount];
            spare[spareCount] = null;
            if (spareCount == 0) {
                spare = null;
            }
            Arrays.fill(words, 0);
            return words;
        }
        return new long[LONGS_PER_PAGE];
    }

    /** Gives a frame without storage a zeroed array. */
    private long[] store(int pfn) {
        long[][] chunk = directory[pfn >>> CHUNK_SHIFT];
        if (chunk == null) {
            chunk = new long[FRAMES_PER_CHUNK][];
            directory[pfn >>> CHUNK_SHIFT] = chunk;
        }
        long[] words = freshArray();
        chunk[pfn & CHUNK_MASK] = words;
        shared[pfn >>> 6] &= ~(1L << pfn);
        setBlocks(pfn, 0);
        setHeldSince(pfn);
        framesSinceShared++;
        storedFrames++;
        return words;
    }

    private void release(int pfn) {
        long[][] chunk = directory[pfn >>> CHUNK_SHIFT];
        if (chunk == null) {
            return;
        }
        long[] words = chunk[pfn & CHUNK_MASK];
        if (words == null) {
            return;
        }
        if (!FrameArchive.isFrame(words)) { // a restored saved copy: the checkpoints keep it as it is
            chunk[pfn & CHUNK_MASK] = null;
            storedFrames--;
            return;
        }
        if ((shared[pfn >>> 6] & (1L << pfn)) != 0) {
            // the checkpoints get a saved copy (a few words, mostly), so the array can be used again
            archive.preserve(pfn, words, directory, blocksOf(pfn), heldSince(pfn), archiveNumber);
            shared[pfn >>> 6] &= ~(1L << pfn);
        }
        chunk[pfn & CHUNK_MASK] = null;
        storedFrames--;
        if (pooled < POOL_CAPACITY) {
            pool[pooled++] = words;
        }
    }

    /**
     * The frames as they are now, for a checkpoint: a copy of the directory whose page arrays are
     * shared with this memory, registered with {@code frames}, which gets saved copies of them before
     * they are written from now on.
     */
    private long[][][] shareFrames(FrameArchive frames) {
        boolean newArchive = archive != frames;
        if (archive != null && newArchive) {
            leave(archive); // checkpointed for another timeline now: the first one's keep what they hold
        }
        archive = frames;
        int number = frames.registerRunning(directory);
        if (number >= 0) {
            archiveNumber = number;
        }
        if (nonZeroBlocks == null) {
            trackNonZeroBlocks();
        }
        if (newArchive) { // every frame is this memory's own: the directories from now on are the holders
            heldSince = new int[directory.length][];
            for (int c = 0; c < directory.length; c++) {
                if (directory[c] != null) {
                    heldSince[c] = new int[FRAMES_PER_CHUNK];
                    Arrays.fill(heldSince[c], frames.nextNumber());
                }
            }
        }
        java.util.Arrays.fill(shared, -1L);
        framesSinceShared = 0;
        long[][][] copy = copyOf(directory);
        frames.register(copy, archiveNumber);
        return copy;
    }

    /**
     * Runs from a checkpoint's directory: its frame arrays are shared (saved before written, through
     * {@code frames}); its sparse saved copies are kept as they are (never changed) and become frames
     * of this memory's own when first used ({@link #frame}), so a restore allocates no page.
     */
    private void restoreShared(long[][][] kept, FrameArchive frames) {
        archive = frames;
        heldSince = null;
        directory = new long[kept.length][][];
        nonZeroBlocks = new int[kept.length][];
        archiveNumber = frames.registerRunning(directory);
        for (int c = 0; c < kept.length; c++) {
            if (kept[c] == null) {
                continue;
            }
            long[][] chunk = kept[c].clone();
            directory[c] = chunk;
            int[] blocks = new int[FRAMES_PER_CHUNK];
            nonZeroBlocks[c] = blocks;
            for (int i = 0; i < chunk.length; i++) {
                long[] entry = chunk[i];
                if (entry == null) {
                    continue;
                }
                int pfn = (c << CHUNK_SHIFT) | i;
                if (FrameArchive.isFrame(entry)) {
                    shared[pfn >>> 6] |= 1L << pfn;
                    blocks[i] = FrameArchive.ALL_BLOCKS; // learnt exactly when first saved
                } else {
                    blocks[i] = FrameArchive.blocksOfPairs(entry); // expanded when first used (frame)
                }
            }
        }
    }

    /** Gives the holders in {@code frames} of every shared frame their copies: no frame is shared after. */
    private void leave(FrameArchive frames) {
        for (int pfn = 0; pfn < pageCount; pfn++) {
            if ((shared[pfn >>> 6] & (1L << pfn)) != 0) {
                long[] words = entry(pfn);
                if (words != null && FrameArchive.isFrame(words)) {
                    frames.preserve(pfn, words, directory, blocksOf(pfn), -1, archiveNumber);
                }
                shared[pfn >>> 6] &= ~(1L << pfn);
            }
        }
    }

    private static long[][][] copyOf(long[][][] table) {
        long[][][] copy = new long[table.length][][];
        for (int i = 0; i < table.length; i++) {
            copy[i] = table[i] == null ? null : table[i].clone();
        }
        return copy;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (out instanceof SideChannel side) {
            out.writeBoolean(true);
            FrameArchive frames = side.frameArchive();
            long newBytes = framesSinceShared * X64Paging.PAGE_SIZE + frames.takeSavedBytes() + 8L * pageCount;
            out.writeInt(side.keep(shareFrames(frames), newBytes));
            return;
        }
        out.writeBoolean(false);
        PageImage image = new PageImage();
        for (int pfn = 0; pfn < pageCount; pfn++) {
            long[] words = frame(pfn);
            if (words != null) {
                image.add(pfn, words);
            }
        }
        out.writeObject(image.toArray());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        pool = new long[POOL_CAPACITY][];
        shared = new long[(pageCount + 63) >>> 6];
        usableCount = pageCount;
        if (in.readBoolean()) {
            if (!(in instanceof SideChannel side)) {
                throw new IOException("physical memory was checkpointed by reference, but this stream has no side channel");
            }
            restoreShared((long[][][]) side.fetch(in.readInt()), side.frameArchive());
            return;
        }
        directory = new long[(pageCount + CHUNK_MASK) >>> CHUNK_SHIFT][][];
        int[] stored = { 0 };
        PageImage.decode((long[]) in.readObject(), (key, words) -> {
            if (key < 0 || key >= pageCount) {
                throw new IOException("a checkpoint stores frame " + key + " of " + pageCount);
            }
            int pfn = (int) key;
            long[][] chunk = directory[pfn >>> CHUNK_SHIFT];
            if (chunk == null) {
                chunk = new long[FRAMES_PER_CHUNK][];
                directory[pfn >>> CHUNK_SHIFT] = chunk;
            }
            chunk[pfn & CHUNK_MASK] = words;
            stored[0]++;
        });
        if (stored[0] != storedFrames) {
            throw new IOException("a checkpoint stores " + stored[0] + " frames but counts " + storedFrames);
        }
    }

    private void checkPfn(int pfn) {
        if (pfn < 0 || pfn >= usableCount) {
            if (retired) {
                throw new IllegalStateException("this memory belongs to a run that was replaced by going back in time");
            }
            throw new IllegalArgumentException(String.format(
                    "page frame 0x%x is outside physical memory (0..0x%x)", pfn, pageCount - 1));
        }
    }

    /**
     * Says that this memory will not be used again: its run was replaced by one restored from a
     * checkpoint (org.mmscope.sim.replay). The archive stops keeping it apart from the memories still
     * running, which then write their shared frames without copying them for it first; so any later
     * access throws {@link IllegalStateException} rather than reading what another memory wrote.
     */
    public void retire() {
        if (archive != null) {
            archive.unregisterRunning(directory);
        }
        retired = true;
        usableCount = 0;
    }

    /**
     * {@link #retire}s this memory and gives {@code successor} (the memory restored to replace it) the
     * frame arrays only this memory holds, to store its frames in instead of allocating new ones: a
     * step back then makes the replayed run's pages without work for the garbage collector. An array
     * only this memory holds is a whole frame not shared with a checkpoint (saving it for them, or
     * storing it, cleared the bit) and no other running memory holds it (saving it gave them copies).
     */
    public void retireInto(PhysicalMemory successor) {
        // Preconditions: successor was restored from a checkpoint of this memory's archive and has
        // not run yet; nothing uses this memory after (its run was replaced).
        if (successor == this || retired) {
            retire();
            return;
        }
        java.util.List<long[]> arrays = new java.util.ArrayList<>(pooled + storedFrames);
        while (pooled > 0) {
            arrays.add(pool[--pooled]);
            pool[pooled] = null;
        }
        for (int c = 0; c < directory.length; c++) {
            long[][] chunk = directory[c];
            for (int i = 0; chunk != null && i < chunk.length; i++) {
                int pfn = (c << CHUNK_SHIFT) | i;
                if (chunk[i] != null && FrameArchive.isFrame(chunk[i]) && (shared[pfn >>> 6] & (1L << pfn)) == 0) {
                    arrays.add(chunk[i]);
                    chunk[i] = null;
                }
            }
        }
        retire();
        successor.spare = arrays.toArray(new long[0][]);
        successor.spareCount = successor.spare.length;
    }

    private static void checkLongOffset(int byteOffset) {
        if (byteOffset < 0 || byteOffset >= X64Paging.PAGE_SIZE || (byteOffset & 7) != 0) {
            throw new IllegalArgumentException(
                    "an 8-byte access needs a byte offset that is a multiple of 8 in 0..4088, not " + byteOffset);
        }
    }

    private static void checkByteOffset(int byteOffset) {
        if (byteOffset < 0 || byteOffset >= X64Paging.PAGE_SIZE) {
            throw new IllegalArgumentException("a byte offset in a page must be 0..4095, not " + byteOffset);
        }
    }

    private static void checkBuffer(byte[] buffer) {
        if (buffer == null || buffer.length < X64Paging.PAGE_SIZE) {
            throw new IllegalArgumentException("a page buffer needs at least 4096 bytes, has "
                    + (buffer == null ? "none" : buffer.length));
        }
    }

    private static void checkLongBuffer(long[] buffer) {
        if (buffer == null || buffer.length < LONGS_PER_PAGE) {
            throw new IllegalArgumentException("a page buffer needs at least 512 longs, has "
                    + (buffer == null ? "none" : buffer.length));
        }
    }
}
