package org.mmscope.sim.pfn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The pages on each list and in each state over simulated time: a bounded record of samples taken
 * every {@link #interval()} steps, covering the whole run however long it is. When the record is
 * full, every other sample is dropped and the interval doubles, so a run of any length keeps between
 * half and all of {@link #capacity()} samples, evenly spaced from step 0 to the last sample.
 *
 * <p>Taking a sample copies the {@linkplain PfnDatabase#locationCounts per-location counters} (8
 * ints); the other steps cost one comparison. Nothing but the step count decides when a sample is
 * taken, so the same run records the same samples, and the record is part of the simulation's
 * state (Serializable, in checkpoints): stepping back restores it as it was at that step.
 */
public final class PageListHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The samples kept by default. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Counters per sample: one per {@link PageList} code. */
    public static final int LISTS = PageList.values().length;

    private final int capacity;
    private final long[] steps;
    private final long[] times;
    private final int[] pages;
    private int size;
    private long interval = 1;
    private long nextStep;
    /** Scratch for one sample's counters. */
    private final int[] counters = new int[LISTS];

    /** A record of {@link #DEFAULT_CAPACITY} samples. */
    public PageListHistory() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity samples kept at most: an even number, at least 2 */
    public PageListHistory(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("the capacity must be an even number of at least 2, not " + capacity);
        }
        this.capacity = capacity;
        this.steps = new long[capacity];
        this.times = new long[capacity];
        this.pages = new int[capacity * LISTS];
    }

    /**
     * Called after each step: takes a sample when {@code step} is the next one due.
     *
     * @param step the number of steps made so far (0 for the state before the first step)
     * @param time the simulated time in nanoseconds
     */
    public void afterStep(long step, long time, PfnDatabase database) {
        if (step < nextStep) {
            return;
        }
        if (size == capacity) {
            halve();
            if (step < nextStep) {
                return;
            }
        }
        steps[size] = step;
        times[size] = time;
        database.locationCounts(counters);
        System.arraycopy(counters, 0, pages, size * LISTS, LISTS);
        size++;
        nextStep = step - step % interval + interval;
    }

    /** Keeps the samples at even multiples of the interval and doubles it. */
    private void halve() {
        long doubled = interval * 2;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (steps[i] % doubled == 0) {
                steps[kept] = steps[i];
                times[kept] = times[i];
                System.arraycopy(pages, i * LISTS, pages, kept * LISTS, LISTS);
                kept++;
            }
        }
        Arrays.fill(pages, kept * LISTS, size * LISTS, 0);
        size = kept;
        interval = doubled;
        nextStep = size == 0 ? 0 : steps[size - 1] + interval;
    }

    /** The samples kept. */
    public int size() {
        return size;
    }

    /** The samples kept at most. */
    public int capacity() {
        return capacity;
    }

    /** Steps between two samples now. */
    public long interval() {
        return interval;
    }

    /** The step of sample {@code i} (0 = oldest). */
    public long step(int i) {
        return steps[check(i)];
    }

    /** The simulated time in nanoseconds of sample {@code i}. */
    public long time(int i) {
        return times[check(i)];
    }

    /** The pages on {@code list} (or in that state) at sample {@code i}. */
    public int pages(int i, PageList list) {
        return pages[check(i) * LISTS + list.code()];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + size);
        }
        return i;
    }
}
