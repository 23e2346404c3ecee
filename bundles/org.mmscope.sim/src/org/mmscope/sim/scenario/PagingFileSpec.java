package org.mmscope.sim.scenario;

/**
 * One paging file.
 *
 * @param number    0 for machine's pagefile=, then 1, 2... for pagefile statements in order
 * @param sizeBytes its size, a multiple of 4K
 */
public record PagingFileSpec(int number, long sizeBytes) {
}
