package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.section.ControlArea;

/** Sections, views in several processes, and faults through prototype PTEs (mm-behaviour.md 5). */
class SectionTest {

    private static final long VIEW_A = 0x5000_0000L;
    private static final long VIEW_B = 0x7000_0000L;

    private final Simulation simulation = new Simulation(
            MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 11).withWorkingSet(16, 4096));
    private final MemoryManager mm = simulation.memoryManager();
    private final PfnDatabase pfns = mm.pfns();
    private final SectionManager sections = mm.sections();

    private void run(MmProcess process, Operation... operations) {
        simulation.createThread(process, "t", List.of(operations));
        runChecked(simulation, 2_000_000);
    }

    private int pfnAt(MmProcess process, long va) {
        long pte = mm.pte(process, va);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return (int) Pte.pfn(pte);
    }

    @Test
    void twoProcessesShareTheSamePagesThroughPrototypePtes() {
        ControlArea shm = sections.createSection("shm", 16, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        sections.mapView(a, shm, VIEW_A, 0, 16, Protection.READWRITE);
        sections.mapView(b, shm, VIEW_B, 0, 16, Protection.READONLY);
        assertEquals(2, shm.mappedViews());
        run(a, Operations.touch(VIEW_A, VIEW_A + 16 * 4096, 4096, true));
        run(b, Operations.touch(VIEW_B, VIEW_B + 16 * 4096, 4096, false));
        for (int i = 0; i < 16; i++) {
            int pfn = pfnAt(a, VIEW_A + i * 4096L);
            assertEquals(pfn, pfnAt(b, VIEW_B + i * 4096L), "page " + i + " is the same page in both");
            assertTrue(pfns.isPrototypePte(pfn));
            assertEquals(shm.prototypePteAddress(i), pfns.pteAddress(pfn));
            assertEquals(sections.frameOf(shm.prototypePteAddress(i)), pfns.pteFrame(pfn));
            assertEquals(2, pfns.shareCount(pfn));
            assertTrue(Pte.isValid(sections.prototypePte(shm.prototypePteAddress(i))));
            // what a wrote, b reads
            assertEquals(Operations.contentOf(a, VIEW_A + i * 4096L), mm.memory().readLong(pfn, 0));
        }
        assertFalse(Pte.isWritable(mm.pte(b, VIEW_B)), "b's view is read-only");
        assertEquals(16, sections.pfnReferences(shm));
        assertEquals(16, a.demandZeroFaults());
        assertEquals(16, b.transitionFaults(), "b found every page valid through its prototype PTE");
    }

    @Test
    void trimmingEveryViewPutsTheSharedPageInTransitionAndAFaultTakesItBack() {
        ControlArea shm = sections.createSection("shm", 4, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        sections.mapView(a, shm, VIEW_A, 0, 4, Protection.READWRITE);
        sections.mapView(b, shm, VIEW_B, 0, 4, Protection.READWRITE);
        run(a, Operations.touch(VIEW_A, VIEW_A + 4 * 4096, 4096, true));
        run(b, Operations.touch(VIEW_B, VIEW_B + 4 * 4096, 4096, false));
        int pfn = pfnAt(a, VIEW_A);
        mm.emptyWorkingSet(a);
        assertEquals(PteKind.PROTOTYPE, Pte.classify(mm.pte(a, VIEW_A)), "a trimmed PTE points at the prototype PTE");
        assertEquals(1, pfns.shareCount(pfn));
        assertTrue(Pte.isValid(sections.prototypePte(shm.prototypePteAddress(0))), "b still maps it");
        mm.emptyWorkingSet(b);
        long proto = sections.prototypePte(shm.prototypePteAddress(0));
        assertTrue(Pte.isTransition(proto), Pte.describe(proto));
        assertEquals(PageList.MODIFIED, pfns.location(pfn), "written by a, never written out");
        assertEquals(List.of(), InvariantChecker.check(mm));
        run(b, Operations.touch(VIEW_B, VIEW_B + 4096, 4096, false));
        assertEquals(pfn, pfnAt(b, VIEW_B), "a soft fault: the same page");
        assertEquals(PageList.ACTIVE_AND_VALID, pfns.location(pfn));
    }

    @Test
    void sharedPagesWrittenToThePagingFileComeBackWithTheirContents() {
        ControlArea shm = sections.createSection("shm", 8, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, shm, VIEW_A, 0, 8, Protection.READWRITE);
        run(a, Operations.touch(VIEW_A, VIEW_A + 8 * 4096, 4096, true));
        mm.emptyWorkingSet(a);
        mm.runModifiedPageWriter(8);
        runChecked(simulation, 2_000_000);
        // push them out of memory entirely: repurpose every Standby page
        MmProcess hog = mm.createProcess("hog", 16, 1 << 20);
        long hogBase = 0x1_0000_0000L;
        int available = pfns.availablePages();
        mm.allocateVirtual(hog, hogBase, (long) (available + 4000) * 4096, Protection.READWRITE, true);
        simulation.createThread(hog, "t", List.of(Operations.touch(hogBase, hogBase + (long) (available + 4000) * 4096,
                4096, true)));
        long steps = 0;
        while (steps++ < 5_000_000 && simulation.step()) {
            // the hog's 65,000 faults unchecked (a full check per step would take minutes); checked below
        }
        assertEquals(List.of(), InvariantChecker.check(mm));
        int repurposed = 0;
        for (int i = 0; i < 8; i++) {
            long proto = sections.prototypePte(shm.prototypePteAddress(i));
            assertTrue(Pte.isTransition(proto) || Pte.classify(proto) == PteKind.PAGING_FILE, Pte.describe(proto));
            repurposed += Pte.classify(proto) == PteKind.PAGING_FILE ? 1 : 0;
        }
        assertEquals(8, repurposed, "the hog's pressure repurposed every Standby page of the section");
        run(a, Operations.touch(VIEW_A, VIEW_A + 8 * 4096, 4096, false));
        for (int i = 0; i < 8; i++) {
            assertEquals(Operations.contentOf(a, VIEW_A + i * 4096L), mm.memory().readLong(pfnAt(a, VIEW_A + i * 4096L), 0));
        }
        assertEquals(8, a.hardFaults(), "each came back with a paging-file read");
    }

    @Test
    void aMappedFileIsReadFromTheFileAndWrittenBackToIt() {
        MappedFile file = sections.file("data.bin", 8);
        ControlArea area = sections.sectionForFile(file, Protection.READWRITE);
        assertTrue(area.isFileBacked());
        assertEquals(PteKind.PROTOTYPE, Pte.classify(sections.prototypePte(area.prototypePteAddress(0))),
                "a page not read yet: a subsection PTE");
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 8, Protection.READWRITE);
        run(a, Operations.touch(VIEW_A, VIEW_A + 8 * 4096, 4096, false));
        assertEquals(file.generatedLong(5, 0), mm.memory().readLong(pfnAt(a, VIEW_A + 5 * 4096L), 0));
        assertEquals(8, mm.eventLog().count(MmEventType.IN_PAGE_COMPLETE));
        // write one page, trim, write it back to the file
        run(a, Operations.touch(VIEW_A + 2 * 4096, VIEW_A + 3 * 4096, 4096, true));
        long written = Operations.contentOf(a, VIEW_A + 2 * 4096L);
        mm.emptyWorkingSet(a);
        mm.runModifiedPageWriter(8);
        runChecked(simulation, 2_000_000);
        assertEquals(0, mm.pagingFile().allocatedCount(), "a file's pages never take paging-file space");
        // the view and the section go; mapping the file again reads what was written
        sections.unmapView(a, VIEW_A);
        sections.deleteSection(area);
        assertEquals(List.of(), InvariantChecker.check(mm));
        ControlArea again = sections.sectionForFile(file, Protection.READWRITE);
        sections.mapView(a, again, VIEW_B, 0, 8, Protection.READONLY);
        run(a, Operations.touch(VIEW_B, VIEW_B + 8 * 4096, 4096, false));
        assertEquals(written, mm.memory().readLong(pfnAt(a, VIEW_B + 2 * 4096L), 0));
        assertEquals(file.generatedLong(3, 0), mm.memory().readLong(pfnAt(a, VIEW_B + 3 * 4096L), 0));
    }

    @Test
    void deletingASectionFreesItsPagesItsPagingFileSpaceAndItsPrototypePtes() {
        int availableBefore = pfns.availablePages();
        ControlArea shm = sections.createSection("shm", 32, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, shm, VIEW_A, 0, 32, Protection.READWRITE);
        run(a, Operations.touch(VIEW_A, VIEW_A + 32 * 4096, 4096, true));
        assertThrows(IllegalStateException.class, () -> sections.deleteSection(shm), "a view is still mapped");
        sections.unmapView(a, VIEW_A);
        assertEquals(0, shm.mappedViews());
        assertEquals(32, sections.pfnReferences(shm), "unmapped pages stay with the section (Modified)");
        mm.runModifiedPageWriter(16);
        runChecked(simulation, 2_000_000);
        sections.deleteSection(shm);
        assertTrue(shm.isDeleted());
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertEquals(List.of(), sections.sections());
        assertEquals(0, mm.pools().allocations().stream().filter(x -> x.tag() == SectionManager.SEGMENT_TAG).count());
        mm.exitProcess(a);
        mm.runZeroPageThread(Long.MAX_VALUE);
        runChecked(simulation, 2_000_000);
        // everything but the pool and page-table pages the machine keeps is available again
        assertTrue(pfns.availablePages() >= availableBefore - 8, pfns.availablePages() + " vs " + availableBefore);
    }

    @Test
    void exitUnmapsEveryViewAndTheOtherProcessKeepsThePages() {
        ControlArea shm = sections.createSection("shm", 4, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        sections.mapView(a, shm, VIEW_A, 0, 4, Protection.READWRITE);
        sections.mapView(b, shm, VIEW_B, 0, 4, Protection.READWRITE);
        run(a, Operations.touch(VIEW_A, VIEW_A + 4 * 4096, 4096, true));
        run(b, Operations.touch(VIEW_B, VIEW_B + 4 * 4096, 4096, false));
        int pfn = pfnAt(b, VIEW_B);
        mm.exitProcess(a);
        assertEquals(1, shm.mappedViews());
        assertEquals(1, pfns.shareCount(pfn));
        assertEquals(Operations.contentOf(a, VIEW_A), mm.memory().readLong(pfn, 0));
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    @Test
    void viewsChooseAnAddressAndRefuseWhatDoesNotFit() {
        ControlArea shm = sections.createSection("shm", 16, Protection.READWRITE, null);
        ControlArea readOnly = sections.createSection("ro", 4, Protection.READONLY, null);
        MmProcess a = mm.createProcess("a");
        Vad first = sections.mapView(a, shm, 0, 0, 16, Protection.READWRITE);
        Vad second = sections.mapView(a, shm, 0, 4, 8, Protection.READONLY);
        assertEquals(SectionManager.VIEW_SEARCH_START, first.start());
        assertEquals(SectionManager.VIEW_SEARCH_START + 0x10000, second.start(), "the next 64 KiB-aligned range");
        assertEquals(shm.prototypePteAddress(4), second.prototypePteAddress(second.start()));
        assertThrows(IllegalArgumentException.class, () -> sections.mapView(a, shm, 0, 10, 10, Protection.READONLY));
        assertThrows(IllegalArgumentException.class,
                () -> sections.mapView(a, readOnly, 0, 0, 4, Protection.READWRITE));
        assertThrows(IllegalArgumentException.class, () -> sections.mapView(a, shm, first.start(), 0, 1,
                Protection.READONLY), "overlaps the first view");
        assertThrows(IllegalArgumentException.class, () -> sections.unmapView(a, first.start() + 4096));
        assertThrows(IllegalArgumentException.class, () -> mm.freeVirtual(a, first.start(), 4096, false));
        assertThrows(IllegalArgumentException.class,
                () -> mm.protectVirtual(a, first.start(), 4096, Protection.READONLY));
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    @Test
    void aWriteToAReadOnlyViewIsAnAccessViolation() {
        ControlArea shm = sections.createSection("shm", 1, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, shm, VIEW_A, 0, 1, Protection.READONLY);
        run(a, Operations.touch(VIEW_A, VIEW_A + 4096, 4096, true));
        assertEquals(1, a.accessViolations());
        assertEquals(0, sections.pfnReferences(shm), "the page was never brought in");
    }
}
