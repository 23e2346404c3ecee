package org.mmscope.model.sync;

/**
 * What one {@link ModelPopulator#populate()} did.
 *
 * @param full        true for the first, full population
 * @param changedPfns PFN entries copied (all of them on a full population)
 * @param nanos       time it took
 */
public record SyncReport(boolean full, int changedPfns, long nanos) {

    @Override
    public String toString() {
        return String.format("%s population: %d PFN entries copied in %.1f ms", full ? "full" : "incremental",
                changedPfns, nanos / 1e6);
    }
}
