package org.mmscope.model.sync;

import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.emf.common.notify.NotificationChain;
import org.eclipse.emf.common.notify.NotifyingList;
import org.eclipse.emf.common.util.AbstractEList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.InternalEList;
import org.mmscope.model.MmPackage;
import org.mmscope.model.PfnEntry;

/**
 * {@code PfnDatabase.entries} of a populated machine: one entry per physical page, made on demand
 * from the model's stored words ({@link PfnColumns}) instead of one object per page held for ever.
 * Size, {@code get(i)}, iteration, {@code indexOf}, containment ({@code eContainer()}, URI fragments)
 * and every getter behave as for a list of {@code PfnEntryImpl}s; {@code get(i) == get(i)} holds as
 * long as the caller keeps the first, and an entry with adapters is kept, so it receives the
 * notifications of every later population. Entries nobody holds are collected (weak references).
 *
 * <p>The list has one entry per page for the life of the machine: adding, removing, moving or
 * replacing entries is refused ({@link UnsupportedOperationException}). Reads from several threads
 * are safe; they are serialised with the populator's writes.
 */
public final class PopulatedPfnEntryList extends AbstractEList<PfnEntry>
        implements InternalEList.Unsettable<PfnEntry>, EStructuralFeature.Setting, NotifyingList<PfnEntry> {

    private final InternalEObject owner;
    private final PfnColumns columns;
    private final Object lock = new Object();
    /** Weak references to the entries made and maybe still alive, in chunks made on demand. */
    private final WeakReference<PopulatedPfnEntry>[][] made;
    /** References in each chunk of {@link #made}; a chunk that becomes empty is dropped. */
    private final int[] madeCount;
    /** References in {@link #made}, and how many there were after the last {@link #sweep}. */
    private int references;
    private int referencesAfterSweep;
    /** Entries that must stay the same objects even when nobody else holds them (adapters, changes). */
    private final Map<Integer, PopulatedPfnEntry> pinned = new HashMap<>();

    /** A sweep runs when the references have doubled since the last one, and there are at least this many. */
    private static final int SWEEP_AT_LEAST = 1 << 16;

    @SuppressWarnings("unchecked")
    PopulatedPfnEntryList(InternalEObject owner, PfnColumns columns) {
        this.owner = owner;
        this.columns = columns;
        this.made = new WeakReference[(columns.size + PfnColumns.MASK) >>> PfnColumns.SHIFT][];
        this.madeCount = new int[made.length];
    }

    PfnColumns columns() {
        return columns;
    }

    Object lock() {
        return lock;
    }

    @Override
    public int size() {
        return columns.size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public PfnEntry get(int index) {
        if (index < 0 || index >= columns.size) {
            throw new IndexOutOfBoundsException("index=" + index + ", size=" + columns.size);
        }
        synchronized (lock) {
            PopulatedPfnEntry entry = liveEntry(index);
            if (entry == null) {
                if (references >= 2 * referencesAfterSweep + SWEEP_AT_LEAST) {
                    sweep(); // so that the references of a long iteration do not pile up
                }
                entry = new PopulatedPfnEntry(this, index, owner);
                entry.load(columns);
                int k = index >>> PfnColumns.SHIFT;
                WeakReference<PopulatedPfnEntry>[] chunk = made[k];
                if (chunk == null) {
                    chunk = new WeakReference[PfnColumns.chunkLength(columns.size, k)];
                    made[k] = chunk;
                }
                if (chunk[index & PfnColumns.MASK] == null) {
                    madeCount[k]++;
                    references++;
                }
                chunk[index & PfnColumns.MASK] = new WeakReference<>(entry);
            }
            return entry;
        }
    }

    /**
     * Copies the location (the {@link org.mmscope.model.PageList} value) of PFNs {@code from} to
     * {@code from + count - 1} into {@code target} from {@code offset} on, straight from the stored words:
     * no entry is made, so a whole 16M-page database is read in one pass (the Physical Memory Map).
     */
    public void readLocations(int from, byte[] target, int offset, int count) {
        if (from < 0 || count < 0 || from > columns.size - count) {
            throw new IndexOutOfBoundsException("PFNs " + from + "+" + count + " of " + columns.size);
        }
        synchronized (lock) {
            int pfn = from;
            int end = from + count;
            int out = offset;
            while (pfn < end) {
                int[] chunk = columns.flags.read(pfn >>> PfnColumns.SHIFT);
                int i = pfn & PfnColumns.MASK;
                int stop = Math.min(end - pfn + i, Math.min(chunk.length, PfnColumns.CHUNK));
                for (; i < stop; i++, pfn++) {
                    target[out++] = (byte) ((chunk[i] >>> org.mmscope.sim.pfn.PfnFlags.LOCATION_SHIFT)
                            & org.mmscope.sim.pfn.PfnFlags.LOCATION_MASK);
                }
            }
        }
    }

    /** The entry for {@code index} if one was made and is still alive, else null; call with the lock. */
    PopulatedPfnEntry liveEntry(int index) {
        WeakReference<PopulatedPfnEntry>[] chunk = made[index >>> PfnColumns.SHIFT];
        WeakReference<PopulatedPfnEntry> ref = chunk == null ? null : chunk[index & PfnColumns.MASK];
        return ref == null ? null : ref.get();
    }

    /**
     * Forgets the references whose entries were collected and drops the chunks left empty. Called
     * with the lock, by {@link #get} when the references doubled and by each update when references
     * were added since the last sweep.
     */
    void sweep() {
        for (int k = 0; k < made.length; k++) {
            WeakReference<PopulatedPfnEntry>[] chunk = made[k];
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] != null && chunk[i].get() == null) {
                    chunk[i] = null;
                    madeCount[k]--;
                    references--;
                }
            }
            if (madeCount[k] == 0) {
                made[k] = null;
            }
        }
        referencesAfterSweep = references;
    }

    /** Sweeps if references were added since the last sweep; call with the lock. */
    void sweepIfAdded() {
        if (references != referencesAfterSweep) {
            sweep();
        }
    }

    /** Keeps {@code entry} strongly while it {@linkplain PopulatedPfnEntry#mustStay() must stay}. */
    void pin(PopulatedPfnEntry entry) {
        synchronized (lock) {
            if (entry.mustStay()) {
                pinned.put(entry.index(), entry);
            } else {
                pinned.remove(entry.index(), entry);
            }
        }
    }

    /** Number of entries kept because of adapters or changes (for tests and measurements). */
    public int pinnedCount() {
        synchronized (lock) {
            return pinned.size();
        }
    }

    /** Writes a change made through an entry's setter to the stored words. */
    void write(PopulatedPfnEntry entry, Consumer<PfnColumns> change) {
        synchronized (lock) {
            change.accept(columns);
            columns.setterWritten(entry.index());
        }
    }

    // ---- reading

    @Override
    protected PfnEntry primitiveGet(int index) {
        return get(index);
    }

    @Override
    public PfnEntry basicGet(int index) {
        return get(index);
    }

    @Override
    public int indexOf(Object object) {
        if (object instanceof PopulatedPfnEntry entry && entry.list() == this) {
            synchronized (lock) {
                return liveEntry(entry.index()) == entry ? entry.index() : -1;
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(Object object) {
        return indexOf(object);
    }

    @Override
    public boolean contains(Object object) {
        return indexOf(object) >= 0;
    }

    @Override
    public boolean containsAll(Collection<?> collection) {
        for (Object o : collection) {
            if (!contains(o)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isEmpty() {
        return columns.size == 0;
    }

    @Override
    public List<PfnEntry> basicList() {
        return this;
    }

    @Override
    public Iterator<PfnEntry> basicIterator() {
        return iterator();
    }

    @Override
    public ListIterator<PfnEntry> basicListIterator() {
        return listIterator();
    }

    @Override
    public ListIterator<PfnEntry> basicListIterator(int index) {
        return listIterator(index);
    }

    @Override
    public Object[] basicToArray() {
        return toArray();
    }

    @Override
    public <T> T[] basicToArray(T[] array) {
        return toArray(array);
    }

    @Override
    public int basicIndexOf(Object object) {
        return indexOf(object);
    }

    @Override
    public int basicLastIndexOf(Object object) {
        return lastIndexOf(object);
    }

    @Override
    public boolean basicContains(Object object) {
        return contains(object);
    }

    @Override
    public boolean basicContainsAll(Collection<?> collection) {
        return containsAll(collection);
    }

    // ---- Setting and NotifyingList

    @Override
    public EObject getEObject() {
        return owner;
    }

    @Override
    public EStructuralFeature getEStructuralFeature() {
        return MmPackage.Literals.PFN_DATABASE__ENTRIES;
    }

    @Override
    public Object get(boolean resolve) {
        return this;
    }

    @Override
    public boolean isSet() {
        return !isEmpty();
    }

    @Override
    public Object getNotifier() {
        return owner;
    }

    @Override
    public Object getFeature() {
        return MmPackage.Literals.PFN_DATABASE__ENTRIES;
    }

    @Override
    public int getFeatureID() {
        return MmPackage.PFN_DATABASE__ENTRIES;
    }

    // ---- changing: refused, the list has one entry per physical page

    private static UnsupportedOperationException fixed() {
        return new UnsupportedOperationException(
                "the PFN database of a populated machine has exactly one entry per physical page");
    }

    @Override
    public void set(Object newValue) {
        throw fixed();
    }

    @Override
    public void unset() {
        throw fixed();
    }

    @Override
    public PfnEntry setUnique(int index, PfnEntry object) {
        throw fixed();
    }

    @Override
    public void addUnique(PfnEntry object) {
        throw fixed();
    }

    @Override
    public void addUnique(int index, PfnEntry object) {
        throw fixed();
    }

    @Override
    public boolean addAllUnique(Collection<? extends PfnEntry> collection) {
        throw fixed();
    }

    @Override
    public boolean addAllUnique(int index, Collection<? extends PfnEntry> collection) {
        throw fixed();
    }

    @Override
    public boolean addAllUnique(Object[] objects, int start, int end) {
        throw fixed();
    }

    @Override
    public boolean addAllUnique(int index, Object[] objects, int start, int end) {
        throw fixed();
    }

    @Override
    public PfnEntry remove(int index) {
        throw fixed();
    }

    @Override
    public PfnEntry move(int newPosition, int oldPosition) {
        throw fixed();
    }

    @Override
    public void clear() {
        throw fixed();
    }

    @Override
    public NotificationChain basicRemove(Object object, NotificationChain notifications) {
        throw fixed();
    }

    @Override
    public NotificationChain basicAdd(PfnEntry object, NotificationChain notifications) {
        throw fixed();
    }
}
