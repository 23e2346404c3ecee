package org.mmscope.sim.replay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.mmscope.sim.hw.SideChannel;

import org.mmscope.sim.run.ScenarioRun;

/**
 * The whole state of a {@link ScenarioRun} at one position, as bytes: a deep copy made with Java
 * serialization, minus the objects the run's checkpoints share ({@link SharedObjects}), minus
 * event-log listeners (the debugger's, re-attached after a restore), and with page contents passed
 * by reference beside the bytes ({@link SideChannel}: physical memory and backing stores share
 * their pages with the checkpoint and copy a page before writing it). Restoring gives a new run
 * that continues exactly as the original did from that position: the simulation is deterministic,
 * so replaying from a checkpoint reaches every later state again, event for event.
 *
 * @param position          steps the run had made when the checkpoint was taken
 * @param lastEvent         sequence of the last event then
 * @param lastEventStepStart position before the step that produced {@code lastEvent}, or -1
 * @param state             the serialized run
 * @param side              what went beside the bytes, by reference
 * @param size              the memory the checkpoint adds: its bytes and the pages only it holds
 */
record Checkpoint(long position, long lastEvent, long lastEventStepStart, byte[] state, List<Object> side, long size) {

    /** Copies {@code run}'s state now. */
    static Checkpoint take(ScenarioRun run, long position, long lastEventStepStart, SharedObjects shared) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        SharingOutput out;
        try {
            out = new SharingOutput(bytes, shared);
            out.writeObject(run);
            out.close();
        } catch (IOException e) {
            throw new IllegalStateException("the simulation state cannot be checkpointed: " + e, e);
        }
        byte[] state = bytes.toByteArray();
        return new Checkpoint(position, run.simulation().memoryManager().eventLog().last(), lastEventStepStart,
                state, List.copyOf(out.side), state.length + out.sideBytes);
    }

    /** A new run in the state of this checkpoint (no listeners on its event log). */
    ScenarioRun restore(SharedObjects shared) {
        try (ObjectInputStream in = new SharingInput(new ByteArrayInputStream(state), shared, side)) {
            return (ScenarioRun) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a checkpoint cannot be read back", e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a checkpoint names a class that is not there: " + e.getMessage(), e);
        }
    }

    /** Primitive arrays from this many elements on go beside the stream ({@link ArrayCopy}). */
    private static final int BULK_ELEMENTS = 512;

    /** Stands for a large primitive array kept beside the stream, by its number. */
    private record ArrayCopy(int number) implements java.io.Serializable {
    }

    /** The bytes of a primitive array of at least {@link #BULK_ELEMENTS} elements, else 0. */
    private static long bulkBytes(Object object) {
        return switch (object) {
            case long[] a when a.length >= BULK_ELEMENTS -> 8L * a.length;
            case int[] a when a.length >= BULK_ELEMENTS -> 4L * a.length;
            case short[] a when a.length >= BULK_ELEMENTS -> 2L * a.length;
            case byte[] a when a.length >= BULK_ELEMENTS -> a.length;
            case boolean[] a when a.length >= BULK_ELEMENTS -> a.length;
            case char[] a when a.length >= BULK_ELEMENTS -> 2L * a.length;
            default -> 0;
        };
    }

    private static Object cloneArray(Object array) {
        return switch (array) {
            case long[] a -> a.clone();
            case int[] a -> a.clone();
            case short[] a -> a.clone();
            case byte[] a -> a.clone();
            case boolean[] a -> a.clone();
            case char[] a -> a.clone();
            default -> throw new IllegalArgumentException("not a primitive array: " + array.getClass());
        };
    }

    private static final class SharingOutput extends ObjectOutputStream implements SideChannel {
        private final SharedObjects shared;
        private final List<Object> side = new ArrayList<>();
        private long sideBytes;

        SharingOutput(OutputStream out, SharedObjects shared) throws IOException {
            super(out);
            this.shared = shared;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object object) {
            if (SharedObjects.isShared(object)) {
                return shared.refOf(object);
            }
            long bytes = bulkBytes(object);
            if (bytes > 0) { // copied in one go beside the stream instead of element by element
                return new ArrayCopy(keep(cloneArray(object), bytes));
            }
            return object;
        }

        @Override
        public int keep(Object value, long newBytes) {
            side.add(value);
            sideBytes += newBytes;
            return side.size() - 1;
        }

        @Override
        public Object fetch(int number) {
            throw new UnsupportedOperationException("a checkpoint being written has nothing to fetch");
        }

        @Override
        public org.mmscope.sim.hw.FrameArchive frameArchive() {
            return shared.frameArchive();
        }
    }

    /** Resolves classes through the simulator's class loader (in OSGi the caller's may not see them). */
    private static final class SharingInput extends ObjectInputStream implements SideChannel {
        private final SharedObjects shared;
        private final List<Object> side;

        SharingInput(InputStream in, SharedObjects shared, List<Object> side) throws IOException {
            super(in);
            this.shared = shared;
            this.side = side;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object object) {
            if (object instanceof SharedObjects.Ref ref) {
                return shared.resolve(ref);
            }
            if (object instanceof ArrayCopy copy) { // the run gets its own copy: the checkpoint stays as it was
                return cloneArray(fetch(copy.number()));
            }
            return object;
        }

        @Override
        public int keep(Object value, long newBytes) {
            throw new UnsupportedOperationException("a checkpoint being read keeps nothing");
        }

        @Override
        public Object fetch(int number) {
            if (number < 0 || number >= side.size()) {
                throw new IllegalStateException("a checkpoint refers to side value " + number + " of " + side.size());
            }
            return side.get(number);
        }

        @Override
        public org.mmscope.sim.hw.FrameArchive frameArchive() {
            return shared.frameArchive();
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, Checkpoint.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}
