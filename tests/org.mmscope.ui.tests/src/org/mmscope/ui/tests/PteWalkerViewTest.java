package org.mmscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmscope.debug.core.ShownMachine;
import org.mmscope.model.Cpu;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.PageTable;
import org.mmscope.model.Process;
import org.mmscope.model.PteEntry;
import org.mmscope.model.TlbEntry;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;
import org.mmscope.sim.pte.X64Paging;
import org.mmscope.model.PfnEntry;
import org.mmscope.ui.MmScopePerspective;
import org.mmscope.ui.views.PfnInspectorView;
import org.mmscope.ui.views.pte.PteWalkerView;

/** The PTE walker on a known scenario: valid, transition, demand-zero, prototype and unmapped addresses. */
class PteWalkerViewTest {

    private final UiBot bot = new UiBot();

    @AfterEach
    void showNothing() {
        ShownMachine.get().show(null, null);
        bot.spin(100);
        bot.closeMmScopeViews();
    }

    @Test
    void walksEveryKindOfEntryAndMapsAPfnBack() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        PteWalkerView view = (PteWalkerView) bot.showView(PteWalkerView.ID);
        Machine machine = TestMachines.run(TestMachines.TRIMMED);
        int pid = TestMachines.process(machine, "notepad.exe").getPid();
        ShownMachine.get().show(machine, "test.mms");

        Combo process = bot.widgetById("pteWalker.process", Combo.class);
        bot.waitUntil(() -> process.getItemCount() == machine.getProcesses().size(), "the processes are listed");
        process.select(process.indexOf("notepad.exe (" + pid + ")"));
        Text va = bot.widgetById("pteWalker.va", Text.class);
        Label message = bot.widgetById("pteWalker.message", Label.class);
        Table levels = bot.widgetById("pteWalker.levels", Table.class);
        Label tlb = bot.widgetById("pteWalker.tlb", Label.class);

        // validation
        walk(va, "0x1234z");
        assertEquals("VA: '0x1234z' is not hex: 'z' is not a hex digit.", message.getText());
        walk(va, "0x0000800000000000");
        assertTrue(message.getText().startsWith("VA 00008000`00000000 is not canonical"), message.getText());

        // valid: written again after the trim, so also in the TLB
        PfnEntry page = TestMachines.pageAt(machine, pid, 0x11000);
        walk(va, "0x11000");
        assertEquals(4, levels.getItemCount());
        assertEquals("PXE", levels.getItem(0).getText(0));
        assertEquals("fffff6fb`7dbed000", levels.getItem(0).getText(1));
        assertEquals("PTE", levels.getItem(3).getText(0));
        assertEquals("fffff680`00000088", levels.getItem(3).getText(1));
        assertEquals("0x" + Integer.toHexString(page.getPfn()), levels.getItem(3).getText(3));
        assertEquals("---DA--UW-V", levels.getItem(3).getText(4), "dirty, accessed, user, writable, no-execute, valid");
        assertTrue(levels.getItem(3).getText(5).startsWith("Valid: pfn 0x" + Integer.toHexString(page.getPfn())),
                levels.getItem(3).getText(5));
        assertEquals(String.format("00000000`00011000 -> physical 0x%x", (long) page.getPfn() << 12), message.getText());
        assertTrue(tlb.getText().startsWith("TLB: CPU0 pfn 0x" + Integer.toHexString(page.getPfn()) + " W U"),
                tlb.getText());
        assertTrue(!tlb.getText().contains("STALE"), tlb.getText());
        bot.screenshot("pte-walker-valid");

        // trimmed: transition to the page, still holding the data
        walk(va, "0x12000");
        String meaning = levels.getItem(3).getText(5);
        assertTrue(meaning.matches("Transition: pfn 0x[0-9a-f]+ on (Modified|Standby|Transition), protection READWRITE"), meaning);
        assertEquals("Not valid: Transition", message.getText());

        // committed, never touched: demand zero
        walk(va, "0x40000");
        assertEquals("Zero: demand zero through the VAD 00000000`00040000-00000000`0004ffff READWRITE "
                + "(committed, never touched)", levels.getItem(3).getText(5));

        // section view: a prototype PTE, with a link to it
        walk(va, "0x40000000");
        meaning = levels.getItem(3).getText(5);
        assertTrue(meaning.startsWith("Prototype: the page is described by the prototype PTE at "), meaning);
        assertTrue(meaning.endsWith("(section shared)"), meaning);
        Link links = bot.widgetById("pteWalker.links", Link.class);
        Event event = new Event();
        event.text = "prototype";
        links.notifyListeners(SWT.Selection, event);
        Label details = bot.widgetById("pteWalker.details", Label.class);
        assertTrue(details.getText().contains("in section shared: contains"), details.getText());
        bot.screenshot("pte-walker-prototype");

        // nothing there: the walk stops at the first invalid level
        walk(va, "0x00007ff6`12340000");
        assertTrue(levels.getItemCount() < 4, "stops above the PTE");
        assertTrue(message.getText().startsWith("Not mapped: the "), message.getText());
        assertEquals("Zero: no VAD covers this address (an access is an access violation)",
                levels.getItem(levels.getItemCount() - 1).getText(5));

        // reverse: the PFN of 0x11000 is mapped by notepad's PTE for 0x11000
        Text pfn = bot.widgetById("pteWalker.pfn", Text.class);
        pfn.setText(Integer.toHexString(page.getPfn()));
        pfn.notifyListeners(SWT.DefaultSelection, new Event());
        Table reverse = bot.widgetById("pteWalker.reverse", Table.class);
        assertEquals(1, reverse.getItemCount());
        TableItem mapping = reverse.getItem(0);
        assertEquals("notepad.exe (" + pid + ")", mapping.getText(0));
        assertEquals("data", mapping.getText(1));
        assertEquals("00000000`00011000", mapping.getText(2));

        // the PFN inspector's "PTE" link lands here
        PfnInspectorView inspector = (PfnInspectorView) bot.showView(PfnInspectorView.ID);
        inspector.showPfn(page.getPfn());
        Link pfnLinks = bot.widgetById("pfnInspector.links", Link.class);
        Event pteLink = new Event();
        pteLink.text = "pte";
        pfnLinks.notifyListeners(SWT.Selection, pteLink);
        bot.spin(200);
        assertEquals(0x11000L, view.walk().va());
        assertEquals("00000000`00011000", va.getText());
    }

    /**
     * A hand-made machine: VA 0x20000 of synth.exe is paged out to paging file 0 page 3, but CPU 1 still
     * holds a TLB entry for it (PFN 0x99): the walker decodes the paging-file PTE and flags the entry stale.
     */
    @Test
    void decodesAPagingFilePteAndFlagsAStaleTlbEntry() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        bot.showView(PteWalkerView.ID);
        MmFactory f = MmFactory.eINSTANCE;
        Machine machine = f.createMachine();
        long va = 0x20000;
        Process process = f.createProcess();
        process.setName("synth.exe");
        process.setPid(12);
        process.setPml4Pfn(0x100);
        machine.getProcesses().add(process);
        for (int level = 4; level >= 1; level--) {
            PageTable table = f.createPageTable();
            table.setLevel(level);
            table.setPfn(0x100 + 4 - level);
            PteEntry entry = f.createPteEntry();
            entry.setIndex(X64Paging.tableIndex(va, level));
            entry.setVirtualAddress(va);
            entry.setValue(level > 1 ? Pte.hardware(0x100 + 5 - level, true, true, false)
                    : Pte.pagingFile(0, 3, Protection.READWRITE));
            table.getEntries().add(entry);
            process.getPageTables().add(table);
        }
        for (int number = 0; number < 2; number++) {
            Cpu cpu = f.createCpu();
            cpu.setNumber(number);
            machine.getCpus().add(cpu);
        }
        TlbEntry stale = f.createTlbEntry();
        stale.setAddressSpace(0x100);
        stale.setVirtualAddress(va);
        stale.setPfn(0x99);
        stale.setWritable(true);
        stale.setUser(true);
        machine.getCpus().get(1).getTlbEntries().add(stale);
        ShownMachine.get().show(machine, "synthetic");

        Combo processes = bot.widgetById("pteWalker.process", Combo.class);
        bot.waitUntil(() -> processes.getItemCount() == 1, "the one process is listed");
        processes.select(0);
        Text vaText = bot.widgetById("pteWalker.va", Text.class);
        walk(vaText, "20000");
        Table levels = bot.widgetById("pteWalker.levels", Table.class);
        assertEquals(4, levels.getItemCount());
        assertEquals("00000003`00000080", levels.getItem(3).getText(2), "file 0, page 3, READWRITE (4 << 5)");
        assertEquals("Paging file 0, page 0x3 (byte offset 0x3000), protection READWRITE", levels.getItem(3).getText(5));
        Label tlb = bot.widgetById("pteWalker.tlb", Label.class);
        assertEquals("TLB: CPU0 none | CPU1 pfn 0x99 W U STALE: the PTE is not valid", tlb.getText());
        assertEquals(tlb.getDisplay().getSystemColor(SWT.COLOR_RED), tlb.getForeground(), "a stale entry is red");
        bot.screenshot("pte-walker-pagefile-stale-tlb");
    }

    /**
     * A real run: notepad.exe writes 0x11000 (its CPU caches a writable translation), then the scenario's
     * simulated driver bug takes the Write bit off the PTE without a TLB flush: the entry is stale.
     */
    @Test
    void flagsTheStaleEntryAWriteProtectWithoutAFlushLeaves() throws Exception {
        bot.openPerspective(MmScopePerspective.ID);
        bot.showView(PteWalkerView.ID);
        Machine machine = TestMachines.run("""
                machine ram=256M colours=16 cpus=1 pagefile=256M seed=1
                process notepad.exe { thread main { commit 0x10000 size=64K rw; touch 0x10000..+64K write; corrupt stale-tlb va=0x11000 } }
                join notepad.exe
                """);
        ShownMachine.get().show(machine, "stale-tlb");
        Combo processes = bot.widgetById("pteWalker.process", Combo.class);
        bot.waitUntil(() -> java.util.Arrays.stream(processes.getItems()).anyMatch(i -> i.startsWith("notepad.exe")),
                "notepad.exe is listed");
        processes.select(java.util.Arrays.asList(processes.getItems()).indexOf(java.util.Arrays.stream(processes.getItems())
                .filter(i -> i.startsWith("notepad.exe")).findFirst().orElseThrow()));
        Text vaText = bot.widgetById("pteWalker.va", Text.class);
        walk(vaText, "11000");
        Label tlb = bot.widgetById("pteWalker.tlb", Label.class);
        long pfn = TestMachines.pageAt(machine, TestMachines.process(machine, "notepad.exe").getPid(), 0x11000).getPfn();
        assertEquals(String.format("TLB: CPU0 pfn 0x%x W U D STALE: the PTE is read-only", pfn), tlb.getText());
        assertEquals(tlb.getDisplay().getSystemColor(SWT.COLOR_RED), tlb.getForeground(), "a stale entry is red");
        walk(vaText, "12000");
        assertEquals(String.format("TLB: CPU0 pfn 0x%x W U D",
                TestMachines.pageAt(machine, TestMachines.process(machine, "notepad.exe").getPid(), 0x12000).getPfn()),
                tlb.getText(), "the next page's entry agrees with its PTE");
        walk(vaText, "11000");
        bot.screenshot("pte-walker-stale-tlb-from-a-scenario");
    }

    private void walk(Text va, String text) {
        va.setText(text);
        va.notifyListeners(SWT.DefaultSelection, new Event());
        bot.spin(50);
    }
}
