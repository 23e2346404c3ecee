package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.makeStandbyPage;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;

import java.util.List;

import org.junit.jupiter.api.Test;

/** checkLists() finds each kind of corruption it promises to find. */
class PfnCheckListsTest {

    private static void assertViolation(PfnDatabase db, String fragment) {
        List<String> violations = db.checkLists();
        assertFalse(violations.isEmpty(), "a violation was expected");
        assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)),
                "expected a violation containing '" + fragment + "' in " + violations);
    }

    @Test
    void aConsistentDatabaseHasNoViolation() {
        PfnDatabase db = new PfnDatabase(64, 8);
        makeStandbyPage(db, 3, 2, 1);
        PfnTestSupport.zeroOnePage(db);
        db.makeActive(db.removeAnyPage(5), pteAddressOf(2), 0, 0);
        assertEquals(List.of(), db.checkLists());
    }

    @Test
    void findsATotalThatDoesNotMatchTheLinkedPages() {
        PfnDatabase db = new PfnDatabase(8, 2);
        db.corruptTotalForTest(PageList.FREE, 1, 3);
        assertViolation(db, "FreePageList colour 1: total is 3 but 4 pages are linked");
        assertViolation(db, "FreePageList: the colour/priority totals add up to 7 but the list total is 8");
    }

    @Test
    void findsAnAsymmetricLink() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptLinksForTest(5, 6, 3);
        assertViolation(db, "PFN 0x5 has backward link 0x3 but follows 0x4");
    }

    @Test
    void findsACycle() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptLinksForTest(5, 2, 4);
        assertViolation(db, "PFN 0x2 is reached twice");
    }

    @Test
    void findsALinkOutsideTheDatabase() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptLinksForTest(5, 100, 4);
        assertViolation(db, "link 0x64 after PFN 0x5 is outside the database");
    }

    @Test
    void findsALocationThatDisagreesWithTheList() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptLocationForTest(2, PageList.ZEROED);
        assertViolation(db, "PFN 0x2 is linked here but its location is ZeroedPageList");
        assertViolation(db, "ZeroedPageList: 1 pages have this location but the counter says 0");
    }

    @Test
    void findsAPageWhoseLocationIsAListItIsNotLinkedOn() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int pfn = db.removeAnyPage(0);
        db.corruptLocationForTest(pfn, PageList.STANDBY);
        assertViolation(db, "PFN 0x0 says StandbyPageList but is not linked on it");
    }

    @Test
    void findsAPageOnTheWrongColourList() {
        PfnDatabase db = new PfnDatabase(8, 2);
        // Detach page 3 (colour 1) and splice it by hand at the tail of colour 0's list.
        db.unlinkFromList(3);
        db.corruptLocationForTest(3, PageList.FREE);
        db.corruptLinksForTest(6, 3, 4);
        db.corruptLinksForTest(3, -1, 6);
        assertViolation(db, "PFN 0x3 (colour 1, priority 5) is linked on the wrong colour or priority list");
    }

    @Test
    void findsAReferencedPageOnAList() {
        PfnDatabase db = new PfnDatabase(8, 1);
        db.corruptReferenceCountForTest(4, 2);
        assertViolation(db, "PFN 0x4 has reference count 2");
    }

    @Test
    void findsAnActivePageWithoutReferences() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int pfn = db.removeAnyPage(0);
        db.makeActive(pfn, pteAddressOf(1), 0, 0);
        db.corruptReferenceCountForTest(pfn, 0);
        assertViolation(db, "is ActiveAndValid with share count 1 and reference count 0");
    }

    @Test
    void capsTheNumberOfLines() {
        PfnDatabase db = new PfnDatabase(512, 1);
        for (int pfn = 0; pfn < 512; pfn++) {
            db.corruptReferenceCountForTest(pfn, 1);
        }
        List<String> violations = db.checkLists();
        assertEquals(101, violations.size());
        assertEquals("... and 412 more violations", violations.get(100));
    }
}
