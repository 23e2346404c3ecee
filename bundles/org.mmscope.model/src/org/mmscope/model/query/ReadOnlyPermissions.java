package org.mmscope.model.query;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Set;

import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * What an expression may call: the {@code mm:} functions; getters ({@code getX()}, {@code isX()}, no
 * arguments) of model objects; reading methods of strings, numbers and lists. Nothing else: no
 * constructors, no fields, no setters or list changes, no reflection, classes, files or processes. A
 * query can only read the model.
 */
final class ReadOnlyPermissions implements JexlPermissions {

    static final ReadOnlyPermissions INSTANCE = new ReadOnlyPermissions();

    private static final Set<String> LIST_READERS = Set.of("size", "get", "isEmpty", "contains", "indexOf");
    private static final Set<String> OBJECT_DENIED = Set.of("getClass", "wait", "notify", "notifyAll", "hashCode");

    private ReadOnlyPermissions() {
    }

    @Override
    public boolean allow(Package pack) {
        return true; // decided per class and method below
    }

    @Override
    public boolean allow(Class<?> type) {
        return type == QueryFunctions.class || type == String.class || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class || Collection.class.isAssignableFrom(type)
                || isModel(type) || type.isArray() && !type.getComponentType().isPrimitive() || type == Object.class;
    }

    @Override
    public boolean allow(Constructor<?> constructor) {
        return false;
    }

    @Override
    public boolean allow(Field field) {
        return false;
    }

    @Override
    public boolean allow(Method method) {
        if (!Modifier.isPublic(method.getModifiers()) || OBJECT_DENIED.contains(method.getName())) {
            return false;
        }
        Class<?> owner = method.getDeclaringClass();
        if (owner == QueryFunctions.class) {
            return true;
        }
        if (owner == String.class || Number.class.isAssignableFrom(owner) || owner == Boolean.class
                || owner == Character.class || owner == Object.class) {
            return !method.getName().equals("getBytes") || method.getParameterCount() == 0;
        }
        if (Collection.class.isAssignableFrom(owner) || owner.getName().startsWith("java.util.")
                || owner.getName().startsWith("org.eclipse.emf.common.util.")) {
            return LIST_READERS.contains(method.getName());
        }
        if (isModel(owner)) {
            String name = method.getName();
            return method.getParameterCount() == 0 && (name.startsWith("get") || name.startsWith("is"))
                    && !name.equals("getClass");
        }
        return false;
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("org.mmscope.model.") && !name.startsWith("org.mmscope.model.query.")
                || type.isInterface() && name.startsWith("org.eclipse.emf.common.util.Enumerator");
    }

    @Override
    public JexlPermissions compose(String... src) {
        return this;
    }
}
