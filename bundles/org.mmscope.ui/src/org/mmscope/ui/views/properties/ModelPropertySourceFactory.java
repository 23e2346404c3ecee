package org.mmscope.ui.views.properties;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.ui.views.properties.IPropertySource;
import org.mmscope.model.MmPackage;
import org.mmscope.model.provider.MmScopeItemProviderAdapterFactory;

/**
 * Adapts MmScope model objects to {@link IPropertySource} (registered in plugin.xml), so the Properties
 * view shows whatever model object a view selects.
 */
public final class ModelPropertySourceFactory implements IAdapterFactory {

    private static final MmScopeItemProviderAdapterFactory ITEM_PROVIDERS = new MmScopeItemProviderAdapterFactory();

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adapterType == IPropertySource.class && adaptable instanceof EObject object
                && object.eClass().getEPackage() == MmPackage.eINSTANCE) {
            return adapterType.cast(new ModelPropertySource(object, ITEM_PROVIDERS));
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IPropertySource.class };
    }
}
