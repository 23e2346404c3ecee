package org.mmscope.ui.views.pfn;

import java.util.function.Predicate;

import org.mmscope.model.PfnEntry;

/** The MMPFN flag bits (NT: u3.e1), each with the letter the inspector's Flags column shows. */
public enum PfnFlag {
    MODIFIED('M', "Modified", PfnEntry::isModified),
    READ_IN_PROGRESS('R', "ReadInProgress", PfnEntry::isReadInProgress),
    WRITE_IN_PROGRESS('W', "WriteInProgress", PfnEntry::isWriteInProgress),
    PROTOTYPE_PTE('P', "PrototypePte", PfnEntry::isPrototypePte),
    IN_PAGE_ERROR('E', "InPageError", PfnEntry::isInPageError),
    REMOVAL_REQUESTED('X', "RemovalRequested", PfnEntry::isRemovalRequested),
    PARITY_ERROR('Y', "ParityError", PfnEntry::isParityError),
    START_OF_ALLOCATION('S', "StartOfAllocation", PfnEntry::isStartOfAllocation),
    END_OF_ALLOCATION('N', "EndOfAllocation", PfnEntry::isEndOfAllocation);

    private final char letter;
    private final String ntName;
    private final Predicate<PfnEntry> test;

    PfnFlag(char letter, String ntName, Predicate<PfnEntry> test) {
        this.letter = letter;
        this.ntName = ntName;
        this.test = test;
    }

    public char letter() {
        return letter;
    }

    /** The field name in NT's MMPFN. */
    public String ntName() {
        return ntName;
    }

    public boolean isSet(PfnEntry entry) {
        return test.test(entry);
    }

    /** The letters of the flags set on {@code entry}, in declaration order, e.g. {@code "MP"}. */
    public static String letters(PfnEntry entry) {
        StringBuilder text = new StringBuilder(4);
        for (PfnFlag flag : values()) {
            if (flag.isSet(entry)) {
                text.append(flag.letter);
            }
        }
        return text.toString();
    }

    /** The flags set on {@code entry} as a bit mask of ordinals (for sorting and filtering). */
    public static int mask(PfnEntry entry) {
        int mask = 0;
        for (PfnFlag flag : values()) {
            if (flag.isSet(entry)) {
                mask |= 1 << flag.ordinal();
            }
        }
        return mask;
    }
}
