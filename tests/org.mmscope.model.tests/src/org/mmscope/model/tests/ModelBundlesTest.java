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
import org.mmscope.model.provider.MmScopeItemProviderAdapterFactory;

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
        // raw flags as the simulator keeps them: location Standby (2) in bits 16-18, priority 5 in 13-15, Modified
        entry.setFlags((2 << 16) | (5 << 13) | 1);
        entry.setPteAddress(0xFFFFF680_0001D0A8L);
        database.getEntries().add(entry);
        return machine;
    }

    @Test
    void packageIsRegisteredThroughTheGeneratedPluginXml() {
        EPackage registered = EPackage.Registry.INSTANCE.getEPackage(MmPackage.eNS_URI);
        assertSame(MmPackage.eINSTANCE, registered, "generated_package extension of org.mmscope.model");
    }

    @Test
    void itemProvidersGiveReadableLabels() {
        MmItemProviderAdapterFactory factory = new MmScopeItemProviderAdapterFactory();
        PfnEntry entry = sampleMachine().getPfnDatabase().getEntries().get(0);
        assertEquals(PageList.STANDBY, entry.getLocation());
        assertEquals(5, entry.getPriority());
        assertTrue(entry.isModified());
        IItemLabelProvider labels = (IItemLabelProvider) factory.adapt(entry, IItemLabelProvider.class);
        assertEquals("PFN 0x1a2b3 Standby, ref 0, share 0, priority 5, modified", labels.getText(entry));
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
        PfnEntry loaded = ((Machine) copy).getPfnDatabase().getEntries().get(0);
        assertEquals(0x1a2b3, loaded.getPfn());
        assertEquals(PageList.STANDBY, loaded.getLocation());
        assertEquals(5, loaded.getPriority());
        assertTrue(loaded.isModified());
    }
}
