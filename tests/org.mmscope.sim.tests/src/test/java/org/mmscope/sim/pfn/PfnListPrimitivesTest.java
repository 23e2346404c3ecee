package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.assertMemoryManagement;
import static org.mmscope.sim.pfn.PfnTestSupport.assertPfnListCorrupt;
import static org.mmscope.sim.pfn.PfnTestSupport.makeStandbyPage;
import static org.mmscope.sim.pfn.PfnTestSupport.originalPteOf;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;
import static org.mmscope.sim.pfn.PfnTestSupport.walk;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/** insertInList, insertStandbyAtFront and unlinkFromList: normal behaviour and refusals. */
class PfnListPrimitivesTest {

    /** A detached page with a PTE identity: active, then unlinked from Standby. */
    private static int detachedWithPte(PfnDatabase db, int index) {
        int pfn = makeStandbyPage(db, 0, 2, index);
        db.unlinkFromList(pfn);
        return pfn;
    }

    @Test
    void removedPagesAreDetached() {
        PfnDatabase db = new PfnDatabase(8, 2);
        int pfn = db.removeAnyPage(1);
        assertEquals(1, pfn);
        assertEquals(PageList.TRANSITION, db.location(pfn));
        assertEquals(0, db.referenceCount(pfn));
        assertEquals(0, db.shareCount(pfn));
        assertEquals(0, db.eventId(pfn));
        assertEquals(1, db.locationCount(PageList.TRANSITION));
        assertEquals(7, db.availablePages());
        assertConsistent(db);
    }

    @Test
    void freeAndZeroedPagesGoToTheirColourListAtTheTailAndLoseTheirIdentity() {
        PfnDatabase db = new PfnDatabase(8, 2);
        int pfn = detachedWithPte(db, 5);
        db.setStartOfAllocation(pfn, true);
        db.setPrototypePte(pfn, true);
        db.setCacheAttribute(pfn, 1);
        int colour = db.colour(pfn);
        assertEquals(PageList.FREE, db.insertInList(PageList.FREE, pfn));
        assertEquals(pfn, db.lastPage(PageList.FREE, colour));
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
        assertEquals(0, db.originalPte(pfn));
        assertEquals(PfnDatabase.NO_PTE_FRAME, db.pteFrame(pfn));
        assertFalse(db.isStartOfAllocation(pfn));
        assertFalse(db.isPrototypePte(pfn));
        assertEquals(1, db.cacheAttribute(pfn), "the cache attribute is not a per-use flag");

        int other = db.removeAnyPage(0);
        assertEquals(PageList.ZEROED, db.insertInList(PageList.ZEROED, other));
        assertEquals(List.of(other), walk(db, PageList.ZEROED, db.colour(other)));
        assertEquals(1, db.colourTotal(PageList.ZEROED, db.colour(other)));
        assertConsistent(db);
    }

    @Test
    void standbyAndModifiedKeepThePteIdentity() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int clean = detachedWithPte(db, 1);
        db.setPriority(clean, 4);
        assertEquals(PageList.STANDBY, db.insertInList(PageList.STANDBY, clean));
        assertEquals(List.of(clean), walk(db, PageList.STANDBY, 4));
        assertEquals(pteAddressOf(1), db.pteAddress(clean));
        assertEquals(originalPteOf(1), db.originalPte(clean));

        int dirty = detachedWithPte(db, 2);
        db.setModified(dirty, true);
        assertEquals(PageList.MODIFIED, db.insertInList(PageList.MODIFIED, dirty));
        assertEquals(pteAddressOf(2), db.pteAddress(dirty));
        assertTrue(db.isModified(dirty));

        int noWrite = detachedWithPte(db, 3);
        db.setModified(noWrite, true);
        assertEquals(PageList.MODIFIED_NO_WRITE, db.insertInList(PageList.MODIFIED_NO_WRITE, noWrite));
        assertEquals(1, db.listTotal(PageList.MODIFIED_NO_WRITE));
        assertEquals(noWrite, db.firstPage(PageList.MODIFIED_NO_WRITE, 0));

        int bad = detachedWithPte(db, 4);
        assertEquals(PageList.BAD, db.insertInList(PageList.BAD, bad));
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(bad));
        assertEquals(4, db.listTotal(PageList.FREE));
        assertEquals(1, db.listTotal(PageList.STANDBY));
        assertEquals(1, db.listTotal(PageList.MODIFIED));
        assertEquals(1, db.listTotal(PageList.MODIFIED_NO_WRITE));
        assertEquals(1, db.listTotal(PageList.BAD));
        assertEquals(5, db.availablePages());
        assertConsistent(db);
    }

    @Test
    void aPageWithRemovalRequestedOrParityErrorGoesBadInsteadOfFree() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int removal = db.removeAnyPage(0);
        db.setRemovalRequested(removal, true);
        assertEquals(PageList.BAD, db.insertInList(PageList.FREE, removal));
        assertEquals(PageList.BAD, db.location(removal));
        assertTrue(db.isRemovalRequested(removal), "the frame keeps the request");
        int parity = db.removeAnyPage(0);
        db.setParityError(parity, true);
        assertEquals(PageList.BAD, db.insertInList(PageList.ZEROED, parity));
        assertEquals(List.of(removal, parity), walk(db, PageList.BAD, 0));
        assertEquals(6, db.availablePages());
        assertConsistent(db);
    }

    @Test
    void insertStandbyAtFrontPutsThePageWhereRepurposingStarts() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int first = makeStandbyPage(db, 0, 0, 1);
        int second = makeStandbyPage(db, 0, 0, 2);
        int front = detachedWithPte(db, 3);
        db.setPriority(front, 0);
        assertEquals(PageList.STANDBY, db.insertStandbyAtFront(front));
        assertEquals(List.of(front, first, second), walk(db, PageList.STANDBY, 0));
        assertEquals(second, db.lastPage(PageList.STANDBY, 0));
        assertConsistent(db);
    }

    @Test
    void insertionRefusesAPageAlreadyOnAList() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int free = db.firstPage(PageList.FREE, 0);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK,
                () -> db.insertInList(PageList.ZEROED, free));
        assertEquals(free, e.parameter(2));
        assertEquals(PageList.FREE.code(), e.parameter(3));
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db.insertStandbyAtFront(free));
        assertConsistent(db);
    }

    @Test
    void insertionRefusesActiveAndReferencedPages() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int active = db.removeAnyPage(0);
        db.makeActive(active, pteAddressOf(1), 0, 0);
        BugCheckException e = assertMemoryManagement(PfnBugChecks.WRONG_STATE,
                () -> db.insertInList(PageList.FREE, active));
        assertEquals(active, e.parameter(2));
        assertEquals(PageList.ACTIVE_AND_VALID.code(), e.parameter(3));

        int held = db.removeAnyPage(0);
        db.incrementReferenceCount(held);
        e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.insertInList(PageList.FREE, held));
        assertEquals(held, e.parameter(2));
        assertEquals(1, e.parameter(3));
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.insertInList(PageList.ZEROED, held));
        assertEquals(PageList.TRANSITION, db.location(held));
        assertConsistent(db);
    }

    @Test
    void insertionRefusesAModifiedFlagThatDoesNotFitTheList() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int dirty = detachedWithPte(db, 1);
        db.setModified(dirty, true);
        for (PageList list : List.of(PageList.FREE, PageList.ZEROED, PageList.STANDBY)) {
            BugCheckException e = assertMemoryManagement(PfnBugChecks.MODIFIED_MISMATCH,
                    () -> db.insertInList(list, dirty));
            assertEquals(dirty, e.parameter(2));
            assertEquals(list.code(), e.parameter(3));
        }
        int clean = detachedWithPte(db, 2);
        assertMemoryManagement(PfnBugChecks.MODIFIED_MISMATCH, () -> db.insertInList(PageList.MODIFIED, clean));
        assertMemoryManagement(PfnBugChecks.MODIFIED_MISMATCH,
                () -> db.insertInList(PageList.MODIFIED_NO_WRITE, clean));
        assertTrue(db.isModified(dirty), "a refused insertion changes nothing");
        assertEquals(PageList.TRANSITION, db.location(dirty));
        assertConsistent(db);
    }

    @Test
    void standbyAndModifiedNeedAPteThatCanTakeThePageBack() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int fresh = db.removeAnyPage(0);
        assertMemoryManagement(PfnBugChecks.NO_PTE_ADDRESS, () -> db.insertInList(PageList.STANDBY, fresh));
        assertMemoryManagement(PfnBugChecks.NO_PTE_ADDRESS, () -> db.insertStandbyAtFront(fresh));
        int deleted = detachedWithPte(db, 1);
        db.markDeleted(deleted);
        db.setModified(deleted, true);
        assertMemoryManagement(PfnBugChecks.NO_PTE_ADDRESS, () -> db.insertInList(PageList.MODIFIED, deleted));
        assertConsistent(db);
    }

    @Test
    void insertionRefusesAPageUnderIo() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int pfn = db.removeAnyPage(0);
        db.setReadInProgress(pfn, true);
        assertMemoryManagement(PfnBugChecks.IO_IN_PROGRESS, () -> db.insertInList(PageList.FREE, pfn));
        db.setReadInProgress(pfn, false);
        db.setWriteInProgress(pfn, true);
        assertMemoryManagement(PfnBugChecks.IO_IN_PROGRESS, () -> db.insertInList(PageList.BAD, pfn));
        db.setWriteInProgress(pfn, false);
        assertEquals(PageList.FREE, db.insertInList(PageList.FREE, pfn));
        assertConsistent(db);
    }

    @Test
    void unlinkTakesAPageFromTheHeadTheMiddleOrTheTail() {
        PfnDatabase db = new PfnDatabase(12, 2);
        assertEquals(List.of(0, 2, 4, 6, 8, 10), walk(db, PageList.FREE, 0));
        db.unlinkFromList(4);
        assertEquals(List.of(0, 2, 6, 8, 10), walk(db, PageList.FREE, 0));
        db.unlinkFromList(0);
        assertEquals(2, db.firstPage(PageList.FREE, 0));
        assertEquals(PfnDatabase.NO_PAGE, db.previousPage(2));
        db.unlinkFromList(10);
        assertEquals(8, db.lastPage(PageList.FREE, 0));
        assertEquals(PfnDatabase.NO_PAGE, db.nextPage(8));
        assertEquals(List.of(2, 6, 8), walk(db, PageList.FREE, 0));
        assertEquals(3, db.colourTotal(PageList.FREE, 0));
        assertEquals(9, db.listTotal(PageList.FREE));
        assertEquals(3, db.locationCount(PageList.TRANSITION));
        for (int pfn : new int[] { 0, 4, 10 }) {
            assertEquals(PageList.TRANSITION, db.location(pfn));
            assertEquals(0, db.referenceCount(pfn));
        }
        assertConsistent(db);
    }

    @Test
    void unlinkEmptiesAListAndTheListCanBeRefilled() {
        PfnDatabase db = new PfnDatabase(1, 1);
        db.unlinkFromList(0);
        assertEquals(PfnDatabase.NO_PAGE, db.firstPage(PageList.FREE, 0));
        assertEquals(PfnDatabase.NO_PAGE, db.lastPage(PageList.FREE, 0));
        assertEquals(0, db.availablePages());
        assertEquals(PfnDatabase.NO_PAGE, db.removeAnyPage(0));
        db.insertInList(PageList.FREE, 0);
        assertEquals(1, db.availablePages());
        assertConsistent(db);
    }

    @Test
    void unlinkKeepsThePteIdentityForATransitionFault() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int pfn = makeStandbyPage(db, 0, 5, 7);
        db.unlinkFromList(pfn);
        assertEquals(PageList.TRANSITION, db.location(pfn));
        assertEquals(pteAddressOf(7), db.pteAddress(pfn));
        assertEquals(originalPteOf(7), db.originalPte(pfn));
        assertEquals(5, db.priority(pfn));
        assertConsistent(db);
    }

    @Test
    void unlinkRefusesAPageOnNoList() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int pfn = db.removeAnyPage(0);
        BugCheckException e = assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.unlinkFromList(pfn));
        assertEquals(pfn, e.parameter(2));
        assertEquals(PageList.TRANSITION.code(), e.parameter(3));
    }

    @Test
    void unlinkDetectsNeighboursThatDoNotPointBack() {
        PfnDatabase db = new PfnDatabase(8, 1);
        // Free list 0..7: make page 3's successor (4) point back at 2 instead of 3.
        db.corruptLinksForTest(4, 5, 2);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK,
                () -> db.unlinkFromList(3));
        assertEquals(4, e.parameter(2));
        assertEquals(2, e.parameter(3));
        assertEquals(3, e.parameter(4));
        assertEquals(PageList.FREE, db.location(3), "the refused unlink changed nothing");

        PfnDatabase db2 = new PfnDatabase(8, 1);
        db2.corruptLinksForTest(5, 6, 1); // 5 claims predecessor 1, but 1's successor is 2
        e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db2.unlinkFromList(5));
        assertEquals(1, e.parameter(2));
        assertEquals(2, e.parameter(3));
        assertEquals(5, e.parameter(4));

        PfnDatabase db3 = new PfnDatabase(8, 1);
        db3.corruptLinksForTest(6, 7, 99); // a link outside the database
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db3.unlinkFromList(6));

        PfnDatabase db4 = new PfnDatabase(8, 1);
        db4.corruptLinksForTest(0, 1, 7); // the head claims a predecessor
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db4.unlinkFromList(0));
    }
}
