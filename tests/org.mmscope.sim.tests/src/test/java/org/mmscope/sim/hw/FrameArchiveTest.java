package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

class FrameArchiveTest {

    private static final int WORDS = PhysicalMemory.LONGS_PER_PAGE;

    @Test
    void nonZeroBlocksAreTheSixteenWordBlocksHoldingAWord() {
        long[] words = new long[WORDS];
        assertEquals(0, FrameArchive.nonZeroBlocks(words));
        words[0] = 1;
        words[17] = -1;
        words[511] = 5;
        assertEquals(1 | 1 << 1 | 1 << 31, FrameArchive.nonZeroBlocks(words));
        assertEquals(FrameArchive.nonZeroBlocks(words), FrameArchive.blocksOfPairs(new long[] { 0, 1, 17, -1, 511, 5 }));
    }

    @Test
    void aSavedCopyReadsOnlyTheBlocksItIsGivenAndLearnsTheExactOnes() {
        FrameArchive archive = new FrameArchive();
        long[] words = new long[WORDS];
        words[40] = 9; // block 2
        words[300] = 8; // block 18
        long[] saved = archive.savedCopy(words, FrameArchive.ALL_BLOCKS);
        assertArrayEquals(new long[] { 40, 9, 300, 8 }, saved);
        assertEquals(1 << 2 | 1 << 18, archive.savedBlocksForTest(), "all blocks read, the two non-zero ones learnt");

        long[] onlyBlockTwo = archive.savedCopy(words, 1 << 2 | 1 << 5);
        assertArrayEquals(new long[] { 40, 9 }, onlyBlockTwo, "the tracker's word: the other blocks are zero");
        assertEquals(1 << 2, archive.savedBlocksForTest());
    }

    @Test
    void aPageOfMoreThanHalfNonZeroWordsIsCopiedWhole() {
        FrameArchive archive = new FrameArchive();
        long[] words = new long[WORDS];
        for (int i = 0; i < 255; i++) {
            words[2 * i] = i + 1;
        }
        long[] sparse = archive.savedCopy(words, FrameArchive.ALL_BLOCKS);
        assertEquals(510, sparse.length, "255 pairs still fit below a frame's length");
        assertArrayEquals(words, FrameArchive.expand(sparse));
        words[511] = 1;
        long[] dense = archive.savedCopy(words, FrameArchive.ALL_BLOCKS);
        assertEquals(WORDS, dense.length);
        assertNotSame(words, dense);
        assertArrayEquals(words, dense);
    }
}
