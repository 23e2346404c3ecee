package org.mmscope.sim.event;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The memory manager's event stream: a ring buffer of primitive columns, one row per event, and the
 * listeners (breakpoints) that watch it.
 *
 * <p><b>Sequence numbers.</b> Events are numbered 1, 2, 3... in append order; the number is implicit
 * (a counter), never stored. Once more than {@link #capacity()} events were appended the oldest are
 * overwritten: the retained events are always {@link #firstRetained()}..{@link #last()}, with
 * {@code firstRetained() = max(1, last() - capacity() + 1)}. An empty log has {@code last() == 0} and
 * {@code firstRetained() == 1}.
 *
 * <p><b>Columns.</b> time (simulated ns, never decreasing), type (its {@link MmEventType#code()}),
 * cpu, thread, process, pfn, va, old state, new state, detail. "None" is {@link #NO_CPU},
 * {@link #NO_THREAD}, {@link #NO_PROCESS}, {@link #NO_PFN} (-1), {@link #NO_STATE} (-1) and
 * {@link #NO_VA} (0; address 0 itself is also recorded as 0: the type says whether the event has an
 * address, and every fault type has one). A row takes 51 bytes, so the largest ring (2<sup>24</sup>
 * events) takes about 816 MiB; the columns are allocated up front.
 *
 * <p><b>Append path.</b> {@link #append} stores the row, counts it per type and tests the union of
 * the listeners' type masks with one {@code long} AND; only when that is non-zero does it walk the
 * listeners that want the event's type (kept per type) and call those whose filter
 * {@linkplain EventFilter#matches matches}. It allocates nothing. Listeners are kept in copy-on-write
 * arrays, so a listener may add or remove listeners
 * during dispatch: a listener added during dispatch first hears the next event; a listener removed
 * during dispatch is not called again, not even for the current event.
 *
 * <p>Single-threaded, like the whole simulation; deterministic: listeners are called in the order they
 * were added.
 */
public final class EventLog implements Serializable {

    /** Smallest capacity: 2<sup>10</sup> events. */
    public static final int MIN_CAPACITY = 1 << 10;
    /** Largest capacity: 2<sup>24</sup> events. */
    public static final int MAX_CAPACITY = 1 << 24;

    /** The cpu column when no CPU is concerned. */
    public static final int NO_CPU = -1;
    /** The thread column when no thread is concerned. */
    public static final int NO_THREAD = -1;
    /** The process column when no process is concerned. */
    public static final int NO_PROCESS = -1;
    /** The pfn column when no page frame is concerned. */
    public static final long NO_PFN = -1;
    /** The va column when no virtual address is concerned (the same value as address 0). */
    public static final long NO_VA = 0;
    /** The old/new state columns when the type has no state. */
    public static final int NO_STATE = -1;
    /** The largest CPU number (the cpu column is a {@code short}). */
    public static final int MAX_CPU = Short.MAX_VALUE;

    private static final ListenerRegistration[] NO_LISTENERS = new ListenerRegistration[0];

    private final int capacity;
    private final int indexMask;
    private final long[] time;
    private final byte[] type;
    private final short[] cpu;
    private final int[] thread;
    private final int[] process;
    private final long[] pfn;
    private final long[] va;
    private final int[] oldState;
    private final int[] newState;
    private final long[] detail;

    private final long[] countByCode = new long[MmEventType.MAX_CODES];
    private long last;
    private long lastTime;

    /** Listeners belong to whoever watches this log, not to its state: a checkpoint leaves them out. */
    private transient ListenerRegistration[] listeners = NO_LISTENERS;
    /**
     * The listeners by event type code, in registration order: an event reaches only the filters of
     * listeners that want its type (twenty breakpoints on five types test four filters per event).
     */
    private transient ListenerRegistration[][] listenersByCode = byCode(NO_LISTENERS);
    /** By event type code, what the filters of {@link #listenersByCode} have in common, tested first. */
    private transient EventGate[] gatesByCode;
    /**
     * By event type code, the PFN range of {@link #gatesByCode}: all {@link #append} tests inline
     * (kept to two array reads, so that the compiled append stays small where it is inlined).
     */
    private transient long[] gatePfnLow;
    private transient long[] gatePfnHigh;
    private transient long listenerMask;

    /**
     * An empty log.
     *
     * @param capacity the number of events retained: a power of two from {@link #MIN_CAPACITY} to
     *        {@link #MAX_CAPACITY}
     * @throws IllegalArgumentException for any other capacity
     */
    public EventLog(int capacity) {
        if (!isValidCapacity(capacity)) {
            throw new IllegalArgumentException("event log capacity must be a power of two from " + MIN_CAPACITY + " to "
                    + MAX_CAPACITY + ", not " + capacity);
        }
        this.capacity = capacity;
        this.indexMask = capacity - 1;
        time = new long[capacity];
        type = new byte[capacity];
        cpu = new short[capacity];
        thread = new int[capacity];
        process = new int[capacity];
        pfn = new long[capacity];
        va = new long[capacity];
        oldState = new int[capacity];
        newState = new int[capacity];
        detail = new long[capacity];
        setGates(gates(listenersByCode));
    }

    /** Whether {@code capacity} is accepted by the constructor (for preference pages). */
    public static boolean isValidCapacity(int capacity) {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    /** The number of events retained. */
    public int capacity() {
        return capacity;
    }

    // ------------------------------------------------------------------------------------------ append

    /**
     * Records one event and calls the interested listeners. Allocates nothing.
     *
     * @param type what happened
     * @param time simulated time in ns: not below the previous event's time
     * @param cpu the running CPU, 0..{@link #MAX_CPU}, or {@link #NO_CPU}
     * @param thread the running thread, >= 0, or {@link #NO_THREAD}
     * @param process the current process, >= 0, or {@link #NO_PROCESS}
     * @param pfn the page concerned, >= 0, or {@link #NO_PFN}
     * @param va the virtual address concerned, or {@link #NO_VA}
     * @param oldState the state before (see the type), or {@link #NO_STATE}; not {@code Integer.MIN_VALUE}
     * @param newState the state after (see the type), or {@link #NO_STATE}; not {@code Integer.MIN_VALUE}
     * @param detail a type-specific value
     * @return the event's sequence number, {@code last()} + 1
     * @throws IllegalArgumentException if an argument is out of range (nothing is recorded then)
     */
    public long append(MmEventType type, long time, int cpu, int thread, int process, long pfn, long va, int oldState,
            int newState, long detail) {
        if (type == null || time < lastTime || cpu < NO_CPU || cpu > MAX_CPU || thread < NO_THREAD
                || process < NO_PROCESS || pfn < NO_PFN || oldState == Integer.MIN_VALUE
                || newState == Integer.MIN_VALUE) {
            throw badEvent(type, time, cpu, thread, process, pfn, oldState, newState);
        }
        long sequence = ++last;
        int i = (int) sequence & indexMask;
        int code = type.code();
        this.time[i] = time;
        this.type[i] = (byte) code;
        this.cpu[i] = (short) cpu;
        this.thread[i] = thread;
        this.process[i] = process;
        this.pfn[i] = pfn;
        this.va[i] = va;
        this.oldState[i] = oldState;
        this.newState[i] = newState;
        this.detail[i] = detail;
        lastTime = time;
        countByCode[code]++;
        if ((listenerMask & (1L << code)) != 0 && pfn >= gatePfnLow[code] && pfn <= gatePfnHigh[code]) {
            dispatch(sequence, type, thread, process, pfn, va, oldState, newState);
        }
        return sequence;
    }

    /**
     * Calls the listeners whose filter admits an event within its type gate's PFN range. Kept apart from
     * {@link #append}, and reached only through the gate, so that the compiled append (inlined where
     * events are emitted) stays small: with breakpoints that do not match, this is seldom called and
     * the compiler leaves it out of line.
     */
    private void dispatch(long sequence, MmEventType type, int thread, int process, long pfn, long va, int oldState,
            int newState) {
        int code = type.code();
        if (!gatesByCode[code].admits(thread, process, pfn, va, oldState, newState)) {
            return; // no listener's filter admits it
        }
        ListenerRegistration[] snapshot = listenersByCode[code];
        for (ListenerRegistration registration : snapshot) {
            if (registration.isActive()
                    && registration.filter().matches(type, thread, process, pfn, va, oldState, newState)) {
                registration.listener().onEvent(this, sequence);
            }
        }
    }

    private IllegalArgumentException badEvent(MmEventType type, long time, int cpu, int thread, int process, long pfn,
            int oldState, int newState) {
        String problem;
        if (type == null) {
            problem = "event type is null";
        } else if (time < lastTime) {
            problem = "simulated time went backwards: " + time + " ns after " + lastTime + " ns";
        } else if (cpu < NO_CPU || cpu > MAX_CPU) {
            problem = "CPU must be -1.." + MAX_CPU + ", not " + cpu;
        } else if (thread < NO_THREAD) {
            problem = "thread id must be >= -1, not " + thread;
        } else if (process < NO_PROCESS) {
            problem = "process id must be >= -1, not " + process;
        } else if (pfn < NO_PFN) {
            problem = "PFN must be >= -1, not " + pfn;
        } else {
            problem = "state must not be Integer.MIN_VALUE (old " + oldState + ", new " + newState + ")";
        }
        return new IllegalArgumentException("cannot record " + type + " event: " + problem);
    }

    // ------------------------------------------------------------------------------------------ range

    /** The sequence number of the newest event, 0 if none was appended; also the total appended. */
    public long last() {
        return last;
    }

    /**
     * The sequence number of the oldest retained event: {@code last() - capacity() + 1}, or 1 while
     * fewer than {@code capacity()} events were appended (also when the log is empty).
     */
    public long firstRetained() {
        return last < capacity ? 1 : last - capacity + 1;
    }

    /** Whether the event with this sequence number was appended and not yet overwritten. */
    public boolean isRetained(long sequence) {
        return sequence <= last && sequence >= firstRetained();
    }

    /** The number of events retained: {@code last() - firstRetained() + 1}. */
    public int size() {
        return (int) Math.min(last, capacity);
    }

    private int index(long sequence) {
        if (!isRetained(sequence)) {
            throw new IllegalArgumentException("event #" + sequence + " is not retained (retained: " + firstRetained()
                    + ".." + last + ")");
        }
        return (int) sequence & indexMask;
    }

    // ------------------------------------------------------------------------------------------ columns
    // Each accessor throws IllegalArgumentException when the event is not retained.

    /** The event's type. */
    public MmEventType type(long sequence) {
        return MmEventType.fromCode(type[index(sequence)]);
    }

    /** The event's simulated time in ns. */
    public long time(long sequence) {
        return time[index(sequence)];
    }

    /** The CPU that was running, or {@link #NO_CPU}. */
    public int cpu(long sequence) {
        return cpu[index(sequence)];
    }

    /** The thread that was running, or {@link #NO_THREAD}. */
    public int thread(long sequence) {
        return thread[index(sequence)];
    }

    /** The process that was current, or {@link #NO_PROCESS}. */
    public int process(long sequence) {
        return process[index(sequence)];
    }

    /** The page concerned, or {@link #NO_PFN}. */
    public long pfn(long sequence) {
        return pfn[index(sequence)];
    }

    /** The virtual address concerned, or {@link #NO_VA}. */
    public long va(long sequence) {
        return va[index(sequence)];
    }

    /** The state before, or {@link #NO_STATE}. */
    public int oldState(long sequence) {
        return oldState[index(sequence)];
    }

    /** The state after, or {@link #NO_STATE}. */
    public int newState(long sequence) {
        return newState[index(sequence)];
    }

    /** The type-specific value. */
    public long detail(long sequence) {
        return detail[index(sequence)];
    }

    /** An immutable copy of one retained event. */
    public EventRecord record(long sequence) {
        int i = index(sequence);
        return new EventRecord(sequence, time[i], MmEventType.fromCode(type[i]), cpu[i], thread[i], process[i], pfn[i],
                va[i], oldState[i], newState[i], detail[i]);
    }

    /**
     * Immutable copies of the events {@code from..to}, both inclusive, oldest first. An empty range
     * ({@code from == to + 1}) gives an empty list.
     *
     * @throws IllegalArgumentException if from > to + 1, or the range is not empty and not all retained
     */
    public List<EventRecord> records(long from, long to) {
        if (from > to + 1) {
            throw new IllegalArgumentException("event range #" + from + "..#" + to + " is reversed");
        }
        if (from == to + 1) {
            return List.of();
        }
        if (!isRetained(from) || !isRetained(to)) {
            throw new IllegalArgumentException("event range #" + from + "..#" + to + " is not all retained (retained: "
                    + firstRetained() + ".." + last + ")");
        }
        EventRecord[] records = new EventRecord[(int) (to - from + 1)];
        for (int k = 0; k < records.length; k++) {
            records[k] = record(from + k);
        }
        return List.of(records);
    }

    // ------------------------------------------------------------------------------------------ counters

    /** How many events of a type were appended since the log was created (retained or not). */
    public long count(MmEventType type) {
        if (type == null) {
            throw new IllegalArgumentException("event type is null");
        }
        return countByCode[type.code()];
    }

    /** The per-type counts, indexed by {@link MmEventType#code()}: a copy of {@link MmEventType#MAX_CODES} entries. */
    public long[] counts() {
        return countByCode.clone();
    }

    /** The number of events appended since the log was created: the same as {@link #last()}. */
    public long totalAppended() {
        return last;
    }

    // ------------------------------------------------------------------------------------------ listeners

    /**
     * Calls {@code listener} for every event appended from now on that passes {@code filter}.
     *
     * @return the handle to pass to {@link #removeListener}
     * @throws IllegalArgumentException if an argument is null
     */
    public ListenerRegistration addListener(EventFilter filter, EventListener listener) {
        if (filter == null || listener == null) {
            throw new IllegalArgumentException("a listener needs a filter and a listener, got " + filter + ", " + listener);
        }
        ListenerRegistration registration = new ListenerRegistration(this, filter, listener);
        ListenerRegistration[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = registration;
        listeners = grown;
        listenersByCode = byCode(grown);
        setGates(gates(listenersByCode));
        listenerMask |= filter.typeMask();
        return registration;
    }

    /**
     * Stops a listener. It is not called again, even if the event being dispatched has not reached it.
     *
     * @return true if it was registered, false if it had already been removed
     * @throws IllegalArgumentException if the registration is null or from another log
     */
    public boolean removeListener(ListenerRegistration registration) {
        if (registration == null || registration.log() != this) {
            throw new IllegalArgumentException("listener registration is null or belongs to another event log");
        }
        if (!registration.isActive()) {
            return false;
        }
        registration.deactivate();
        ListenerRegistration[] shrunk = new ListenerRegistration[listeners.length - 1];
        long mask = 0;
        int k = 0;
        for (ListenerRegistration kept : listeners) {
            if (kept != registration) {
                shrunk[k++] = kept;
                mask |= kept.filter().typeMask();
            }
        }
        listeners = shrunk.length == 0 ? NO_LISTENERS : shrunk;
        listenersByCode = byCode(listeners);
        setGates(gates(listenersByCode));
        listenerMask = mask;
        return true;
    }

    /** For each type code, the registrations whose filter includes it, in registration order. */
    private static ListenerRegistration[][] byCode(ListenerRegistration[] registrations) {
        ListenerRegistration[][] table = new ListenerRegistration[Long.SIZE][];
        for (int code = 0; code < table.length; code++) {
            int count = 0;
            for (ListenerRegistration registration : registrations) {
                if ((registration.filter().typeMask() & 1L << code) != 0) {
                    count++;
                }
            }
            ListenerRegistration[] wanting = count == 0 ? NO_LISTENERS : new ListenerRegistration[count];
            int at = 0;
            for (ListenerRegistration registration : registrations) {
                if ((registration.filter().typeMask() & 1L << code) != 0) {
                    wanting[at++] = registration;
                }
            }
            table[code] = wanting;
        }
        return table;
    }

    /** Uses {@code gates} (one per type code) from the next event on, their PFN ranges inline. */
    private void setGates(EventGate[] gates) {
        long[] low = new long[gates.length];
        long[] high = new long[gates.length];
        for (int code = 0; code < gates.length; code++) {
            low[code] = gates[code].pfnLow();
            high[code] = gates[code].pfnHigh();
        }
        gatesByCode = gates;
        gatePfnLow = low;
        gatePfnHigh = high;
    }

    /** For each type code, the gate of its registrations' filters. */
    private static EventGate[] gates(ListenerRegistration[][] byCode) {
        EventGate[] gates = new EventGate[byCode.length];
        for (int code = 0; code < byCode.length; code++) {
            java.util.List<EventFilter> filters = new java.util.ArrayList<>(byCode[code].length);
            for (ListenerRegistration registration : byCode[code]) {
                filters.add(registration.filter());
            }
            gates[code] = EventGate.of(filters);
        }
        return gates;
    }

    /** The gate an event of {@code type} passes before any listener's filter is tested (for tests). */
    EventGate gateFor(MmEventType type) {
        return gatesByCode[type.code()];
    }

    /** The number of registered listeners. */
    public int listenerCount() {
        return listeners.length;
    }

    /** The union of the registered listeners' type masks: the types that reach the listener loop. */
    public long listenerMask() {
        return listenerMask;
    }

    /** Whether some listener's filter includes the type (if not, appending it costs no listener test). */
    public boolean hasListenerFor(MmEventType type) {
        return (listenerMask & type.bit()) != 0;
    }

    /** A log read back from a checkpoint has no listeners. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        listeners = NO_LISTENERS;
        listenersByCode = byCode(NO_LISTENERS);
        setGates(gates(listenersByCode));
        listenerMask = 0;
    }

    @Override
    public String toString() {
        return "EventLog[capacity=" + capacity + ", retained #" + firstRetained() + "..#" + last + ", listeners="
                + listeners.length + "]";
    }
}
