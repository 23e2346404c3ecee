package org.mmscope.sim.run;

import static org.mmscope.sim.run.ScenarioTestSupport.runChecked;
import static org.mmscope.sim.run.ScenarioTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.MappedFile;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.PteKind;
import org.mmscope.sim.scenario.ScenarioException;
import org.mmscope.sim.section.ControlArea;

/** Image sections and WRITECOPY views run by scenarios ({@code section image}, {@code map ... wc}). */
class ImageScenarioTest {

    private static final long BASE = 0x4000_0000L;


    private static long word(MemoryManager mm, MmProcess process, long va) {
        long pte = mm.pte(process, va);
        assertTrue(Pte.isValid(pte), Pte.describe(pte));
        return mm.memory().readLong((int) Pte.pfn(pte), 0);
    }

    @Test
    void twoProcessesRunTheSameImage() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=256M seed=9
                section image app file="app.exe" text=16K rdata=8K data=8K
                process a {
                    thread t {
                        map 0x40000000 section=app
                        touch 0x40001000..+16K execute
                        read 0x40005000..+8K
                        write 0x40007000..+8K value=0xaa
                        touch 0x40002000 write          # .text: access violation
                        touch 0x40005000 execute        # .rdata: no-execute
                    }
                }
                process b {
                    thread t {
                        map 0x40000000 section=app r
                        touch 0x40001000..+16K execute
                        read 0x40000000                 # the header
                        touch 0x40000000 write          # read-only: access violation
                        write 0x40007000 value=0xbb
                        read 0x40008000
                    }
                }
                join a
                join b
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        ControlArea app = run.sections().get("app");
        assertTrue(app.isImage());
        assertEquals(2, app.mappedViews());
        assertEquals(2, mm.eventLog().count(MmEventType.VIEW_MAP));
        MappedFile file = mm.sections().files().get("app.exe");
        assertEquals(1 + 4 + 2 + 2, file.sizeInPages(), "the file was made with the image's size");
        MmProcess a = run.process("a");
        MmProcess b = run.process("b");
        assertEquals(Protection.EXECUTE_WRITECOPY, a.vads().find(BASE).protection());
        assertEquals(Protection.EXECUTE_WRITECOPY, b.vads().find(BASE).protection(), "whatever 'map' asked");
        assertEquals(2, a.accessViolations(), "the write to .text and the execute on .rdata");
        assertEquals(1, b.accessViolations(), "the write to the header");
        assertEquals(2, a.copyOnWriteFaults(), "a's two .data pages");
        assertEquals(1, b.copyOnWriteFaults(), "b's one");

        for (long text = BASE + 0x1000; text < BASE + 0x5000; text += 0x1000) {
            assertEquals(Pte.pfn(mm.pte(a, text)), Pte.pfn(mm.pte(b, text)), ".text is one physical page");
            assertEquals(2, mm.pfns().shareCount((int) Pte.pfn(mm.pte(a, text))));
            assertFalse(Pte.isWritable(mm.pte(a, text)));
            assertFalse(Pte.isNoExecute(mm.pte(a, text)));
            assertEquals(file.generatedLong((text - BASE) >>> 12, 0), word(mm, a, text));
        }
        assertTrue(Pte.isNoExecute(mm.pte(a, BASE + 0x5000)), ".rdata is no-execute");
        long data = BASE + 0x7000;
        assertNotEquals(Pte.pfn(mm.pte(a, data)), Pte.pfn(mm.pte(b, data)), ".data is private after a write");
        assertEquals(0xAAAA_AAAA_AAAA_AAAAL, word(mm, a, data));
        assertEquals(0xBBBB_BBBB_BBBB_BBBBL, word(mm, b, data));
        assertEquals(2, a.privatePages());
        assertEquals(1, b.privatePages());
        assertEquals(file.generatedLong(8, 0), word(mm, b, BASE + 0x8000), "untouched .data is the file's");
        assertEquals(3, mm.eventLog().count(MmEventType.COPY_ON_WRITE));
        assertEquals(0, file.writtenPageCount());
    }

    @Test
    void theFirstRunWritesNothingBackToTheImage() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=256M seed=9
                section image app file="app.exe" text=8K data=8K
                process a {
                    map 0x40000000 section=app
                    write 0x40003000..+8K
                    touch 0x40001000..+8K execute
                }
                join a
                trim all
                run modified-page-writer
                wait 50ms
                in a: read 0x40003000..+8K
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        MmProcess a = run.process("a");
        assertEquals(0, mm.sections().files().get("app.exe").writtenPageCount(), "an image is never written back");
        assertEquals(2, a.privatePages());
        assertEquals(PteKind.HARDWARE, Pte.classify(mm.pte(a, BASE + 0x3000)));
        assertEquals(org.mmscope.sim.mm.Operations.contentOf(a, BASE + 0x3000), word(mm, a, BASE + 0x3000),
                "the private .data page came back with a's write");
        assertEquals(1, mm.eventLog().count(MmEventType.SECTION_CREATE));
    }

    @Test
    void aWriteCopyMapOfAReadOnlyFile() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=256M seed=4
                section create ro size=64K r file="cfg.bin"
                process a {
                    map 0x50000000 section=ro wc
                    write 0x50000000..+16K value=0x11
                    read 0x50004000..+16K
                }
                process b {
                    wait 5ms
                    map 0x50000000 section=ro r
                    read 0x50000000..+32K
                }
                join a
                join b
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        MappedFile file = mm.sections().files().get("cfg.bin");
        MmProcess a = run.process("a");
        MmProcess b = run.process("b");
        assertEquals(0x1111_1111_1111_1111L, word(mm, a, 0x5000_0000L));
        assertEquals(file.generatedLong(0, 0), word(mm, b, 0x5000_0000L), "b sees the file, not a's copy");
        assertEquals(Pte.pfn(mm.pte(a, 0x5000_4000L)), Pte.pfn(mm.pte(b, 0x5000_4000L)), "read pages are shared");
        assertEquals(4, a.privatePages());
        assertEquals(0, file.writtenPageCount());
    }

    @Test
    void aForkedChildSeesTheParentsImageDataAndWritesStayPrivate() throws ScenarioException {
        ScenarioRun run = start("""
                machine ram=256M pagefile=256M seed=12
                section image app file="app.exe" text=8K data=512K  # 128 .data pages: a fork of several steps
                process parent {
                    map 0x40000000 section=app
                    touch 0x40001000..+8K execute
                    write 0x40003000..+512K value=0x5a
                }
                join parent
                fork parent as child
                in child: write 0x40003000 value=0xc1
                in parent: write 0x40004000 value=0x9a
                in child: read 0x40003000..+512K
                in parent: read 0x40003000..+512K
                """);
        runChecked(run);
        MemoryManager mm = run.simulation().memoryManager();
        MmProcess parent = run.process("parent");
        MmProcess child = run.process("child");
        assertEquals(1, mm.eventLog().count(MmEventType.CLONE_CREATE), "the view's private copies went to a clone block");
        assertEquals(0xC1C1_C1C1_C1C1_C1C1L, word(mm, child, BASE + 0x3000));
        assertEquals(0x5A5A_5A5A_5A5A_5A5AL, word(mm, parent, BASE + 0x3000), "the child's write is the child's");
        assertEquals(0x9A9A_9A9A_9A9A_9A9AL, word(mm, parent, BASE + 0x4000));
        assertEquals(0x5A5A_5A5A_5A5A_5A5AL, word(mm, child, BASE + 0x4000), "the parent's write is the parent's");
        for (long va = BASE + 0x5000; va < BASE + 0x83000; va += 0x1000) {
            assertEquals(Pte.pfn(mm.pte(parent, va)), Pte.pfn(mm.pte(child, va)), "the rest is shared");
            assertEquals(0x5A5A_5A5A_5A5A_5A5AL, word(mm, child, va), "with the parent's data");
        }
        assertEquals(1, child.privatePages());
        assertEquals(1, parent.privatePages());
        assertEquals(0, mm.sections().files().get("app.exe").writtenPageCount());
    }

    @Test
    void imageMistakesAreErrorsAtTheirStatement() throws ScenarioException {
        ScenarioException missing = assertThrows(ScenarioException.class, () -> start("""
                section image app file="app.exe" rdata=8K
                """));
        assertTrue(missing.getMessage().startsWith("test.mms:1:1: "), missing.getMessage());
        assertTrue(missing.getMessage().contains("text="), missing.getMessage());
        ScenarioException aligned = assertThrows(ScenarioException.class, () -> start("""
                section image app file="app.exe" text=5000
                """));
        assertEquals("test.mms:1:39: text=5000 is not a multiple of 4K (0x1000)", aligned.getMessage());

        ScenarioRun small = start("""
                machine ram=256M
                process a { map 0x50000000 file="small.bin" size=16K r }
                join a
                section image app file="small.bin" text=64K
                """);
        ScenarioRunException e = assertThrows(ScenarioRunException.class, () -> small.run(100_000));
        assertTrue(e.getMessage().startsWith("test.mms:4:1: 'section image': small.bin has 4 pages, fewer than the 17"),
                e.getMessage());

        ScenarioRun partial = start("""
                machine ram=256M
                section image app file="app.exe" text=64K data=64K
                process a { map 0x50000000 section=app offset=64K }
                """);
        ScenarioRunException e2 = assertThrows(ScenarioRunException.class, () -> partial.run(100_000));
        assertTrue(e2.getMessage().startsWith("test.mms:3:13: 'map': a view of image app maps the whole image"),
                e2.getMessage());
    }
}
