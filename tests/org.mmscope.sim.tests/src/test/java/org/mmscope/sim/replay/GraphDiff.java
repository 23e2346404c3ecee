package org.mmscope.sim.replay;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Test helper: walks two simulator object graphs side by side and names the first place where they
 * differ (a value, a size, or an object shared in one graph but not in the other). Collections are
 * compared through their public API, simulator objects field by field. Immutable JDK collections
 * are compared by content only: a checkpoint shares the scenario's statements but copies the
 * immutable lists that point to them, so their sharing may differ without any change of state.
 */
final class GraphDiff {

    private record Pending(Object a, Object b, String path) {
    }

    private final IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
    private final ArrayDeque<Pending> work = new ArrayDeque<>();

    /** The first difference, or null when the graphs are alike. */
    static String between(Object a, Object b) {
        GraphDiff diff = new GraphDiff();
        diff.work.add(new Pending(a, b, "run"));
        while (!diff.work.isEmpty()) {
            Pending next = diff.work.poll();
            String found = diff.compare(next.a, next.b, next.path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String compare(Object a, Object b, String path) {
        if (a == null || b == null) {
            return a == b ? null : path + ": " + a + " vs " + b;
        }
        if (a.getClass().isHidden() && b.getClass().isHidden()) {
            return null; // two lambdas: a deserialized lambda has a class of its own
        }
        if (a.getClass() != b.getClass()) {
            return path + ": class " + a.getClass().getName() + " vs " + b.getClass().getName();
        }
        if (isValue(a)) {
            return a.equals(b) ? null : path + ": " + a + " vs " + b;
        }
        Object mapped = seen.get(a);
        if (isImmutableJdk(a)) {
            mapped = null; // the scenario's immutable lists: shared by checkpoints, copied in places
        }
        if (mapped != null) {
            return mapped == b ? null : path + ": shared object in one graph, another object in the other (" + a + ")";
        }
        seen.put(a, b);
        Class<?> type = a.getClass();
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            return primitiveArraysEqual(a, b) ? null : path + ": arrays differ at "
                    + mismatch(a, b);
        }
        if (type.isArray()) {
            int length = Array.getLength(a);
            if (length != Array.getLength(b)) {
                return path + ": length " + length + " vs " + Array.getLength(b);
            }
            for (int i = 0; i < length; i++) {
                work.add(new Pending(Array.get(a, i), Array.get(b, i), path + "[" + i + "]"));
            }
            return null;
        }
        if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) {
                return path + ": size " + ma.size() + " vs " + mb.size();
            }
            Iterator<? extends Map.Entry<?, ?>> ib = mb.entrySet().iterator();
            int i = 0;
            for (Map.Entry<?, ?> ea : ma.entrySet()) {
                Map.Entry<?, ?> eb = ib.next();
                work.add(new Pending(ea.getKey(), eb.getKey(), path + "{key " + i + "}"));
                work.add(new Pending(ea.getValue(), eb.getValue(), path + "{" + ea.getKey() + "}"));
                i++;
            }
            return null;
        }
        if (a instanceof Collection<?> ca) {
            Collection<?> cb = (Collection<?>) b;
            if (ca.size() != cb.size()) {
                return path + ": size " + ca.size() + " vs " + cb.size();
            }
            Iterator<?> ib = cb.iterator();
            int i = 0;
            for (Object ea : ca) {
                work.add(new Pending(ea, ib.next(), path + "(" + i++ + ")"));
            }
            return null;
        }
        if (!type.getName().startsWith("org.mmscope.")) {
            return null; // lambdas' captured state is not reachable; JDK internals are not opened
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    work.add(new Pending(field.get(a), field.get(b), path + "." + field.getName()));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return path + "." + field.getName() + ": cannot read (" + e + ")";
                }
            }
        }
        return null;
    }

    private static boolean primitiveArraysEqual(Object a, Object b) {
        return switch (a) {
            case long[] x -> Arrays.equals(x, (long[]) b);
            case int[] x -> Arrays.equals(x, (int[]) b);
            case short[] x -> Arrays.equals(x, (short[]) b);
            case byte[] x -> Arrays.equals(x, (byte[]) b);
            case boolean[] x -> Arrays.equals(x, (boolean[]) b);
            case char[] x -> Arrays.equals(x, (char[]) b);
            case double[] x -> Arrays.equals(x, (double[]) b);
            case float[] x -> Arrays.equals(x, (float[]) b);
            default -> throw new IllegalArgumentException(a.getClass().getName());
        };
    }

    private static String mismatch(Object a, Object b) {
        int length = Math.min(Array.getLength(a), Array.getLength(b));
        for (int i = 0; i < length; i++) {
            if (!Array.get(a, i).equals(Array.get(b, i))) {
                return "[" + i + "]: " + Array.get(a, i) + " vs " + Array.get(b, i);
            }
        }
        return "length " + Array.getLength(a) + " vs " + Array.getLength(b);
    }

    private static boolean isImmutableJdk(Object o) {
        String name = o.getClass().getName();
        return name.startsWith("java.util.ImmutableCollections$") || name.startsWith("java.util.Collections$Unmodifiable");
    }

    private static boolean isValue(Object o) {
        return o instanceof Number || o instanceof String || o instanceof Boolean || o instanceof Character
                || o instanceof Enum<?>;
    }
}
