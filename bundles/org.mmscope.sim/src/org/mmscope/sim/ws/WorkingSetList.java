package org.mmscope.sim.ws;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The working-set list of one process (NT: MMWSL and its MMWSLE entries): the virtual pages that the
 * process has valid PTEs for, each with an age. A page's entry index is what the PFN entry records
 * as its working-set index, so removing the entry of a page is O(1).
 *
 * <p>Entries live in primitive arrays; free slots are chained (NT: FirstFree) so that indices stay
 * stable. Trimming walks the list like a clock hand from where the last trim stopped.
 */
public final class WorkingSetList implements Serializable {

    /** Largest age an entry can reach (NT keeps 3 bits of age). */
    public static final int MAX_AGE = 7;

    private static final long FREE = -1;
    private static final int END = -1;

    private long[] pages;
    private byte[] ages;
    private boolean[] locked;
    private int[] nextFree;
    private int firstFree = END;
    private int highest; // slots [0, highest) have been used at least once
    private int count;
    private int hand;
    private final int minimum;
    private final int maximum;
    private long peak;

    /**
     * @param minimum the working-set minimum in pages (NT: MinimumWorkingSetSize)
     * @param maximum the working-set maximum in pages (NT: MaximumWorkingSetSize); the list never holds more
     */
    public WorkingSetList(int minimum, int maximum) {
        if (minimum < 1 || maximum < minimum) {
            throw new IllegalArgumentException("working-set limits must satisfy 1 <= minimum <= maximum, not "
                    + minimum + ".." + maximum);
        }
        this.minimum = minimum;
        this.maximum = maximum;
        int initial = Math.min(maximum, 64);
        pages = new long[initial];
        ages = new byte[initial];
        locked = new boolean[initial];
        nextFree = new int[initial];
    }

    public int minimum() {
        return minimum;
    }

    public int maximum() {
        return maximum;
    }

    /** Pages in the working set. */
    public int count() {
        return count;
    }

    /** The largest count ever reached (NT: PeakWorkingSetSize). */
    public long peak() {
        return peak;
    }

    /** True when the list holds {@link #maximum()} pages. */
    public boolean isFull() {
        return count >= maximum;
    }

    /** Number of slot indices in use or free below the high-water mark: iterate 0 .. slotLimit()-1. */
    public int slotLimit() {
        return highest;
    }

    /** True if slot {@code index} holds a page. */
    public boolean isValid(int index) {
        return index >= 0 && index < highest && pages[index] != FREE;
    }

    /** The page-aligned virtual address in slot {@code index}. */
    public long page(int index) {
        requireValid(index);
        return pages[index];
    }

    /** Age of slot {@code index}: 0 = used since the last aging pass. */
    public int age(int index) {
        requireValid(index);
        return ages[index];
    }

    public boolean isLocked(int index) {
        requireValid(index);
        return locked[index];
    }

    /**
     * Adds a page with age 0 and returns its slot index (NT: MiAddValidPageToWorkingSet / MiUpdateWsle).
     * Precondition: the list is not full (the caller trims first) and the address is page aligned.
     */
    public int insert(long pageVa, boolean lockedInMemory) {
        if ((pageVa & 0xFFF) != 0) {
            throw new IllegalArgumentException(String.format("working-set entries are page aligned: 0x%x", pageVa));
        }
        if (isFull()) {
            throw new IllegalStateException("working set is at its maximum of " + maximum + " pages: trim first");
        }
        int index;
        if (firstFree != END) {
            index = firstFree;
            firstFree = nextFree[index];
        } else {
            if (highest == pages.length) {
                grow();
            }
            index = highest++;
        }
        pages[index] = pageVa;
        ages[index] = 0;
        locked[index] = lockedInMemory;
        nextFree[index] = END;
        count++;
        peak = Math.max(peak, count);
        return index;
    }

    /** Removes slot {@code index} (NT: MiRemoveWsle). Precondition: the slot holds a page. */
    public void remove(int index) {
        requireValid(index);
        pages[index] = FREE;
        ages[index] = 0;
        locked[index] = false;
        nextFree[index] = firstFree;
        firstFree = index;
        count--;
    }

    /** Sets the age of a slot: 0 when the page was accessed, else one more, up to {@link #MAX_AGE}. */
    public void setAge(int index, int age) {
        requireValid(index);
        if (age < 0 || age > MAX_AGE) {
            throw new IllegalArgumentException("age must be 0.." + MAX_AGE + ", not " + age);
        }
        ages[index] = (byte) age;
    }

    /**
     * The next unlocked slot, from the clock hand on, whose age is at least {@code minimumAge}, or -1
     * if none; moves the hand past it (NT: the trimming scan of MiTrimWorkingSet).
     */
    public int nextVictim(int minimumAge) {
        if (highest == 0) {
            return -1;
        }
        for (int scanned = 0; scanned < highest; scanned++) {
            int index = hand;
            hand = (hand + 1) % highest;
            if (pages[index] != FREE && !locked[index] && ages[index] >= minimumAge) {
                return index;
            }
        }
        return -1;
    }

    /** Slot index of the page at {@code pageVa}, or -1 (a linear scan: for checks, not hot paths). */
    public int find(long pageVa) {
        for (int i = 0; i < highest; i++) {
            if (pages[i] == pageVa) {
                return i;
            }
        }
        return -1;
    }

    private void grow() {
        int size = (int) Math.min((long) maximum, Math.max(16L, pages.length * 2L));
        pages = Arrays.copyOf(pages, size);
        ages = Arrays.copyOf(ages, size);
        locked = Arrays.copyOf(locked, size);
        nextFree = Arrays.copyOf(nextFree, size);
    }

    private void requireValid(int index) {
        if (!isValid(index)) {
            throw new IllegalArgumentException("working-set slot " + index + " holds no page");
        }
    }
}
