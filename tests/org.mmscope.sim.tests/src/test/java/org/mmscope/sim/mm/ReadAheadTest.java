package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.assertInvariants;
import static org.mmscope.sim.mm.PoolTestSupport.events;
import static org.mmscope.sim.mm.PoolTestSupport.lastEvent;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventFilter;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.DiskRequest;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.run.ScenarioRun;
import org.mmscope.sim.run.ScenarioRunException;
import org.mmscope.sim.scenario.ScenarioParser;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;
import org.mmscope.sim.sched.ThreadState;
import org.mmscope.sim.sched.WaitReason;
import org.mmscope.sim.section.ControlArea;

/**
 * Read-ahead clusters (mm-behaviour.md 4.6, NT: MiCcPutPagesInTransition): one transfer from the first to
 * the last missing page with the dummy page in the holes, resident runs read nothing, read errors,
 * refusals, collided faults, and the invariant checker after every step.
 */
class ReadAheadTest {

    private static final long VIEW_A = 0x5000_0000L;
    private static final long VIEW_B = 0x7000_0000L;

    private final Simulation simulation = new Simulation(
            MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 11).withWorkingSet(16, 4096));
    private final MemoryManager mm = simulation.memoryManager();
    private final PfnDatabase pfns = mm.pfns();
    private final SectionManager sections = mm.sections();
    private final ReadAhead readAhead = sections.readAhead();
    private final MappedFile file = sections.file("data.bin", 64);
    private final ControlArea area = sections.sectionForFile(file, Protection.READWRITE);

    // ------------------------------------------------------------------------------ helpers

    /** A thread of the System process (the cache manager's read-ahead) that reads pages ahead. */
    private SimThread startReadAhead(ControlArea section, long firstPage, long pages) {
        return simulation.createThread(mm.systemProcess(), "read-ahead",
                List.of(ReadAhead.operation("readahead", s -> section, firstPage, pages)));
    }

    private SimThread startTouch(MmProcess process, long base, long... pages) {
        List<Operation> operations = new ArrayList<>();
        for (long page : pages) {
            operations.add(Operations.touch(base + page * 4096, base + page * 4096 + 4096, 4096, false));
        }
        return simulation.createThread(process, "touch", operations);
    }

    private void touch(MmProcess process, long base, long... pages) {
        startTouch(process, base, pages);
        runChecked(simulation, 2_000_000);
    }

    /** Steps, checking the invariants after each step, until {@code condition} holds. */
    private void stepUntil(BooleanSupplier condition) {
        for (int steps = 0; !condition.getAsBoolean(); steps++) {
            assertTrue(steps < 1_000_000 && simulation.step(), "the condition never came true");
            List<Violation> violations = InvariantChecker.check(mm);
            if (!violations.isEmpty()) {
                throw new AssertionError("after step " + steps + ": " + violations);
            }
        }
    }

    private long prototype(long page) {
        return sections.prototypePte(area.prototypePteAddress(page));
    }

    private int pfnOf(long page) {
        long proto = prototype(page);
        assertTrue(Pte.isValid(proto) || Pte.isTransition(proto), "page " + page + ": " + Pte.describe(proto));
        return (int) Pte.pfn(proto);
    }

    private int pfnAt(MmProcess process, long va) {
        long pte = mm.pte(process, va);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return (int) Pte.pfn(pte);
    }

    /** The page holds the file's content (first and last word and one in the middle). */
    private void assertFileContent(long page, int pfn) {
        for (int word : new int[] { 0, 257, 511 }) {
            assertEquals(file.generatedLong(page, word), mm.memory().readLong(pfn, word * 8),
                    "word " + word + " of page " + page);
        }
    }

    private SimThread probe() {
        return mm.scheduler().createThread("probe", MemoryManager.SYSTEM_PID, 8, t -> ThreadBody.Outcome.FINISHED);
    }

    private void assertNothingHeld() {
        assertEquals(List.of(), readAhead.clustersInFlight());
        assertEquals(0, readAhead.chargedPages());
        if (readAhead.dummyPage() >= 0) {
            assertEquals(1, pfns.referenceCount(readAhead.dummyPage()), "the dummy page keeps only its own reference");
        }
    }

    // ------------------------------------------------------------------------------ the tests of 4.6

    @Test
    void aPartlyResidentRunIssuesOneReadFromTheFirstToTheLastMissingPage() {
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        touch(a, VIEW_A, 0, 1, 4, 5, 8, 9);
        mm.emptyWorkingSet(a);
        touch(a, VIEW_A, 0, 1, 4);
        // pages 0, 1, 4 valid; 5, 8, 9 on Standby; 2, 3, 6, 7 not in memory
        int[] valid = { pfnOf(0), pfnOf(1), pfnOf(4) };
        int[] standby = { pfnOf(5), pfnOf(8), pfnOf(9) };
        for (int pfn : standby) {
            assertEquals(PageList.STANDBY, pfns.location(pfn));
        }
        long reads = mm.disk().reads();

        SimThread reader = startReadAhead(area, 0, 10);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        int dummy = readAhead.dummyPage();
        DiskRequest transfer = mm.disk().pending(0);
        assertEquals(2, transfer.pageOffset(), "leading resident pages are trimmed off");
        assertEquals(6, transfer.count(), "pages 2..7: trailing resident pages are trimmed off");
        int[] read = { transfer.pfn(0), transfer.pfn(1), transfer.pfn(4), transfer.pfn(5) };
        assertEquals(dummy, transfer.pfn(2), "inner resident pages keep the dummy page in the transfer");
        assertEquals(dummy, transfer.pfn(3));
        assertArrayEquals(new int[] { pfnOf(2), pfnOf(3), pfnOf(6), pfnOf(7) }, read);
        int event = pfns.eventId(read[0]);
        for (int pfn : read) {
            assertEquals(PageList.TRANSITION, pfns.location(pfn));
            assertTrue(pfns.isReadInProgress(pfn));
            assertTrue(pfns.isPrototypePte(pfn));
            assertEquals(event, pfns.eventId(pfn), "one in-page event for the cluster");
        }
        assertEquals(3, pfns.referenceCount(dummy), "its own reference and one per inner dummy slot");
        assertEquals(10, readAhead.chargedPages());
        for (int pfn : valid) {
            assertEquals(2, pfns.referenceCount(pfn), "a valid page takes a reference and is not read");
        }
        for (int pfn : standby) {
            assertEquals(PageList.TRANSITION, pfns.location(pfn), "a Standby page is held while the read runs");
            assertEquals(1, pfns.referenceCount(pfn));
        }
        assertEquals(ThreadState.WAITING, reader.state());
        assertEquals(WaitReason.PAGE_IN, reader.waitReason());
        assertEquals(event, reader.waitEventId(), "the caller waits for its read");
        EventRecord readAheadEvent = lastEvent(mm, MmEventType.READ_AHEAD);
        assertEquals(area.prototypePteAddress(0), readAheadEvent.va());
        assertEquals(10, readAheadEvent.detail());
        assertEquals(ReadAhead.Status.READ_ISSUED.ordinal(), readAheadEvent.oldState());
        assertEquals(4, readAheadEvent.newState());
        List<EventRecord> dummyUse = events(mm, MmEventType.DUMMY_PAGE_USE);
        assertEquals(List.of(10L, -8L), dummyUse.stream().map(EventRecord::detail).toList(),
                "biased by the run, then the slots that are not inner dummies given back");
        assertEquals(dummy, dummyUse.get(0).pfn());

        runChecked(simulation, 2_000_000);
        assertEquals(reads + 1, mm.disk().reads(), "one read for the whole cluster");
        assertEquals(ThreadState.TERMINATED, reader.state());
        for (int i = 0; i < read.length; i++) {
            long page = new long[] { 2, 3, 6, 7 }[i];
            assertEquals(PageList.STANDBY, pfns.location(read[i]), "read ahead, clean, not mapped: Standby");
            assertFalse(pfns.isReadInProgress(read[i]));
            assertEquals(read[i], pfnOf(page));
            assertTrue(Pte.isTransition(prototype(page)));
            assertFileContent(page, read[i]);
        }
        for (int pfn : valid) {
            assertEquals(1, pfns.referenceCount(pfn));
            assertEquals(PageList.ACTIVE_AND_VALID, pfns.location(pfn));
        }
        for (int pfn : standby) {
            assertEquals(PageList.STANDBY, pfns.location(pfn));
        }
        assertNothingHeld();
        assertEquals(1, mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE) - 6, "one completion for the cluster");

        // every page of the run is now a soft fault with the file's content
        long faultsBefore = a.hardFaults();
        touch(a, VIEW_A, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertEquals(reads + 1, mm.disk().reads());
        assertEquals(faultsBefore, a.hardFaults());
        for (long page = 0; page < 10; page++) {
            assertFileContent(page, pfnAt(a, VIEW_A + page * 4096));
        }
    }

    @Test
    void oneMissingPageAmongResidentOnesIsReadAloneAndTheDummyHoldsNothing() {
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        touch(a, VIEW_A, 10, 11, 12, 14, 15);
        startReadAhead(area, 10, 6);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        DiskRequest transfer = mm.disk().pending(0);
        assertEquals(13, transfer.pageOffset());
        assertEquals(1, transfer.count());
        assertEquals(pfnOf(13), transfer.pfn(0));
        assertEquals(1, pfns.referenceCount(readAhead.dummyPage()), "no dummy slot is left in the transfer");
        runChecked(simulation, 2_000_000);
        assertFileContent(13, pfnOf(13));
        assertNothingHeld();
    }

    @Test
    void aFullyResidentRunIssuesNoRead() {
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        touch(a, VIEW_A, 20, 21, 22, 23, 24, 25, 26, 27);
        mm.trim(a, 3, 0);
        PageList[] before = new PageList[8];
        int[] references = new int[8];
        for (int i = 0; i < 8; i++) {
            before[i] = pfns.location(pfnOf(20 + i));
            references[i] = pfns.referenceCount(pfnOf(20 + i));
        }
        assertTrue(List.of(before).contains(PageList.STANDBY) && List.of(before).contains(PageList.ACTIVE_AND_VALID));
        long reads = mm.disk().reads();
        long starts = mm.eventLog().count(MmEventType.IN_PAGE_START);

        SimThread reader = startReadAhead(area, 20, 8);
        runChecked(simulation, 2_000_000);
        assertEquals(ThreadState.TERMINATED, reader.state(), "nothing to wait for");
        assertEquals(reads, mm.disk().reads());
        assertEquals(starts, mm.eventLog().count(MmEventType.IN_PAGE_START));
        EventRecord event = lastEvent(mm, MmEventType.READ_AHEAD);
        assertEquals(ReadAhead.Status.RESIDENT.ordinal(), event.oldState());
        assertEquals(0, event.newState());
        assertEquals(List.of(8L, -8L), events(mm, MmEventType.DUMMY_PAGE_USE).stream().map(EventRecord::detail)
                .toList(), "the dummy references are undone");
        for (int i = 0; i < 8; i++) {
            assertEquals(before[i], pfns.location(pfnOf(20 + i)));
            assertEquals(references[i], pfns.referenceCount(pfnOf(20 + i)));
        }
        assertNothingHeld();
    }

    @Test
    void anInjectedReadErrorMarksInPageErrorAndAFaultRetriesTheRead() {
        mm.disk().injectReadError(file, 3, 1);
        List<int[]> transfer = new ArrayList<>();
        List<Boolean> markedWhenReported = new ArrayList<>();
        mm.eventLog().addListener(EventFilter.of(MmEventType.IN_PAGE_ERROR), (log, sequence) -> {
            for (int pfn : transfer.get(0)) {
                markedWhenReported.add(pfns.isInPageError(pfn));
            }
        });
        startReadAhead(area, 0, 8);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        DiskRequest request = mm.disk().pending(0);
        int[] pages = new int[request.count()];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = request.pfn(i);
        }
        transfer.add(pages);
        runChecked(simulation, 2_000_000);

        assertEquals(1, mm.disk().readErrors());
        assertEquals(List.of(true, true, true, true, true, true, true, true), markedWhenReported,
                "every page of the failed transfer is marked InPageError");
        for (int i = 0; i < 8; i++) {
            assertEquals(PteKind.PROTOTYPE, Pte.classify(prototype(i)),
                    "the failed page is discarded: its prototype PTE is the subsection PTE again");
            assertFalse(pfns.isInPageError(pages[i]));
        }
        assertNothingHeld();

        // a fault retries the read (the injected error is used up) and succeeds
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        touch(a, VIEW_A, 3, 5);
        assertEquals(0, a.accessViolations());
        assertFileContent(3, pfnAt(a, VIEW_A + 3 * 4096));
        assertFileContent(5, pfnAt(a, VIEW_A + 5 * 4096));
    }

    @Test
    void aReadAheadAfterAnErrorReadsTheRunAgain() {
        mm.disk().injectReadError(file, 6, 1);
        startReadAhead(area, 4, 4);
        runChecked(simulation, 2_000_000);
        assertEquals(1, mm.disk().readErrors());
        long reads = mm.disk().reads();
        startReadAhead(area, 4, 4);
        runChecked(simulation, 2_000_000);
        assertEquals(reads + 1, mm.disk().reads());
        assertEquals(ReadAhead.Status.READ_ISSUED.ordinal(), lastEvent(mm, MmEventType.READ_AHEAD).oldState());
        for (long page = 4; page < 8; page++) {
            assertEquals(PageList.STANDBY, pfns.location(pfnOf(page)));
            assertFileContent(page, pfnOf(page));
        }
        assertNothingHeld();
    }

    @Test
    void aReadAheadMeetingAFailedSingleReadDiscardsItsPageAndReadsItAgain() {
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        mm.disk().injectReadError(file, 30, 1);
        // a thread faults on page 30 and waits for its read, which will fail
        SimThread faulter = startTouch(a, VIEW_A, 30);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        int failed = pfnOf(30);
        // a read-ahead of higher priority meets the read in flight and waits for it too
        SimThread reader = mm.scheduler().createThread("ra", MemoryManager.SYSTEM_PID, 9,
                new ThreadProgram(simulation, mm.systemProcess(),
                        List.of(ReadAhead.operation("readahead", s -> area, 28, 4))));
        stepUntil(() -> reader.state() == ThreadState.WAITING);
        assertEquals(WaitReason.COLLIDED_PAGE_IN, reader.waitReason());
        assertEquals(pfns.eventId(failed), reader.waitEventId());
        assertEquals(ReadAhead.Status.WAIT.ordinal(), lastEvent(mm, MmEventType.READ_AHEAD).oldState());
        // the read fails; the read-ahead runs first, discards the failed page and reads it with the others
        stepUntil(() -> mm.disk().readErrors() == 1 && mm.disk().pendingCount() == 1);
        assertEquals(4, mm.disk().pending(0).count(), "the failed page is read again with the others");
        assertEquals(28, mm.disk().pending(0).pageOffset());
        assertTrue(events(mm, MmEventType.PAGE_LIST_TRANSITION).stream().anyMatch(
                e -> e.pfn() == failed && e.newState() == PageList.FREE.code()), "the failed page was freed");
        runChecked(simulation, 2_000_000);
        assertEquals(ThreadState.TERMINATED, faulter.state());
        assertEquals(0, a.accessViolations());
        assertFileContent(30, pfnAt(a, VIEW_A + 30 * 4096));
        assertNothingHeld();
    }

    // ------------------------------------------------------------------------------ refusals

    @Test
    void aRunThatCouldWrapTheDummyReferenceCountIsRefused() {
        MappedFile big = sections.file("big.bin", 70_000);
        ControlArea bigArea = sections.sectionForFile(big, Protection.READWRITE);
        int available = pfns.availablePages();
        assertEquals(ReadAhead.Status.TOO_LONG, sections.readAhead(bigArea, 0, 65_535, probe()));
        assertEquals(PfnDatabase.NO_PAGE, readAhead.dummyPage(), "nothing changed: not even the dummy page taken");
        assertEquals(0, readAhead.chargedPages());
        assertEquals(available, pfns.availablePages());
        assertEquals(ReadAhead.Status.NO_MEMORY, sections.readAhead(bigArea, 0, 65_534, probe()),
                "65,534 references would fit the dummy; the pages do not");

        // with a transfer in flight holding two inner dummy slots, the limit is two lower
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        touch(a, VIEW_A, 1, 2);
        startReadAhead(area, 0, 4);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        int dummy = readAhead.dummyPage();
        assertEquals(3, pfns.referenceCount(dummy));
        long dummyEvents = mm.eventLog().count(MmEventType.DUMMY_PAGE_USE);
        assertEquals(ReadAhead.Status.TOO_LONG, sections.readAhead(bigArea, 0, 65_533, probe()));
        assertEquals(3, pfns.referenceCount(dummy));
        assertEquals(dummyEvents, mm.eventLog().count(MmEventType.DUMMY_PAGE_USE));
        assertEquals(ReadAhead.Status.TOO_LONG.ordinal(), lastEvent(mm, MmEventType.READ_AHEAD).oldState());
        assertEquals(ReadAhead.Status.NO_MEMORY, sections.readAhead(bigArea, 0, 65_532, probe()));
        runChecked(simulation, 2_000_000);
        assertNothingHeld();
    }

    @Test
    void aRunThatAvailablePagesAboveTheHighThresholdCannotCoverFails() {
        MappedFile small = sections.file("small.bin", 256);
        ControlArea area = sections.sectionForFile(small, Protection.READWRITE);
        MmProcess hog = mm.createProcess("hog", 16, 1 << 20);
        long base = 0x1_0000_0000L;
        int available = pfns.availablePages();
        // leave about 40 pages above the high threshold once the hog's page tables are made too
        long pages = available - mm.highThreshold() - 40 - (available / 512 + 8);
        mm.allocateVirtual(hog, base, pages * 4096, Protection.READWRITE, true);
        simulation.createThread(hog, "hog", List.of(Operations.touch(base, base + pages * 4096, 4096, true)));
        simulation.run(10_000_000);
        assertInvariants(mm);
        int margin = pfns.availablePages() - mm.highThreshold();
        assertTrue(margin > 0 && margin <= 100, "margin " + margin);

        assertEquals(ReadAhead.Status.NO_MEMORY, sections.readAhead(area, 0, margin + 1, probe()));
        assertEquals(PfnDatabase.NO_PAGE, readAhead.dummyPage());
        assertEquals(margin, pfns.availablePages() - mm.highThreshold(), "nothing taken");
        assertEquals(ReadAhead.Status.NO_MEMORY.ordinal(), lastEvent(mm, MmEventType.READ_AHEAD).oldState());
        assertEquals(margin + 1, lastEvent(mm, MmEventType.READ_AHEAD).detail());

        SimThread reader = probe();
        assertEquals(ReadAhead.Status.READ_ISSUED, sections.readAhead(area, 0, margin, reader));
        assertEquals(ThreadState.WAITING, reader.state());
        assertEquals(margin, readAhead.chargedPages());
        assertInvariants(mm);
        runChecked(simulation, 2_000_000);
        for (long page = 0; page < margin; page++) {
            long proto = sections.prototypePte(area.prototypePteAddress(page));
            assertEquals(small.generatedLong(page, 0), mm.memory().readLong((int) Pte.pfn(proto), 0));
        }
        assertNothingHeld();
    }

    @Test
    void badRunsAreCallerErrors() {
        ControlArea shared = sections.createSection("shm", 8, Protection.READWRITE, null);
        SimThread thread = probe();
        assertThrows(IllegalArgumentException.class, () -> sections.readAhead(shared, 0, 4, thread),
                "the paging file's sections are not read ahead");
        assertThrows(IllegalArgumentException.class, () -> sections.readAhead(area, 60, 5, thread));
        assertThrows(IllegalArgumentException.class, () -> sections.readAhead(area, 0, 0, thread));
        assertThrows(IllegalArgumentException.class, () -> sections.readAhead(area, -1, 2, thread));
        assertEquals(0, mm.eventLog().count(MmEventType.READ_AHEAD));
        assertEquals(ReadAhead.Status.READ_ISSUED, sections.readAhead(area, 0, 2, thread));
        assertThrows(IllegalStateException.class, () -> sections.readAhead(area, 4, 2, thread),
                "a waiting thread cannot read ahead");
        runChecked(simulation, 2_000_000);
        assertNothingHeld();
    }

    // ------------------------------------------------------------------------------ collisions

    @Test
    void faultsOnPagesInFlightAreCollidedFaultsAndAllSeeThePage() {
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        sections.mapView(a, area, VIEW_A, 0, 64, Protection.READONLY);
        sections.mapView(b, area, VIEW_B, 0, 64, Protection.READONLY);
        long reads = mm.disk().reads();
        startReadAhead(area, 0, 16);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        DiskRequest transfer = mm.disk().pending(0);
        assertEquals(16, transfer.count());
        int page3 = transfer.pfn(3);
        int page10 = transfer.pfn(10);
        int event = pfns.eventId(page3);

        SimThread a1 = startTouch(a, VIEW_A, 3);
        SimThread a2 = startTouch(a, VIEW_A, 3);
        SimThread b1 = startTouch(b, VIEW_B, 3, 10);
        stepUntil(() -> mm.eventLog().count(MmEventType.COLLIDED_FAULT) == 3);
        for (SimThread thread : List.of(a1, a2, b1)) {
            assertEquals(ThreadState.WAITING, thread.state());
            assertEquals(WaitReason.COLLIDED_PAGE_IN, thread.waitReason());
            assertEquals(event, thread.waitEventId(), "they wait on the cluster's event");
        }
        for (EventRecord collided : events(mm, MmEventType.COLLIDED_FAULT)) {
            assertEquals(page3, collided.pfn());
            assertEquals(event, collided.detail());
        }
        assertEquals(1, mm.disk().pendingCount(), "a collided fault reads nothing");

        runChecked(simulation, 2_000_000);
        assertEquals(reads + 1, mm.disk().reads());
        assertEquals(page3, pfnAt(a, VIEW_A + 3 * 4096));
        assertEquals(page3, pfnAt(b, VIEW_B + 3 * 4096));
        assertEquals(page10, pfnAt(b, VIEW_B + 10 * 4096));
        assertEquals(2, pfns.shareCount(page3), "a's two threads share one mapping, b has the other");
        assertFileContent(3, page3);
        assertFileContent(10, page10);
        assertEquals(0, a.hardFaults() + b.hardFaults(), "the pages came from the read-ahead: soft faults");
        assertNothingHeld();
    }

    @Test
    void aReadAheadOverlappingOneInFlightWaitsForItAndThenReadsOnlyWhatIsMissing() {
        startReadAhead(area, 0, 8);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        SimThread second = startReadAhead(area, 4, 8);
        stepUntil(() -> second.state() == ThreadState.WAITING);
        assertEquals(WaitReason.COLLIDED_PAGE_IN, second.waitReason());
        assertEquals(ReadAhead.Status.WAIT.ordinal(), lastEvent(mm, MmEventType.READ_AHEAD).oldState());
        assertEquals(1, readAhead.clustersInFlight().size());
        stepUntil(() -> mm.disk().pendingCount() == 1 && readAhead.clustersInFlight().size() == 1
                && readAhead.clustersInFlight().get(0).firstPage() == 4);
        DiskRequest transfer = mm.disk().pending(0);
        assertEquals(8, transfer.pageOffset(), "pages 4..7 are in memory now");
        assertEquals(4, transfer.count());
        runChecked(simulation, 2_000_000);
        for (long page = 0; page < 12; page++) {
            assertFileContent(page, pfnOf(page));
        }
        assertNothingHeld();
    }

    @Test
    void deletingTheSectionWhileItsReadIsInFlightFreesThePagesWhenTheReadCompletes() {
        MappedFile other = sections.file("gone.bin", 16);
        ControlArea gone = sections.sectionForFile(other, Protection.READWRITE);
        startReadAhead(gone, 0, 16);
        stepUntil(() -> mm.disk().pendingCount() == 1);
        int pfn = mm.disk().pending(0).pfn(5);
        sections.deleteSection(gone);
        assertInvariants(mm);
        assertTrue(pfns.isReadInProgress(pfn));
        runChecked(simulation, 2_000_000);
        assertTrue(pfns.location(pfn) == PageList.FREE || pfns.location(pfn) == PageList.ZEROED,
                pfns.location(pfn).ntName());
        assertNothingHeld();
    }

    // ------------------------------------------------------------------------------ the checker

    @Test
    void theCheckerSeesALeakedDummyReferenceAndAWrongCharge() {
        startReadAhead(area, 0, 4);
        runChecked(simulation, 2_000_000);
        int dummy = readAhead.dummyPage();
        assertEquals(PageList.ACTIVE_AND_VALID, pfns.location(dummy));
        assertEquals(1, pfns.shareCount(dummy));
        assertTrue(pfns.isDeleted(dummy), "no PTE maps the dummy page");
        pfns.incrementReferenceCount(dummy);
        List<Violation> violations = InvariantChecker.check(mm);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).toString().contains("references leaked"), violations.toString());
        pfns.decrementReferenceCount(dummy);
        assertInvariants(mm);
    }

    // ------------------------------------------------------------------------------ scenarios

    @Test
    void theScenarioStatementReadsAheadInAThreadAndAtTheTopLevel() throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("test.mms", """
                machine ram=256M colours=16 cpus=2 pagefile=256M seed=5 disk-latency=200us
                process reader {
                    map 0x30000000 file="seq.bin" size=256K r
                    readahead 0..+128K
                    read 0x30000000..+256K
                }
                join reader
                readahead 0x20000..+64K file="seq.bin"
                readahead 0..+256K file="seq.bin"
                """));
        MemoryManager machine = run.simulation().memoryManager();
        long steps = 0;
        while (run.step()) {
            assertEquals(List.of(), InvariantChecker.check(machine), "after step " + ++steps);
        }
        List<EventRecord> readAheads = events(machine, MmEventType.READ_AHEAD);
        assertEquals(List.of(ReadAhead.Status.READ_ISSUED.ordinal(), ReadAhead.Status.RESIDENT.ordinal(),
                ReadAhead.Status.RESIDENT.ordinal()), readAheads.stream().map(EventRecord::oldState).toList());
        assertEquals(List.of(32L, 16L, 64L), readAheads.stream().map(EventRecord::detail).toList());
        assertEquals(1 + 32, machine.disk().reads(), "one cluster for the first half, one read per page of the rest");
        MappedFile seq = machine.sections().files().get("seq.bin");
        ControlArea section = machine.sections().sectionForFile(seq, Protection.READWRITE);
        for (long page = 0; page < 64; page++) {
            int pfn = (int) Pte.pfn(machine.sections().prototypePte(section.prototypePteAddress(page)));
            assertEquals(seq.generatedLong(page, 0), machine.memory().readLong(pfn, 0));
        }
    }

    @Test
    void aReadAheadOfAFileNoStatementCreatedYetIsARunError() throws Exception {
        ScenarioRun run = ScenarioRun.start(ScenarioParser.parse("test.mms", """
                readahead 0..+64K file="late.bin"
                process p { map 0x30000000 file="late.bin" size=64K r }
                """));
        ScenarioRunException error = assertThrows(ScenarioRunException.class, () -> run.run(1_000_000));
        assertTrue(error.getMessage().startsWith("test.mms:1:1: 'readahead': file \"late.bin\" does not exist yet"),
                error.getMessage());
    }
}
