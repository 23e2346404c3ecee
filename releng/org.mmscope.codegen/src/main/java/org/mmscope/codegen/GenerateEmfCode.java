package org.mmscope.codegen;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.GenPackage;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.codegen.merge.java.JControlModel;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

/**
 * Generates the EMF model or EMF.Edit code of one bundle from a .genmodel, headless (no workbench, no
 * OSGi, no JDT), deterministically.
 *
 * <pre>
 * GenerateEmfCode --genmodel bundles/org.mmscope.model/model/mmscope.genmodel
 *                 --kind model|edit --project org.mmscope.model --out bundles/org.mmscope.model/emf-gen
 * </pre>
 *
 * The genmodel names its output folders as {@code /<project>/<folder>}. The generator always writes
 * into an empty staging folder (it never merges, which would need JDT), and {@link OutputFolderSync}
 * then mirrors the project's staging folder into {@code --out}: Java sources under {@code src/},
 * everything else the bundle needs at run time (plugin.xml, plugin.properties, icons) under
 * {@code res/}. Only changed files are rewritten, so incremental compilation keeps working.
 */
public final class GenerateEmfCode {

    private GenerateEmfCode() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        long start = System.nanoTime();
        registerEmf();

        Path staging = Files.createTempDirectory("mmscope-emf-codegen");
        try {
            Path projectStaging = staging.resolve(options.project);
            Files.createDirectories(projectStaging);
            // The trailing separator matters: platform:/resource/p/x must resolve below the folder.
            EcorePlugin.getPlatformResourceMap().put(options.project,
                    URI.createFileURI(projectStaging.toString() + File.separator));

            GenModel genModel = loadGenModel(options.genModel);
            int generated = generate(genModel, options.kind);
            if (generated == 0) {
                throw new CodegenException("the generator produced no file for " + options.kind
                        + " of project " + options.project + ": does the genmodel's "
                        + ("model".equals(options.kind) ? "modelDirectory" : "editDirectory")
                        + " start with /" + options.project + "/ ?");
            }
            OutputFolderSync.Stats stats = OutputFolderSync.mirror(projectStaging, options.out, options.javaFolder);
            System.out.printf("[mmscope-codegen] %s %s -> %s: %d files, %d rewritten, %d unchanged, %d removed, %.0f ms%n",
                    options.genModel.getFileName(), options.kind, options.out, generated, stats.written(),
                    stats.unchanged(), stats.deleted(), (System.nanoTime() - start) / 1e6);
        } finally {
            OutputFolderSync.deleteTree(staging);
        }
    }

    private static void registerEmf() {
        EcorePackage.eINSTANCE.eClass();
        GenModelPackage.eINSTANCE.eClass();
        Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().put("ecore", new EcoreResourceFactoryImpl());
        Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().put("genmodel", new EcoreResourceFactoryImpl());
        // Ecore.genmodel is found by its nsURI when the genmodel uses Ecore's generated package.
        EcorePlugin.getEPackageNsURIToGenModelLocationMap(false).put(EcorePackage.eNS_URI,
                URI.createPlatformPluginURI("org.eclipse.emf.ecore/model/Ecore.genmodel", false));
    }

    private static GenModel loadGenModel(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CodegenException("genmodel not found: " + file);
        }
        ResourceSet resources = new ResourceSetImpl();
        resources.getURIConverter().getURIMap().put(
                URI.createPlatformPluginURI("org.eclipse.emf.ecore/", false), jarRootOf(EcorePackage.class));
        GenModel genModel = (GenModel) resources
                .getResource(URI.createFileURI(file.toAbsolutePath().toString()), true).getContents().get(0);
        // An unresolved usedGenPackages reference is dropped silently by reconcile(), which changes the output.
        for (GenPackage used : genModel.getUsedGenPackages()) {
            if (used.eIsProxy()) {
                throw new CodegenException("unresolved usedGenPackages " + ((InternalEObject) used).eProxyURI());
            }
        }
        genModel.reconcile();
        genModel.setCanGenerate(true);
        if (!genModel.getMissingPackages().isEmpty()) {
            throw new CodegenException("no GenPackage for " + genModel.getMissingPackages().stream()
                    .map(p -> p.getNsURI()).toList());
        }
        failOnError("the genmodel is invalid", genModel.diagnose());
        for (GenPackage genPackage : genModel.getGenPackages()) {
            failOnError("the Ecore model is invalid", Diagnostician.INSTANCE.validate(genPackage.getEcorePackage()));
        }
        return genModel;
    }

    private static int generate(GenModel genModel, String kind) {
        Generator generator = new Generator() {
            @Override
            public JControlModel getJControlModel() {
                // We generate into empty folders: never merge (merging needs JDT's parser).
                return new JControlModel() {
                    @Override
                    public boolean canMerge() {
                        return false;
                    }
                };
            }
        };
        // Outside Eclipse the adapter factory registry is empty; without this the generator writes nothing.
        generator.getAdapterFactoryDescriptorRegistry().addDescriptor(GenModelPackage.eNS_URI,
                Utf8GeneratorAdapterFactory::new);
        generator.getOptions().resourceSet = genModel.eResource().getResourceSet();
        generator.setInput(genModel);
        String projectType = "model".equals(kind) ? GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE
                : GenBaseGeneratorAdapter.EDIT_PROJECT_TYPE;
        // The generator asks System.getProperty("line.separator") for every file: pin LF for identical output everywhere.
        String separator = System.getProperty("line.separator");
        System.setProperty("line.separator", "\n");
        try {
            Diagnostic result = generator.generate(genModel, projectType, new BasicMonitor());
            failOnError("generation failed", result);
            if (result.getSeverity() == Diagnostic.WARNING) {
                System.err.println("[mmscope-codegen] warning: " + result);
            }
        } finally {
            System.setProperty("line.separator", separator);
        }
        return generator.getGeneratedOutputs().size();
    }

    private static URI jarRootOf(Class<?> type) {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        String text = location.toString();
        return text.endsWith(".jar") ? URI.createURI("jar:" + text + "!/")
                : URI.createURI(text.endsWith("/") ? text : text + "/");
    }

    private static void failOnError(String what, Diagnostic diagnostic) {
        if (diagnostic.getSeverity() != Diagnostic.ERROR) {
            return;
        }
        StringBuilder message = new StringBuilder(what).append(": ").append(diagnostic.getMessage());
        for (Diagnostic child : diagnostic.getChildren()) {
            message.append("\n  ").append(child.getMessage());
        }
        throw new CodegenException(message.toString());
    }

    /** Command-line options. */
    record Options(Path genModel, String kind, String project, Path out, String javaFolder) {

        static Options parse(String[] args) {
            Path genModel = null;
            String kind = null;
            String project = null;
            Path out = null;
            String javaFolder = "src-gen";
            List<String> rest = new ArrayList<>(List.of(args));
            while (!rest.isEmpty()) {
                String option = rest.remove(0);
                if (rest.isEmpty()) {
                    throw new CodegenException("option " + option + " needs a value");
                }
                String value = rest.remove(0);
                switch (option) {
                    case "--genmodel" -> genModel = Path.of(value);
                    case "--kind" -> kind = value;
                    case "--project" -> project = value;
                    case "--out" -> out = Path.of(value).toAbsolutePath();
                    case "--java-folder" -> javaFolder = value;
                    default -> throw new CodegenException("unknown option " + option);
                }
            }
            if (genModel == null || project == null || out == null || !("model".equals(kind) || "edit".equals(kind))) {
                throw new CodegenException(
                        "usage: --genmodel FILE --kind model|edit --project NAME --out DIR [--java-folder src-gen]");
            }
            return new Options(genModel, kind, project, out, javaFolder);
        }
    }
}
