package org.mmscope.model.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/**
 * Brings a model list in line with the simulator's objects without rebuilding it: objects are
 * matched by key, kept (and updated) when still there, created when new, removed when gone, and put
 * in the simulator's order. Views holding an object keep holding the same object across syncs, and
 * an unchanged value is never set again (no notification for it).
 */
final class Reconcile {

    private Reconcile() {
    }

    /**
     * Makes {@code list} hold one object per source, in order.
     *
     * @param sourceKey key of a simulator object
     * @param modelKey  key of a model object (equal to its source's key)
     * @param create    a new, empty model object
     * @param update    copies a source into a model object (use {@link #set} so unchanged values stay)
     */
    static <S, E extends EObject, K> void list(EList<E> list, List<S> sources, Function<S, K> sourceKey,
            Function<E, K> modelKey, Supplier<E> create, BiConsumer<E, S> update) {
        boolean sameKeys = list.size() == sources.size();
        for (int i = 0; sameKeys && i < sources.size(); i++) {
            sameKeys = Objects.equals(modelKey.apply(list.get(i)), sourceKey.apply(sources.get(i)));
        }
        if (sameKeys) {
            for (int i = 0; i < sources.size(); i++) {
                update.accept(list.get(i), sources.get(i));
            }
            return;
        }
        Map<K, E> existing = new HashMap<>();
        for (E e : list) {
            existing.putIfAbsent(modelKey.apply(e), e);
        }
        List<E> wanted = new java.util.ArrayList<>(sources.size());
        for (S source : sources) {
            E e = existing.remove(sourceKey.apply(source));
            if (e == null) {
                e = create.get();
            }
            update.accept(e, source);
            wanted.add(e);
        }
        ECollections.setEList(list, wanted);
    }

    /** Sets a feature only if its value differs (so no notification is sent for an unchanged value). */
    static void set(EObject object, EStructuralFeature feature, Object value) {
        if (!Objects.equals(object.eGet(feature), value)) {
            object.eSet(feature, value);
        }
    }

    /** Replaces the contents of a list of values only if they differ. */
    static <T> void values(EList<T> list, List<T> values) {
        if (!list.equals(values)) {
            ECollections.setEList(list, values);
        }
    }
}
