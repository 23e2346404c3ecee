package org.mmscope.model.snapshot;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import javax.xml.XMLConstants;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.common.util.WrappedException;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.PackageNotFoundException;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.mmscope.model.Machine;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Saves a whole {@link Machine} to a snapshot file and loads it back, without a running simulation.
 *
 * <p><b>Formats.</b> The file name chooses the format when saving ({@link SnapshotFormat}):
 * {@code .mmsnap} is EMF's compact binary serialization behind a 24-byte header ({@code "MMSNAP"}, a
 * format version, the length and CRC-32 of what follows); {@code .xmi} is XMI, readable, for small
 * models. Loading goes by the contents: a file starting with {@code MMSNAP} is a binary snapshot, a
 * {@code .xmi} file must be UTF-8 XMI. Derived attributes (PFN entry location, priority, share count...)
 * are transient: they are not written and come back computed from the raw fields.
 *
 * <p><b>Saving</b> writes a temporary file in the target's folder, forces it to disk, then moves it over
 * the target atomically: the target is either the old file or the complete new one, never a half-written
 * one, and a failed save deletes its temporary file. The machine is not moved: it stays in the resource
 * (and container) it is in, and nothing is notified. Call it where the model may be read (the thread that
 * updates it).
 *
 * <p><b>Loading</b> returns a new machine in a new resource of a new resource set of its own; nothing
 * else is changed. It refuses, with one {@link SnapshotException} naming the file (and for XMI the line
 * and column), a missing, empty, truncated, damaged or foreign file, a newer format, a file whose root is
 * not a machine, a file larger than {@link #maxFileBytes()}, any DOCTYPE or entity declaration, XMI values
 * longer than {@link #maxXmlValueBytes()}, binary lengths larger than the rest of the file, and any
 * reference to another file. It reads no other file: the resource set it loads into can open none.
 *
 * <p>Instances are immutable and can be shared.
 */
public final class SnapshotStore {

    /** The default {@link #maxFileBytes()}: 4 GiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 30;

    /** The default {@link #maxXmlValueBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_XML_VALUE_BYTES = 1 << 20;

    /** The snapshot format version this version of MmScope writes, and the newest it reads. */
    public static final int FORMAT_VERSION = BinarySnapshot.VERSION;

    private final long maxFileBytes;
    private final int maxXmlValueBytes;

    /** A store with the default limits. */
    public SnapshotStore() {
        this(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_XML_VALUE_BYTES);
    }

    /**
     * @param maxFileBytes     the largest file it saves or loads
     * @param maxXmlValueBytes the longest XMI attribute value or element text it saves or loads, in bytes
     *                         as written (before entities are expanded)
     */
    public SnapshotStore(long maxFileBytes, int maxXmlValueBytes) {
        if (maxFileBytes < BinarySnapshot.HEADER_BYTES || maxXmlValueBytes < 1) {
            throw new IllegalArgumentException("limits too small: " + maxFileBytes + ", " + maxXmlValueBytes);
        }
        this.maxFileBytes = maxFileBytes;
        this.maxXmlValueBytes = maxXmlValueBytes;
    }

    /** The largest snapshot file this store saves or loads, in bytes. */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** The longest XMI attribute value or element text this store saves or loads, in bytes. */
    public int maxXmlValueBytes() {
        return maxXmlValueBytes;
    }

    // ---------------------------------------------------------------------------------------------
    // Saving

    /**
     * Saves the whole containment tree of {@code machine} to {@code file}, in the format its extension
     * names ({@code .mmsnap} or {@code .xmi}), replacing the file atomically if it exists.
     *
     * @throws SnapshotException if the snapshot cannot be written; the file is then as it was before
     */
    public void save(Machine machine, Path file) throws SnapshotException {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(file, "file");
        Path target = file.toAbsolutePath();
        SnapshotFormat format = SnapshotFormat.of(target).orElseThrow(() -> saveError(file,
                "its name ends neither in .mmsnap (binary) nor in .xmi (XMI)", null));
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw saveError(file, "the folder " + folder + " does not exist", null);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw saveError(file, "a folder is in the way at that path", null);
        }
        checkSelfContained(machine, file);

        Path temp = null;
        try {
            temp = createTemp(target);
            long bytes;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                bytes = switch (format) {
                    case BINARY -> BinarySnapshot.write(machine, channel);
                    case XMI -> writeXmi(machine, channel);
                };
                channel.force(true);
            }
            if (bytes > maxFileBytes) {
                throw saveError(file, "it would be " + bytes + " bytes, more than the " + maxFileBytes
                        + " bytes a snapshot may have", null);
            }
            if (format == SnapshotFormat.XMI) {
                checkXmiLoadsBack(temp, file);
            }
            copyPermissions(target, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncFolder(folder);
        } catch (AtomicMoveNotSupportedException e) {
            throw saveError(file, "its folder cannot replace files atomically", e);
        } catch (IOException | RuntimeException e) {
            throw saveError(file, describeSaveFailure(e, folder), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // nothing more can be done; the temporary file's name starts with a dot
                }
            }
        }
    }

    /** Refuses a machine with objects of other resources or proxies: they would be saved as references. */
    private static void checkSelfContained(Machine machine, Path file) throws SnapshotException {
        for (Iterator<EObject> all = EcoreUtil.getAllContents(Collections.singleton(machine), false); all.hasNext();) {
            InternalEObject object = (InternalEObject) all.next();
            if (object.eIsProxy() || object != machine && object.eDirectResource() != null) {
                throw saveError(file, "the machine holds a reference to another file ("
                        + EcoreUtil.getURI(object) + ")", null);
            }
        }
    }

    private static Path createTemp(Path target) throws IOException {
        String name = target.getFileName().toString();
        String base = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        for (int attempt = 0;; attempt++) {
            Path temp = target.resolveSibling(base + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    private static long writeXmi(Machine machine, FileChannel channel) throws IOException {
        // A copy goes into the XMI resource, so that the machine itself stays where it is.
        Machine copy = EcoreUtil.copy(machine);
        ResourceSet resources = IsolatedResources.newResourceSet();
        XMIResourceImpl resource = new XMIResourceImpl(URI.createURI("snapshot.xmi"));
        resources.getResources().add(resource);
        resource.getContents().add(copy);
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_ENCODING, "UTF-8");
        options.put(XMLResource.OPTION_SCHEMA_LOCATION, Boolean.FALSE);
        options.put(XMLResource.OPTION_PROCESS_DANGLING_HREF, XMLResource.OPTION_PROCESS_DANGLING_HREF_THROW);
        options.put(XMLResource.OPTION_LINE_DELIMITER, "\n");
        OutputStream out = new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16)) {
            resource.save(buffered, options);
        }
        return channel.size();
    }

    /** Runs the written XMI through the same guard {@link #load} uses, so that no save makes a file load refuses. */
    private void checkXmiLoadsBack(Path temp, Path file) throws IOException, SnapshotException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new XmlGuard(new BufferedInputStream(Files.newInputStream(temp)), maxXmlValueBytes)) {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // the guard looks at every byte
            }
        } catch (Refusal e) {
            throw saveError(file, "it cannot be saved as XMI: " + e.getMessage().replaceFirst("^line \\d+(, column \\d+)?: ", "")
                    + "; save it as a .mmsnap file instead", e);
        }
    }

    private static void copyPermissions(Path target, Path temp) {
        try {
            PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            PosixFileAttributeView fresh = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (old != null && fresh != null && Files.exists(target)) {
                fresh.setPermissions(old.readAttributes().permissions());
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the new file keeps the default permissions
        }
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux, macOS). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here (Windows): the move itself is atomic
        }
    }

    private static String describeSaveFailure(Throwable e, Path folder) {
        Throwable cause = e instanceof WrappedException wrapped && wrapped.exception() != null ? wrapped.exception() : e;
        if (cause instanceof FileSystemException fs) {
            boolean temporary = fs.getFile() != null && fs.getFile().startsWith(folder.resolve(".").toString());
            if (cause instanceof AccessDeniedException) {
                return temporary ? "permission denied: no file can be created in " + folder
                        : "permission denied (" + fs.getFile() + ")";
            }
            if (cause instanceof NoSuchFileException) {
                return "the folder " + folder + " does not exist or cannot hold files";
            }
            if (fs.getReason() != null) {
                return fs.getReason().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "writing failed (" + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName())
                + ")";
    }

    private static SnapshotException saveError(Path file, String reason, Throwable cause) {
        return new SnapshotException(file, "Cannot save snapshot " + file + ": " + sentence(reason), cause);
    }

    /** {@code reason} ended by one period. */
    private static String sentence(String reason) {
        String trimmed = reason.strip();
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed + ".";
    }

    // ---------------------------------------------------------------------------------------------
    // Loading

    /**
     * Loads the snapshot in {@code file} into a new machine, in a new resource of a new resource set of
     * its own. Nothing else is read or changed.
     *
     * @throws SnapshotException if the file is not a snapshot this version can load
     */
    public Machine load(Path file) throws SnapshotException {
        Objects.requireNonNull(file, "file");
        Path source = file.toAbsolutePath();
        if (!Files.exists(source)) {
            throw loadError(file, "the file does not exist", null);
        }
        if (Files.isDirectory(source)) {
            throw loadError(file, "it is a folder, not a file", null);
        }
        URI uri = URI.createFileURI(source.toString());
        Resource resource;
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new Refusal("it is empty");
            }
            if (size > maxFileBytes) {
                throw new Refusal("it is " + size + " bytes, more than the " + maxFileBytes
                        + " bytes a snapshot may have");
            }
            ByteBuffer start = ByteBuffer.allocate(BinarySnapshot.MAGIC.length);
            while (start.hasRemaining() && channel.read(start, start.position()) > 0) {
                // read the first bytes
            }
            int length = start.position();
            if (BinarySnapshot.startsWithMagic(start.array(), length)) {
                if (length < BinarySnapshot.MAGIC.length) {
                    throw new Refusal("it is truncated: it has only " + length + " bytes");
                }
                resource = BinarySnapshot.read(channel, size, uri);
            } else if (SnapshotFormat.of(source).orElse(null) == SnapshotFormat.XMI) {
                resource = readXmi(source, uri);
            } else {
                throw new Refusal("it is not an MmScope snapshot (it does not start with the MMSNAP header)");
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw loadError(file, describeLoadFailure(e), e);
        }
        return machineOf(resource, file);
    }

    private Resource readXmi(Path source, URI uri) throws IOException {
        ResourceSet resources = IsolatedResources.newResourceSet();
        XMIResourceImpl resource = new XMIResourceImpl(uri);
        resources.getResources().add(resource);
        try (InputStream in = new XmlGuard(new BufferedInputStream(Files.newInputStream(source), 1 << 16),
                maxXmlValueBytes)) {
            resource.load(in, xmiLoadOptions());
        }
        if (!resource.getErrors().isEmpty()) {
            Resource.Diagnostic error = resource.getErrors().get(0);
            throw new Refusal(at(error.getLine(), error.getColumn()) + "it does not fit the MmScope model: "
                    + withoutLocation(error));
        }
        return resource;
    }

    /** The one machine at the root of {@code resource}, with no reference to another file. */
    private static Machine machineOf(Resource resource, Path file) throws SnapshotException {
        List<EObject> roots = resource.getContents();
        if (roots.size() != 1) {
            throw loadError(file, roots.isEmpty() ? "it holds no machine"
                    : "it holds " + roots.size() + " objects at its root, not one machine", null);
        }
        if (!(roots.get(0) instanceof Machine machine)) {
            throw loadError(file, "it holds " + roots.get(0).eClass().getName() + ", not a machine", null);
        }
        for (Iterator<EObject> all = EcoreUtil.getAllContents(resource, false); all.hasNext();) {
            EObject object = all.next();
            if (object.eIsProxy()) {
                throw loadError(file, "it refers to another file (" + ((InternalEObject) object).eProxyURI()
                        + "), which a snapshot never does", null);
            }
        }
        resource.setModified(false);
        return machine;
    }

    /**
     * The XML parser options an XMI snapshot is loaded with: no DOCTYPE, no external entity or DTD, no
     * external schema, secure processing (entity and attribute-count limits).
     */
    public static Map<Object, Object> xmiLoadOptions() {
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        Map<String, Object> properties = new HashMap<>();
        properties.put(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        properties.put(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_PARSER_FEATURES, features);
        options.put(XMLResource.OPTION_PARSER_PROPERTIES, properties);
        options.put(XMLResource.OPTION_RECORD_UNKNOWN_FEATURE, Boolean.FALSE);
        return options;
    }

    private static String describeLoadFailure(Throwable failure) {
        List<Throwable> chain = causes(failure);
        for (Throwable t : chain) {
            if (t instanceof Refusal) {
                return t.getMessage();
            }
        }
        for (Throwable t : chain) {
            if (t instanceof PackageNotFoundException p) {
                return at(p.getLine(), p.getColumn()) + "it holds objects of another model (" + p.uri()
                        + "), not an MmScope machine";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SAXParseException s) {
                return at(s.getLineNumber(), s.getColumnNumber()) + "it is not well-formed XML (it may be truncated): "
                        + s.getMessage();
            }
        }
        for (Throwable t : chain) {
            if (t instanceof Resource.Diagnostic d && d.getLine() > 0) {
                return at(d.getLine(), d.getColumn()) + "it does not fit the MmScope model: " + withoutLocation(d);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof EOFException || "Unexpected end of stream".equals(t.getMessage())) {
                return "it is truncated";
            }
            if (t instanceof StackOverflowError) {
                return "it is damaged: its objects are nested too deeply";
            }
            if (t instanceof AccessDeniedException) {
                return "it cannot be read (permission denied)";
            }
        }
        Throwable last = chain.get(chain.size() - 1);
        return "it is damaged or not an MmScope snapshot (" + last.getClass().getSimpleName()
                + (last.getMessage() != null ? ": " + last.getMessage() : "") + ")";
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t) && chain.size() < 20;) {
            chain.add(t);
            Throwable next = t.getCause();
            if (next == null && t instanceof SAXException sax) {
                next = sax.getException();
            }
            if (next == null && t instanceof WrappedException wrapped) {
                next = wrapped.exception();
            }
            t = next;
        }
        return chain;
    }

    /** An EMF diagnostic's message without the "(file, line, column)" EMF appends: the caller says where. */
    private static String withoutLocation(Resource.Diagnostic diagnostic) {
        String message = String.valueOf(diagnostic.getMessage());
        return message.replaceFirst("\\s*\\([^()]*, -?\\d+, -?\\d+\\)\\s*$", "");
    }

    private static String at(long line, long column) {
        if (line <= 0) {
            return "";
        }
        return column > 0 ? "line " + line + ", column " + column + ": " : "line " + line + ": ";
    }

    private static SnapshotException loadError(Path file, String reason, Throwable cause) {
        return new SnapshotException(file, "Cannot load snapshot " + file + ": " + sentence(reason), cause);
    }
}
