package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.assertMemoryManagement;
import static org.mmscope.sim.pfn.PfnTestSupport.assertPfnListCorrupt;
import static org.mmscope.sim.pfn.PfnTestSupport.originalPteOf;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;
import static org.mmscope.sim.pfn.PfnTestSupport.walk;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

/** makeActive, share and reference counts, and where a page goes when its last reference is dropped. */
class PfnCountsTest {

    private final List<Integer> repurposed = new ArrayList<>();

    private PfnDatabase newDatabase() {
        PfnDatabase db = new PfnDatabase(16, 2);
        db.setRepurposeHook((pfn, pteAddress, pteFrame, originalPte) -> repurposed.add(pfn));
        return db;
    }

    private static int active(PfnDatabase db, int index) {
        int pfn = db.removeAnyPage(0);
        db.makeActive(pfn, pteAddressOf(index), 3, originalPteOf(index));
        return pfn;
    }

    @Test
    void makeActiveGivesShareOneReferenceOneAndThePteFields() {
        PfnDatabase db = newDatabase();
        int pfn = db.removeAnyPage(1);
        db.setPriority(pfn, 1);
        db.makeActive(pfn, pteAddressOf(4), 3, originalPteOf(4));
        assertEquals(PageList.ACTIVE_AND_VALID, db.location(pfn));
        assertEquals(1, db.shareCount(pfn));
        assertEquals(1, db.referenceCount(pfn));
        assertEquals(0, db.wsIndex(pfn));
        assertEquals(pteAddressOf(4), db.pteAddress(pfn));
        assertEquals(3, db.pteFrame(pfn));
        assertEquals(originalPteOf(4), db.originalPte(pfn));
        assertEquals(PfnDatabase.DEFAULT_PRIORITY, db.priority(pfn));
        assertEquals(1, db.locationCount(PageList.ACTIVE_AND_VALID));
        assertEquals(0, db.locationCount(PageList.TRANSITION));
        assertConsistent(db);
    }

    @Test
    void makeActiveRefusesPagesThatAreNotDetached() {
        PfnDatabase db = newDatabase();
        int listed = db.firstPage(PageList.FREE, 0);
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, () -> db.makeActive(listed, 0, -1, 0));
        int pfn = active(db, 1);
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.makeActive(pfn, pteAddressOf(2), 0, 0));
        int held = db.removeAnyPage(0);
        db.incrementReferenceCount(held);
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.makeActive(held, pteAddressOf(3), 0, 0));
        assertConsistent(db);
    }

    @Test
    void lastShareOfACleanPageSendsItToStandbyOfItsPriorityKeepingItsPte() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setWsIndex(pfn, 9);
        db.incrementShareCount(pfn);
        assertEquals(2, db.shareCount(pfn));
        assertEquals(1, db.referenceCount(pfn), "the mappings together hold one reference");
        assertEquals(PageList.ACTIVE_AND_VALID, db.decrementShareCount(pfn));
        assertEquals(1, db.shareCount(pfn));
        db.setPriority(pfn, 6);
        assertEquals(PageList.STANDBY, db.decrementShareCount(pfn));
        assertEquals(List.of(pfn), walk(db, PageList.STANDBY, 6));
        assertEquals(0, db.referenceCount(pfn));
        assertEquals(pteAddressOf(1), db.pteAddress(pfn));
        assertEquals(originalPteOf(1), db.originalPte(pfn));
        assertEquals(3, db.pteFrame(pfn));
        assertTrue(repurposed.isEmpty());
        assertConsistent(db);
    }

    @Test
    void lastShareOfADirtyPageSendsItToModifiedOrModifiedNoWrite() {
        PfnDatabase db = newDatabase();
        int dirty = active(db, 1);
        db.setModified(dirty, true);
        assertEquals(PageList.MODIFIED, db.decrementShareCount(dirty));
        assertEquals(pteAddressOf(1), db.pteAddress(dirty));
        int noWrite = active(db, 2);
        db.setModified(noWrite, true);
        db.setNoModifiedWrite(noWrite, true);
        assertEquals(PageList.MODIFIED_NO_WRITE, db.decrementShareCount(noWrite));
        assertEquals(1, db.listTotal(PageList.MODIFIED));
        assertEquals(1, db.listTotal(PageList.MODIFIED_NO_WRITE));
        assertConsistent(db);
    }

    @Test
    void aDeletedPageGoesToFreeEvenIfDirty() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setModified(pfn, true);
        db.setStartOfAllocation(pfn, true);
        db.markDeleted(pfn);
        assertEquals(PageList.FREE, db.decrementShareCount(pfn));
        assertFalse(db.isModified(pfn), "the data is discarded");
        assertFalse(db.isStartOfAllocation(pfn));
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
        assertEquals(pfn, db.lastPage(PageList.FREE, db.colour(pfn)));
        assertTrue(repurposed.isEmpty(), "a deleted page has no PTE left to restore");
        assertConsistent(db);
    }

    @Test
    void aReleasedPageWithRemovalRequestedGoesBadAfterItsPteIsRestored() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setRemovalRequested(pfn, true);
        assertEquals(PageList.BAD, db.decrementShareCount(pfn));
        assertEquals(List.of(pfn), repurposed);
        assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
        assertTrue(db.isRemovalRequested(pfn));

        int parity = active(db, 2);
        db.setParityError(parity, true);
        db.markDeleted(parity);
        assertEquals(PageList.BAD, db.decrementShareCount(parity));
        assertEquals(List.of(pfn), repurposed, "deleted: nothing to restore");
        assertEquals(2, db.listTotal(PageList.BAD));
        assertConsistent(db);
    }

    @Test
    void aDirtyPageWithRemovalRequestedIsWrittenFirst() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setModified(pfn, true);
        db.setRemovalRequested(pfn, true);
        assertEquals(PageList.MODIFIED, db.decrementShareCount(pfn));
        // The modified page writer takes it, writes it, and releases it clean: now it goes bad.
        db.unlinkFromList(pfn);
        db.incrementReferenceCount(pfn);
        db.setWriteInProgress(pfn, true);
        db.setModified(pfn, false);
        db.setWriteInProgress(pfn, false);
        assertEquals(PageList.BAD, db.decrementReferenceCount(pfn));
        assertEquals(List.of(pfn), repurposed);
        assertConsistent(db);
    }

    @Test
    void aPageWithAnInPageErrorIsDiscardedToFree() {
        PfnDatabase db = newDatabase();
        int pfn = db.removeAnyPage(0);
        db.initializeReadInProgress(pfn, pteAddressOf(5), 3, originalPteOf(5), 12);
        assertEquals(PageList.TRANSITION, db.location(pfn));
        assertEquals(1, db.referenceCount(pfn));
        assertEquals(0, db.shareCount(pfn));
        assertTrue(db.isReadInProgress(pfn));
        assertEquals(12, db.eventId(pfn));
        db.setInPageError(pfn, true);
        db.setReadInProgress(pfn, false);
        assertEquals(PageList.FREE, db.decrementReferenceCount(pfn));
        assertEquals(List.of(pfn), repurposed, "the PTE is restored to its original form");
        assertFalse(db.isInPageError(pfn));
        assertConsistent(db);
    }

    @Test
    void aReadCompletesIntoAnActivePage() {
        PfnDatabase db = newDatabase();
        int pfn = db.removeAnyPage(0);
        db.initializeReadInProgress(pfn, pteAddressOf(5), 3, originalPteOf(5), 12);
        assertMemoryManagement(PfnBugChecks.IO_IN_PROGRESS, () -> db.activateTransitionPage(pfn));
        db.setReadInProgress(pfn, false);
        db.activateTransitionPage(pfn);
        assertEquals(2, db.referenceCount(pfn));
        assertEquals(PageList.ACTIVE_AND_VALID, db.decrementReferenceCount(pfn), "the read's reference goes");
        assertEquals(1, db.referenceCount(pfn));
        assertEquals(1, db.shareCount(pfn));
        assertEquals(pteAddressOf(5), db.pteAddress(pfn));
        assertConsistent(db);
    }

    @Test
    void aTransitionFaultTakesAStandbyPageBack() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.decrementShareCount(pfn);
        db.unlinkFromList(pfn);
        db.activateTransitionPage(pfn);
        assertEquals(PageList.ACTIVE_AND_VALID, db.location(pfn));
        assertEquals(1, db.shareCount(pfn));
        assertEquals(1, db.referenceCount(pfn));
        assertEquals(pteAddressOf(1), db.pteAddress(pfn));
        assertEquals(0, db.listTotal(PageList.STANDBY));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.activateTransitionPage(pfn));
        assertConsistent(db);
    }

    @Test
    void aPageHeldForIoStaysInTransitionWhenItsLastMappingGoes() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.incrementReferenceCount(pfn);
        assertEquals(PageList.TRANSITION, db.decrementShareCount(pfn));
        assertEquals(1, db.referenceCount(pfn));
        assertEquals(0, db.shareCount(pfn));
        assertEquals(0, db.eventId(pfn));
        assertEquals(PageList.STANDBY, db.decrementReferenceCount(pfn));
        assertConsistent(db);
    }

    @Test
    void decrementShareCountRefusesAPageNoValidPteMaps() {
        PfnDatabase db = newDatabase();
        int listed = db.firstPage(PageList.FREE, 1);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_PTE_MISMATCH,
                () -> db.decrementShareCount(listed));
        assertEquals(listed, e.parameter(2));
        assertEquals(PageList.FREE.code(), e.parameter(3));
        assertEquals(0, e.parameter(4));
        int detached = db.removeAnyPage(0);
        db.incrementReferenceCount(detached);
        e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_PTE_MISMATCH, () -> db.decrementShareCount(detached));
        assertEquals(PageList.TRANSITION.code(), e.parameter(3));
        assertEquals(1, db.referenceCount(detached), "nothing changed");
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.incrementShareCount(detached));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.incrementShareCount(listed));
        assertConsistent(db);
    }

    @Test
    void theReferenceCountRefusesToWrapAt65535() {
        PfnDatabase db = newDatabase();
        int pfn = db.removeAnyPage(0);
        for (int i = 0; i < PfnDatabase.MAX_REFERENCE_COUNT; i++) {
            db.incrementReferenceCount(pfn);
        }
        assertEquals(65535, db.referenceCount(pfn));
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.incrementReferenceCount(pfn));
        assertEquals(pfn, e.parameter(2));
        assertEquals(65535, e.parameter(3));
        assertEquals(65535, db.referenceCount(pfn), "the refused increment changed nothing");
        assertEquals(PageList.TRANSITION, db.decrementReferenceCount(pfn));
        assertEquals(65534, db.referenceCount(pfn));
    }

    @Test
    void activatingAPageAtTheReferenceLimitIsRefusedToo() {
        PfnDatabase db = newDatabase();
        int pfn = db.removeAnyPage(0);
        for (int i = 0; i < PfnDatabase.MAX_REFERENCE_COUNT; i++) {
            db.incrementReferenceCount(pfn);
        }
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT, () -> db.activateTransitionPage(pfn));
        assertEquals(PageList.TRANSITION, db.location(pfn));
    }

    @Test
    void theReferenceCountRefusesToGoBelowZero() {
        PfnDatabase db = newDatabase();
        int detached = db.removeAnyPage(0);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.decrementReferenceCount(detached));
        assertEquals(detached, e.parameter(2));
        assertEquals(0, e.parameter(3));
        int listed = db.firstPage(PageList.FREE, 0);
        assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.decrementReferenceCount(listed));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.incrementReferenceCount(listed));
        assertConsistent(db);
    }

    @Test
    void theLastReferenceCannotGoWhileTheShareCountIsNotZero() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        BugCheckException e = assertPfnListCorrupt(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT,
                () -> db.decrementReferenceCount(pfn));
        assertEquals(pfn, e.parameter(2));
        assertEquals(1, e.parameter(3));
        assertEquals(1, e.parameter(4));
        assertEquals(PageList.ACTIVE_AND_VALID, db.location(pfn));
        assertEquals(1, db.referenceCount(pfn));
        assertConsistent(db);
    }

    @Test
    void theLastReferenceCannotGoWhileIoIsInProgress() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setWriteInProgress(pfn, true);
        assertMemoryManagement(PfnBugChecks.IO_IN_PROGRESS, () -> db.decrementShareCount(pfn));
        assertEquals(1, db.shareCount(pfn), "refused before anything changed");
        assertEquals(PageList.ACTIVE_AND_VALID, db.location(pfn));
        int reading = db.removeAnyPage(0);
        db.initializeReadInProgress(reading, pteAddressOf(2), 0, 0, 1);
        assertMemoryManagement(PfnBugChecks.IO_IN_PROGRESS, () -> db.decrementReferenceCount(reading));
        assertEquals(1, db.referenceCount(reading));
        assertConsistent(db);
    }

    @Test
    void theModifiedPageWriterCycle() {
        PfnDatabase db = newDatabase();
        int pfn = active(db, 1);
        db.setModified(pfn, true);
        db.decrementShareCount(pfn);
        assertEquals(pfn, db.firstPage(PageList.MODIFIED, 0));
        db.unlinkFromList(pfn);
        db.incrementReferenceCount(pfn);
        db.setModified(pfn, false);
        db.setWriteInProgress(pfn, true);
        // A transition fault takes the page back while it is being written, and writes to it.
        db.activateTransitionPage(pfn);
        assertEquals(2, db.referenceCount(pfn));
        db.setModified(pfn, true);
        db.setWriteInProgress(pfn, false);
        assertEquals(PageList.ACTIVE_AND_VALID, db.decrementReferenceCount(pfn), "the write's reference goes");
        assertEquals(PageList.MODIFIED, db.decrementShareCount(pfn), "dirty again: back to Modified");
        assertConsistent(db);
    }
}
