package org.mmscope.sim.pfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.pfn.PfnTestSupport.assertConsistent;
import static org.mmscope.sim.pfn.PfnTestSupport.originalPteOf;
import static org.mmscope.sim.pfn.PfnTestSupport.pteAddressOf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.function.Executable;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of the primitives, each chosen among the pages where it is legal (plus some that
 * are deliberately illegal and must be refused without changing anything), keep checkLists() empty
 * and the location counters summing to the page count after every step.
 */
class PfnDatabasePropertiesTest {

    /**
     * The operations a step picks from, by index: making pages active and dropping their mappings
     * come more often so that Standby, Modified and repurposing are reached in short runs.
     */
    private static final int[] OPERATION_TABLE = { 0, 0, 0, 1, 2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 8, 8, 9, 10, 11,
            12, 13, 14, 15, 16, 17 };
    private static final int OPERATIONS = OPERATION_TABLE.length;

    @Provide
    Arbitrary<Integer> colourCounts() {
        return Arbitraries.of(1, 2, 4, 8, 64);
    }

    @Property(tries = 400)
    void randomOperationsKeepTheListsConsistent(@ForAll @IntRange(min = 1, max = 32) int pageCount,
            @ForAll("colourCounts") int colours,
            @ForAll @Size(min = 40, max = 200) List<@IntRange(min = 0, max = 1 << 20) Integer> steps) {
        new Run(new PfnDatabase(pageCount, colours)).play(steps);
    }

    @Property(tries = 100)
    void aDatabaseWithMoreColoursThanPagesStaysConsistent(
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 1 << 20) Integer> steps) {
        new Run(new PfnDatabase(5, 16)).play(steps);
    }

    /** One random run: the database, the hook's record, and the operations. */
    private static final class Run {

        private final PfnDatabase db;
        private final List<Integer> repurposed = new ArrayList<>();

        Run(PfnDatabase db) {
            this.db = db;
            db.setRepurposeHook((pfn, pteAddress, pteFrame, originalPte) -> {
                assertEquals(PageList.TRANSITION, db.location(pfn), "repurposed page is off its list");
                assertEquals(0, db.referenceCount(pfn), "repurposed page is unreferenced");
                assertNotEquals(PfnDatabase.NO_PTE_ADDRESS, pteAddress, "repurposed page has a PTE");
                repurposed.add(pfn);
            });
        }

        void play(List<Integer> steps) {
            assertConsistent(db);
            for (int step : steps) {
                long[][] before = words(db);
                long count = db.writeStamps().count();
                apply(OPERATION_TABLE[step % OPERATIONS], step / OPERATIONS);
                assertConsistent(db);
                assertWritesStamped(before, count);
            }
        }

        /** Every entry whose words changed in the step is in a group the write stamps report as written. */
        private void assertWritesStamped(long[][] before, long count) {
            long[][] after = words(db);
            for (int pfn = 0; pfn < db.pageCount(); pfn++) {
                if (!java.util.Arrays.equals(before[pfn], after[pfn])) {
                    assertTrue(db.writeStamps().writtenSince(pfn >>> db.writeStamps().groupShift(), count),
                            "PFN " + pfn + " changed without a write stamp");
                }
            }
        }

        private static long[][] words(PfnDatabase db) {
            long[][] words = new long[db.pageCount()][];
            for (int pfn = 0; pfn < db.pageCount(); pfn++) {
                words[pfn] = new long[] { db.rawU1(pfn), db.rawU2(pfn), db.flags(pfn), db.referenceCount(pfn),
                        db.pteAddress(pfn), db.isDeleted(pfn) ? 1 : 0, db.originalPte(pfn), db.pteFrame(pfn) };
            }
            return words;
        }

        private void apply(int operation, int arg) {
            switch (operation) {
                case 0 -> removeAny(arg);
                case 1 -> removeZeroed(arg);
                case 2 -> zeroOne();
                case 3 -> withPage(this::isDetached, arg,
                        pfn -> db.makeActive(pfn, pteAddressOf(arg), arg % db.pageCount(), originalPteOf(arg)));
                case 4 -> withPage(this::isActive, arg, db::incrementShareCount);
                case 5 -> withPage(this::isActive, arg, pfn -> dropMapping(pfn, arg));
                case 6 -> withPage(pfn -> !db.location(pfn).isLinked() && db.referenceCount(pfn) < 1000, arg,
                        db::incrementReferenceCount);
                case 7 -> withPage(this::canDereference, arg, this::dereference);
                case 8 -> withPage(this::isDetached, arg, pfn -> insert(pfn, insertTarget(arg), false));
                case 9 -> withPage(pfn -> db.location(pfn).isLinked(), arg, db::unlinkFromList);
                case 10 -> withPage(pfn -> db.location(pfn) == PageList.TRANSITION && !db.isReadInProgress(pfn),
                        arg, db::activateTransitionPage);
                case 11 -> withPage(pfn -> true, arg, pfn -> db.setPriority(pfn, arg % PfnDatabase.PRIORITIES));
                case 12 -> withPage(this::isDetached, arg, pfn -> insert(pfn, PageList.STANDBY, true));
                case 13 -> withPage(this::isDetached, arg,
                        pfn -> db.initializeReadInProgress(pfn, pteAddressOf(arg), PfnDatabase.NO_PTE_FRAME,
                                originalPteOf(arg), arg));
                case 14 -> withPage(db::isReadInProgress, arg, pfn -> finishRead(pfn, arg));
                case 15 -> withPage(pfn -> db.location(pfn) == PageList.MODIFIED, arg, this::startWrite);
                case 16 -> withPage(db::isWriteInProgress, arg, this::finishWrite);
                default -> refused(arg);
            }
        }

        /** Mostly the five lists pages come back from, now and then Bad. */
        private static PageList insertTarget(int arg) {
            int pick = arg % 11;
            return pick == 10 ? PageList.BAD : PageList.fromCode(pick / 2);
        }

        private boolean isDetached(int pfn) {
            return db.location(pfn) == PageList.TRANSITION && db.referenceCount(pfn) == 0;
        }

        private boolean isActive(int pfn) {
            return db.location(pfn) == PageList.ACTIVE_AND_VALID;
        }

        private boolean hasIo(int pfn) {
            return db.isReadInProgress(pfn) || db.isWriteInProgress(pfn);
        }

        private boolean canDereference(int pfn) {
            int references = db.referenceCount(pfn);
            return references > 1 || references == 1 && db.shareCount(pfn) == 0 && !hasIo(pfn);
        }

        /** Runs the action on the (arg mod n)-th page satisfying the predicate, if there is one. */
        private void withPage(IntPredicate predicate, int arg, IntConsumer action) {
            int count = 0;
            for (int pfn = 0; pfn < db.pageCount(); pfn++) {
                if (predicate.test(pfn)) {
                    count++;
                }
            }
            if (count == 0) {
                return;
            }
            int wanted = arg % count;
            for (int pfn = 0; pfn < db.pageCount(); pfn++) {
                if (predicate.test(pfn) && wanted-- == 0) {
                    action.accept(pfn);
                    return;
                }
            }
        }

        private void removeAny(int arg) {
            int colour = arg % db.colours();
            int available = db.availablePages();
            int expected = PfnDatabase.NO_PAGE;
            PageList expectedFrom = null;
            if (db.colourTotal(PageList.FREE, colour) > 0) {
                expected = db.firstPage(PageList.FREE, colour);
                expectedFrom = PageList.FREE;
            } else if (db.colourTotal(PageList.ZEROED, colour) > 0) {
                expected = db.firstPage(PageList.ZEROED, colour);
                expectedFrom = PageList.ZEROED;
            } else if (db.listTotal(PageList.FREE) > 0) {
                expectedFrom = PageList.FREE;
            } else if (db.listTotal(PageList.ZEROED) > 0) {
                expectedFrom = PageList.ZEROED;
            } else if (db.listTotal(PageList.STANDBY) > 0) {
                expected = lowestStandbyHead();
                expectedFrom = PageList.STANDBY;
            }
            checkRemoval(db.removeAnyPage(colour), expected, expectedFrom, available);
        }

        private void removeZeroed(int arg) {
            int colour = arg % db.colours();
            int available = db.availablePages();
            int expected = PfnDatabase.NO_PAGE;
            PageList expectedFrom = null;
            if (db.colourTotal(PageList.ZEROED, colour) > 0) {
                expected = db.firstPage(PageList.ZEROED, colour);
                expectedFrom = PageList.ZEROED;
            } else if (db.listTotal(PageList.ZEROED) > 0) {
                expectedFrom = PageList.ZEROED;
            } else if (db.colourTotal(PageList.FREE, colour) > 0) {
                expected = db.firstPage(PageList.FREE, colour);
                expectedFrom = PageList.FREE;
            } else if (db.listTotal(PageList.FREE) > 0) {
                expectedFrom = PageList.FREE;
            } else if (db.listTotal(PageList.STANDBY) > 0) {
                expected = lowestStandbyHead();
                expectedFrom = PageList.STANDBY;
            }
            checkRemoval(db.removeZeroedPage(colour), expected, expectedFrom, available);
            assertEquals(expectedFrom != null && expectedFrom != PageList.ZEROED, db.lastRemovalNeedsZeroing());
        }

        private int lowestStandbyHead() {
            for (int priority = 0; priority < PfnDatabase.PRIORITIES; priority++) {
                if (db.standbyTotal(priority) > 0) {
                    return db.firstPage(PageList.STANDBY, priority);
                }
            }
            throw new AssertionError("no Standby page");
        }

        private void checkRemoval(int pfn, int expected, PageList expectedFrom, int availableBefore) {
            int hookCallsBefore = repurposed.size();
            assertEquals(expectedFrom, db.lastRemovedFrom());
            if (expectedFrom == null) {
                assertEquals(PfnDatabase.NO_PAGE, pfn);
                assertEquals(0, availableBefore);
                return;
            }
            if (expected != PfnDatabase.NO_PAGE) {
                assertEquals(expected, pfn);
            }
            assertTrue(isDetached(pfn));
            assertEquals(availableBefore - 1, db.availablePages());
            if (expectedFrom == PageList.STANDBY) {
                assertEquals(pfn, repurposed.get(repurposed.size() - 1), "Standby page repurposed");
                assertEquals(PfnDatabase.NO_PTE_ADDRESS, db.pteAddress(pfn));
            } else {
                assertEquals(hookCallsBefore, repurposed.size());
            }
        }

        private void zeroOne() {
            int free = db.listTotal(PageList.FREE);
            int hookCalls = repurposed.size();
            int pfn = db.removeFreePageForZeroing();
            assertEquals(hookCalls, repurposed.size());
            if (free == 0) {
                assertEquals(PfnDatabase.NO_PAGE, pfn);
                return;
            }
            assertEquals(free - 1, db.listTotal(PageList.FREE));
            assertEquals(db.isRemovalRequested(pfn) || db.isParityError(pfn) ? PageList.BAD : PageList.ZEROED,
                    db.insertInList(PageList.ZEROED, pfn));
        }

        private void dropMapping(int pfn, int arg) {
            switch (arg % 10) {
                case 0, 1 -> db.setModified(pfn, true);
                case 2 -> {
                    db.setModified(pfn, true);
                    db.setNoModifiedWrite(pfn, true);
                }
                case 3 -> db.markDeleted(pfn);
                case 4 -> db.setInPageError(pfn, true);
                case 5 -> db.setRemovalRequested(pfn, arg % 20 == 5);
                default -> {
                }
            }
            if (hasIo(pfn) && db.shareCount(pfn) == 1 && db.referenceCount(pfn) == 1) {
                assertThrows(BugCheckException.class, () -> db.decrementShareCount(pfn));
                return;
            }
            PageList after = db.decrementShareCount(pfn);
            assertEquals(db.location(pfn), after);
        }

        private void dereference(int pfn) {
            PageList after = db.decrementReferenceCount(pfn);
            assertEquals(db.location(pfn), after);
            if (db.referenceCount(pfn) == 0) {
                assertTrue(after.isLinked(), "a page whose last reference went is on a list");
            }
        }

        /** Inserts, or checks that an insertion the rules forbid is refused without any change. */
        private void insert(int pfn, PageList list, boolean atFront) {
            boolean modified = db.isModified(pfn);
            boolean legal = !hasIo(pfn) && switch (list) {
                case ZEROED, FREE -> !modified;
                case STANDBY -> !modified && !db.isDeleted(pfn);
                case MODIFIED, MODIFIED_NO_WRITE -> modified && !db.isDeleted(pfn);
                default -> true;
            };
            if (!legal) {
                expectRefusal(() -> {
                    if (atFront) {
                        db.insertStandbyAtFront(pfn);
                    } else {
                        db.insertInList(list, pfn);
                    }
                });
                return;
            }
            boolean goesBad = (list == PageList.FREE || list == PageList.ZEROED)
                    && (db.isRemovalRequested(pfn) || db.isParityError(pfn));
            PageList result = atFront ? db.insertStandbyAtFront(pfn) : db.insertInList(list, pfn);
            assertEquals(goesBad ? PageList.BAD : list, result);
            assertEquals(result, db.location(pfn));
            if (atFront) {
                assertEquals(pfn, db.firstPage(PageList.STANDBY, db.priority(pfn)));
            } else if (result != PageList.STANDBY) {
                assertEquals(pfn, db.lastPage(result, result == PageList.ZEROED || result == PageList.FREE
                        ? db.colour(pfn) : 0));
            } else {
                assertEquals(pfn, db.lastPage(PageList.STANDBY, db.priority(pfn)));
            }
        }

        private void finishRead(int pfn, int arg) {
            db.setReadInProgress(pfn, false);
            if (arg % 3 == 0) {
                db.setInPageError(pfn, true);
                db.decrementReferenceCount(pfn);
            } else if (db.shareCount(pfn) == 0) {
                db.activateTransitionPage(pfn);
                db.decrementReferenceCount(pfn);
            }
        }

        private void startWrite(int pfn) {
            db.unlinkFromList(pfn);
            db.incrementReferenceCount(pfn);
            db.setModified(pfn, false);
            db.setWriteInProgress(pfn, true);
        }

        private void finishWrite(int pfn) {
            db.setWriteInProgress(pfn, false);
            if (db.referenceCount(pfn) > 1 || db.shareCount(pfn) == 0) {
                db.decrementReferenceCount(pfn);
            }
        }

        /** An illegal call on a page in the wrong state: a bugcheck, and nothing changes. */
        private void refused(int arg) {
            int pfn = arg % db.pageCount();
            PageList location = db.location(pfn);
            switch (arg % 4) {
                case 0 -> {
                    if (location.isLinked()) {
                        BugCheckException e = expectRefusal(() -> db.decrementReferenceCount(pfn));
                        assertEquals(BugCheckCode.PFN_LIST_CORRUPT_BAD_REFERENCE_COUNT, e.parameter(1));
                    }
                }
                case 1 -> {
                    if (location.isLinked()) {
                        BugCheckException e = expectRefusal(() -> db.insertInList(PageList.FREE, pfn));
                        assertEquals(BugCheckCode.PFN_LIST_CORRUPT_BAD_LINK, e.parameter(1));
                    }
                }
                case 2 -> {
                    if (location != PageList.ACTIVE_AND_VALID) {
                        BugCheckException e = expectRefusal(() -> db.decrementShareCount(pfn));
                        assertEquals(BugCheckCode.PFN_LIST_CORRUPT_PTE_MISMATCH, e.parameter(1));
                    }
                }
                default -> {
                    if (!location.isLinked()) {
                        BugCheckException e = expectRefusal(() -> db.unlinkFromList(pfn));
                        assertEquals(BugCheckCode.MEMORY_MANAGEMENT, e.code());
                    }
                }
            }
        }

        private BugCheckException expectRefusal(Executable call) {
            long[] before = snapshot();
            BugCheckException e = assertThrows(BugCheckException.class, call);
            assertArrayEquals(before, snapshot(), "a refused call changes nothing: " + e.getMessage());
            return e;
        }

        /** Every field of every entry and every total, for comparing before and after. */
        private long[] snapshot() {
            int n = db.pageCount();
            long[] s = new long[n * 6 + PageList.values().length];
            for (int pfn = 0; pfn < n; pfn++) {
                s[6 * pfn] = db.flags(pfn);
                s[6 * pfn + 1] = db.rawU1(pfn);
                s[6 * pfn + 2] = db.rawU2(pfn);
                s[6 * pfn + 3] = db.referenceCount(pfn);
                s[6 * pfn + 4] = db.pteAddress(pfn) ^ (db.isDeleted(pfn) ? 1 : 0) ^ ((long) db.pteFrame(pfn) << 48);
                s[6 * pfn + 5] = db.originalPte(pfn);
            }
            for (PageList list : PageList.values()) {
                s[n * 6 + list.code()] = db.listTotal(list);
            }
            return s;
        }
    }
}
