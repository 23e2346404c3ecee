package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.assertPfnListCorrupt;
import static org.mmscope.sim.pfn.PfnTestSupport.walk;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/** removeFreePageForZeroing: the zero page thread's removal (mm-behaviour.md 4.2 and 4.7). */
class ZeroPageThreadRemovalTest {

    @Test
    void takesTheFreeListHeadOfARotatingColour() {
        PfnDatabase db = new PfnDatabase(12, 4);
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int colour = db.zeroingColour();
            int expected = db.firstPage(PageList.FREE, colour);
            int pfn = db.removeFreePageForZeroing();
            assertEquals(expected, pfn);
            assertEquals(colour, db.colour(pfn));
            assertEquals(PageList.FREE, db.lastRemovedFrom());
            assertTrue(db.lastRemovalNeedsZeroing());
            assertEquals((colour + 1) % 4, db.zeroingColour());
            taken.add(pfn);
            assertConsistent(db);
            db.insertInList(PageList.ZEROED, pfn);
            assertConsistent(db);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), taken);
        assertEquals(List.of(0, 4), walk(db, PageList.ZEROED, 0));
        assertEquals(2, db.colourTotal(PageList.ZEROED, 1));
        assertEquals(6, db.listTotal(PageList.ZEROED));
        assertEquals(6, db.listTotal(PageList.FREE));
        assertEquals(12, db.availablePages());
    }

    @Test
    void skipsEmptyColoursAndReturnsNoPageWhenTheFreeListIsEmpty() {
        PfnDatabase db = new PfnDatabase(4, 4);
        db.unlinkFromList(1);
        db.unlinkFromList(2);
        assertEquals(0, db.removeFreePageForZeroing());
        assertEquals(3, db.removeFreePageForZeroing(), "colours 1 and 2 are empty");
        assertEquals(0, db.zeroingColour());
        db.insertInList(PageList.ZEROED, 0);
        assertEquals(PfnDatabase.NO_PAGE, db.removeFreePageForZeroing(), "a Zeroed page is not zeroed again");
        assertEquals(null, db.lastRemovedFrom());
        assertEquals(1, db.listTotal(PageList.ZEROED));
        assertConsistent(db);
    }

    @Test
    void neverRepurposesStandbyPages() {
        PfnDatabase db = new PfnDatabase(1, 1);
        List<Integer> repurposed = new ArrayList<>();
        db.setRepurposeHook((pfn, a, f, o) -> repurposed.add(pfn));
        PfnTestSupport.makeStandbyPage(db, 0, 0, 1);
        assertEquals(PfnDatabase.NO_PAGE, db.removeFreePageForZeroing());
        assertEquals(List.of(), repurposed);
        assertEquals(1, db.listTotal(PageList.STANDBY));
    }

    @Test
    void aHeadTheRemovalDoesNotYieldIsBugCheck0x8F() {
        PfnDatabase db = new PfnDatabase(8, 4);
        // Colour 0's Free list holds 0 and 4, but its total says it is empty: the removal, which
        // trusts the totals, takes another colour's page while the thread expected PFN 0.
        db.corruptTotalForTest(PageList.FREE, 0, 0);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_ZERO_PAGE_NOT_HEAD,
                db::removeFreePageForZeroing);
        assertEquals(1, e.parameter(2), "removed: the head of colour 1");
        assertEquals(0, e.parameter(3), "expected: the head of colour 0");
        assertEquals(0, e.parameter(4), "the colour scanned");
    }

    @Test
    void aHeadThatIsAZeroedPageIsBugCheck0x8F() {
        PfnDatabase db = new PfnDatabase(4, 1);
        PfnTestSupport.zeroOnePage(db); // page 0 zeroed; Free is 1,2,3
        db.unlinkFromList(1);
        db.unlinkFromList(2);
        db.unlinkFromList(3);
        // Free is empty but its head still names page 3: the removal finds Free empty and takes
        // the Zeroed page 0 instead.
        db.corruptFirstForTest(PageList.FREE, 0, 3);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_ZERO_PAGE_NOT_HEAD,
                db::removeFreePageForZeroing);
        assertEquals(0, e.parameter(2));
        assertEquals(3, e.parameter(3));
    }

    @Test
    void aHeadWithAPredecessorIsALinkBugCheck() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptFirstForTest(PageList.FREE, 0, 3); // 3 has predecessor 2
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK,
                db::removeFreePageForZeroing);
        assertEquals(3, e.parameter(2));
    }

    @Test
    void aTotalWithoutAHeadIsALinkBugCheck() {
        PfnDatabase db = new PfnDatabase(2, 2);
        db.unlinkFromList(0);
        db.unlinkFromList(1);
        db.corruptTotalForTest(PageList.FREE, 1, 1);
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db.removeAnyPage(1));
    }
}
