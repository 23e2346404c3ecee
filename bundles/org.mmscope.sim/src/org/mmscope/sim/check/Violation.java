package org.mmscope.sim.check;

/**
 * One broken invariant of mm-behaviour.md section 6.
 *
 * @param rule    which invariant (e.g. "share-count", "working-set", "stale-tlb")
 * @param pfn     the page concerned, or -1
 * @param message where, what was expected and what was found
 */
public record Violation(String rule, long pfn, String message) {

    @Override
    public String toString() {
        return rule + (pfn >= 0 ? String.format(" PFN 0x%x", pfn) : "") + ": " + message;
    }
}
