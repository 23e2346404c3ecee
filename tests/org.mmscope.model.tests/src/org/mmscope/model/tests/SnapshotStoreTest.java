package org.mmscope.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EContentAdapter;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmscope.model.Counter;
import org.mmscope.model.Machine;
import org.mmscope.model.MmFactory;
import org.mmscope.model.MmPackage;
import org.mmscope.model.PageList;
import org.mmscope.model.PfnEntry;
import org.mmscope.model.Process;
import org.mmscope.model.snapshot.SnapshotException;
import org.mmscope.model.snapshot.SnapshotFormat;
import org.mmscope.model.snapshot.SnapshotStore;

/** Snapshots: save and load in both formats, nothing lost; refuse what is not a snapshot, safely. */
class SnapshotStoreTest {

    private static final int MIB = 1 << 20;
    private static final String XMI_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String MACHINE_OPEN = "<mm:Machine xmi:version=\"2.0\" xmlns:xmi=\"http://www.omg.org/XMI\""
            + " xmlns:mm=\"" + MmPackage.eNS_URI + "\"";

    private final SnapshotStore store = new SnapshotStore();

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------------------
    // The sample and the comparison

    @Test
    void sampleHasEveryClassWithEveryChangeableAttributeSet() {
        Machine sample = SampleMachines.sample();
        Set<EClass> classes = new HashSet<>();
        Set<String> setAttributes = new HashSet<>();
        for (EObject object : everything(sample)) {
            classes.add(object.eClass());
            for (EAttribute attribute : object.eClass().getEAllAttributes()) {
                if (object.eIsSet(attribute)) {
                    setAttributes.add(object.eClass().getName() + "." + attribute.getName());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (EClassifier classifier : MmPackage.eINSTANCE.getEClassifiers()) {
            if (classifier instanceof EClass eClass && !eClass.isAbstract()) {
                if (!classes.contains(eClass)) {
                    missing.add(eClass.getName());
                }
                for (EAttribute attribute : eClass.getEAllAttributes()) {
                    String name = eClass.getName() + "." + attribute.getName();
                    if (attribute.isChangeable() && !attribute.isDerived() && !setAttributes.contains(name)) {
                        missing.add(name);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "SampleMachines.sample() must set these to a value that is not the default");
    }

    @Test
    void binaryRoundTripKeepsEveryFeature() throws Exception {
        roundTripKeepsEveryFeature("sample.mmsnap");
    }

    @Test
    void xmiRoundTripKeepsEveryFeature() throws Exception {
        roundTripKeepsEveryFeature("sample.xmi");
    }

    private void roundTripKeepsEveryFeature(String name) throws Exception {
        Machine machine = SampleMachines.sample();
        Path file = dir.resolve(name);
        store.save(machine, file);
        Machine loaded = store.load(file);
        assertSameMachine(machine, loaded);
        // the derived attributes are computed from the raw fields that were saved
        PfnEntry standby = loaded.getPfnDatabase().getEntries().get(PageList.STANDBY_VALUE);
        assertEquals(PageList.STANDBY, standby.getLocation());
        assertEquals(5, standby.getPriority());
        assertEquals(2, standby.getCacheAttribute());
        assertEquals((0x1A2B0 + 2) & 15, standby.getColour());
        assertEquals(0x7FF6_0000_2000L, standby.getVirtualAddress());
        assertTrue(loaded.getPfnDatabase().getEntries().get(PageList.ZEROED_VALUE).isModified());
        assertTrue(loaded.getPfnDatabase().getEntries().get(PageList.MODIFIED_NO_WRITE_VALUE).isInPageError());
        assertEquals(0x200 + PageList.ACTIVE_AND_VALID_VALUE,
                loaded.getPfnDatabase().getEntries().get(PageList.ACTIVE_AND_VALID_VALUE).getShareCount());
        assertEquals(List.of(file), files(dir), "no temporary file is left behind");
        // and a snapshot loaded from a file saves and loads again the same
        Path again = dir.resolve("again-" + name);
        store.save(loaded, again);
        assertSameMachine(machine, store.load(again));
    }

    @Test
    void derivedAttributesAreNotWritten() throws Exception {
        Path file = dir.resolve("derived.xmi");
        store.save(SampleMachines.sample(), file);
        String xmi = Files.readString(file);
        Set<String> stored = new HashSet<>();
        for (EClassifier classifier : MmPackage.eINSTANCE.getEClassifiers()) {
            if (classifier instanceof EClass eClass) {
                eClass.getEAllAttributes().stream().filter(a -> !a.isTransient()).forEach(a -> stored.add(a.getName()));
            }
        }
        int checked = 0;
        for (EAttribute attribute : MmPackage.Literals.PFN_ENTRY.getEAllAttributes()) {
            if (attribute.isTransient() && !stored.contains(attribute.getName())) {
                assertFalse(xmi.contains(" " + attribute.getName() + "=\""), attribute.getName() + " is written");
                checked++;
            }
        }
        assertTrue(checked >= 10, "derived PFN attributes checked: " + checked);
        assertTrue(xmi.contains(" flags=\""), "the raw flags are written");
    }

    @Test
    void formatFollowsTheExtension() throws Exception {
        Machine machine = SampleMachines.sample();
        Path binary = dir.resolve("Upper.MMSNAP");
        Path xmi = dir.resolve("Upper.XMI");
        store.save(machine, binary);
        store.save(machine, xmi);
        assertArrayEquals("MMSNAP".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(Files.readAllBytes(binary), 6));
        assertTrue(Files.readString(xmi).startsWith("<?xml"));
        assertEquals(SnapshotFormat.BINARY, SnapshotFormat.of(binary).orElseThrow());
        assertEquals(SnapshotFormat.XMI, SnapshotFormat.of(xmi).orElseThrow());
        assertTrue(SnapshotFormat.of(dir.resolve(".xmi")).isEmpty());
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.save(machine, dir.resolve("m.txt")));
        assertSaveMessage(e, dir.resolve("m.txt"), ".mmsnap");
    }

    // ---------------------------------------------------------------------------------------------
    // The machine and what is open stay as they are

    @Test
    void savingLeavesTheMachineInItsResourceAndNotifiesNothing() throws Exception {
        Machine machine = SampleMachines.sample();
        ResourceSet views = new ResourceSetImpl();
        Resource shown = new XMIResourceImpl(URI.createURI("memory:/shown.mmscope"));
        views.getResources().add(shown);
        shown.getContents().add(machine);
        AtomicInteger notifications = new AtomicInteger();
        views.eAdapters().add(counting(notifications));

        store.save(machine, dir.resolve("shown.mmsnap"));
        store.save(machine, dir.resolve("shown.xmi"));

        assertSame(shown, machine.eResource());
        assertSame(machine, shown.getContents().get(0));
        assertEquals(1, shown.getContents().size());
        assertEquals(1, views.getResources().size());
        assertEquals(0, notifications.get(), "saving notified the views");
        assertSameMachine(machine, store.load(dir.resolve("shown.mmsnap")));
        assertSameMachine(machine, store.load(dir.resolve("shown.xmi")));

        Machine loose = SampleMachines.sample();
        store.save(loose, dir.resolve("loose.xmi"));
        assertEquals(null, loose.eResource());
    }

    @Test
    void loadingGivesANewMachineInItsOwnResourceSet() throws Exception {
        Path file = dir.resolve("own.mmsnap");
        store.save(SampleMachines.sample(), file);
        Machine first = store.load(file);
        Machine second = store.load(file);
        assertNotSame(first, second);
        assertNotNull(first.eResource());
        assertNotSame(first.eResource(), second.eResource());
        ResourceSet set = first.eResource().getResourceSet();
        assertNotNull(set);
        assertNotSame(set, second.eResource().getResourceSet());
        assertEquals(List.of(first.eResource()), set.getResources());
        assertEquals(URI.createFileURI(file.toString()), first.eResource().getURI());
        assertFalse(first.eResource().isModified());
    }

    @Test
    void loadingHostileOrValidFilesChangesNothingOpen() throws Exception {
        Machine open = SampleMachines.sample();
        ResourceSet views = new ResourceSetImpl();
        Resource shown = new XMIResourceImpl(URI.createURI("memory:/open.mmscope"));
        views.getResources().add(shown);
        shown.getContents().add(open);
        Machine before = EcoreUtil.copy(open);
        AtomicInteger notifications = new AtomicInteger();
        views.eAdapters().add(counting(notifications));
        Set<String> packages = new HashSet<>(EPackage.Registry.INSTANCE.keySet());
        Set<String> extensions = new HashSet<>(Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().keySet());

        Path valid = dir.resolve("valid.mmsnap");
        store.save(SampleMachines.sample(), valid);
        List<Path> hostile = List.of(
                write("xxe.xmi", xxe("name=\"&x;\"", "")),
                write("foreign.xmi", foreignXmi()),
                write("huge.xmi", XMI_HEAD + MACHINE_OPEN + " name=\"" + "a".repeat(MIB + 1) + "\"/>\n"),
                write("random.mmsnap", randomBytes(4096, 1)),
                write("truncated.mmsnap", Arrays.copyOf(Files.readAllBytes(valid), 300)),
                write("proxy.xmi", XMI_HEAD + MACHINE_OPEN + ">\n  <processes href=\"valid.mmsnap#/\"/>\n</mm:Machine>\n"));
        for (Path file : hostile) {
            assertThrows(SnapshotException.class, () -> store.load(file), file.toString());
        }
        store.load(valid);

        assertTrue(EcoreUtil.equals(before, open), "the open machine changed");
        assertSame(shown, open.eResource());
        assertEquals(List.of(shown), views.getResources());
        assertEquals(0, notifications.get(), "loading notified the open views");
        assertEquals(packages, new HashSet<>(EPackage.Registry.INSTANCE.keySet()), "the global package registry changed");
        assertEquals(extensions, new HashSet<>(Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().keySet()));
    }

    // ---------------------------------------------------------------------------------------------
    // A big machine

    @Test
    void millionPfnEntriesRoundTripInBinary() throws Exception {
        int pages = 1 << 20;
        Machine machine = SampleMachines.withPfnEntries(pages);
        Path file = dir.resolve("4gib.mmsnap");
        Machine loaded = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            long t0 = System.nanoTime();
            store.save(machine, file);
            long t1 = System.nanoTime();
            Machine result = store.load(file);
            long t2 = System.nanoTime();
            long size = Files.size(file);
            String line = String.format(Locale.ROOT,
                    "[snapshot] %,d PFN entries (4 GiB): save %d ms, load %d ms, file %,d bytes (%.1f MiB, %.1f bytes/entry)",
                    pages, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, size, size / (double) MIB,
                    size / (double) pages);
            System.out.println(line);
            return result;
        });
        List<PfnEntry> expected = machine.getPfnDatabase().getEntries();
        List<PfnEntry> actual = loaded.getPfnDatabase().getEntries();
        assertEquals(pages, actual.size());
        assertEquals(pages, loaded.getPfnDatabase().getPageCount());
        for (int i = 0; i < pages; i++) {
            PfnEntry e = expected.get(i);
            PfnEntry a = actual.get(i);
            if (e.getPfn() != a.getPfn() || e.getU1() != a.getU1() || e.getU2() != a.getU2() || e.getFlags() != a.getFlags()
                    || e.getReferenceCount() != a.getReferenceCount() || e.getPteAddress() != a.getPteAddress()
                    || e.isDeleted() != a.isDeleted() || e.getOriginalPte() != a.getOriginalPte()
                    || e.getPteFrame() != a.getPteFrame() || e.getOwnerKind() != a.getOwnerKind()
                    || e.getOwnerPid() != a.getOwnerPid() || e.getOwnerSection() != a.getOwnerSection()
                    || e.getLocation() != a.getLocation() || e.getColour() != a.getColour()
                    || e.getVirtualAddress() != a.getVirtualAddress() || e.getShareCount() != a.getShareCount()) {
                fail("PFN entry " + i + " differs after the round trip");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Truncated, damaged, foreign

    @Test
    void truncatedBinaryIsRefused() throws Exception {
        Path file = dir.resolve("whole.mmsnap");
        store.save(SampleMachines.sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] { 1, 3, 5, 6, 10, 23, 24, 25, 40, bytes.length / 2, bytes.length - 1 }) {
            Path cut = write("cut" + length + ".mmsnap", Arrays.copyOf(bytes, length));
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(cut), "cut at " + length);
            assertLoadMessage(e, cut, "truncated");
        }
    }

    @Test
    void truncatedXmiIsRefusedWithLineAndColumn() throws Exception {
        Path file = dir.resolve("whole.xmi");
        store.save(SampleMachines.sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] { 3, 20, 60, 200, bytes.length / 2, bytes.length - 3 }) {
            Path cut = write("cut" + length + ".xmi", Arrays.copyOf(bytes, length));
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(cut), "cut at " + length);
            assertLoadMessage(e, cut, "line ", "column ");
        }
    }

    @Test
    void damagedBinaryIsRefused() throws Exception {
        Path file = dir.resolve("good.mmsnap");
        store.save(SampleMachines.sample(), file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x40;
        Path damaged = write("flipped.mmsnap", flipped);
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(damaged)), damaged, "checksum");

        byte[] longer = Arrays.copyOf(bytes, bytes.length + 5);
        Path trailing = write("trailing.mmsnap", longer);
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(trailing)), trailing, "unexpected bytes");

        byte[] reserved = bytes.clone();
        reserved[23] = 1;
        Path header = write("header.mmsnap", reserved);
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(header)), header, "header");
    }

    @Test
    void newerFormatVersionIsRefused() throws Exception {
        Path file = dir.resolve("current.mmsnap");
        store.save(SampleMachines.sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(SnapshotStore.FORMAT_VERSION, (bytes[6] & 0xFF) << 8 | bytes[7] & 0xFF);
        bytes[7] = (byte) (SnapshotStore.FORMAT_VERSION + 1);
        Path newer = write("newer.mmsnap", bytes);
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(newer));
        assertLoadMessage(e, newer, "newer", "format " + (SnapshotStore.FORMAT_VERSION + 1));
    }

    @Test
    void foreignFilesAreRefused() throws Exception {
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0 };
        Path sample = dir.resolve("sample.mmsnap");
        store.save(SampleMachines.sample(), sample);
        byte[] emfWithoutHeader = Arrays.copyOfRange(Files.readAllBytes(sample), 24, (int) Files.size(sample));
        Map<String, Object> cases = new java.util.LinkedHashMap<>();
        cases.put("empty.mmsnap", new byte[0]);
        cases.put("empty.xmi", new byte[0]);
        cases.put("random.mmsnap", randomBytes(10_000, 2));
        cases.put("random.xmi", randomBytes(10_000, 3));
        cases.put("image.mmsnap", png);
        cases.put("image.xmi", png);
        cases.put("plain-emf.mmsnap", emfWithoutHeader);
        cases.put("text.xmi", "just some text, no XML at all\n");
        cases.put("utf16.xmi", ("\uFEFF" + XMI_HEAD + MACHINE_OPEN + "/>").getBytes(StandardCharsets.UTF_16BE));
        cases.put("utf16-no-bom.xmi", (XMI_HEAD.replace("UTF-8", "UTF-16LE") + MACHINE_OPEN + "/>").getBytes(StandardCharsets.UTF_16LE));
        cases.put("latin1.xmi", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + MACHINE_OPEN + "/>\n");
        cases.put("ecore.xmi", foreignXmi());
        cases.put("foreign-model.mmsnap", withHeader(emfBinary(foreignPackage()), 1));
        Map<String, String> expected = Map.ofEntries(
                Map.entry("empty.mmsnap", "empty"), Map.entry("empty.xmi", "empty"),
                Map.entry("random.mmsnap", "not an MmScope snapshot"), Map.entry("random.xmi", "not an MmScope snapshot"),
                Map.entry("image.mmsnap", "not an MmScope snapshot"), Map.entry("image.xmi", "not an MmScope snapshot"),
                Map.entry("plain-emf.mmsnap", "MMSNAP"), Map.entry("text.xmi", "not an MmScope snapshot"),
                Map.entry("utf16.xmi", "not an MmScope snapshot"), Map.entry("utf16-no-bom.xmi", "not an MmScope snapshot"), Map.entry("latin1.xmi", "ISO-8859-1"),
                Map.entry("ecore.xmi", "another model (http://www.eclipse.org/emf/2002/Ecore)"),
                Map.entry("foreign-model.mmsnap", "another model (http://www.eclipse.org/emf/2002/Ecore)"));
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            Path file = c.getValue() instanceof byte[] bytes ? write(c.getKey(), bytes) : write(c.getKey(), (String) c.getValue());
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(file), c.getKey());
            assertLoadMessage(e, file, expected.get(c.getKey()));
        }
        SnapshotException ecore = assertThrows(SnapshotException.class, () -> store.load(dir.resolve("ecore.xmi")));
        assertLoadMessage(ecore, dir.resolve("ecore.xmi"), "line 2");
    }

    @Test
    void validFileWhoseRootIsNotAMachineIsRefused() throws Exception {
        Counter counter = MmFactory.eINSTANCE.createCounter();
        counter.setName("not a machine");
        counter.setValue(1);
        Path binary = write("counter.mmsnap", withHeader(emfBinary(counter), 1));
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(binary)), binary, "Counter, not a machine");
        Path xmi = write("counter.xmi", XMI_HEAD + "<mm:Counter xmi:version=\"2.0\" xmlns:xmi=\"http://www.omg.org/XMI\""
                + " xmlns:mm=\"" + MmPackage.eNS_URI + "\" name=\"c\" value=\"1\"/>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(xmi)), xmi, "Counter, not a machine");
        Path two = write("two.xmi", XMI_HEAD + "<xmi:XMI xmi:version=\"2.0\" xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:mm=\""
                + MmPackage.eNS_URI + "\"><mm:Machine name=\"a\"/><mm:Machine name=\"b\"/></xmi:XMI>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(two)), two, "2 objects");
        Path unknown = write("unknown.xmi", XMI_HEAD + MACHINE_OPEN + " name=\"m\" noSuchFeature=\"1\"/>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(unknown)), unknown, "line 2", "noSuchFeature");
    }

    @Test
    void missingFileAndFolderAreRefused() throws Exception {
        Path missing = dir.resolve("missing.mmsnap");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(missing)), missing, "does not exist");
        Path folder = Files.createDirectory(dir.resolve("folder.mmsnap"));
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(folder)), folder, "folder");
    }

    // ---------------------------------------------------------------------------------------------
    // Hostile files

    @Test
    void xmlExternalEntitiesAreRefusedAndNothingIsRead() throws Exception {
        String secret = Files.isReadable(Path.of("/etc/passwd")) ? Files.readAllLines(Path.of("/etc/passwd")).get(0) : null;
        List<Path> files = List.of(
                write("xxe-attribute.xmi", xxe("name=\"&x;\"", "")),
                write("xxe-text.xmi", xxe("name=\"m\"", "<processes><threads><frames>&x;</frames></threads></processes>")),
                write("xxe-parameter.xmi", XMI_HEAD + "<!DOCTYPE m [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
                        + MACHINE_OPEN + "/>\n"),
                write("laughs.xmi", XMI_HEAD + "<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n" + MACHINE_OPEN + " name=\"&c;\"/>\n"),
                write("doctype-late.xmi", XMI_HEAD + MACHINE_OPEN + ">\n<!DOCTYPE x>\n</mm:Machine>\n"));
        for (Path file : files) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(file), file.toString());
            assertLoadMessage(e, file, "DOCTYPE");
            if (secret != null) {
                assertFalse(e.getMessage().contains(secret), "the message shows /etc/passwd");
            }
        }

        // The XML parser is hardened too, on its own (the byte guard in front of it aside): with the
        // snapshot parser options it refuses the DOCTYPE, and no loaded value holds /etc/passwd.
        for (Path file : files.subList(0, 2)) {
            ResourceSet set = new ResourceSetImpl();
            Resource resource = new XMIResourceImpl(URI.createFileURI(file.toString()));
            set.getResources().add(resource);
            assertThrows(IOException.class, () -> resource.load(new ByteArrayInputStream(Files.readAllBytes(file)),
                    SnapshotStore.xmiLoadOptions()));
            assertNoValueContains(resource, secret);
        }

        // Control: the attack is real. Loaded without the snapshot options, EMF's default parser would
        // expand the external entity (if the JDK default ever stops doing so, this stays silent).
        if (secret != null) {
            Resource control = new XMIResourceImpl(URI.createFileURI(files.get(1).toString()));
            new ResourceSetImpl().getResources().add(control);
            try {
                control.load(new ByteArrayInputStream(Files.readAllBytes(files.get(1))), Map.of());
                Machine loaded = (Machine) control.getContents().get(0);
                boolean leaked = loaded.getProcesses().get(0).getThreads().get(0).getFrames().stream()
                        .anyMatch(frame -> frame.contains(secret));
                System.out.println("[snapshot] control: EMF's default XMI loading "
                        + (leaked ? "expands the external entity (reads /etc/passwd)" : "loaded without expanding it"));
            } catch (IOException e) {
                System.out.println("[snapshot] control: default XMI loading refused the external entity too");
            }
        }
    }

    @Test
    void hugeXmiValuesAreRefused() throws Exception {
        Path attribute = write("huge-attribute.xmi", XMI_HEAD + MACHINE_OPEN + "\n name=\"" + "a".repeat(MIB + 1) + "\"/>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(attribute)), attribute,
                "line 3", "attribute value is longer than " + MIB + " bytes");
        Path text = write("huge-text.xmi", XMI_HEAD + MACHINE_OPEN + ">\n<processes><threads><frames>"
                + "b".repeat(MIB / 2) + "<!-- a comment does not end the text -->" + "b".repeat(MIB / 2 + 10)
                + "</frames></threads></processes>\n</mm:Machine>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(text)), text, "text is longer than");
        Path comment = write("huge-comment.xmi", XMI_HEAD + "<!--" + "-x\"y'z>".repeat(MIB / 6) + "-->\n" + MACHINE_OPEN + "/>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(comment)), comment, "comment is longer than");

        // exactly at the limit is fine: the limit counts bytes, and a value of the limit's length loads
        Machine atLimit = MmFactory.eINSTANCE.createMachine();
        atLimit.setName("c".repeat(MIB));
        Path fits = dir.resolve("at-limit.xmi");
        store.save(atLimit, fits);
        assertEquals(MIB, store.load(fits).getName().length());
    }

    @Test
    void craftedHugeLengthsInBinaryAreRefusedWithoutAllocating() throws Exception {
        Machine machine = MmFactory.eINSTANCE.createMachine();
        machine.setName("crafted");
        Path file = dir.resolve("small.mmsnap");
        store.save(machine, file);
        byte[] payload = Arrays.copyOfRange(Files.readAllBytes(file), 24, (int) Files.size(file));

        // the string length before "crafted" (7 + 1, one byte) becomes 1,073,741,822 (four bytes)
        int at = indexOf(payload, "crafted".getBytes(StandardCharsets.US_ASCII));
        assertEquals(8, payload[at - 1]);
        byte[] hugeString = splice(payload, at - 1, 1, new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
        Path string = write("huge-string.mmsnap", withHeader(hugeString, 1));
        // the root count (1 + 1, at offset 13 after the EMF signature, version and style) becomes huge too
        assertEquals(2, payload[13]);
        byte[] hugeCount = splice(payload, 13, 1, new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
        Path count = write("huge-count.mmsnap", withHeader(hugeCount, 1));

        for (Path crafted : List.of(string, count)) {
            SnapshotException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(SnapshotException.class, () -> store.load(crafted)));
            assertLoadMessage(e, crafted, "announces 1073741822 items");
        }
    }

    @Test
    void filesLargerThanTheLimitAreRefused() throws Exception {
        Path file = dir.resolve("big.mmsnap");
        store.save(SampleMachines.sample(), file);
        SnapshotStore small = new SnapshotStore(1000, 100);
        assertLoadMessage(assertThrows(SnapshotException.class, () -> small.load(file)), file, "more than the 1000 bytes");
        Path xmi = dir.resolve("big.xmi");
        store.save(SampleMachines.sample(), xmi);
        assertLoadMessage(assertThrows(SnapshotException.class, () -> small.load(xmi)), xmi, "more than the 1000 bytes");
    }

    @Test
    void referencesToOtherFilesAreRefused() throws Exception {
        Path other = dir.resolve("other.xmi");
        store.save(SampleMachines.sample(), other);
        Path xmi = write("href.xmi", XMI_HEAD + MACHINE_OPEN + " name=\"m\">\n  <processes href=\"other.xmi#/\"/>\n</mm:Machine>\n");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(xmi)), xmi, "refers to another file",
                "other.xmi");

        // EMF writes the processes of this model without proxies, so the proxy is crafted: the end of
        // the process's features (compressed 0, byte 1) becomes the proxy mark (compressed -1, byte 0),
        // a new URI (id 1, byte 2) and its fragment "/".
        Machine plain = MmFactory.eINSTANCE.createMachine();
        plain.getProcesses().add(MmFactory.eINSTANCE.createProcess());
        byte[] payload = emfBinary(plain);
        int end = indexOf(payload, "Process".getBytes(StandardCharsets.US_ASCII)) + "Process".length();
        assertEquals(1, payload[end]);
        byte[] uri = URI.createFileURI(other.toString()).toString().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream proxyMark = new ByteArrayOutputStream();
        proxyMark.write(new byte[] { 0, 2, (byte) (uri.length + 1) });
        proxyMark.write(uri);
        proxyMark.write(new byte[] { 2, '/' });
        Path binary = write("proxy.mmsnap", withHeader(splice(payload, end, 1, proxyMark.toByteArray()), 1));
        assertTrue(uri.length < 63, "one-byte string length");
        assertLoadMessage(assertThrows(SnapshotException.class, () -> store.load(binary)), binary, "refers to another file",
                "other.xmi");

        Machine machine = MmFactory.eINSTANCE.createMachine();
        Process proxy = MmFactory.eINSTANCE.createProcess();
        ((InternalEObject) proxy).eSetProxyURI(URI.createFileURI(other.toString()).appendFragment("/"));
        machine.getProcesses().add(proxy);

        SnapshotException save = assertThrows(SnapshotException.class, () -> store.save(machine, dir.resolve("p.mmsnap")));
        assertSaveMessage(save, dir.resolve("p.mmsnap"), "another file");
        assertFalse(Files.exists(dir.resolve("p.mmsnap")));
    }

    @Test
    void noOtherFileIsOpened() throws Exception {
        // A named pipe: opening it for reading blocks until someone writes, so any attempt to read it
        // (a proxy, a schema location, a DTD, an external entity) would hang the load.
        Path trap = dir.resolve("trap.xmi");
        try {
            Assumptions.assumeTrue(new ProcessBuilder("mkfifo", trap.toString()).start().waitFor() == 0, "mkfifo failed");
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here");
        }
        String xsi = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
        List<Path> files = List.of(
                write("trap-href.xmi", XMI_HEAD + MACHINE_OPEN + " name=\"m\">\n  <processes href=\"trap.xmi#/\"/>\n</mm:Machine>\n"),
                write("trap-schema.xmi", XMI_HEAD + MACHINE_OPEN + xsi + " xmlns:f=\"http://example.org/foreign\""
                        + " xsi:schemaLocation=\"http://example.org/foreign trap.xmi\" name=\"m\">\n"
                        + "  <processes xsi:type=\"f:Thing\"/>\n</mm:Machine>\n"),
                write("trap-dtd.xmi", XMI_HEAD + "<!DOCTYPE mm:Machine SYSTEM \"trap.xmi\">\n" + MACHINE_OPEN + "/>\n"),
                write("trap-entity.xmi", XMI_HEAD + "<!DOCTYPE mm:Machine [<!ENTITY x SYSTEM \"trap.xmi\">]>\n" + MACHINE_OPEN
                        + "><processes><threads><frames>&x;</frames></threads></processes></mm:Machine>\n"));
        try {
            for (Path file : files) {
                SnapshotException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> assertThrows(SnapshotException.class, () -> store.load(file)), file.toString());
                assertLoadMessage(e, file);
            }
            // the parser options alone (without the byte guard) do not open the DTD or the entity either
            for (Path file : files.subList(2, 4)) {
                Resource resource = new XMIResourceImpl(URI.createFileURI(file.toString()));
                new ResourceSetImpl().getResources().add(resource);
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(IOException.class,
                        () -> resource.load(new ByteArrayInputStream(Files.readAllBytes(file)), SnapshotStore.xmiLoadOptions())),
                        file.toString());
            }
        } finally {
            // release a reader stuck on the pipe, if the test failed
            new ProcessBuilder("timeout", "2", "sh", "-c", "exec 3> \"$0\"", trap.toString()).start().waitFor();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Saving never leaves a half-written file

    @Test
    void savingOverAnExistingSnapshotReplacesItAtomically() throws Exception {
        Machine a = SampleMachines.sample();
        a.setName("A");
        Machine b = SampleMachines.withPfnEntries(4096);
        b.setName("B");
        for (String name : List.of("swap.mmsnap", "swap.xmi")) {
            Path file = dir.resolve(name);
            store.save(a, file);
            Object inode = inode(file);
            store.save(b, file);
            assertSameMachine(b, store.load(file));
            if (inode != null) {
                assertNotEquals(inode, inode(file), "the new snapshot is a new file moved into place");
            }

            // a reader never sees a half-written snapshot while it is replaced again and again
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger reads = new AtomicInteger();
            Thread reader = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    try {
                        String loaded = store.load(file).getName();
                        if (!loaded.equals("A") && !loaded.equals("B")) {
                            throw new AssertionError("loaded " + loaded);
                        }
                        reads.incrementAndGet();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }
            });
            reader.start();
            for (int i = 0; i < 40; i++) {
                store.save(i % 2 == 0 ? a : b, file);
            }
            done.set(true);
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError("a reader saw a broken snapshot", failure.get());
            }
            assertTrue(reads.get() > 0);
            assertEquals(List.of(), temporaryFiles(dir));
        }
    }

    @Test
    void aFolderAtTheTargetPathFailsAndStaysAsItWas() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("taken.mmsnap"));
        Files.writeString(folder.resolve("inside.txt"), "keep me");
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.save(SampleMachines.sample(), folder));
        assertSaveMessage(e, folder, "folder");
        assertTrue(Files.isDirectory(folder));
        assertEquals("keep me", Files.readString(folder.resolve("inside.txt")));
        assertEquals(List.of(), temporaryFiles(dir));

        Path nowhere = dir.resolve("no-such-folder").resolve("m.mmsnap");
        assertSaveMessage(assertThrows(SnapshotException.class, () -> store.save(SampleMachines.sample(), nowhere)),
                nowhere, "does not exist");
    }

    @Test
    void aFailedSaveLeavesTheOldFileByteIdenticalAndNoTemporaryFile() throws Exception {
        // too large for the store's limit: found after writing, so the temporary file must go
        Path binary = dir.resolve("old.mmsnap");
        Machine small = MmFactory.eINSTANCE.createMachine();
        small.setName("old");
        store.save(small, binary);
        byte[] old = Files.readAllBytes(binary);
        SnapshotStore limited = new SnapshotStore(512, MIB);
        SnapshotException tooBig = assertThrows(SnapshotException.class, () -> limited.save(SampleMachines.sample(), binary));
        assertSaveMessage(tooBig, binary, "more than the 512 bytes");
        assertArrayEquals(old, Files.readAllBytes(binary));
        assertEquals(List.of(), temporaryFiles(dir));

        // an XMI value too long for XMI snapshots: refused after writing, old file kept; binary takes it
        Path xmi = dir.resolve("old.xmi");
        store.save(small, xmi);
        byte[] oldXmi = Files.readAllBytes(xmi);
        Machine longName = MmFactory.eINSTANCE.createMachine();
        longName.setName("n".repeat(MIB + 1));
        SnapshotException tooLong = assertThrows(SnapshotException.class, () -> store.save(longName, xmi));
        assertSaveMessage(tooLong, xmi, "longer than " + MIB + " bytes", ".mmsnap");
        assertArrayEquals(oldXmi, Files.readAllBytes(xmi));
        assertEquals(List.of(), temporaryFiles(dir));
        store.save(longName, binary);
        assertEquals(MIB + 1, store.load(binary).getName().length());
    }

    @Test
    void anUnwritableFolderFailsAndLeavesTheOldFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        Path file = folder.resolve("m.mmsnap");
        store.save(SampleMachines.sample(), file);
        byte[] old = Files.readAllBytes(file);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions here");
        }
        try {
            Path probe = folder.resolve("probe");
            boolean writable;
            try {
                Files.createFile(probe);
                Files.delete(probe);
                writable = true;
            } catch (IOException e) {
                writable = false;
            }
            Assumptions.assumeFalse(writable, "running as root: a read-only folder is still writable");
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.save(SampleMachines.withPfnEntries(16), file));
            assertSaveMessage(e, file, "permission denied");
            assertArrayEquals(old, Files.readAllBytes(file));
            assertEquals(List.of(file), files(folder));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Every object of the tree, the root first, in containment order. */
    static List<EObject> everything(EObject root) {
        List<EObject> all = new ArrayList<>();
        all.add(root);
        for (Iterator<EObject> it = root.eAllContents(); it.hasNext();) {
            all.add(it.next());
        }
        return all;
    }

    /**
     * Asserts that {@code actual} is {@code expected} feature by feature: same tree, same class at each
     * place, every attribute (stored, transient and derived) equal, every reference the same size.
     */
    static void assertSameMachine(Machine expected, Machine actual) {
        List<EObject> e = everything(expected);
        List<EObject> a = everything(actual);
        assertEquals(e.size(), a.size(), "objects in the tree");
        int attributes = 0;
        for (int i = 0; i < e.size(); i++) {
            EObject x = e.get(i);
            EObject y = a.get(i);
            String where = EcoreUtil.getRelativeURIFragmentPath(expected, x);
            assertSame(x.eClass(), y.eClass(), "class at /" + where);
            for (EAttribute attribute : x.eClass().getEAllAttributes()) {
                assertEquals(x.eGet(attribute), y.eGet(attribute), "/" + where + " " + attribute.getName());
                assertEquals(x.eIsSet(attribute), y.eIsSet(attribute), "/" + where + " " + attribute.getName() + " is set");
                attributes++;
            }
            for (EReference reference : x.eClass().getEAllReferences()) {
                Object xv = x.eGet(reference);
                Object yv = y.eGet(reference);
                if (reference.isMany()) {
                    assertEquals(((List<?>) xv).size(), ((List<?>) yv).size(), "/" + where + " " + reference.getName());
                } else {
                    assertEquals(xv == null, yv == null, "/" + where + " " + reference.getName());
                }
            }
        }
        assertTrue(attributes > 0);
        assertTrue(EcoreUtil.equals(expected, actual), "EcoreUtil.equals");
    }

    private static void assertLoadMessage(SnapshotException e, Path file, String... fragments) {
        assertMessage(e, file, "Cannot load snapshot " + file + ": ", fragments);
    }

    private static void assertSaveMessage(SnapshotException e, Path file, String... fragments) {
        assertMessage(e, file, "Cannot save snapshot " + file + ": ", fragments);
    }

    private static void assertMessage(SnapshotException e, Path file, String start, String... fragments) {
        String message = e.getMessage();
        assertTrue(message.startsWith(start), message);
        assertEquals(file, e.file());
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.length() < 600, "short: " + message);
        for (String fragment : fragments) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
                    "\"" + fragment + "\" in: " + message);
        }
    }

    private static void assertNoValueContains(Resource resource, String secret) {
        if (secret == null) {
            return;
        }
        for (Iterator<EObject> it = resource.getAllContents(); it.hasNext();) {
            EObject object = it.next();
            for (EAttribute attribute : object.eClass().getEAllAttributes()) {
                assertFalse(String.valueOf(object.eGet(attribute)).contains(secret), "/etc/passwd leaked into the model");
            }
        }
    }

    private static EContentAdapter counting(AtomicInteger notifications) {
        return new EContentAdapter() {
            @Override
            public void notifyChanged(Notification notification) {
                super.notifyChanged(notification);
                if (!notification.isTouch() && notification.getEventType() != Notification.REMOVING_ADAPTER) {
                    notifications.incrementAndGet();
                }
            }
        };
    }

    private static String xxe(String machineAttributes, String body) {
        return XMI_HEAD + "<!DOCTYPE mm:Machine [\n  <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n" + MACHINE_OPEN + " "
                + machineAttributes + ">" + body + "</mm:Machine>\n";
    }

    private static EPackage foreignPackage() {
        EPackage foreign = EcoreFactory.eINSTANCE.createEPackage();
        foreign.setName("foreign");
        foreign.setNsURI("http://example.org/foreign");
        foreign.setNsPrefix("foreign");
        EClass thing = EcoreFactory.eINSTANCE.createEClass();
        thing.setName("Thing");
        foreign.getEClassifiers().add(thing);
        return foreign;
    }

    private static byte[] foreignXmi() throws IOException {
        Resource resource = new XMIResourceImpl(URI.createURI("memory:/foreign.ecore"));
        resource.getContents().add(foreignPackage());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        resource.save(out, Map.of());
        return out.toByteArray();
    }

    /** Plain EMF binary (the style snapshots use) of {@code root}, in a resource of its own. */
    private static byte[] emfBinary(EObject root) throws IOException {
        Resource resource = new BinaryResourceImpl(URI.createURI("memory:/x.bin"));
        new ResourceSetImpl().getResources().add(resource);
        resource.getContents().add(root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        resource.save(out, Map.of(BinaryResourceImpl.OPTION_VERSION, BinaryResourceImpl.BinaryIO.Version.VERSION_1_1,
                BinaryResourceImpl.OPTION_STYLE_BINARY_ENUMERATOR, Boolean.TRUE));
        return out.toByteArray();
    }

    /** The snapshot header as documented in SnapshotStore: MMSNAP, version, length, CRC-32, reserved. */
    private static byte[] withHeader(byte[] payload, int version) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer file = ByteBuffer.allocate(24 + payload.length);
        file.put("MMSNAP".getBytes(StandardCharsets.US_ASCII));
        file.putShort((short) version);
        file.putLong(payload.length);
        file.putInt((int) crc.getValue());
        file.putInt(0);
        file.put(payload);
        return file.array();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0x13; // not '<', 'M' or a byte-order mark
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] result = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
        return result;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        }
    }

    private static List<Path> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> list = Files.walk(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static Object inode(Path file) {
        try {
            return Files.getAttribute(file, "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
