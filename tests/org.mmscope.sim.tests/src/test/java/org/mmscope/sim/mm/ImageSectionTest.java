package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.MB;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Access;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.pfn.PfnDatabase;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.section.ControlArea;
import org.mmscope.sim.section.ImagePart;
import org.mmscope.sim.section.Subsection;

/**
 * Image sections (NT: MiCreateImageFileMap, views of images): a header and PE sections, each its own
 * subsection with its own protection, shared read-only pages, private copy-on-write data. The
 * invariant checker runs after every simulation step.
 */
class ImageSectionTest {

    private static final long BASE = 0x1_4000_0000L;
    private static final int PAGE = 4096;
    /** Header 1 page, .text 4 pages (1..4), .rdata 2 (5..6), .data 2 (7..8). */
    private static final List<ImagePart> PARTS = List.of(new ImagePart(".text", 4, Protection.EXECUTE_READ),
            new ImagePart(".rdata", 2, Protection.READONLY), new ImagePart(".data", 2, Protection.WRITECOPY));

    private final Simulation simulation = new Simulation(
            MachineConfig.ofRam(256 * MB, 16, 2, 256 * MB, 23).withWorkingSet(16, 4096));
    private final MemoryManager mm = simulation.memoryManager();
    private final PfnDatabase pfns = mm.pfns();
    private final SectionManager sections = mm.sections();

    private void run(MmProcess process, long page, Access access) {
        run(process, page, access, -1);
    }

    private void run(MmProcess process, long page, Access access, int valueByte) {
        long va = BASE + page * PAGE;
        simulation.createThread(process, "t", List.of(Operations.touch(va, va + PAGE, PAGE, access, valueByte)));
        runChecked(simulation, 2_000_000);
    }

    private long pteOf(MmProcess process, long page) {
        return mm.pte(process, BASE + page * PAGE);
    }

    private int pfnAt(MmProcess process, long page) {
        long pte = pteOf(process, page);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return (int) Pte.pfn(pte);
    }

    private long word(MmProcess process, long page, int index) {
        return mm.memory().readLong(pfnAt(process, page), index * 8);
    }

    private void assertInvariants() {
        assertEquals(List.of(), InvariantChecker.check(mm));
    }

    @Test
    void anImageHasAHeaderAndOneSubsectionPerSectionWithItsProtection() {
        MappedFile file = sections.file("app.exe", 9);
        ControlArea image = sections.createImageSection("app", file, PARTS);
        assertTrue(image.isImage());
        assertTrue(image.isFileBacked());
        assertEquals(9, image.pages());
        assertEquals(Protection.EXECUTE_WRITECOPY, image.protection());
        List<Subsection> subs = image.subsections();
        assertEquals(List.of("header", ".text", ".rdata", ".data"), subs.stream().map(Subsection::name).toList());
        assertEquals(List.of(Protection.READONLY, Protection.EXECUTE_READ, Protection.READONLY, Protection.WRITECOPY),
                subs.stream().map(Subsection::protection).toList());
        assertEquals(List.of(0L, 1L, 5L, 7L), subs.stream().map(Subsection::firstPage).toList());
        assertEquals(List.of(0L, 1L, 5L, 7L), subs.stream().map(Subsection::fileOffsetPages).toList(),
                "the sections lie one after the other after the header");
        for (long i = 0; i < 9; i++) {
            long proto = sections.prototypePte(image.prototypePteAddress(i));
            assertEquals(PteKind.PROTOTYPE, Pte.classify(proto), "a subsection PTE");
            assertEquals(image.subsectionOf(i).address(), Pte.prototypeAddress(proto));
            assertEquals(image.subsectionOf(i).protection(), Pte.protection(proto));
            assertEquals(image.subsectionOf(i).protection(), image.protectionOf(i));
        }
        EventRecord created = PoolTestSupport.lastEvent(mm, MmEventType.SECTION_CREATE);
        assertEquals(2, created.newState(), "2: an image");
        assertEquals(9, created.detail());
        assertTrue(image.toString().contains("image app.exe"), image.toString());
        assertInvariants();
    }

    @Test
    void twoProcessesShareTheImagesReadOnlyPagesAndKeepTheirDataPrivate() {
        MappedFile file = sections.file("app.exe", 9);
        ControlArea image = sections.createImageSection("app", file, PARTS);
        MmProcess a = mm.createProcess("a");
        MmProcess b = mm.createProcess("b");
        Vad viewA = sections.mapView(a, image, BASE, 0, 9, Protection.READWRITE);
        sections.mapView(b, image, BASE, 0, 9, Protection.READONLY);
        assertEquals(Protection.EXECUTE_WRITECOPY, viewA.protection(), "an image view is EXECUTE_WRITECOPY");

        // .text: executed by both, one page each, shared
        for (long page = 1; page <= 4; page++) {
            run(a, page, Access.EXECUTE);
            run(b, page, Access.EXECUTE);
            int pfn = pfnAt(a, page);
            assertEquals(pfn, pfnAt(b, page), "one physical page for both");
            assertEquals(2, pfns.shareCount(pfn));
            long pte = pteOf(a, page);
            assertFalse(Pte.isWritable(pte), ".text is not writable");
            assertFalse(Pte.isNoExecute(pte), ".text is executable");
            assertFalse(Pte.isCopyOnWrite(pte));
            assertEquals(file.generatedLong(page, 0), word(a, page, 0), "the file's page at its offset");
        }
        assertEquals(0, a.accessViolations());
        run(a, 2, Access.WRITE);
        assertEquals(1, a.accessViolations(), "a write to .text is an access violation");
        assertEquals(file.generatedLong(2, 0), word(b, 2, 0), "and changed nothing");

        // .rdata: readable, not executable, not writable
        run(a, 5, Access.EXECUTE);
        assertEquals(2, a.accessViolations(), "executing .rdata is refused before the page is read");
        assertEquals(PteKind.PROTOTYPE, Pte.classify(pteOf(a, 5)));
        run(a, 5, Access.READ);
        assertEquals(file.generatedLong(5, 0), word(a, 5, 0));
        assertTrue(Pte.isNoExecute(pteOf(a, 5)), ".rdata is mapped no-execute");
        run(a, 5, Access.EXECUTE);
        assertEquals(3, a.accessViolations(), "and executing it through the valid PTE is refused (NX)");
        run(a, 6, Access.WRITE);
        assertEquals(4, a.accessViolations(), "a write to .rdata is an access violation");

        // header: read-only
        run(a, 0, Access.READ);
        assertEquals(file.generatedLong(0, 0), word(a, 0, 0));
        run(a, 0, Access.WRITE);
        assertEquals(5, a.accessViolations());

        // .data: copy-on-write, each process its own copy
        run(b, 7, Access.READ);
        int sharedData = pfnAt(b, 7);
        assertTrue(Pte.isCopyOnWrite(pteOf(b, 7)));
        run(a, 7, Access.WRITE, 0xAA);
        run(b, 7, Access.WRITE, 0xBB);
        int copyA = pfnAt(a, 7);
        int copyB = pfnAt(b, 7);
        assertNotEquals(copyA, copyB);
        assertNotEquals(sharedData, copyA);
        assertNotEquals(sharedData, copyB);
        assertEquals(0xAAAA_AAAA_AAAA_AAAAL, word(a, 7, 0));
        assertEquals(0xBBBB_BBBB_BBBB_BBBBL, word(b, 7, 0));
        assertEquals(file.generatedLong(7, 1), word(a, 7, 1), "the rest of the page is the file's");
        assertEquals(1, a.privatePages());
        assertEquals(1, b.privatePages());
        assertEquals(PteKind.TRANSITION, Pte.classify(sections.prototypePte(image.prototypePteAddress(7))),
                "nobody maps the image's own .data page any more");
        run(a, 8, Access.READ);
        run(b, 8, Access.READ);
        assertEquals(pfnAt(a, 8), pfnAt(b, 8), "untouched .data is still shared");
        assertEquals(5, a.accessViolations());
        assertEquals(0, b.accessViolations());

        // trimming and the modified page writer never write the image back
        mm.emptyWorkingSet(a);
        mm.emptyWorkingSet(b);
        mm.runModifiedPageWriter(64);
        runChecked(simulation, 2_000_000);
        assertEquals(0, file.writtenPageCount(), "an image is never written back");
        assertEquals(2, mm.pagingFile().allocatedCount(), "the two private .data copies went to the paging file");
        run(a, 7, Access.READ);
        assertEquals(0xAAAA_AAAA_AAAA_AAAAL, word(a, 7, 0));

        mm.exitProcess(a);
        mm.exitProcess(b);
        assertEquals(0, image.mappedViews());
        assertEquals(0, mm.pagingFile().allocatedCount());
        assertInvariants();
    }

    @Test
    void imagesRefuseWhatTheyCannotDo() {
        MappedFile small = sections.file("small.exe", 4);
        assertThrows(IllegalArgumentException.class, () -> sections.createImageSection("small", small, PARTS),
                "the file is shorter than the image");
        assertThrows(IllegalArgumentException.class, () -> new ImagePart(".data", 1, Protection.READWRITE),
                "a writable image part is copy-on-write");
        assertThrows(IllegalArgumentException.class, () -> new ImagePart(".bss", 0, Protection.WRITECOPY));
        assertThrows(IllegalArgumentException.class,
                () -> sections.createImageSection("empty", sections.file("e.exe", 1), List.of()));
        MappedFile file = sections.file("app.exe", 9);
        ControlArea image = sections.createImageSection("app", file, PARTS);
        MmProcess a = mm.createProcess("a");
        assertThrows(IllegalArgumentException.class, () -> sections.mapView(a, image, BASE, 1, 4, Protection.READONLY),
                "a view of an image maps it whole");
        assertInvariants();
    }

    @Test
    void theCheckerCatchesAModifiedImagePageAndAWrongSubsectionProtection() {
        MappedFile file = sections.file("app.exe", 9);
        ControlArea image = sections.createImageSection("app", file, PARTS);
        MmProcess a = mm.createProcess("a");
        sections.mapView(a, image, BASE, 0, 9, Protection.EXECUTE_WRITECOPY);
        run(a, 1, Access.EXECUTE);
        pfns.setModified(pfnAt(a, 1), true); // corruption: nothing may write an image page
        List<Violation> violations = InvariantChecker.check(mm);
        assertTrue(violations.stream().anyMatch(v -> v.message().contains("modified page of an image")),
                violations.toString());
        pfns.setModified(pfnAt(a, 1), false);
        long address = image.prototypePteAddress(5);
        sections.writePrototype(address, Pte.prototype(image.subsectionOf(5).address(), false,
                Protection.EXECUTE_READ)); // corruption: .rdata made executable
        violations = InvariantChecker.check(mm);
        assertTrue(violations.stream().anyMatch(v -> v.message().contains("subsection .rdata has protection")),
                violations.toString());
    }
}
