package org.mmscope.model.snapshot;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl.BinaryIO.Version;
import org.eclipse.emf.ecore.util.BasicInternalEList;
import org.eclipse.emf.ecore.util.InternalEList;
import org.mmscope.model.Machine;
import org.mmscope.model.MmPackage;

/**
 * The binary snapshot format: a 24-byte header, then the EMF binary serialization of the machine (EMF
 * binary version 1.1, style {@link #EMF_STYLE}).
 *
 * <pre>
 *  offset  size  content
 *       0     6  "MMSNAP" (ASCII)
 *       6     2  snapshot format version, big-endian unsigned ({@link #VERSION})
 *       8     8  length of the EMF data that follows, big-endian
 *      16     4  CRC-32 of the EMF data, big-endian unsigned
 *      20     4  reserved, zero
 *      24     -  EMF data
 * </pre>
 *
 * Reading checks the header, the length and the checksum before EMF sees a byte, then parses with
 * {@link HardenedInput}, which refuses any length larger than the bytes left, any model but MmScope's
 * and any other EMF version or style.
 */
final class BinarySnapshot {

    /** The first bytes of every binary snapshot. */
    static final byte[] MAGIC = "MMSNAP".getBytes(StandardCharsets.US_ASCII);
    /** The format this version writes and the newest it reads. */
    static final int VERSION = 1;
    /** Bytes before the EMF data. */
    static final int HEADER_BYTES = 24;
    /** EMF binary style: floating point and enumerators as numbers. */
    static final int EMF_STYLE = BinaryResourceImpl.BinaryIO.STYLE_BINARY_FLOATING_POINT
            | BinaryResourceImpl.BinaryIO.STYLE_BINARY_ENUMERATOR;

    private static final int BUFFER = 1 << 16;

    private BinarySnapshot() {
    }

    /**
     * Writes the snapshot of {@code machine} into the empty file open on {@code channel}, without
     * touching the machine's resource or container.
     *
     * @return the bytes written
     */
    static long write(Machine machine, FileChannel channel) throws IOException {
        channel.position(HEADER_BYTES);
        CRC32 crc = new CRC32();
        CountingOutputStream counted = new CountingOutputStream(Channels.newOutputStream(channel));
        CheckedOutputStream checked = new CheckedOutputStream(counted, crc);
        Map<Object, Object> options = Map.of(BinaryResourceImpl.OPTION_INTERNAL_BUFFER_CAPACITY, BUFFER);
        BinaryResourceImpl.EObjectOutputStream out = new BinaryResourceImpl.EObjectOutputStream(checked, options,
                Version.VERSION_1_1, EMF_STYLE);
        // The machine is written as a root without being added to a resource: a machine shown in views
        // stays in its resource, and nothing is notified.
        InternalEList<InternalEObject> roots = new BasicInternalEList<>(InternalEObject.class);
        roots.addUnique((InternalEObject) machine);
        out.saveEObjects(roots, BinaryResourceImpl.EObjectOutputStream.Check.CONTAINER);
        out.flush();
        checked.flush();
        ByteBuffer header = header(counted.count, crc.getValue());
        long at = 0;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
        return HEADER_BYTES + counted.count;
    }

    /** The header announcing {@code payloadBytes} bytes of EMF data with checksum {@code crc}. */
    static ByteBuffer header(long payloadBytes, long crc) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        header.put(MAGIC);
        header.putShort((short) VERSION);
        header.putLong(payloadBytes);
        header.putInt((int) crc);
        header.putInt(0);
        return header.flip();
    }

    /** True if {@code start} (the first bytes of a file, maybe fewer than six) begins like a snapshot. */
    static boolean startsWithMagic(byte[] start, int length) {
        int n = Math.min(length, MAGIC.length);
        return Arrays.equals(start, 0, n, MAGIC, 0, n);
    }

    /**
     * Reads the snapshot in the file open on {@code channel} ({@code size} bytes, starting with the
     * magic) into a new resource of a new isolated resource set.
     *
     * @throws Refusal     if the file is not a snapshot this version can read
     * @throws IOException if the file cannot be read
     */
    static Resource read(FileChannel channel, long size, URI uri) throws IOException {
        if (size < HEADER_BYTES) {
            throw new Refusal("it is truncated: it has only " + size + " bytes, fewer than the " + HEADER_BYTES
                    + " bytes of a snapshot header");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        readFully(channel, header, 0);
        header.flip();
        header.position(MAGIC.length);
        int version = Short.toUnsignedInt(header.getShort());
        long payloadBytes = header.getLong();
        long crc = Integer.toUnsignedLong(header.getInt());
        int reserved = header.getInt();
        if (version > VERSION) {
            throw new Refusal("it was written by a newer MmScope (snapshot format " + version
                    + "; this version reads format " + VERSION + " and older)");
        }
        if (version == 0 || reserved != 0 || payloadBytes < 0) {
            throw new Refusal("its header is damaged");
        }
        long present = size - HEADER_BYTES;
        if (present < payloadBytes) {
            throw new Refusal("it is truncated: it holds " + present + " of the " + payloadBytes
                    + " bytes its header announces");
        }
        if (present > payloadBytes) {
            throw new Refusal("it is damaged: " + (present - payloadBytes)
                    + " unexpected bytes follow the snapshot");
        }
        if (checksum(channel, payloadBytes) != crc) {
            throw new Refusal("it is damaged: its contents do not match their checksum");
        }

        channel.position(HEADER_BYTES);
        ResourceSet resources = IsolatedResources.newResourceSet();
        SnapshotResource resource = new SnapshotResource(uri);
        resources.getResources().add(resource);
        Map<Object, Object> options = Map.of(BinaryResourceImpl.OPTION_BUFFER_CAPACITY, 0,
                BinaryResourceImpl.OPTION_INTERNAL_BUFFER_CAPACITY, BUFFER);
        resource.load(new LimitedInputStream(Channels.newInputStream(channel), payloadBytes), options);
        return resource;
    }

    private static long checksum(FileChannel channel, long bytes) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long at = HEADER_BYTES;
        long end = HEADER_BYTES + bytes;
        while (at < end) {
            buffer.clear();
            if (end - at < buffer.capacity()) {
                buffer.limit((int) (end - at));
            }
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new Refusal("it is truncated: it ended while being read");
            }
            at += n;
            buffer.flip();
            crc.update(buffer);
        }
        return crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at + buffer.position());
            if (n < 0) {
                throw new Refusal("it is truncated: it ended while being read");
            }
        }
    }

    /** The resource a binary snapshot is loaded into: parses with {@link HardenedInput}. */
    static final class SnapshotResource extends BinaryResourceImpl {

        SnapshotResource(URI uri) {
            super(uri);
        }

        @Override
        protected EObjectInputStream createEObjectInputStream(InputStream inputStream, Map<?, ?> options)
                throws IOException {
            if (!(inputStream instanceof LimitedInputStream limited)) {
                throw new IOException("a snapshot resource reads only through BinarySnapshot.read");
            }
            return new HardenedInput(limited, options);
        }
    }

    /**
     * EMF's binary reader with limits. Every count or length it reads is checked against the bytes
     * left in the file before anything is allocated for it (each string character, list element and
     * object takes at least one byte), the only model it accepts is MmScope's, and the only EMF version
     * and style are the ones {@link BinarySnapshot#write} uses.
     */
    static final class HardenedInput extends BinaryResourceImpl.EObjectInputStream {

        private final LimitedInputStream source;
        private boolean lengthNext;
        private boolean packageNext;

        HardenedInput(LimitedInputStream source, Map<?, ?> options) throws IOException {
            super(source, options);
            this.source = source;
        }

        @Override
        protected void readVersion() throws IOException {
            int version = readByte();
            if (version != Version.VERSION_1_1.ordinal()) {
                throw new Refusal("it is damaged: its EMF data has version " + version + ", not 1.1");
            }
            this.version = Version.VERSION_1_1;
        }

        @Override
        protected void readStyle() throws IOException {
            super.readStyle();
            if (style != EMF_STYLE) {
                throw new Refusal("it is damaged: its EMF data has style " + style + ", not " + EMF_STYLE);
            }
        }

        /** An upper bound of the bytes the parser has not consumed yet. */
        private long bytesLeft() {
            return source.remaining() + BUFFER;
        }

        @Override
        public int readCompressedInt() throws IOException {
            int value = super.readCompressedInt();
            if (lengthNext) {
                lengthNext = false;
                if (value > bytesLeft()) {
                    throw new Refusal("it is damaged: it announces " + value + " items where at most "
                            + bytesLeft() + " bytes are left");
                }
            }
            return value;
        }

        @Override
        public String readString() throws IOException {
            lengthNext = true;
            try {
                return super.readString();
            } finally {
                lengthNext = false;
            }
        }

        @Override
        public String readSegmentedString() throws IOException {
            boolean packageURI = packageNext;
            packageNext = false;
            lengthNext = true;
            String value;
            try {
                value = super.readSegmentedString();
            } finally {
                lengthNext = false;
            }
            if (packageURI && !MmPackage.eNS_URI.equals(value)) {
                throw new Refusal("it holds objects of another model (" + value + "), not an MmScope machine");
            }
            return value;
        }

        @Override
        protected EPackageData readEPackage() throws IOException {
            packageNext = true;
            try {
                return super.readEPackage();
            } finally {
                packageNext = false;
            }
        }

        @Override
        public void loadResource(Resource resource) throws IOException {
            lengthNext = true;
            super.loadResource(resource);
        }

        @Override
        public void loadEObjects(InternalEList<InternalEObject> internalEObjects) throws IOException {
            lengthNext = true;
            super.loadEObjects(internalEObjects);
        }

        @Override
        public void loadFeatureMap(org.eclipse.emf.ecore.util.FeatureMap.Internal featureMap) throws IOException {
            lengthNext = true;
            super.loadFeatureMap(featureMap);
        }

        @Override
        protected void loadFeatureValue(InternalEObject internalEObject, EStructuralFeatureData data)
                throws IOException {
            if (data.kind == FeatureKind.DATA_LIST) {
                lengthNext = true;
            }
            super.loadFeatureValue(internalEObject, data);
        }
    }

    /** Delivers at most a given number of bytes and knows how many are left. */
    static final class LimitedInputStream extends InputStream {

        private final InputStream in;
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        long remaining() {
            return remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the channel belongs to the caller
        }
    }

    /** Counts the bytes written through it; does not close the channel's stream. */
    private static final class CountingOutputStream extends FilterOutputStream {

        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
