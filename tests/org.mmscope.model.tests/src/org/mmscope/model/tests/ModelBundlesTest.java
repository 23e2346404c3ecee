package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.junit.jupiter.api.Test;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage;
import org.mmscope.model.PageList;
import org.mmscope.model.PageListHead;
import org.mmscope.model.PfnDatabase;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.provider.MmItemProviderAdapterFactory;

/** The generated model and edit bundles are complete and wired in a real OSGi runtime. */
class ModelBundlesTest {

    private static Machine sampleMachine() {
        MmFactory factory = MmFactory.eINSTANCE;
        Machine machine = factory.createMachine();
        machine.setRamBytes(256L << 20);
        machine.setColours(16);
        PfnDatabase database = factory.createPfnDatabase();
        machine.setPfnDatabase(database);
        PageListHead zeroed = factory.createPageListHead();
        zeroed.setList(PageList.ZEROED);
        zeroed.setTotal(1);
        database.getListHeads().add(zeroed);
        PfnEntry entry = factory.createPfnEntry();
        entry.setPfn(0x1a2b3);
        entry.setLocation(PageList.STANDBY);
        entry.setPteAddress(0xFFFFF680_0001D0A8L);
        entry.setPriority(5);
        entry.setModified(true);
        database.getEntries().add(entry);
        return machine;
    }

    @Test
    void packageIsRegisteredThroughTheGeneratedPluginXml() {
        EPackage registered = EPackage.Registry.INSTANCE.getEPackage(MmPackage.eNS_URI);
        assertSame(MmPackage.eINSTANCE, registered, "generated_package extension of org.mmscope.model");
    }

    @Test
    void itemProvidersTakeTheirLabelsFromTheGeneratedPluginProperties() {
        MmItemProviderAdapterFactory factory = new MmItemProviderAdapterFactory();
        PfnEntry entry = sampleMachine().getPfnDatabase().getEntries().get(0);
        IItemLabelProvider labels = (IItemLabelProvider) factory.adapt(entry, IItemLabelProvider.class);
        String text = labels.getText(entry);
        assertTrue(text.startsWith("Pfn Entry"), "label from plugin.properties, was: " + text);
        factory.dispose();
    }

    @Test
    void xmiRoundTripKeepsEveryFeature() throws IOException {
        Machine machine = sampleMachine();
        ResourceSetImpl resources = new ResourceSetImpl();
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new XMIResourceFactoryImpl());
        Resource out = resources.createResource(URI.createURI("memory:/machine.mmscope"));
        out.getContents().add(machine);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.save(bytes, Map.of());

        Resource in = new XMIResourceFactoryImpl().createResource(URI.createURI("memory:/copy.mmscope"));
        in.load(new ByteArrayInputStream(bytes.toByteArray()), Map.of());
        EObject copy = in.getContents().get(0);
        assertTrue(EcoreUtil.equals(machine, copy), "the loaded machine differs from the saved one");
        assertEquals(0x1a2b3, ((Machine) copy).getPfnDatabase().getEntries().get(0).getPfn());
    }
}
