package org.mmscope.sim.pfn;

/**
 * Where a physical page is: one of the six page lists or one of the two states a page is in while it
 * is not on a list (NT: MMLISTS). The order and the {@link #code() codes} are NT's and are stable: the
 * code is what the PFN entry's PageLocation bits hold and what events record.
 *
 * <p>Zeroed, Free, Standby, Modified, ModifiedNoWrite and Bad are doubly linked lists with a head and
 * a total; ActiveAndValid (mapped by at least one valid PTE) and Transition (referenced but not
 * mapped, e.g. under I/O, or just taken off a list by its owner) are states without a list.
 */
public enum PageList {

    /** Free pages whose contents are zero (NT: ZeroedPageList). */
    ZEROED(0, "ZeroedPageList"),
    /** Free pages with stale contents (NT: FreePageList). */
    FREE(1, "FreePageList"),
    /** Clean pages that still hold data a transition PTE can fault back (NT: StandbyPageList). */
    STANDBY(2, "StandbyPageList"),
    /** Dirty pages waiting for the modified page writer (NT: ModifiedPageList). */
    MODIFIED(3, "ModifiedPageList"),
    /** Dirty pages that must not be written yet (NT: ModifiedNoWritePageList). */
    MODIFIED_NO_WRITE(4, "ModifiedNoWritePageList"),
    /** Pages taken out of use: parity errors, removal requested (NT: BadPageList). */
    BAD(5, "BadPageList"),
    /** Mapped by at least one valid PTE (NT: ActiveAndValid). */
    ACTIVE_AND_VALID(6, "ActiveAndValid"),
    /** Referenced but not mapped and on no list (NT: TransitionPage). */
    TRANSITION(7, "TransitionPage");

    /** Number of {@link #isLinked() linked} lists: they are the codes 0 to {@code LINKED_COUNT - 1}. */
    public static final int LINKED_COUNT = 6;

    private static final PageList[] BY_CODE = values();

    private final int code;
    private final String ntName;

    PageList(int code, String ntName) {
        this.code = code;
        this.ntName = ntName;
    }

    /** The NT MMLISTS value, also the PFN entry's PageLocation. */
    public int code() {
        return code;
    }

    /** The NT name, e.g. {@code "StandbyPageList"}. */
    public String ntName() {
        return ntName;
    }

    /** True for the six doubly linked lists, false for the states ActiveAndValid and Transition. */
    public boolean isLinked() {
        return code < LINKED_COUNT;
    }

    /** True for the lists counted as available memory: Zeroed, Free and Standby. */
    public boolean isAvailable() {
        return code <= STANDBY.code;
    }

    /** The list with an MMLISTS code; allocation-free. */
    public static PageList fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("page list codes are 0.." + (BY_CODE.length - 1) + ", not " + code);
        }
        return BY_CODE[code];
    }
}
