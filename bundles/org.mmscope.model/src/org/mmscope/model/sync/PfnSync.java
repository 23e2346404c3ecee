package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.EList;
import org.mmscope.model.MmFactory;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;

/**
 * Copies the simulator's PFN database into the model: every page's raw words the first time, then only
 * those that differ from the model's (a scan of primitive reads, no allocation), plus the list heads.
 * The model stores the raw words in chunked columns ({@link PfnColumns}: about 12 bytes per untouched
 * page) and makes an entry object only when someone asks for it ({@link PopulatedPfnEntryList}); the
 * entries decode the rest of their fields on demand.
 */
final class PfnSync {

    private final org.mmscope.sim.pfn.PfnDatabase source;
    private final OwnerResolver owners;
    private final MmFactory factory = MmFactory.eINSTANCE;

    PfnSync(org.mmscope.sim.pfn.PfnDatabase source, OwnerResolver owners) {
        this.source = source;
        this.owners = owners;
    }

    /**
     * A new model database with every entry's stored words and the list heads. Entries are made when
     * first asked for ({@link PopulatedPfnEntryList}).
     */
    PopulatedPfnDatabase populate() {
        int pages = source.pageCount();
        PfnColumns c = new PfnColumns(pages);
        for (int pfn = 0; pfn < pages; pfn++) {
            c.u1.set(pfn, source.rawU1(pfn));
            c.u2.set(pfn, source.rawU2(pfn));
            c.flags.set(pfn, source.flags(pfn));
            c.referenceCount.set(pfn, source.referenceCount(pfn));
            c.pteAddress.set(pfn, source.pteAddress(pfn));
            c.setDeleted(pfn, source.isDeleted(pfn));
            c.originalPte.set(pfn, source.originalPte(pfn));
            c.pteFrame.set(pfn, source.pteFrame(pfn));
            c.owner.set(pfn, owners.ownerOf(pfn));
        }
        PopulatedPfnDatabase target = new PopulatedPfnDatabase(c);
        target.setPageCount(pages);
        target.setColours(source.colours());
        updateHeads(target);
        return target;
    }

    /**
     * Brings the model's entries up to date: the stored words of every page whose raw words differ
     * from the simulator's (or whose owner changed with a page table), then, through their setters,
     * the entries someone holds. Returns the number of entries that changed.
     *
     * <p>Preconditions: {@code target} was made by {@link #populate} from the same simulator.
     */
    int update(PfnDatabase target) {
        if (!(target instanceof PopulatedPfnDatabase populated)) {
            throw new IllegalStateException("the model's PFN database was not made by this populator: populate again");
        }
        PopulatedPfnEntryList list = populated.populatedEntries();
        PfnColumns c = list.columns();
        if (c.size != source.pageCount()) {
            throw new IllegalStateException("the model has " + c.size + " PFN entries, the simulator "
                    + source.pageCount() + ": populate again");
        }
        List<PopulatedPfnEntry> live = new ArrayList<>();
        int changed = 0;
        synchronized (list.lock()) {
            // chunk by chunk, so that the inner loop reads plain arrays (a chunk of defaults is shared)
            for (int k = 0; k < c.chunks(); k++) {
                int[] flags = c.flags.read(k);
                int[] u1 = c.u1.read(k);
                int[] u2 = c.u2.read(k);
                int[] referenceCount = c.referenceCount.read(k);
                long[] pteAddress = c.pteAddress.read(k);
                long[] originalPte = c.originalPte.read(k);
                int[] pteFrame = c.pteFrame.read(k);
                int base = k << PfnColumns.SHIFT;
                int length = PfnColumns.chunkLength(c.size, k);
                for (int i = 0; i < length; i++) {
                    int pfn = base + i;
                    boolean copy = flags[i] != source.flags(pfn) || u1[i] != source.rawU1(pfn)
                            || u2[i] != source.rawU2(pfn) || referenceCount[i] != source.referenceCount(pfn)
                            || pteAddress[i] != source.pteAddress(pfn) || originalPte[i] != source.originalPte(pfn)
                            || pteFrame[i] != source.pteFrame(pfn) || c.deleted(pfn) != source.isDeleted(pfn);
                    if (copy) {
                        c.u1.set(pfn, source.rawU1(pfn));
                        c.u2.set(pfn, source.rawU2(pfn));
                        c.flags.set(pfn, source.flags(pfn));
                        c.referenceCount.set(pfn, source.referenceCount(pfn));
                        c.pteAddress.set(pfn, source.pteAddress(pfn));
                        c.setDeleted(pfn, source.isDeleted(pfn));
                        c.originalPte.set(pfn, source.originalPte(pfn));
                        c.pteFrame.set(pfn, source.pteFrame(pfn));
                        // a chunk may have been allocated by these writes: read it again
                        flags = c.flags.read(k);
                        u1 = c.u1.read(k);
                        u2 = c.u2.read(k);
                        referenceCount = c.referenceCount.read(k);
                        pteAddress = c.pteAddress.read(k);
                        originalPte = c.originalPte.read(k);
                        pteFrame = c.pteFrame.read(k);
                    } else if (!owners.tableOwnerChanged(pfn)) {
                        continue;
                    }
                    c.owner.set(pfn, owners.ownerOf(pfn));
                    changed++;
                    PopulatedPfnEntry entry = list.liveEntry(pfn);
                    if (entry != null) {
                        live.add(entry);
                    }
                }
            }
        }
        // outside the lock: listeners may read the model (get() takes the lock) from any thread
        for (PopulatedPfnEntry entry : live) {
            entry.refresh(c);
        }
        updateHeads(target);
        return changed;
    }

    /** One head per Zeroed/Free colour, per Standby priority, one each for the other lists and states. */
    private void updateHeads(PfnDatabase target) {
        EList<PageListHead> heads = target.getListHeads();
        int index = 0;
        for (org.mmscope.sim.pfn.PageList list : org.mmscope.sim.pfn.PageList.values()) {
            switch (list) {
                case ZEROED, FREE -> {
                    for (int colour = 0; colour < source.colours(); colour++) {
                        setHead(heads, index++, list, colour, -1, source.listTotal(list, colour),
                                source.firstPage(list, colour), source.lastPage(list, colour));
                    }
                }
                case STANDBY -> {
                    for (int priority = 0; priority < 8; priority++) {
                        setHead(heads, index++, list, -1, priority, source.standbyTotal(priority),
                                source.firstPage(list, priority), source.lastPage(list, priority));
                    }
                }
                case MODIFIED, MODIFIED_NO_WRITE, BAD -> setHead(heads, index++, list, -1, -1, source.listTotal(list),
                        source.firstPage(list, 0), source.lastPage(list, 0));
                default -> setHead(heads, index++, list, -1, -1, source.listTotal(list), -1, -1);
            }
        }
        while (heads.size() > index) {
            heads.remove(heads.size() - 1);
        }
    }

    private void setHead(EList<PageListHead> heads, int index, org.mmscope.sim.pfn.PageList list, int colour,
            int priority, long total, long first, long last) {
        PageListHead head;
        if (index < heads.size()) {
            head = heads.get(index);
        } else {
            head = factory.createPageListHead();
            heads.add(head);
        }
        PageList modelList = PageList.get(list.code());
        if (head.getList() != modelList) {
            head.setList(modelList);
        }
        if (head.getColour() != colour) {
            head.setColour(colour);
        }
        if (head.getPriority() != priority) {
            head.setPriority(priority);
        }
        if (head.getTotal() != total) {
            head.setTotal(total);
        }
        if (head.getFirst() != first) {
            head.setFirst(first);
        }
        if (head.getLast() != last) {
            head.setLast(last);
        }
    }
}
