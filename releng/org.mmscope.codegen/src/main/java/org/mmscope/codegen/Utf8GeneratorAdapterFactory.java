package org.mmscope.codegen;

import org.eclipse.emf.codegen.ecore.genmodel.generator.GenClassGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenEnumGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenPackageGeneratorAdapter;
import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.util.URI;

/**
 * The stock adapters ask the workspace for a file's encoding; headless they get null and write in the
 * JVM's default charset. Every adapter here writes UTF-8.
 */
final class Utf8GeneratorAdapterFactory extends GenModelGeneratorAdapterFactory {

    private static final String UTF_8 = "UTF-8";

    @Override
    public Adapter createGenModelAdapter() {
        if (genModelGeneratorAdapter == null) {
            genModelGeneratorAdapter = new GenModelGeneratorAdapter(this) {
                @Override
                protected String getEncoding(URI uri) {
                    return UTF_8;
                }
            };
        }
        return genModelGeneratorAdapter;
    }

    @Override
    public Adapter createGenPackageAdapter() {
        if (genPackageGeneratorAdapter == null) {
            genPackageGeneratorAdapter = new GenPackageGeneratorAdapter(this) {
                @Override
                protected String getEncoding(URI uri) {
                    return UTF_8;
                }
            };
        }
        return genPackageGeneratorAdapter;
    }

    @Override
    public Adapter createGenClassAdapter() {
        if (genClassGeneratorAdapter == null) {
            genClassGeneratorAdapter = new GenClassGeneratorAdapter(this) {
                @Override
                protected String getEncoding(URI uri) {
                    return UTF_8;
                }
            };
        }
        return genClassGeneratorAdapter;
    }

    @Override
    public Adapter createGenEnumAdapter() {
        if (genEnumGeneratorAdapter == null) {
            genEnumGeneratorAdapter = new GenEnumGeneratorAdapter(this) {
                @Override
                protected String getEncoding(URI uri) {
                    return UTF_8;
                }
            };
        }
        return genEnumGeneratorAdapter;
    }
}
