package org.mmscope.model.query;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.jexl3.JexlContext;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/**
 * The names an expression sees for one row: {@code it} (the row), the row's features by name
 * ({@code location}, {@code priority} ...), extra names its source adds ({@code owner},
 * {@code process}), and namespace {@code mm:}. One context is reused for every row of a query.
 */
final class RowContext implements JexlContext, JexlContext.NamespaceResolver {

    private final QueryFunctions functions;
    private final Map<EClass, Map<String, EStructuralFeature>> features = new HashMap<>();
    private final Map<String, Object> extra = new HashMap<>();
    private EObject row;
    private Map<String, EStructuralFeature> rowFeatures = Map.of();

    RowContext(QueryFunctions functions) {
        this.functions = functions;
    }

    /** Sets the row the next evaluation sees, and its extra names. */
    void row(EObject row, Map<String, Object> extraNames) {
        this.row = row;
        this.rowFeatures = row == null ? Map.of() : features.computeIfAbsent(row.eClass(), RowContext::byName);
        extra.clear();
        extra.putAll(extraNames);
    }

    private static Map<String, EStructuralFeature> byName(EClass type) {
        Map<String, EStructuralFeature> map = new HashMap<>();
        for (EStructuralFeature f : type.getEAllStructuralFeatures()) {
            map.put(f.getName(), f);
        }
        return map;
    }

    @Override
    public Object get(String name) {
        if ("it".equals(name)) {
            return row;
        }
        if (extra.containsKey(name)) {
            return extra.get(name);
        }
        EStructuralFeature feature = rowFeatures.get(name);
        return feature == null ? null : row.eGet(feature);
    }

    @Override
    public boolean has(String name) {
        return "it".equals(name) || extra.containsKey(name) || rowFeatures.containsKey(name);
    }

    @Override
    public void set(String name, Object value) {
        throw new UnsupportedOperationException("queries do not assign: " + name);
    }

    @Override
    public Object resolveNamespace(String name) {
        return "mm".equals(name) ? functions : null;
    }

    /** The names a row of this type offers, for error messages. */
    String names() {
        StringBuilder text = new StringBuilder();
        rowFeatures.keySet().stream().sorted().forEach(n -> text.append(text.length() == 0 ? "" : ", ").append(n));
        for (String n : extra.keySet()) {
            text.append(", ").append(n);
        }
        return text.toString();
    }
}
