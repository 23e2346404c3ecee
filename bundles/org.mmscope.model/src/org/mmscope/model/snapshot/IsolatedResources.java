package org.mmscope.model.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.impl.EPackageRegistryImpl;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ExtensibleURIConverterImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceFactoryRegistryImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.mmscope.model.MmPackage;

/**
 * A resource set that knows the MmScope package and nothing else and cannot open any file: the
 * snapshot's own bytes are handed to its resource as a stream, so anything else a file asks for (a
 * proxy, a schema location, a foreign package) is refused instead of read. Nothing global is touched:
 * the package registry does not delegate to {@link EPackage.Registry#INSTANCE}, the resource factory
 * registry does not delegate to {@link Resource.Factory.Registry#INSTANCE}.
 */
final class IsolatedResources {

    private IsolatedResources() {
    }

    /** A new, empty resource set of its own. */
    static ResourceSet newResourceSet() {
        ResourceSetImpl resources = new ResourceSetImpl();
        EPackage.Registry packages = new EPackageRegistryImpl();
        packages.put(MmPackage.eNS_URI, MmPackage.eINSTANCE);
        resources.setPackageRegistry(packages);
        resources.setResourceFactoryRegistry(new ResourceFactoryRegistryImpl() {
            @Override
            protected Resource.Factory delegatedGetFactory(URI uri, String contentTypeIdentifier) {
                return null;
            }
        });
        resources.setURIConverter(new NoFileURIConverter());
        return resources;
    }

    /** Opens nothing: every attempt to read, write or even look at a URI fails or finds nothing. */
    static final class NoFileURIConverter extends ExtensibleURIConverterImpl {

        private static IOException refuse(URI uri) {
            return new Refusal("it refers to another file (" + uri + "), which a snapshot never does");
        }

        @Override
        public InputStream createInputStream(URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public OutputStream createOutputStream(URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public void delete(URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public Map<String, ?> contentDescription(URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public boolean exists(URI uri, Map<?, ?> options) {
            return false;
        }

        @Override
        public Map<String, ?> getAttributes(URI uri, Map<?, ?> options) {
            return Map.of();
        }

        @Override
        public void setAttributes(URI uri, Map<String, ?> attributes, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }
    }
}
