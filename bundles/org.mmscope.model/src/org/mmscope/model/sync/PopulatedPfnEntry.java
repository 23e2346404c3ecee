package org.mmscope.model.sync;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.ecore.InternalEObject;
import org.mmscope.model.MmPackage;
import org.mmscope.model.OwnerKind;
import org.mmscope.model.impl.PfnEntryImpl;

/**
 * A PFN entry of a populated machine, made when someone first asks for it
 * ({@link PopulatedPfnEntryList#get}) from the model's stored words ({@link PfnColumns}). It is the
 * generated {@link PfnEntryImpl} with everything that makes it one (EClass, features, derived
 * getters, notifications); on top of that:
 * <ul>
 * <li>it stays the same object while anyone holds it; an entry nobody holds may be collected and is
 * made again, equal, when next asked for;</li>
 * <li>an entry with adapters, with delivery turned off or with a changed {@code pfn} is kept
 * (pinned) until that is undone, so listeners never lose it;</li>
 * <li>a change made through a setter is written to the stored words too, exactly as a change to an
 * entry of a fully built list would stay until the next population.</li>
 * </ul>
 */
public final class PopulatedPfnEntry extends PfnEntryImpl {

    private final PopulatedPfnEntryList list;
    private final int index;
    private boolean kept;
    /** True while the populator brings this entry up to the stored words (no write-through then). */
    private boolean refreshing;

    PopulatedPfnEntry(PopulatedPfnEntryList list, int index, InternalEObject database) {
        this.list = list;
        this.index = index;
        eBasicSetContainer(database, EOPPOSITE_FEATURE_BASE - MmPackage.PFN_DATABASE__ENTRIES);
    }

    int index() {
        return index;
    }

    PopulatedPfnEntryList list() {
        return list;
    }

    /** Fills the fields from the stored words, without notifications (a new entry has no adapters). */
    void load(PfnColumns c) {
        pfn = index;
        u1 = c.u1.get(index);
        u2 = c.u2.get(index);
        flags = c.flags.get(index);
        referenceCount = c.referenceCount.get(index);
        pteAddress = c.pteAddress.get(index);
        deleted = c.deleted(index);
        originalPte = c.originalPte.get(index);
        pteFrame = c.pteFrame.get(index);
        long owner = c.owner.get(index);
        ownerKind = OwnerKind.get(OwnerResolver.kind(owner));
        ownerPid = OwnerResolver.pid(owner);
        ownerSection = OwnerResolver.section(owner);
    }

    /** Brings a live entry up to the stored words through its setters (notifications for each change). */
    void refresh(PfnColumns c) {
        refreshing = true;
        try {
            copyChanged(c);
        } finally {
            refreshing = false;
        }
    }

    private void copyChanged(PfnColumns c) {
        if (flags != c.flags.get(index)) {
            setFlags(c.flags.get(index));
        }
        if (u1 != c.u1.get(index)) {
            setU1(c.u1.get(index));
        }
        if (u2 != c.u2.get(index)) {
            setU2(c.u2.get(index));
        }
        if (referenceCount != c.referenceCount.get(index)) {
            setReferenceCount(c.referenceCount.get(index));
        }
        if (pteAddress != c.pteAddress.get(index)) {
            setPteAddress(c.pteAddress.get(index));
        }
        if (deleted != c.deleted(index)) {
            setDeleted(c.deleted(index));
        }
        if (originalPte != c.originalPte.get(index)) {
            setOriginalPte(c.originalPte.get(index));
        }
        if (pteFrame != c.pteFrame.get(index)) {
            setPteFrame(c.pteFrame.get(index));
        }
        long owner = c.owner.get(index);
        OwnerKind kind = OwnerKind.get(OwnerResolver.kind(owner));
        if (ownerKind != kind) {
            setOwnerKind(kind);
        }
        if (ownerPid != OwnerResolver.pid(owner)) {
            setOwnerPid(OwnerResolver.pid(owner));
        }
        if (ownerSection != OwnerResolver.section(owner)) {
            setOwnerSection(OwnerResolver.section(owner));
        }
    }

    /** True while this object must not be replaced by a new one: someone listens or changed it. */
    boolean mustStay() {
        return kept || eBasicHasAdapters() || !eDeliver();
    }

    @Override
    protected void eBasicSetAdapterArray(Adapter[] adapters) {
        super.eBasicSetAdapterArray(adapters);
        list.pin(this);
    }

    @Override
    public void eSetDeliver(boolean deliver) {
        super.eSetDeliver(deliver);
        list.pin(this);
    }

    @Override
    public void setPfn(int newPfn) {
        super.setPfn(newPfn);
        if (newPfn != index) {
            kept = true; // not in the stored words: this object keeps it
            list.pin(this);
        }
    }

    @Override
    public void setU1(int newU1) {
        super.setU1(newU1);
        write(c -> c.u1.set(index, u1));
    }

    @Override
    public void setU2(int newU2) {
        super.setU2(newU2);
        write(c -> c.u2.set(index, u2));
    }

    @Override
    public void setFlags(int newFlags) {
        super.setFlags(newFlags);
        write(c -> c.flags.set(index, flags));
    }

    @Override
    public void setReferenceCount(int newReferenceCount) {
        super.setReferenceCount(newReferenceCount);
        write(c -> c.referenceCount.set(index, referenceCount));
    }

    @Override
    public void setPteAddress(long newPteAddress) {
        super.setPteAddress(newPteAddress);
        write(c -> c.pteAddress.set(index, pteAddress));
    }

    @Override
    public void setDeleted(boolean newDeleted) {
        super.setDeleted(newDeleted);
        write(c -> c.setDeleted(index, deleted));
    }

    @Override
    public void setOriginalPte(long newOriginalPte) {
        super.setOriginalPte(newOriginalPte);
        write(c -> c.originalPte.set(index, originalPte));
    }

    @Override
    public void setPteFrame(int newPteFrame) {
        super.setPteFrame(newPteFrame);
        write(c -> c.pteFrame.set(index, pteFrame));
    }

    @Override
    public void setOwnerKind(OwnerKind newOwnerKind) {
        super.setOwnerKind(newOwnerKind);
        writeOwner();
    }

    @Override
    public void setOwnerPid(int newOwnerPid) {
        super.setOwnerPid(newOwnerPid);
        writeOwner();
    }

    @Override
    public void setOwnerSection(int newOwnerSection) {
        super.setOwnerSection(newOwnerSection);
        writeOwner();
    }

    private void write(java.util.function.Consumer<PfnColumns> change) {
        if (!refreshing) {
            list.write(this, change);
        }
    }

    private void writeOwner() {
        long owner = OwnerResolver.pack(ownerKind.getValue(), ownerPid, ownerSection);
        if (OwnerResolver.pid(owner) != ownerPid || OwnerResolver.section(owner) != ownerSection) {
            kept = true; // out of the packed range: only this object can keep it
            list.pin(this);
        }
        write(c -> c.owner.set(index, owner));
    }
}
