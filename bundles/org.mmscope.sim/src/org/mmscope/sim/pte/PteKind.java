package org.mmscope.sim.pte;

/**
 * The format of an x64 PTE, as {@link Pte#classify(long)} reads it. Each kind names the NT structure
 * its layout follows.
 */
public enum PteKind {

    /** The PTE value 0: nothing committed; an access is an access violation. */
    ZERO("Zero"),
    /** Valid=1: the hardware format the MMU walks (NT: MMPTE_HARDWARE). */
    HARDWARE("Valid"),
    /** The page is still in memory on a page list (NT: MMPTE_TRANSITION). */
    TRANSITION("Transition"),
    /** The page is in a paging file (NT: MMPTE_SOFTWARE with a paging-file location). */
    PAGING_FILE("PageFile"),
    /** Committed, never touched: the first access gets a zeroed page (NT: MMPTE_SOFTWARE, no location). */
    DEMAND_ZERO("DemandZero"),
    /** Points at a prototype PTE of a section (NT: MMPTE_PROTOTYPE). */
    PROTOTYPE("Prototype"),
    /** A link in the chain of free system PTEs (NT: MMPTE_LIST). */
    LIST("List");

    private final String displayName;

    PteKind(String displayName) {
        this.displayName = displayName;
    }

    /** A short name for views, the first word of {@link Pte#describe(long)}: "Valid", "PageFile"... */
    public String displayName() {
        return displayName;
    }
}
