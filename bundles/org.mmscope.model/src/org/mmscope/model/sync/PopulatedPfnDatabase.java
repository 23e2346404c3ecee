package org.mmscope.model.sync;

import org.mmscope.model.impl.PfnDatabaseImpl;

/**
 * The PFN database of a populated machine: the generated {@link PfnDatabaseImpl} whose
 * {@code entries} are a {@link PopulatedPfnEntryList}, made on demand from the stored words.
 */
public final class PopulatedPfnDatabase extends PfnDatabaseImpl {

    PopulatedPfnDatabase(PfnColumns columns) {
        entries = new PopulatedPfnEntryList(this, columns);
    }

    /** The entries (the same list as {@link #getEntries()}). */
    public PopulatedPfnEntryList populatedEntries() {
        return (PopulatedPfnEntryList) entries;
    }
}
