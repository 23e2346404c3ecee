package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Size and allocation: 64 GiB of simulated RAM fits in primitive arrays; the hot path allocates nothing. */
class LargePfnDatabaseTest {

    /** 64 GiB of 4 KiB pages. */
    private static final int PAGES_64_GIB = 16_777_216;

    @Test
    void a64GiBDatabaseCanBeBuiltAndUsed() {
        // About 34 bytes per page: 544 MiB of arrays. Skip, saying why, on a JVM that cannot hold them.
        long needed = 34L * PAGES_64_GIB + (64L << 20);
        assumeTrue(Runtime.getRuntime().maxMemory() >= needed,
                "a 64 GiB PFN database needs a heap of at least " + (needed >> 20) + " MiB");
        PfnDatabase db = new PfnDatabase(PAGES_64_GIB, 1024);
        assertEquals(PAGES_64_GIB, db.listTotal(PageList.FREE));
        assertEquals(PAGES_64_GIB, db.availablePages());
        assertEquals(PAGES_64_GIB / 1024, db.colourTotal(PageList.FREE, 1023));
        assertEquals(PAGES_64_GIB - 1024 + 7, db.lastPage(PageList.FREE, 7));
        int pfn = db.removeAnyPage(1023);
        assertEquals(1023, pfn);
        db.makeActive(pfn, pteAddressOf(1), 0, 0);
        assertEquals(PageList.STANDBY, db.decrementShareCount(pfn));
        int last = PAGES_64_GIB - 1;
        db.unlinkFromList(last);
        db.insertInList(PageList.ZEROED, last);
        assertEquals(last, db.removeZeroedPage(0));
        assertEquals(List.of(), db.checkLists());
    }

    @Test
    void thePrimitivesAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not measure allocation per thread");
        PfnDatabase db = new PfnDatabase(4096, 16);
        db.setRepurposeHook((pfn, pteAddress, pteFrame, originalPte) -> {
        });
        cycle(db, 2000); // load the classes and warm up
        long before = threads.getCurrentThreadAllocatedBytes();
        cycle(db, 2000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Nothing per round: one object per round would be 16 KB or more. The JVM itself may allocate a
        // few bytes on the thread now and then (JIT compilation), so a small constant is tolerated.
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 1024,
                "bytes allocated by 2000 rounds of the primitives: " + allocated);
        assertEquals(List.of(), db.checkLists());
    }

    /** Every primitive, in a loop that leaves the database as it found it (modulo which pages are where). */
    private static void cycle(PfnDatabase db, int rounds) {
        for (int i = 0; i < rounds; i++) {
            int colour = i & 15;
            int a = db.removeAnyPage(colour);
            db.makeActive(a, pteAddressOf(i), 0, 0);
            db.incrementShareCount(a);
            db.setWsIndex(a, i);
            db.decrementShareCount(a);
            db.setPriority(a, i & 7);
            db.decrementShareCount(a); // to Standby
            int b = db.removeZeroedPage(colour);
            db.initializeReadInProgress(b, pteAddressOf(i + 1), 1, 0, 5);
            db.setReadInProgress(b, false);
            db.activateTransitionPage(b);
            db.decrementReferenceCount(b);
            db.setModified(b, true);
            db.decrementShareCount(b); // to Modified
            db.unlinkFromList(b);
            db.incrementReferenceCount(b);
            db.setModified(b, false);
            db.decrementReferenceCount(b); // to Standby
            int z = db.removeFreePageForZeroing();
            if (z != PfnDatabase.NO_PAGE) {
                db.insertInList(PageList.ZEROED, z);
            }
            int s = db.firstPage(PageList.STANDBY, i & 7);
            if (s != PfnDatabase.NO_PAGE) {
                db.unlinkFromList(s);
                db.markDeleted(s);
                db.incrementReferenceCount(s);
                db.decrementReferenceCount(s); // deleted: to Free
            }
            db.listTotal(PageList.STANDBY);
            db.availablePages();
            db.location(a);
            db.lastRemovalNeedsZeroing();
        }
    }
}
