package org.mmscope.sim.hw;

/** Test access to {@link FrameArchive}'s package-private encoding. */
public final class FrameArchiveAccess {

    private FrameArchiveAccess() {
    }

    /** A saved copy made knowing exactly which blocks are non-zero. */
    public static long[] savedCopy(long[] words) {
        return new FrameArchive().savedCopy(words, FrameArchive.nonZeroBlocks(words));
    }

    public static long[] expand(long[] pairs) {
        return FrameArchive.expand(pairs);
    }
}
