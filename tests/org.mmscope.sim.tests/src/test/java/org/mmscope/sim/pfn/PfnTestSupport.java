package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.function.Executable;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/** Helpers shared by the PFN database tests. */
final class PfnTestSupport {

    /** A PTE address in the self-map region, 8-byte aligned, distinct per index. */
    static long pteAddressOf(int index) {
        return 0xFFFFF680_00000000L + 8L * index;
    }

    /** An original PTE value (a made-up software PTE), distinct per index. */
    static long originalPteOf(int index) {
        return 0x0000_0001_0000_0080L | ((long) index << 32);
    }

    private PfnTestSupport() {
    }

    /** Asserts the code throws a bugcheck with this code and parameter 1, and returns it. */
    static BugCheckException assertBugCheck(int code, long parameter1, Executable executable) {
        BugCheckException e = assertThrows(BugCheckException.class, executable);
        assertEquals(BugCheckCode.name(code), BugCheckCode.name(e.code()), e.getMessage());
        assertEquals(parameter1, e.parameter(1), e.getMessage());
        return e;
    }

    /** Asserts PFN_LIST_CORRUPT with parameter 1 and returns it. */
    static BugCheckException assertPfnListCorrupt(long parameter1, Executable executable) {
        return assertBugCheck(BugCheckCode.PFN_LIST_CORRUPT, parameter1, executable);
    }

    /** Asserts MEMORY_MANAGEMENT with a {@link PfnBugChecks} subcode and returns it. */
    static BugCheckException assertMemoryManagement(long subcode, Executable executable) {
        return assertBugCheck(BugCheckCode.MEMORY_MANAGEMENT, subcode, executable);
    }

    /** Asserts checkLists() finds nothing and the location counters add up. */
    static void assertConsistent(PfnDatabase db) {
        assertEquals(List.of(), db.checkLists());
        int sum = 0;
        for (PageList list : PageList.values()) {
            sum += db.locationCount(list);
        }
        assertEquals(db.pageCount(), sum, "pages over all locations");
        assertEquals(db.locationCount(PageList.ZEROED) + db.locationCount(PageList.FREE)
                + db.locationCount(PageList.STANDBY), db.availablePages(), "available pages");
    }

    /** The pages of one physical list, walked from its head with nextPage. */
    static List<Integer> walk(PfnDatabase db, PageList list, int colourOrPriority) {
        List<Integer> pages = new ArrayList<>();
        for (int pfn = db.firstPage(list, colourOrPriority); pfn != PfnDatabase.NO_PAGE; pfn = db.nextPage(pfn)) {
            pages.add(pfn);
        }
        return pages;
    }

    /**
     * Takes a page of a colour, makes it active with a PTE, and drops its mapping so that it lands on
     * Standby (clean) at the given priority; returns the PFN.
     */
    static int makeStandbyPage(PfnDatabase db, int colour, int priority, int pteIndex) {
        int pfn = db.removeAnyPage(colour);
        db.makeActive(pfn, pteAddressOf(pteIndex), 0, originalPteOf(pteIndex));
        db.setPriority(pfn, priority);
        assertEquals(PageList.STANDBY, db.decrementShareCount(pfn));
        return pfn;
    }

    /** Moves a Free page through the zero page thread's path to the Zeroed list; returns the PFN. */
    static int zeroOnePage(PfnDatabase db) {
        int pfn = db.removeFreePageForZeroing();
        assertEquals(PageList.ZEROED, db.insertInList(PageList.ZEROED, pfn));
        return pfn;
    }
}
