package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.makeStandbyPage;
import static org.mmscope.sim.pfn.PfnTestSupport.originalPteOf;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** removeAnyPage and removeZeroedPage: the order of the lists, colour fallback, repurposing. */
class PfnRemovalTest {

    /** The repurpose calls seen, one string per call. */
    private final List<String> repurposed = new ArrayList<>();

    private PfnDatabase recording(PfnDatabase db) {
        db.setRepurposeHook((pfn, pteAddress, pteFrame, originalPte) -> {
            assertEquals(PageList.TRANSITION, db.location(pfn), "the page is off its list during the hook");
            assertEquals(pteAddress, db.pteAddress(pfn), "the PTE fields are still there during the hook");
            repurposed.add(String.format("%d %x %d %x", pfn, pteAddress, pteFrame, originalPte));
        });
        return db;
    }

    /** Empties every Free list by moving all of its pages to the Zeroed list, through the zero thread's path. */
    private static void zeroEverything(PfnDatabase db) {
        while (db.listTotal(PageList.FREE) > 0) {
            PfnTestSupport.zeroOnePage(db);
        }
    }

    @Test
    void removeAnyPageTakesFreeThenZeroedOfTheColour() {
        PfnDatabase db = new PfnDatabase(8, 2);
        // colour 0: pages 0,2,4,6. Zero 0 and 2 so colour 0 has Free 4,6 and Zeroed 0,2.
        db.insertInList(PageList.ZEROED, db.removeAnyPage(0));
        db.insertInList(PageList.ZEROED, db.removeAnyPage(0));
        assertEquals(4, db.removeAnyPage(0));
        assertEquals(PageList.FREE, db.lastRemovedFrom());
        assertTrue(db.lastRemovalNeedsZeroing());
        assertEquals(6, db.removeAnyPage(0));
        assertEquals(0, db.removeAnyPage(0), "the colour's Free list is empty: its Zeroed list");
        assertEquals(PageList.ZEROED, db.lastRemovedFrom());
        assertFalse(db.lastRemovalNeedsZeroing());
        assertEquals(2, db.removeAnyPage(0));
        assertConsistent(db);
    }

    @Test
    void removeAnyPageFallsBackToOtherColoursFreeBeforeZeroedAndWraps() {
        PfnDatabase db = new PfnDatabase(8, 4);
        // colours: 0 -> 0,4  1 -> 1,5  2 -> 2,6  3 -> 3,7
        db.insertInList(PageList.ZEROED, db.removeAnyPage(3)); // 3 zeroed
        db.insertInList(PageList.ZEROED, db.removeAnyPage(3)); // 7 zeroed
        db.removeAnyPage(2); // 2 taken
        db.removeAnyPage(2); // 6 taken
        db.removeAnyPage(0); // 0 taken
        // Now: colour 0 Free 4; colour 1 Free 1,5; colour 2 empty; colour 3 Zeroed 3,7.
        assertEquals(4, db.removeAnyPage(2), "colour 2 empty, colour 3 has no Free page: colour 0 (wrapping)");
        assertEquals(1, db.removeAnyPage(2), "then colour 1's Free pages");
        assertEquals(5, db.removeAnyPage(2));
        assertEquals(PageList.FREE, db.lastRemovedFrom());
        assertEquals(3, db.removeAnyPage(2), "no Free page anywhere: Zeroed from colour 3");
        assertEquals(PageList.ZEROED, db.lastRemovedFrom());
        assertEquals(7, db.removeAnyPage(0));
        assertEquals(PfnDatabase.NO_PAGE, db.removeAnyPage(1));
        assertNull(db.lastRemovedFrom());
        assertFalse(db.lastRemovalNeedsZeroing());
        assertConsistent(db);
    }

    @Test
    void removeAnyPageTakesStandbyLastLowestPriorityFirstOldestFirstAndRepurposesIt() {
        PfnDatabase db = recording(new PfnDatabase(6, 2));
        int p5 = makeStandbyPage(db, 0, 5, 10);
        int p1a = makeStandbyPage(db, 0, 1, 11);
        int p1b = makeStandbyPage(db, 1, 1, 12);
        int p7 = makeStandbyPage(db, 1, 7, 13);
        zeroEverything(db);
        db.removeAnyPage(0);
        db.removeAnyPage(0);
        assertEquals(0, db.listTotal(PageList.FREE) + db.listTotal(PageList.ZEROED));
        assertTrue(repurposed.isEmpty(), "nothing repurposed while Free or Zeroed pages remain");

        assertEquals(p1a, db.removeAnyPage(1));
        assertEquals(PageList.STANDBY, db.lastRemovedFrom());
        assertEquals(List.of(String.format("%d %x %d %x", p1a, pteAddressOf(11), 0, originalPteOf(11))), repurposed);
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(p1a), "PTE fields cleared after the hook");
        assertEquals(0, db.originalPte(p1a));
        assertEquals(PfnDatabase.NO_PTE_FRAME, db.pteFrame(p1a));
        assertEquals(PageList.TRANSITION, db.location(p1a));
        assertEquals(p1b, db.removeAnyPage(0));
        assertEquals(p5, db.removeAnyPage(0));
        assertEquals(p7, db.removeAnyPage(0));
        assertEquals(4, repurposed.size());
        assertEquals(PfnDatabase.NO_PAGE, db.removeAnyPage(0));
        assertEquals(4, repurposed.size());
        assertConsistent(db);
    }

    @Test
    void removeZeroedPagePrefersZeroedOfAnyColourThenFreeThenStandby() {
        PfnDatabase db = recording(new PfnDatabase(8, 2));
        int standby = makeStandbyPage(db, 0, 3, 1); // page 0
        db.insertInList(PageList.ZEROED, db.removeAnyPage(1)); // page 1 zeroed (colour 1)
        // colour 0: Free 2,4,6; colour 1: Zeroed 1, Free 3,5,7
        assertEquals(1, db.removeZeroedPage(0), "no zeroed page of colour 0: the zeroed page of colour 1");
        assertEquals(PageList.ZEROED, db.lastRemovedFrom());
        assertFalse(db.lastRemovalNeedsZeroing());
        assertEquals(2, db.removeZeroedPage(0), "no zeroed page at all: a Free page of the colour");
        assertEquals(PageList.FREE, db.lastRemovedFrom());
        assertTrue(db.lastRemovalNeedsZeroing(), "the caller must zero a Free page");
        assertEquals(4, db.removeZeroedPage(0));
        assertEquals(6, db.removeZeroedPage(0));
        assertEquals(3, db.removeZeroedPage(0), "then Free pages of the other colours");
        assertEquals(5, db.removeZeroedPage(1));
        assertEquals(7, db.removeZeroedPage(1));
        assertTrue(repurposed.isEmpty());
        assertEquals(standby, db.removeZeroedPage(1), "finally Standby, repurposed");
        assertEquals(PageList.STANDBY, db.lastRemovedFrom());
        assertTrue(db.lastRemovalNeedsZeroing());
        assertEquals(1, repurposed.size());
        assertEquals(PfnDatabase.NO_PAGE, db.removeZeroedPage(0));
        assertFalse(db.lastRemovalNeedsZeroing());
        assertConsistent(db);
    }

    @Test
    void aRemovedStandbyPageLosesItsPerUseFlagsButKeepsFrameFacts() {
        PfnDatabase db = new PfnDatabase(1, 1);
        int pfn = db.removeAnyPage(0);
        db.makeActive(pfn, pteAddressOf(1), 0, 0);
        db.setPrototypePte(pfn, true);
        db.setCacheAttribute(pfn, 3);
        db.decrementShareCount(pfn);
        assertEquals(PageList.STANDBY, db.location(pfn));
        assertTrue(db.isPrototypePte(pfn), "a Standby page still belongs to its prototype PTE");
        assertEquals(pfn, db.removeAnyPage(0));
        assertFalse(db.isPrototypePte(pfn));
        assertEquals(3, db.cacheAttribute(pfn));
        assertConsistent(db);
    }

    @Test
    void theDefaultHookDoesNothingAndRemovalStillWorks() {
        PfnDatabase db = new PfnDatabase(1, 1);
        int pfn = makeStandbyPage(db, 0, 0, 1);
        assertEquals(pfn, db.removeAnyPage(0));
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
    }

    @Test
    void availablePagesCountZeroedFreeAndStandbyOnly() {
        PfnDatabase db = new PfnDatabase(8, 1);
        makeStandbyPage(db, 0, 0, 1);
        PfnTestSupport.zeroOnePage(db);
        int dirty = db.removeAnyPage(0);
        db.makeActive(dirty, pteAddressOf(2), 0, 0);
        db.setModified(dirty, true);
        assertEquals(PageList.MODIFIED, db.decrementShareCount(dirty));
        db.makeActive(db.removeAnyPage(0), pteAddressOf(3), 0, 0);
        assertEquals(1, db.listTotal(PageList.STANDBY));
        assertEquals(1, db.listTotal(PageList.ZEROED));
        assertEquals(4, db.listTotal(PageList.FREE));
        assertEquals(6, db.availablePages());
        assertConsistent(db);
    }
}
