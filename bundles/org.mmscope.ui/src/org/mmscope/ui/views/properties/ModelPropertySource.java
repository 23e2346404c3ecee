package org.mmscope.ui.views.properties;

import java.util.List;
import java.util.Locale;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;
import org.mmscope.model.text.ModelLabels;

/**
 * The Properties view's picture of one model object, read-only, built from its EMF.Edit item provider's
 * property descriptors (names, categories, descriptions from the Ecore documentation). Addresses are
 * shown WinDbg-style and raw words, PFNs and PTE values in hex. Stands in for emf.edit.ui's
 * PropertySource, which MmScope cannot use (not on Maven Central).
 */
final class ModelPropertySource implements IPropertySource {

    private final EObject object;
    private final IItemPropertySource itemSource;

    ModelPropertySource(EObject object, AdapterFactory factory) {
        this.object = object;
        this.itemSource = (IItemPropertySource) factory.adapt(object, IItemPropertySource.class);
    }

    @Override
    public Object getEditableValue() {
        return object;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        if (itemSource == null) {
            return new IPropertyDescriptor[0];
        }
        List<IItemPropertyDescriptor> items = itemSource.getPropertyDescriptors(object);
        IPropertyDescriptor[] result = new IPropertyDescriptor[items.size()];
        for (int i = 0; i < result.length; i++) {
            IItemPropertyDescriptor item = items.get(i);
            PropertyDescriptor descriptor = new PropertyDescriptor(item.getId(object), item.getDisplayName(object));
            descriptor.setCategory(item.getCategory(object));
            descriptor.setDescription(item.getDescription(object));
            descriptor.setLabelProvider(new LabelProvider());
            result[i] = descriptor;
        }
        return result;
    }

    @Override
    public Object getPropertyValue(Object id) {
        IItemPropertyDescriptor item = itemSource == null ? null : itemSource.getPropertyDescriptor(object, id);
        if (item == null) {
            return "";
        }
        Object feature = item.getFeature(object);
        Object value = feature instanceof EStructuralFeature f ? object.eGet(f) : item.getPropertyValue(object);
        return text(feature instanceof EStructuralFeature f ? f.getName() : "", value);
    }

    /** The text of a property value: hex for addresses, raw words and frame numbers. */
    static String text(String feature, Object value) {
        String name = feature.toLowerCase(Locale.ROOT);
        if (value instanceof Long || value instanceof Integer) {
            long number = ((Number) value).longValue();
            if (number == -1 && (name.contains("address") || name.contains("pfn") || name.contains("offset"))) {
                return "none";
            }
            if (name.contains("address") || name.equals("directorytablebase") || name.equals("start")
                    || name.equals("end")) {
                return number < 0 && !name.contains("address") ? Long.toString(number) : ModelLabels.address(number);
            }
            if (number >= 0 && (name.contains("pfn") || name.equals("u1") || name.equals("u2") || name.equals("flags")
                    || name.contains("pte") || name.equals("value") || name.contains("frame"))) {
                return "0x" + Long.toHexString(number);
            }
            return String.format("%,d", number);
        }
        return value instanceof EObject ? ModelLabels.text(value) : value == null ? "" : String.valueOf(value);
    }

    @Override
    public boolean isPropertySet(Object id) {
        return false;
    }

    @Override
    public void resetPropertyValue(Object id) {
        // read-only: the model is the simulator's picture
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        // read-only: the model is the simulator's picture
    }
}
