package org.mmscope.model.sync;

import java.util.Arrays;

import org.eclipse.emf.common.util.BasicEList;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.util.InternalEList;
import org.mmscope.model.MmFactory;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;

/**
 * Copies the simulator's PFN database into the model: every entry the first time, then only the
 * entries whose raw words differ from the model's (a scan of primitive reads, no allocation), plus the
 * list heads. The model's entries keep the simulator's raw words (u1, u2, flags, ...) and decode the
 * rest on demand, so an entry costs about 90 bytes.
 */
final class PfnSync {

    private final org.mmscope.sim.pfn.PfnDatabase source;
    private final OwnerResolver owners;
    private final MmFactory factory = MmFactory.eINSTANCE;

    PfnSync(org.mmscope.sim.pfn.PfnDatabase source, OwnerResolver owners) {
        this.source = source;
        this.owners = owners;
    }

    /** Fills an empty model database with every entry. */
    void populate(PfnDatabase target) {
        int pages = source.pageCount();
        target.setPageCount(pages);
        target.setColours(source.colours());
        PfnEntry[] created = new PfnEntry[pages];
        for (int pfn = 0; pfn < pages; pfn++) {
            PfnEntry entry = factory.createPfnEntry();
            entry.setPfn(pfn);
            copy(pfn, entry);
            created[pfn] = entry;
        }
        // addAllUnique: a plain addAll would check each of a million entries for duplicates
        ((InternalEList<PfnEntry>) target.getEntries()).addAllUnique(Arrays.asList(created));
        updateHeads(target);
    }

    /**
     * Brings the model's entries up to date. Returns the number of entries that changed.
     *
     * <p>Preconditions: {@code target} was filled by {@link #populate} from the same simulator.
     */
    int update(PfnDatabase target) {
        EList<PfnEntry> list = target.getEntries();
        if (list.size() != source.pageCount()) {
            throw new IllegalStateException("the model has " + list.size() + " PFN entries, the simulator "
                    + source.pageCount() + ": populate again");
        }
        Object[] entries = ((BasicEList<?>) list).data();
        int changed = 0;
        for (int pfn = 0; pfn < entries.length && pfn < list.size(); pfn++) {
            PfnEntry entry = (PfnEntry) entries[pfn];
            if (differs(pfn, entry)) {
                copy(pfn, entry);
                changed++;
            } else if (owners.tableOwnerChanged(pfn)) {
                setOwner(pfn, entry);
                changed++;
            }
        }
        updateHeads(target);
        return changed;
    }

    private boolean differs(int pfn, PfnEntry entry) {
        return entry.getFlags() != source.flags(pfn) || entry.getU1() != source.rawU1(pfn)
                || entry.getU2() != source.rawU2(pfn) || entry.getReferenceCount() != source.referenceCount(pfn)
                || entry.getPteAddress() != source.pteAddress(pfn) || entry.getOriginalPte() != source.originalPte(pfn)
                || entry.getPteFrame() != source.pteFrame(pfn) || entry.isDeleted() != source.isDeleted(pfn);
    }

    private void copy(int pfn, PfnEntry entry) {
        if (entry.getFlags() != source.flags(pfn)) {
            entry.setFlags(source.flags(pfn));
        }
        if (entry.getU1() != source.rawU1(pfn)) {
            entry.setU1(source.rawU1(pfn));
        }
        if (entry.getU2() != source.rawU2(pfn)) {
            entry.setU2(source.rawU2(pfn));
        }
        if (entry.getReferenceCount() != source.referenceCount(pfn)) {
            entry.setReferenceCount(source.referenceCount(pfn));
        }
        if (entry.getPteAddress() != source.pteAddress(pfn)) {
            entry.setPteAddress(source.pteAddress(pfn));
        }
        if (entry.isDeleted() != source.isDeleted(pfn)) {
            entry.setDeleted(source.isDeleted(pfn));
        }
        if (entry.getOriginalPte() != source.originalPte(pfn)) {
            entry.setOriginalPte(source.originalPte(pfn));
        }
        if (entry.getPteFrame() != source.pteFrame(pfn)) {
            entry.setPteFrame(source.pteFrame(pfn));
        }
        setOwner(pfn, entry);
    }

    private void setOwner(int pfn, PfnEntry entry) {
        long owner = owners.ownerOf(pfn);
        OwnerKind kind = OwnerKind.get(OwnerResolver.kind(owner));
        int pid = OwnerResolver.pid(owner);
        int section = OwnerResolver.section(owner);
        if (entry.getOwnerKind() != kind) {
            entry.setOwnerKind(kind);
        }
        if (entry.getOwnerPid() != pid) {
            entry.setOwnerPid(pid);
        }
        if (entry.getOwnerSection() != section) {
            entry.setOwnerSection(section);
        }
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
