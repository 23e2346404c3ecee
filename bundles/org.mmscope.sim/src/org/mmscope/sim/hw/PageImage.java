package org.mmscope.sim.hw;

import java.io.IOException;
import java.util.Arrays;

/**
 * How a set of pages goes into a checkpoint: one long array, written in bulk. Most simulated pages
 * hold a few non-zero words (a pattern at the start, page-table entries), so a page is its key and
 * word count, then the index and value of each non-zero word; a page with many non-zero words is
 * written whole.
 */
final class PageImage {

    /** Receives the pages of a decoded image. */
    @FunctionalInterface
    interface PageSink {
        void page(long key, long[] words) throws IOException;
    }

    private static final int SPARSE_LIMIT = 128;
    private static final long DENSE = -1;

    private long[] packed = new long[1024];
    private int length;

    /** Adds the page {@code key} with its 512 words. */
    void add(long key, long[] words) {
        int nonZero = 0;
        for (long word : words) {
            if (word != 0) {
                nonZero++;
            }
        }
        boolean dense = nonZero > SPARSE_LIMIT;
        ensure(2 + (dense ? words.length : 2 * nonZero));
        packed[length++] = key;
        packed[length++] = dense ? DENSE : nonZero;
        if (dense) {
            System.arraycopy(words, 0, packed, length, words.length);
            length += words.length;
            return;
        }
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                packed[length++] = i;
                packed[length++] = words[i];
            }
        }
    }

    /** The image, for {@code ObjectOutputStream.writeObject}. */
    long[] toArray() {
        return Arrays.copyOf(packed, length);
    }

    /** Gives every page of an image to {@code sink}, in the order they were added. */
    static void decode(long[] image, PageSink sink) throws IOException {
        int at = 0;
        while (at < image.length) {
            if (at + 2 > image.length) {
                throw new IOException("a checkpointed page image is cut short");
            }
            long key = image[at++];
            long count = image[at++];
            long[] words = new long[PhysicalMemory.LONGS_PER_PAGE];
            if (count == DENSE) {
                if (at + words.length > image.length) {
                    throw new IOException("a checkpointed page image is cut short");
                }
                System.arraycopy(image, at, words, 0, words.length);
                at += words.length;
            } else {
                if (count < 0 || count > SPARSE_LIMIT || at + 2 * count > image.length) {
                    throw new IOException("a checkpointed page claims " + count + " words");
                }
                for (int n = 0; n < count; n++) {
                    long index = image[at++];
                    if (index < 0 || index >= words.length) {
                        throw new IOException("a checkpointed page has word index " + index);
                    }
                    words[(int) index] = image[at++];
                }
            }
            sink.page(key, words);
        }
    }

    private void ensure(int more) {
        if (length + more > packed.length) {
            packed = Arrays.copyOf(packed, Math.max(packed.length * 2, length + more));
        }
    }
}
