package org.mmscope.sim.hw;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The frame arrays of physical memory that the checkpoints of one timeline share with the memories
 * running from them (org.mmscope.sim.replay): copy-on-write the other way round. A checkpoint keeps a
 * directory of references to the frames as they were; when a running memory is about to change a
 * frame in place, {@link #preserve} gives every directory still holding that very array a saved copy
 * of it first. A saved copy of a page with few non-zero words is sparse ({@link #savedCopy}), which is
 * what makes a checkpoint of a write-heavy run cheap: the running memory allocates nothing, and the
 * garbage collector has kilobytes to move where it had megabytes.
 *
 * <p>Running memories are holders too: a memory restored from a checkpoint holds that checkpoint's
 * arrays, and so may the run that took it, or a copy replaying beside it. A memory changing a frame in
 * place therefore also gives every other running memory holding the array a plain copy of its own.
 *
 * <p>Directories are held weakly: a checkpoint the timeline dropped is forgotten. One thread (the
 * timeline's) uses an archive.
 */
public final class FrameArchive {

    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    private static final int LONGS_PER_PAGE = PhysicalMemory.LONGS_PER_PAGE;
    private static final int WORDS_PER_BLOCK = 16;
    /** Every block of a frame may hold non-zero words (what is known of a frame nobody tracked). */
    static final int ALL_BLOCKS = -1;

    /**
     * A registered checkpoint directory, its number (0, 1, 2... as registered) and the number of the
     * running memory whose frames it was copied from.
     */
    private static final class Held {
        final WeakReference<long[][][]> directory;
        final int number;
        final int owner;

        Held(long[][][] directory, int number, int owner) {
            this.directory = new WeakReference<>(directory);
            this.number = number;
            this.owner = owner;
        }
    }

    private final List<Held> directories = new ArrayList<>();
    private int registered;
    private int runningRegistered;
    private final List<WeakReference<long[][][]>> running = new ArrayList<>();
    private long savedBytes;
    /** Room for the pairs of a sparse saved copy: at most 255 words. */
    private final long[] pairs = new long[LONGS_PER_PAGE - 2];
    /** The exact non-zero blocks found by the last {@link #savedCopy}, or its input when it made a plain copy. */
    private int savedBlocks;

    /** A checkpoint's directory of frames ({@code directory[pfn / 1024][pfn % 1024]}), shared from now on. */
    void register(long[][][] directory, int owner) {
        directories.add(new Held(directory, registered++, owner));
    }

    /** The number the next directory registered gets. */
    int nextNumber() {
        return registered;
    }

    /**
     * The directory of a running memory that shares frames with the checkpoints (once per memory).
     *
     * @return a number for the memory, for {@link #register} and {@link #preserve}
     */
    int registerRunning(long[][][] directory) {
        for (WeakReference<long[][][]> held : running) {
            if (held.get() == directory) {
                return -1;
            }
        }
        running.add(new WeakReference<>(directory));
        return runningRegistered++;
    }

    /** Forgets a running memory's directory: that memory is not used again ({@link PhysicalMemory#retire}). */
    void unregisterRunning(long[][][] directory) {
        running.removeIf(held -> held.get() == null || held.get() == directory);
    }

    /**
     * Before {@code words}, the array of frame {@code pfn} in the running memory whose directory is
     * {@code writer}, is changed in place: every checkpoint directory that holds this very array gets a
     * saved copy of its contents now, and every other running memory holding it a copy of its own.
     *
     * @param blocks        the blocks of 16 words that may be non-zero (bit b for words 16b..16b+15), as
     *                      the writer tracks them; {@link #ALL_BLOCKS} when unknown
     * @param heldSince     when the writer knows it (a memory never restored), the number of the first
     *                      directory holding the array: every directory the writer registered since
     *                      holds it (its checkpoints since it stored or last saved the frame), so those
     *                      are not read; -1 when any directory may hold it, and each is looked at
     * @param writerNumber  the writer's number from {@link #registerRunning}
     * @return the blocks, exact when a saved copy was made (the writer may keep them), else as given
     */
    int preserve(int pfn, long[] words, long[][][] writer, int blocks, int heldSince, int writerNumber) {
        int chunkIndex = pfn >>> CHUNK_SHIFT;
        int slot = pfn & CHUNK_MASK;
        long[] saved = null;
        int known = blocks;
        for (int d = directories.size() - 1; d >= 0; d--) {
            Held held = directories.get(d);
            if (heldSince >= 0 && held.number < heldSince) {
                break; // older than the array: it holds an earlier one or a saved copy
            }
            long[][][] directory = held.directory.get();
            if (directory == null) {
                directories.remove(d);
            } else if (heldSince >= 0 && held.owner == writerNumber || holds(directory, chunkIndex, slot, words)) {
                if (saved == null) {
                    saved = savedCopy(words, blocks);
                    known = savedBlocks;
                    savedBytes += 16L + 8L * saved.length;
                }
                directory[chunkIndex][slot] = saved;
            }
        }
        long[] own = null;
        for (Iterator<WeakReference<long[][][]>> it = running.iterator(); it.hasNext();) {
            long[][][] directory = it.next().get();
            if (directory == null) {
                it.remove();
            } else if (directory != writer && holds(directory, chunkIndex, slot, words)) {
                if (own == null) {
                    own = words.clone(); // holders that get it keep their shared bit: they copy again before writing
                }
                directory[chunkIndex][slot] = own;
            }
        }
        return known;
    }

    private static boolean holds(long[][][] directory, int chunkIndex, int slot, long[] words) {
        long[][] chunk = chunkIndex < directory.length ? directory[chunkIndex] : null;
        return chunk != null && chunk[slot] == words;
    }

    /** Bytes of saved copies made since the last call (for the checkpoints' memory budget). */
    long takeSavedBytes() {
        long bytes = savedBytes;
        savedBytes = 0;
        return bytes;
    }

    /** Number of checkpoint directories held (some may have been dropped by their timeline and not noticed yet). */
    int directoryCount() {
        return directories.size();
    }

    /**
     * A copy of a frame's 512 words that never changes: when fewer than 256 words are non-zero, pairs
     * {@code index, value} (fewer than 512 longs, so never mistaken for a frame), else a plain copy.
     * Only the blocks of 16 words in {@code blocks} are read (the others are known to be zero), so a
     * page of a few words costs a few words. Sets {@link #savedBlocks}.
     */
    long[] savedCopy(long[] words, int blocks) {
        int at = 0;
        int exact = 0;
        for (int remaining = blocks; remaining != 0; remaining &= remaining - 1) {
            int block = Integer.numberOfTrailingZeros(remaining);
            int end = (block + 1) * WORDS_PER_BLOCK;
            for (int i = block * WORDS_PER_BLOCK; i < end; i++) {
                long word = words[i];
                if (word != 0) {
                    if (at == pairs.length) {
                        savedBlocks = blocks;
                        return words.clone();
                    }
                    pairs[at++] = i;
                    pairs[at++] = word;
                    exact |= 1 << block;
                }
            }
        }
        savedBlocks = exact;
        return Arrays.copyOf(pairs, at);
    }

    /** What {@link #savedCopy} last learnt (for tests). */
    int savedBlocksForTest() {
        return savedBlocks;
    }

    /** The blocks of 16 words of {@code words} holding a non-zero word (bit b for words 16b..16b+15). */
    static int nonZeroBlocks(long[] words) {
        int blocks = 0;
        for (int block = 0; block < LONGS_PER_PAGE / WORDS_PER_BLOCK; block++) {
            long any = 0;
            for (int i = block * WORDS_PER_BLOCK, end = i + WORDS_PER_BLOCK; i < end; i++) {
                any |= words[i];
            }
            if (any != 0) {
                blocks |= 1 << block;
            }
        }
        return blocks;
    }

    /** The blocks of 16 words a sparse saved copy has non-zero words in. */
    static int blocksOfPairs(long[] pairs) {
        int blocks = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            blocks |= 1 << (pairs[i] / WORDS_PER_BLOCK);
        }
        return blocks;
    }

    /** True when a directory entry is a frame array itself (not a sparse saved copy). */
    static boolean isFrame(long[] entry) {
        return entry.length == LONGS_PER_PAGE;
    }

    /** A new frame array with the contents of a sparse saved copy. */
    static long[] expand(long[] pairs) {
        long[] words = new long[LONGS_PER_PAGE];
        expandInto(pairs, words);
        return words;
    }

    /** Writes the words of a sparse saved copy into {@code words}, a zeroed frame array. */
    static void expandInto(long[] pairs, long[] words) {
        for (int i = 0; i < pairs.length; i += 2) {
            words[(int) pairs[i]] = pairs[i + 1];
        }
    }
}
