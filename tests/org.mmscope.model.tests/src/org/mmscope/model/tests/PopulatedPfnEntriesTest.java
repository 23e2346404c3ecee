package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.util.EContentAdapter;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.junit.jupiter.api.Test;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.provider.MmItemProviderAdapterFactory;
import org.mmscope.model.provider.MmScopeItemProviderAdapterFactory;
import org.mmscope.model.sync.ModelPopulator;
import org.mmscope.model.sync.PopulatedPfnDatabase;
import org.mmscope.model.sync.SyncReport;
import org.mmscope.sim.mm.MemoryManager;
import org.mmscope.sim.run.ScenarioRun;

/**
 * A populated machine makes its PFN entries on demand (issue 6: 64 GiB in a 2 GiB heap); what the
 * views and tools see must be what a list holding every entry would give them.
 */
class PopulatedPfnEntriesTest {

    @Test
    void aHeldEntryStaysTheSameObjectAndAnEntryNobodyHoldsIsMadeAgainEqual() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(3_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        EList<PfnEntry> entries = populator.machine().getPfnDatabase().getEntries();
        PfnEntry held = entries.get(7);
        PfnEntry copy = EcoreUtil.copy(entries.get(100));
        WeakReference<PfnEntry> dropped = new WeakReference<>(entries.get(100));
        for (int i = 0; i < 50 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dropped.get(), "an entry nobody holds is not kept by the model");
        assertSame(held, entries.get(7));
        assertTrue(EcoreUtil.equals(copy, entries.get(100)), "made again with the same values");
        assertEquals(100, entries.get(100).getPfn());
        assertEquals(0, ((PopulatedPfnDatabase) populator.machine().getPfnDatabase()).populatedEntries().pinnedCount());
    }

    @Test
    void entriesAreContainedAndIndexedLikeAnyContainedObject() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(1_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        Machine machine = populator.machine();
        PfnDatabase db = machine.getPfnDatabase();
        EList<PfnEntry> entries = db.getEntries();
        PfnEntry e = entries.get(42);
        assertSame(db, e.eContainer());
        assertSame(MmPackage.Literals.PFN_DATABASE__ENTRIES, e.eContainmentFeature());
        assertEquals(42, entries.indexOf(e));
        assertTrue(entries.contains(e));
        assertEquals(-1, entries.indexOf(MmFactory.eINSTANCE.createPfnEntry()));
        assertEquals("@pfnDatabase/@entries.42", EcoreUtil.getRelativeURIFragmentPath(machine, e));
        assertSame(e, EcoreUtil.getEObject(machine, "@pfnDatabase/@entries.42"));
        assertSame(entries, db.eGet(MmPackage.Literals.PFN_DATABASE__ENTRIES));
        assertTrue(db.eIsSet(MmPackage.Literals.PFN_DATABASE__ENTRIES));
        assertEquals(entries.size() + db.getListHeads().size() + db.getHistory().size(), db.eContents().size());
        int n = 0;
        for (PfnEntry x : entries) {
            assertEquals(n++, x.getPfn());
        }
        assertEquals(run.simulation().memoryManager().pfns().pageCount(), n);
        assertEquals(db.getColours() > 0 ? 42 & (db.getColours() - 1) : 0, e.getColour(), "derived from the container");
    }

    @Test
    void theListKeepsOneEntryPerPhysicalPage() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(500);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        EList<PfnEntry> entries = populator.machine().getPfnDatabase().getEntries();
        int size = entries.size();
        assertThrows(UnsupportedOperationException.class, () -> entries.add(MmFactory.eINSTANCE.createPfnEntry()));
        assertThrows(UnsupportedOperationException.class, () -> entries.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> entries.move(0, 1));
        assertThrows(UnsupportedOperationException.class, entries::clear);
        assertEquals(size, entries.size());
    }

    @Test
    void aChangeThroughASetterStaysUntilTheNextPopulationPutsTheSimulatorsValueBack() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(2_000);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator populator = new ModelPopulator(mm, "default");
        populator.populate();
        EList<PfnEntry> entries = populator.machine().getPfnDatabase().getEntries();
        int original = entries.get(5).getU1();
        entries.get(5).setU1(original + 12345);
        System.gc();
        assertEquals(original + 12345, entries.get(5).getU1());
        SyncReport report = populator.populate();
        assertEquals(1, report.changedPfns());
        assertEquals(mm.pfns().rawU1(5), entries.get(5).getU1());
        PopulationTest.assertSameAsSimulator(populator.machine(), mm);
    }

    @Test
    void listenersKeepTheirEntriesAndHearOfExactlyTheEntriesThatChanged() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(2_000);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator populator = new ModelPopulator(mm, "default");
        populator.populate();
        PopulatedPfnDatabase db = (PopulatedPfnDatabase) populator.machine().getPfnDatabase();
        PfnDatabase before = EcoreUtil.copy(db);
        Set<Integer> heard = new HashSet<>();
        List<Object> notifiers = new ArrayList<>();
        EContentAdapter listener = new EContentAdapter() {
            @Override
            public void notifyChanged(Notification n) {
                super.notifyChanged(n);
                if (n.getNotifier() instanceof PfnEntry e && n.getFeature() instanceof EAttribute) {
                    heard.add(e.getPfn());
                    notifiers.add(e);
                }
            }
        };
        db.eAdapters().add(listener);
        assertEquals(db.getEntries().size(), db.populatedEntries().pinnedCount(), "every adapted entry is kept");
        System.gc();
        run.run(20_000);
        SyncReport report = populator.populate();
        Set<Integer> changed = new HashSet<>();
        for (int pfn = 0; pfn < db.getEntries().size(); pfn++) {
            if (!EcoreUtil.equals(before.getEntries().get(pfn), db.getEntries().get(pfn))) {
                changed.add(pfn);
            }
        }
        assertTrue(!changed.isEmpty(), "the run changed pages");
        assertEquals(changed, heard, "one notification or more for each changed entry, none for the others");
        assertTrue(report.changedPfns() >= changed.size());
        for (Object notifier : notifiers) {
            assertSame(notifier, db.getEntries().get(((PfnEntry) notifier).getPfn()));
        }
        db.eAdapters().remove(listener);
        assertEquals(0, db.populatedEntries().pinnedCount(), "entries without adapters are no longer kept");
        PopulationTest.assertSameAsSimulator(populator.machine(), mm);
    }

    /**
     * Incremental updates look only at the PFNs the simulator wrote since the last one (its write
     * stamps), or at every PFN when a page table changed hands; both must equal a fresh population.
     */
    @Test
    void frequentUpdatesEqualAFreshPopulationEveryTime() throws Exception {
        for (String[] scenario : new String[][] { { "sections", PopulationTest.SECTIONS_AND_FORK }, { "default", null } }) {
            ScenarioRun run = scenario[1] == null ? PopulationTest.defaultRun(0)
                    : PopulationTest.run(scenario[0], scenario[1], 0);
            MemoryManager mm = run.simulation().memoryManager();
            ModelPopulator incremental = new ModelPopulator(mm, scenario[0]);
            incremental.populate();
            for (int round = 0; round < 25; round++) {
                run.run(round < 10 ? 37 : 400);
                SyncReport report = incremental.populate();
                ModelPopulator fresh = new ModelPopulator(mm, scenario[0]);
                fresh.populate();
                assertTrue(new EcoreUtil.EqualityHelper().equals(fresh.machine(), incremental.machine()),
                        scenario[0] + " round " + round + ": " + report);
                PopulationTest.assertSameAsSimulator(incremental.machine(), mm);
            }
        }
    }

    /** What a view does (issue 8): EMF.Edit item providers label an entry, adapt it, and it stays. */
    @Test
    void itemProvidersAdaptPopulatedEntriesAndKeepThem() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(2_000);
        MemoryManager mm = run.simulation().memoryManager();
        ModelPopulator populator = new ModelPopulator(mm, "default");
        populator.populate();
        PopulatedPfnDatabase db = (PopulatedPfnDatabase) populator.machine().getPfnDatabase();
        MmItemProviderAdapterFactory factory = new MmScopeItemProviderAdapterFactory();
        int pfn = 3;
        IItemLabelProvider labels = (IItemLabelProvider) factory.adapt(db.getEntries().get(pfn), IItemLabelProvider.class);
        PfnEntry copy = EcoreUtil.copy(db.getEntries().get(pfn)); // an ordinary PfnEntryImpl with the same values
        assertEquals(labels.getText(copy), labels.getText(db.getEntries().get(pfn)));
        assertTrue(labels.getText(db.getEntries().get(pfn)).startsWith("PFN 0x3 "), labels.getText(db.getEntries().get(pfn)));
        int identity = System.identityHashCode(db.getEntries().get(pfn));
        System.gc();
        assertEquals(identity, System.identityHashCode(db.getEntries().get(pfn)), "an adapted entry is kept");
        factory.dispose();
        assertEquals(0, db.populatedEntries().pinnedCount(), "disposing the item providers unpins the entry");
    }

    @Test
    void threadsReadingTogetherGetTheSameObjects() throws Exception {
        ScenarioRun run = PopulationTest.defaultRun(1_000);
        ModelPopulator populator = new ModelPopulator(run.simulation().memoryManager(), "default");
        populator.populate();
        EList<PfnEntry> entries = populator.machine().getPfnDatabase().getEntries();
        int size = entries.size();
        PfnEntry[] first = new PfnEntry[size];
        PfnEntry[] second = new PfnEntry[size];
        IntStream.range(0, 2 * size).parallel().forEach(i -> {
            if (i % 2 == 0) {
                first[i / 2] = entries.get(i / 2);
            } else {
                second[i / 2] = entries.get(i / 2);
            }
        });
        for (int i = 0; i < size; i++) {
            assertNotNull(first[i]);
            assertSame(first[i], second[i], "PFN " + i);
        }
    }
}
