package org.mmscope.model.sync;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.eclipse.emf.common.util.EList;
import org.mmscope.model.MmFactory;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.sim.pfn.WriteStamps;

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
    /** The simulator's write count when the model last copied the PFN database. */
    private long seenWrites;

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
        seenWrites = source.writeStamps().count();
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
            list.sweepIfAdded();
            WriteStamps stamps = source.writeStamps();
            BitSet setterWrites = c.takeSetterWrites();
            if (owners.anyTableOwnerChanged()) {
                // an owner may change with its page table without the page's words changing: all
                for (int k = 0; k < c.chunks(); k++) {
                    int from = k << PfnColumns.SHIFT;
                    changed += scan(c, list, from, from + PfnColumns.chunkLength(c.size, k), live);
                }
            } else {
                // only the groups the simulator wrote to since the last update, and the entries
                // changed through the model's setters
                int shift = stamps.groupShift();
                for (int g = 0; g < stamps.groups(); g++) {
                    int from = g << shift;
                    int to = Math.min(c.size, from + (1 << shift));
                    if (stamps.writtenSince(g, seenWrites)
                            || !setterWrites.isEmpty() && setterWrites.nextSetBit(from) >= 0
                                    && setterWrites.nextSetBit(from) < to) {
                        changed += scan(c, list, from, to, live);
                    }
                }
            }
            seenWrites = stamps.count();
        }
        // outside the lock: listeners may read the model (get() takes the lock) from any thread
        for (PopulatedPfnEntry entry : live) {
            entry.refresh(c);
        }
        updateHeads(target);
        return changed;
    }

    /**
     * Copies the entries of {@code [from, to)} (inside one chunk) whose raw words or owner changed and
     * adds the live ones to {@code live}; returns how many changed.
     */
    private int scan(PfnColumns c, PopulatedPfnEntryList list, int from, int to, List<PopulatedPfnEntry> live) {
        int k = from >>> PfnColumns.SHIFT;
        int changed = 0;
        for (int pfn = nextChange(c, k, from, to); pfn < to; pfn = nextChange(c, k, pfn + 1, to)) {
            if (differs(c, pfn)) {
                c.u1.set(pfn, source.rawU1(pfn));
                c.u2.set(pfn, source.rawU2(pfn));
                c.flags.set(pfn, source.flags(pfn));
                c.referenceCount.set(pfn, source.referenceCount(pfn));
                c.pteAddress.set(pfn, source.pteAddress(pfn));
                c.setDeleted(pfn, source.isDeleted(pfn));
                c.originalPte.set(pfn, source.originalPte(pfn));
                c.pteFrame.set(pfn, source.pteFrame(pfn));
            }
            c.owner.set(pfn, owners.ownerOf(pfn));
            changed++;
            PopulatedPfnEntry entry = list.liveEntry(pfn);
            if (entry != null) {
                live.add(entry);
            }
        }
        return changed;
    }

    /**
     * The first PFN in {@code [from, end)} of chunk {@code k} whose raw words differ from the
     * simulator's or whose owner may have changed with a page table; {@code end} if none. A small
     * method of its own, so the compiler keeps the chunk's arrays in registers.
     */
    private int nextChange(PfnColumns c, int k, int from, int end) {
        int[] flags = c.flags.read(k);
        int[] u1 = c.u1.read(k);
        int[] u2 = c.u2.read(k);
        int[] referenceCount = c.referenceCount.read(k);
        long[] pteAddress = c.pteAddress.read(k);
        long[] originalPte = c.originalPte.read(k);
        int[] pteFrame = c.pteFrame.read(k);
        long[] deleted = c.deleted;
        boolean tablesChanged = owners.anyTableOwnerChanged();
        int base = k << PfnColumns.SHIFT;
        for (int pfn = from; pfn < end; pfn++) {
            int i = pfn - base;
            if (flags[i] != source.flags(pfn) || u1[i] != source.rawU1(pfn) || u2[i] != source.rawU2(pfn)
                    || referenceCount[i] != source.referenceCount(pfn) || pteAddress[i] != source.pteAddress(pfn)
                    || originalPte[i] != source.originalPte(pfn) || pteFrame[i] != source.pteFrame(pfn)
                    || ((deleted[pfn >>> 6] & 1L << pfn) != 0) != source.isDeleted(pfn)
                    || tablesChanged && owners.tableOwnerChanged(pfn)) {
                return pfn;
            }
        }
        return end;
    }

    private boolean differs(PfnColumns c, int pfn) {
        return c.flags.get(pfn) != source.flags(pfn) || c.u1.get(pfn) != source.rawU1(pfn)
                || c.u2.get(pfn) != source.rawU2(pfn) || c.referenceCount.get(pfn) != source.referenceCount(pfn)
                || c.pteAddress.get(pfn) != source.pteAddress(pfn) || c.originalPte.get(pfn) != source.originalPte(pfn)
                || c.pteFrame.get(pfn) != source.pteFrame(pfn) || c.deleted(pfn) != source.isDeleted(pfn);
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
