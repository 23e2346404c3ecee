package org.mmscope.sim.replay;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable objects every checkpoint of one run shares instead of copying: the parsed scenario
 * and its statements, values and source positions (everything of {@code org.mmscope.sim.scenario}
 * except enums). A checkpoint writes a {@link Ref} in their place and a restore puts the very same
 * objects back, so a scenario of thousands of statements costs nothing per checkpoint and the
 * scenario classes need not be serializable.
 */
final class SharedObjects {

    private static final String SCENARIO_PACKAGE = "org.mmscope.sim.scenario";

    /** Stands for a shared object in a checkpoint's bytes. */
    record Ref(int index) implements Serializable {
    }

    private final Map<Object, Integer> indexes = new IdentityHashMap<>();
    private final org.mmscope.sim.hw.FrameArchive frames = new org.mmscope.sim.hw.FrameArchive();
    private final List<Object> objects = new ArrayList<>();

    /** The frames the checkpoints of this run share with the memories running from them. */
    org.mmscope.sim.hw.FrameArchive frameArchive() {
        return frames;
    }

    /** True for objects that are shared rather than copied. */
    static boolean isShared(Object object) {
        Class<?> type = object.getClass();
        return !type.isEnum() && type.getPackageName().equals(SCENARIO_PACKAGE);
    }

    /** The reference that stands for {@code object}, registering it the first time. */
    synchronized Ref refOf(Object object) {
        Integer index = indexes.get(object);
        if (index == null) {
            index = objects.size();
            objects.add(object);
            indexes.put(object, index);
        }
        return new Ref(index);
    }

    /** The object {@code ref} stands for. */
    synchronized Object resolve(Ref ref) {
        if (ref.index() < 0 || ref.index() >= objects.size()) {
            throw new IllegalStateException("a checkpoint refers to shared object " + ref.index() + " of "
                    + objects.size());
        }
        return objects.get(ref.index());
    }
}
