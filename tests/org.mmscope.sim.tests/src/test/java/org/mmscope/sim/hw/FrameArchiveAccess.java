package org.mmscope.sim.hw;

/** Test access to {@link FrameArchive}'s package-private encoding. */
public final class FrameArchiveAccess {

    private FrameArchiveAccess() {
    }

    public static long[] savedCopy(long[] words) {
        return FrameArchive.savedCopy(words);
    }

    public static long[] expand(long[] pairs) {
        return FrameArchive.expand(pairs);
    }
}
