package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.assertMemoryManagement;
import static org.mmscope.sim.pfn.PfnTestSupport.makeStandbyPage;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;
import static org.mmscope.sim.pfn.PfnTestSupport.walk;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

/** Construction, the initial state, field accessors, setters and the u1/u2 overlays. */
class PfnDatabaseEntryTest {

    @Test
    void refusesBadGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new PfnDatabase(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PfnDatabase(-5, 1));
        assertThrows(IllegalArgumentException.class, () -> new PfnDatabase(16, 0));
        assertThrows(IllegalArgumentException.class, () -> new PfnDatabase(16, 3));
        assertThrows(IllegalArgumentException.class, () -> new PfnDatabase(16, 2048));
        assertEquals(1024, new PfnDatabase(16, 1024).colours());
    }

    @Test
    void everyPageStartsOnTheFreeListOfItsColourInPfnOrder() {
        PfnDatabase db = new PfnDatabase(10, 4);
        assertEquals(10, db.pageCount());
        assertEquals(10, db.listTotal(PageList.FREE));
        assertEquals(10, db.availablePages());
        assertEquals(10, db.locationCount(PageList.FREE));
        assertEquals(0, db.listTotal(PageList.ZEROED));
        assertEquals(List.of(0, 4, 8), walk(db, PageList.FREE, 0));
        assertEquals(List.of(1, 5, 9), walk(db, PageList.FREE, 1));
        assertEquals(List.of(2, 6), walk(db, PageList.FREE, 2));
        assertEquals(List.of(3, 7), walk(db, PageList.FREE, 3));
        assertEquals(3, db.colourTotal(PageList.FREE, 1));
        assertEquals(2, db.colourTotal(PageList.FREE, 3));
        assertEquals(8, db.lastPage(PageList.FREE, 0));
        assertEquals(PfnDatabase.NO_PAGE, db.previousPage(0));
        assertEquals(4, db.previousPage(8));
        for (int pfn = 0; pfn < 10; pfn++) {
            assertEquals(PageList.FREE, db.location(pfn));
            assertEquals(pfn & 3, db.colour(pfn));
            assertEquals(0, db.referenceCount(pfn));
            assertEquals(0, db.shareCount(pfn));
            assertEquals(PfnDatabase.DEFAULT_PRIORITY, db.priority(pfn));
            assertEquals(PfnDatabase.NO_PTE_FRAME, db.pteFrame(pfn));
            assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
            assertTrue(db.isDeleted(pfn));
        }
        assertConsistent(db);
    }

    @Test
    void locationCountsAreCopiedIntoACallerArray() {
        PfnDatabase db = new PfnDatabase(8, 2);
        db.makeActive(db.removeAnyPage(0), pteAddressOf(1), 0, 0);
        int[] counts = new int[8];
        db.locationCounts(counts);
        assertEquals(7, counts[PageList.FREE.code()]);
        assertEquals(1, counts[PageList.ACTIVE_AND_VALID.code()]);
        assertThrows(IllegalArgumentException.class, () -> db.locationCounts(new int[7]));
        assertEquals(1, db.listTotal(PageList.ACTIVE_AND_VALID));
        assertEquals(0, db.listTotal(PageList.TRANSITION));
    }

    @Test
    void refusesPfnsColoursAndPrioritiesOutOfRange() {
        PfnDatabase db = new PfnDatabase(8, 2);
        assertThrows(IllegalArgumentException.class, () -> db.location(8));
        assertThrows(IllegalArgumentException.class, () -> db.referenceCount(-1));
        assertThrows(IllegalArgumentException.class, () -> db.unlinkFromList(99));
        assertThrows(IllegalArgumentException.class, () -> db.removeAnyPage(2));
        assertThrows(IllegalArgumentException.class, () -> db.removeZeroedPage(-1));
        assertThrows(IllegalArgumentException.class, () -> db.colourTotal(PageList.STANDBY, 0));
        assertThrows(IllegalArgumentException.class, () -> db.colourTotal(PageList.FREE, 2));
        assertThrows(IllegalArgumentException.class, () -> db.standbyTotal(8));
        assertThrows(IllegalArgumentException.class, () -> db.firstPage(PageList.MODIFIED, 1));
        assertThrows(IllegalArgumentException.class, () -> db.firstPage(PageList.ACTIVE_AND_VALID, 0));
        assertThrows(IllegalArgumentException.class, () -> db.setPriority(0, 8));
        assertThrows(IllegalArgumentException.class, () -> db.setCacheAttribute(0, 4));
        assertThrows(IllegalArgumentException.class, () -> db.setPteAddress(0, 0x1004));
        assertThrows(IllegalArgumentException.class, () -> db.setPteFrame(0, 8));
        assertThrows(IllegalArgumentException.class, () -> db.insertInList(PageList.TRANSITION, 0));
        assertThrows(IllegalArgumentException.class, () -> db.insertInList(null, 0));
        assertThrows(NullPointerException.class, () -> db.setRepurposeHook(null));
    }

    @Test
    void everyFlagHasAnAccessorAndASetter() {
        PfnDatabase db = new PfnDatabase(4, 1);
        int pfn = db.removeAnyPage(0);
        db.makeActive(pfn, pteAddressOf(3), 1, 0x80);
        checkFlag(db, pfn, PfnFlags.MODIFIED, db::isModified, db::setModified);
        checkFlag(db, pfn, PfnFlags.READ_IN_PROGRESS, db::isReadInProgress, db::setReadInProgress);
        checkFlag(db, pfn, PfnFlags.WRITE_IN_PROGRESS, db::isWriteInProgress, db::setWriteInProgress);
        checkFlag(db, pfn, PfnFlags.PROTOTYPE_PTE, db::isPrototypePte, db::setPrototypePte);
        checkFlag(db, pfn, PfnFlags.IN_PAGE_ERROR, db::isInPageError, db::setInPageError);
        checkFlag(db, pfn, PfnFlags.START_OF_ALLOCATION, db::isStartOfAllocation, db::setStartOfAllocation);
        checkFlag(db, pfn, PfnFlags.END_OF_ALLOCATION, db::isEndOfAllocation, db::setEndOfAllocation);
        checkFlag(db, pfn, PfnFlags.VERIFIER_ALLOCATION, db::isVerifierAllocation, db::setVerifierAllocation);
        checkFlag(db, pfn, PfnFlags.REMOVAL_REQUESTED, db::isRemovalRequested, db::setRemovalRequested);
        checkFlag(db, pfn, PfnFlags.PARITY_ERROR, db::isParityError, db::setParityError);
        checkFlag(db, pfn, PfnFlags.NO_MODIFIED_WRITE, db::isNoModifiedWrite, db::setNoModifiedWrite);
        db.setCacheAttribute(pfn, 2);
        assertEquals(2, db.cacheAttribute(pfn));
        assertEquals(2, PfnFlags.cacheAttribute(db.flags(pfn)));
        db.setPriority(pfn, 7);
        assertEquals(7, db.priority(pfn));
        assertEquals(PageList.ACTIVE_AND_VALID.code(), PfnFlags.location(db.flags(pfn)));
        assertConsistent(db);
    }

    private static void checkFlag(PfnDatabase db, int pfn, int bit, IntPredicate getter,
            BiConsumer<Integer, Boolean> setter) {
        int before = db.flags(pfn);
        assertFalse(getter.test(pfn));
        setter.accept(pfn, true);
        assertTrue(getter.test(pfn));
        assertEquals(before | bit, db.flags(pfn), "only the flag's own bit changes");
        setter.accept(pfn, false);
        assertEquals(before, db.flags(pfn));
    }

    @Test
    void pteFieldsAndTheDeletedMark() {
        PfnDatabase db = new PfnDatabase(4, 1);
        int pfn = db.removeAnyPage(0);
        db.makeActive(pfn, pteAddressOf(9), 2, 0x1234_5000L);
        assertEquals(pteAddressOf(9), db.pteAddress(pfn));
        assertEquals(2, db.pteFrame(pfn));
        assertEquals(0x1234_5000L, db.originalPte(pfn));
        assertFalse(db.isDeleted(pfn));
        db.markDeleted(pfn);
        assertTrue(db.isDeleted(pfn));
        assertEquals(pteAddressOf(9), db.pteAddress(pfn), "the deleted mark keeps the address readable");
        db.setPteAddress(pfn, pteAddressOf(10));
        assertFalse(db.isDeleted(pfn));
        db.setPteFrame(pfn, PfnDatabase.NO_PTE_FRAME);
        db.setOriginalPte(pfn, 7);
        assertEquals(PfnDatabase.NO_PTE_FRAME, db.pteFrame(pfn));
        assertEquals(7, db.originalPte(pfn));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.markDeleted(db.firstPage(PageList.FREE, 0)));
    }

    @Test
    void u1AndU2AreReadOnlyInTheMatchingState() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int active = db.removeAnyPage(0);
        db.makeActive(active, pteAddressOf(1), 0, 0);
        db.setWsIndex(active, 42);
        assertEquals(42, db.wsIndex(active));
        assertEquals(42, db.rawU1(active));
        assertEquals(1, db.shareCount(active));
        assertEquals(1, db.rawU2(active));
        assertThrows(IllegalStateException.class, () -> db.eventId(active));
        assertThrows(IllegalStateException.class, () -> db.flink(active));
        assertThrows(IllegalStateException.class, () -> db.blink(active));

        int reading = db.removeAnyPage(0);
        db.initializeReadInProgress(reading, pteAddressOf(2), 0, 0, 77);
        assertEquals(77, db.eventId(reading));
        db.setEventId(reading, 78);
        assertEquals(78, db.eventId(reading));
        assertThrows(IllegalStateException.class, () -> db.wsIndex(reading));

        int listed = db.firstPage(PageList.FREE, 0);
        assertEquals(PfnDatabase.NO_PAGE, db.blink(listed));
        assertEquals(db.nextPage(listed), db.flink(listed));
        assertEquals(0, db.shareCount(listed), "a listed page's u2 is a link, its share count is 0");
        assertThrows(IllegalStateException.class, () -> db.wsIndex(listed));
        assertThrows(IllegalStateException.class, () -> db.eventId(listed));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.setWsIndex(listed, 1));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.setEventId(listed, 1));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.setEventId(active, 1));
        assertThrows(IllegalArgumentException.class, () -> db.setWsIndex(active, -1));
        assertConsistent(db);
    }

    @Test
    void flagsThatDecideTheListCannotChangeWhileListed() {
        PfnDatabase db = new PfnDatabase(8, 1);
        int free = db.firstPage(PageList.FREE, 0);
        assertMemoryManagement(PfnBugChecks.MODIFIED_MISMATCH, () -> db.setModified(free, true));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.setReadInProgress(free, true));
        assertMemoryManagement(PfnBugChecks.WRONG_STATE, () -> db.setWriteInProgress(free, true));
        assertFalse(db.isModified(free));
        db.setRemovalRequested(free, true);
        assertTrue(db.isRemovalRequested(free), "removal requested may be set on a listed page");
        assertEquals(PageList.FREE, db.location(free), "and does not move it until it is next freed");
        assertConsistent(db);
    }

    @Test
    void changingTheStandbyPriorityMovesThePageToTheTailOfItsNewList() {
        PfnDatabase db = new PfnDatabase(16, 1);
        int a = makeStandbyPage(db, 0, 3, 1);
        int b = makeStandbyPage(db, 0, 6, 2);
        int c = makeStandbyPage(db, 0, 6, 3);
        assertEquals(List.of(b, c), walk(db, PageList.STANDBY, 6));
        db.setPriority(a, 6);
        assertEquals(List.of(), walk(db, PageList.STANDBY, 3));
        assertEquals(List.of(b, c, a), walk(db, PageList.STANDBY, 6));
        assertEquals(3, db.standbyTotal(6));
        assertEquals(0, db.standbyTotal(3));
        db.setPriority(b, 6);
        assertEquals(List.of(c, a, b), walk(db, PageList.STANDBY, 6));
        assertConsistent(db);
    }
}
