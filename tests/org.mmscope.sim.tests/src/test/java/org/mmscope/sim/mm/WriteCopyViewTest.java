package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pfn.PageList;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.sim.section.CloneBlock;
import org.mmscope.sim.section.ControlArea;

/**
 * WRITECOPY views of sections (NT: MiCopyOnWrite for a section page): the section's page mapped
 * write-protected and CopyOnWrite, a write copying it into a private page of the process, that private
 * page living on in the view (trim, paging file, unmap, exit, fork). The invariant checker runs after
 * every simulation step.
 */
class WriteCopyViewTest {

    private static final long VIEW_A = 0x5000_0000L;
    private static final long VIEW_B = 0x7000_0000L;
    private static final int PAGE = 4096;

    private final Simulation simulation = new Simulation(
            MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 17).withWorkingSet(16, 4096));
    private final MemoryManager mm = simulation.memoryManager();
    private final PfnDatabase pfns = mm.pfns();
    private final SectionManager sections = mm.sections();

    private void run(MmProcess process, Operation... operations) {
        simulation.createThread(process, "t", List.of(operations));
        runChecked(simulation, 2_000_000);
    }

    private void read(MmProcess process, long va) {
        run(process, Operations.touch(va, va + PAGE, PAGE, false));
    }

    private void write(MmProcess process, long va, int valueByte) {
        run(process, Operations.touch(va, va + PAGE, PAGE, Access.WRITE, valueByte));
    }

    private int pfnAt(MmProcess process, long va) {
        long pte = mm.pte(process, va);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return (int) Pte.pfn(pte);
    }

    private long word(MmProcess process, long va, int index) {
        return mm.memory().readLong(pfnAt(process, va), index * 8);
    }

    private static long filled(int valueByte) {
        return 0x0101_0101_0101_0101L * valueByte;
    }

    private void assertInvariants() {
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    /**
     * Trims {@code process}, writes its modified pages out and takes every available page once, which
     * repurposes the Standby pages (their PTEs become paging-file PTEs), then gives them back zeroed.
     */
    private void pageOut(MmProcess process) {
        mm.emptyWorkingSet(process);
        mm.runModifiedPageWriter(64);
        runChecked(simulation, 2_000_000);
        List<Integer> taken = new ArrayList<>();
        for (int pfn = pfns.removeAnyPage(0); pfn >= 0; pfn = pfns.removeAnyPage(0)) {
            taken.add(pfn);
        }
        for (int pfn : taken) {
            mm.memory().zeroPage(pfn);
            pfns.insertInList(PageList.ZEROED, pfn);
        }
        assertInvariants();
    }

    @Test
    void aWriteCopyViewOfAFileReadsTheFileAndAWriteMakesAPrivateCopy() {
        MappedFile file = sections.file("data.bin", 8);
        ControlArea area = sections.createSection("data", 8, Protection.READONLY, file);
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        sections.mapView(a, area, VIEW_A, 0, 8, Protection.WRITECOPY); // allowed on a read-only section
        sections.mapView(b, area, VIEW_B, 0, 8, Protection.READONLY);
        run(a, Operations.touch(VIEW_A, VIEW_A + 8 * PAGE, PAGE, false));
        run(b, Operations.touch(VIEW_B, VIEW_B + 8 * PAGE, PAGE, false));
        for (int i = 0; i < 8; i++) {
            long pte = mm.pte(a, VIEW_A + (long) i * PAGE);
            assertFalse(Pte.isWritable(pte), "write-protected");
            assertTrue(Pte.isCopyOnWrite(pte), "and copy-on-write");
            assertEquals(file.generatedLong(i, 0), word(a, VIEW_A + (long) i * PAGE, 0), "the file's content");
            assertEquals(pfnAt(a, VIEW_A + (long) i * PAGE), pfnAt(b, VIEW_B + (long) i * PAGE), "one page for both");
        }
        long target = VIEW_A + 2 * PAGE;
        int shared = pfnAt(a, target);
        assertEquals(2, pfns.shareCount(shared));

        write(a, target, 0x77);
        int copy = pfnAt(a, target);
        assertNotEquals(shared, copy, "a has a page of its own");
        assertEquals(filled(0x77), word(a, target, 0), "with a's write");
        assertEquals(file.generatedLong(2, 1), word(a, target, 1), "and the rest of the file's page");
        long pte = mm.pte(a, target);
        assertTrue(Pte.isWritable(pte) && Pte.isDirty(pte) && Pte.isAccessed(pte), Pte.describe(pte));
        assertFalse(Pte.isCopyOnWrite(pte));
        assertFalse(pfns.isPrototypePte(copy), "a private page");
        assertEquals(X64Paging.entryAddress(target, 1), pfns.pteAddress(copy), "naming a's own PTE");
        assertEquals(pfns.colour(shared), pfns.colour(copy), "of the source's colour");
        assertEquals(Protection.READWRITE, Pte.protection(pfns.originalPte(copy)), "WRITECOPY's copy is READWRITE");
        assertEquals(1, pfns.shareCount(shared), "one share of the section page dropped");
        assertEquals(pfnAt(b, VIEW_B + 2 * PAGE), shared, "b keeps the section's page");
        assertEquals(file.generatedLong(2, 0), word(b, VIEW_B + 2 * PAGE, 0), "with the original content");
        assertFalse(pfns.isModified(shared), "the section page was never written");
        assertEquals(1, a.privatePages());
        assertEquals(1, a.copyOnWriteFaults());
        EventRecord fault = PoolTestSupport.lastEvent(mm, MmEventType.FAULT_COPY_ON_WRITE);
        assertEquals(shared, fault.pfn());
        EventRecord cow = PoolTestSupport.lastEvent(mm, MmEventType.COPY_ON_WRITE);
        assertEquals(copy, cow.pfn());
        assertEquals(shared, cow.detail());

        // trimmed and written out: the private copy goes to the paging file, the file is never written
        pageOut(a);
        pageOut(b);
        assertEquals(0, file.writtenPageCount(), "a WRITECOPY view never writes its file");
        assertEquals(PteKind.PAGING_FILE, Pte.classify(mm.pte(a, target)), "the private copy is in the paging file");
        assertEquals(1, mm.pagingFile().allocatedCount());
        long hardBefore = a.hardFaults();
        read(a, target);
        assertEquals(hardBefore + 1, a.hardFaults(), "a hard fault from the paging file");
        assertEquals(filled(0x77), word(a, target, 0), "the written content is back");
        assertEquals(file.generatedLong(2, 1), word(a, target, 1));
        assertFalse(pfns.isPrototypePte(pfnAt(a, target)));
        read(a, VIEW_A + 3 * PAGE);
        assertEquals(file.generatedLong(3, 0), word(a, VIEW_A + 3 * PAGE, 0), "the other pages still show the file");
        assertTrue(Pte.isCopyOnWrite(mm.pte(a, VIEW_A + 3 * PAGE)));

        sections.unmapView(a, VIEW_A);
        assertEquals(0, a.privatePages(), "unmapping freed the private copy");
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertInvariants();
        mm.exitProcess(a);
        mm.exitProcess(b);
        assertInvariants();
        assertEquals(0, file.writtenPageCount());
    }

    @Test
    void theFirstWriteCopiesAtOnceAndTheLastShareSendsTheSectionPageToStandby() {
        MappedFile file = sections.file("lib.bin", 4);
        ControlArea area = sections.sectionForFile(file, Protection.READWRITE);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, area, VIEW_A, 0, 4, Protection.WRITECOPY);
        long faultsBefore = a.pageFaults();
        write(a, VIEW_A + PAGE, 0x42);
        assertEquals(filled(0x42), word(a, VIEW_A + PAGE, 0));
        assertEquals(file.generatedLong(1, 5), word(a, VIEW_A + PAGE, 5), "copied from the page read from the file");
        assertEquals(1, a.copyOnWriteFaults());
        assertEquals(1, a.privatePages());
        // one fault read the page (and waited), the retaken fault mapped it and copied it at once
        assertEquals(faultsBefore + 2, a.pageFaults());
        long proto = sections.prototypePte(area.prototypePteAddress(1));
        assertTrue(Pte.isTransition(proto), "nobody maps the section page: " + Pte.describe(proto));
        int sectionPage = (int) Pte.pfn(proto);
        assertEquals(PageList.STANDBY, pfns.location(sectionPage), "clean: the copy never dirtied it");
        assertEquals(Protection.READWRITE, Pte.protection(proto));
        mm.exitProcess(a);
        mm.runModifiedPageWriter(16);
        runChecked(simulation, 2_000_000);
        assertEquals(0, file.writtenPageCount());
        assertInvariants();
    }

    @Test
    void aWriteCopyViewOfSharedMemoryCopiesWhatTheWritableViewWrote() {
        ControlArea shm = sections.createSection("shm", 4, Protection.READWRITE, null);
        MmProcess owner = mm.createProcess("owner");
        MmProcess reader = mm.createProcess("reader");
        sections.mapView(owner, shm, VIEW_A, 0, 4, Protection.READWRITE);
        sections.mapView(reader, shm, VIEW_B, 0, 4, Protection.EXECUTE_WRITECOPY);
        run(owner, Operations.touch(VIEW_A, VIEW_A + 4 * PAGE, PAGE, true));
        int shared = pfnAt(owner, VIEW_A);
        write(reader, VIEW_B, 0x33);
        assertEquals(filled(0x33), word(reader, VIEW_B, 0));
        assertEquals(Operations.contentOf(owner, VIEW_A), word(owner, VIEW_A, 0), "the owner's page is unchanged");
        assertEquals(1, pfns.shareCount(shared));
        assertEquals(Protection.EXECUTE_READWRITE, Pte.protection(pfns.originalPte(pfnAt(reader, VIEW_B))));
        // the owner's later writes are not seen by the copy, but are seen through the untouched pages
        write(owner, VIEW_A + PAGE, 0x11);
        read(reader, VIEW_B + PAGE);
        assertEquals(filled(0x11), word(reader, VIEW_B + PAGE, 0));
        write(owner, VIEW_A, 0x12);
        assertEquals(filled(0x33), word(reader, VIEW_B, 0));
        mm.exitProcess(reader);
        assertEquals(0, reader.privatePages());
        assertInvariants();
    }

    @Test
    void aForkSharesTheViewsPrivateCopiesWithTheChildAndWritesStayPrivate() {
        MappedFile file = sections.file("state.bin", 4);
        ControlArea area = sections.sectionForFile(file, Protection.READWRITE);
        MmProcess parent = mm.createProcess("parent");
        sections.mapView(parent, area, VIEW_A, 0, 4, Protection.WRITECOPY);
        run(parent, Operations.touch(VIEW_A, VIEW_A + 4 * PAGE, PAGE, false));
        write(parent, VIEW_A + PAGE, 0x71);
        write(parent, VIEW_A + 2 * PAGE, 0x72);
        mm.emptyWorkingSet(parent);
        read(parent, VIEW_A + PAGE); // page 1 valid private, page 2 private in transition, pages 0 and 3 the file's
        assertEquals(PteKind.TRANSITION, Pte.classify(mm.pte(parent, VIEW_A + 2 * PAGE)));
        assertEquals(2, parent.privatePages());

        MmProcess child = mm.forks().fork(parent, "child");
        assertInvariants();
        assertEquals(1, mm.forks().cloneBlocks().size(), "one clone block for the view's private copies");
        CloneBlock block = mm.forks().cloneBlocks().get(0);
        assertEquals(2, block.entries());
        assertEquals(0, parent.privatePages(), "the copies are shared now");
        assertTrue(child.vads().find(VIEW_A).isView());
        assertTrue(Pte.isCopyOnWrite(mm.pte(parent, VIEW_A + PAGE)), "the parent's copy is write-protected");

        run(child, Operations.touch(VIEW_A, VIEW_A + 4 * PAGE, PAGE, false));
        assertEquals(file.generatedLong(0, 0), word(child, VIEW_A, 0), "the child sees the file where untouched");
        assertEquals(filled(0x71), word(child, VIEW_A + PAGE, 0), "and the parent's private copies");
        assertEquals(filled(0x72), word(child, VIEW_A + 2 * PAGE, 0));
        assertEquals(file.generatedLong(1, 3), word(child, VIEW_A + PAGE, 3));
        assertEquals(pfnAt(parent, VIEW_A + PAGE), pfnAt(child, VIEW_A + PAGE), "one page through the clone block");
        assertEquals(area.prototypePteAddress(0), pfns.pteAddress(pfnAt(child, VIEW_A)), "page 0 is the section's");

        write(child, VIEW_A + PAGE, 0x55);
        assertEquals(filled(0x55), word(child, VIEW_A + PAGE, 0));
        assertEquals(filled(0x71), word(parent, VIEW_A + PAGE, 0), "the child's write stays the child's");
        write(parent, VIEW_A + 2 * PAGE, 0x66);
        assertEquals(filled(0x66), word(parent, VIEW_A + 2 * PAGE, 0));
        assertEquals(filled(0x72), word(child, VIEW_A + 2 * PAGE, 0), "the parent's write stays the parent's");
        write(child, VIEW_A + 3 * PAGE, 0x44);
        read(parent, VIEW_A + 3 * PAGE);
        assertEquals(file.generatedLong(3, 0), word(parent, VIEW_A + 3 * PAGE, 0));
        assertEquals(1, parent.privatePages());
        assertEquals(2, child.privatePages());

        mm.exitProcess(child);
        sections.unmapView(parent, VIEW_A);
        assertEquals(List.of(), mm.forks().cloneBlocks(), "every clone reference was dropped");
        assertEquals(0, parent.privatePages());
        assertInvariants();
        assertEquals(0, file.writtenPageCount());
    }

    @Test
    void theCheckerCatchesAWritableSectionPageInAWriteCopyView() {
        ControlArea shm = sections.createSection("shm", 1, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, shm, VIEW_A, 0, 1, Protection.WRITECOPY);
        read(a, VIEW_A);
        int pt = mm.pageTable(a, VIEW_A);
        int index = X64Paging.tableIndex(VIEW_A, 1);
        long pte = mm.tableEntry(pt, index);
        mm.writePte(pt, index, VIEW_A, Pte.setWritable(pte, true)); // corruption: a write would reach the section
        List<Violation> violations = InvariantChecker.check(mm);
        assertTrue(violations.stream().anyMatch(v -> v.toString().contains("writable")), violations.toString());
    }

    @Test
    void aCopyOnWritePteInAViewThatIsNotCopyOnWriteIsABugcheck() {
        ControlArea shm = sections.createSection("shm", 1, Protection.READWRITE, null);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, shm, VIEW_A, 0, 1, Protection.READWRITE);
        read(a, VIEW_A);
        int pt = mm.pageTable(a, VIEW_A);
        int index = X64Paging.tableIndex(VIEW_A, 1);
        long pte = mm.tableEntry(pt, index);
        mm.writePte(pt, index, VIEW_A, Pte.setCopyOnWrite(Pte.setWritable(pte, false), true));
        mm.flushTlb(a, VIEW_A);
        simulation.createThread(a, "t", List.of(Operations.touch(VIEW_A, VIEW_A + PAGE, PAGE, true)));
        BugCheckException e = assertThrows(BugCheckException.class, () -> {
            while (simulation.step()) {
                // until the fault
            }
        });
        assertEquals(BugCheckCode.MEMORY_MANAGEMENT, e.code());
        assertEquals(BugCheckCode.MM_CLONE_BLOCK_CORRUPT, e.parameter(1), e.getMessage());
    }
}
