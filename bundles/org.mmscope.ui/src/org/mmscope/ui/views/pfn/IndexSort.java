package org.mmscope.ui.views.pfn;

/** A stable merge sort of an index array by a parallel array of primitive keys (no boxing). */
final class IndexSort {

    private IndexSort() {
    }

    /** Sorts {@code rows} and {@code keys} together by ascending key; equal keys keep their order. */
    static void sort(int[] rows, long[] keys) {
        int n = rows.length;
        int[] rowBuffer = new int[n];
        long[] keyBuffer = new long[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                if (keys[mid - 1] <= keys[mid]) {
                    continue;
                }
                merge(rows, keys, rowBuffer, keyBuffer, lo, mid, hi);
            }
        }
    }

    private static void merge(int[] rows, long[] keys, int[] rowBuffer, long[] keyBuffer, int lo, int mid, int hi) {
        System.arraycopy(rows, lo, rowBuffer, lo, hi - lo);
        System.arraycopy(keys, lo, keyBuffer, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (i < mid && (j >= hi || keyBuffer[i] <= keyBuffer[j])) {
                rows[k] = rowBuffer[i];
                keys[k] = keyBuffer[i++];
            } else {
                rows[k] = rowBuffer[j];
                keys[k] = keyBuffer[j++];
            }
        }
    }
}
