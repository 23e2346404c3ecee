package org.mmscope.sim.pfn;

import java.io.Serializable;

/**
 * Installed by the memory manager with {@link PfnDatabase#setRepurposeHook(RepurposeHook)}: called
 * when the database is about to give a page that still holds a PTE identity to a new owner, so that
 * the PTE that still points at the page (a transition PTE) is rewritten into its original,
 * non-resident form: typically a paging-file PTE, a demand-zero PTE or a prototype-PTE pointer
 * (NT: MiRestoreTransitionPte, called while repurposing a Standby page in MiRemoveAnyPage and while
 * discarding a page in MiDecrementReferenceCount).
 *
 * <p>The database calls it in three cases: a Standby page taken by {@link PfnDatabase#removeAnyPage(int)}
 * or {@link PfnDatabase#removeZeroedPage(int)}; a clean page released by its last reference while it
 * has an in-page error (its contents are not trustworthy) or while RemovalRequested or ParityError is
 * set (it goes to the Bad list). At the call, the page is already off its list (location Transition,
 * reference count 0) and its PTE fields still hold the values passed; right after the call the
 * database clears them. The hook must not change the page's list state.
 */
@FunctionalInterface
public interface RepurposeHook extends Serializable {

    /** A hook that does nothing: the default of a database that no memory manager drives. */
    RepurposeHook NONE = (pfn, pteAddress, pteFrame, originalPte) -> {
    };

    /**
     * Rewrite the PTE at {@code pteAddress} (held in page-table page {@code pteFrame}) from a transition
     * PTE naming {@code pfn} into {@code originalPte}.
     *
     * @param pfn         the page being repurposed or discarded
     * @param pteAddress  the virtual address of its PTE or prototype PTE (NT: PteAddress)
     * @param pteFrame    the PFN of the page holding that PTE (NT: u4.PteFrame)
     * @param originalPte what the PTE must become (NT: OriginalPte)
     */
    void repurpose(int pfn, long pteAddress, int pteFrame, long originalPte);
}
