package org.mmscope.sim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmscope.sim.mm.PoolTestSupport.PAGE;
import static org.mmscope.sim.mm.PoolTestSupport.machine;
import static org.mmscope.sim.mm.PoolTestSupport.poolState;
import static org.mmscope.sim.mm.PoolTestSupport.pte;
import static org.mmscope.sim.mm.PoolTestSupport.runChecked;
import static org.mmscope.sim.mm.PoolTestSupport.tag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mmscope.sim.BugCheckCode;
import org.mmscope.sim.BugCheckException;
import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.check.Violation;
import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.event.EventRecord;
import org.mmscope.sim.event.MmEventType;
import org.mmscope.sim.hw.Irql;
import org.mmscope.sim.pool.PoolHeader;
import org.mmscope.sim.pool.PoolType;
import org.mmscope.sim.pool.SmallBlockPool;
import org.mmscope.sim.pool.SpecialPoolLayout;
import org.mmscope.sim.pool.SpecialPoolLayout.Detection;
import org.mmscope.sim.pte.Protection;
import org.mmscope.sim.pte.Pte;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random pool work against a model: allocations and frees of paged, nonpaged, one-page, three-page,
 * small and special requests, writes through the MMU, trims of the system working set and modified
 * page writes, and bad frees. After every operation (and every simulation step) the invariant checker
 * finds nothing, the pools list exactly the model's live allocations, usage by tag equals their sum,
 * and the last bytes written to each allocation are still there wherever the page is resident.
 * Also: the same pool work twice gives the same event log.
 */
class KernelPoolsPropertiesTest {

    private static final String[] TAGS = { "Ab01", "Ab02", "Cd00", "Sp01" };
    private static final int SPECIAL_TAG = tag("Sp01");
    private static final int OPERATIONS = 13;

    /** A live allocation as the model knows it, with the last write into it. */
    private static final class Live {
        final long address;
        final PoolType type;
        final KernelPools.Kind kind;
        final long bytes;
        final int tag;
        long writeOffset = -1;
        long writeSize;
        int writeValue;

        Live(long address, PoolType type, KernelPools.Kind kind, long bytes, int tag) {
            this.address = address;
            this.type = type;
            this.kind = kind;
            this.bytes = bytes;
            this.tag = tag;
        }

        /** What usage charges: whole blocks with their header, whole pages, one page of special pool. */
        long charged() {
            return switch (kind) {
                case SMALL -> SmallBlockPool.blockBytes((int) bytes);
                case PAGES -> (bytes + PAGE - 1) / PAGE * PAGE;
                case SPECIAL -> PAGE;
            };
        }

        /** The byte count the pools report: a small block's rounded size, else the request. */
        long reportedBytes() {
            return kind == KernelPools.Kind.SMALL ? SmallBlockPool.blockBytes((int) bytes) - 16 : bytes;
        }
    }

    /** One run of random work: the machine, the model and the operations' decoding. */
    private static final class Run {
        final Simulation simulation = new Simulation(machine());
        final MemoryManager mm = simulation.memoryManager();
        final KernelPools pools = mm.pools();
        final boolean specialTags;
        final TreeMap<Long, Live> live = new TreeMap<>(Long::compareUnsigned);
        final List<Long> freed = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        int bugchecks;

        Run(boolean protectedPool, boolean specialTags, Detection detection) {
            this.specialTags = specialTags;
            pools.setProtectedFreePool(protectedPool);
            if (specialTags) {
                pools.setSpecialPoolTag("Sp*", detection);
            }
        }

        void apply(int choice) {
            int operation = choice % OPERATIONS;
            int p = choice / OPERATIONS;
            int tag = tag(TAGS[p % TAGS.length]);
            PoolType type = p % 2 == 0 ? PoolType.PAGED : PoolType.NONPAGED;
            switch (operation) {
                case 0, 1 -> allocate(operation == 0 ? PoolType.PAGED : PoolType.NONPAGED, PAGE - (p % 16), tag);
                case 2, 3 -> allocate(operation == 2 ? PoolType.PAGED : PoolType.NONPAGED,
                        2L * PAGE + 1 + (p * 5L) % (PAGE - 1), tag);
                case 4, 5 -> allocate(operation == 4 ? PoolType.PAGED : PoolType.NONPAGED, 1 + (p * 37L) % 4064, tag);
                case 6 -> allocateSpecial(type, 1 + (p * 53) % SpecialPoolLayout.MAX_BYTES, tag,
                        (p / 2) % 2 == 0 ? Detection.OVERRUN : Detection.UNDERRUN);
                case 7 -> {
                    Live victim = pick(p);
                    if (victim != null) {
                        Irql irql = victim.type == PoolType.NONPAGED && p % 3 == 1 ? Irql.DISPATCH_LEVEL
                                : Irql.PASSIVE_LEVEL;
                        free(victim.address, p % 3 == 0 ? 0 : victim.tag, irql);
                    }
                }
                case 8 -> {
                    // half of the writes go to whole pages of paged pool, which can be paged out
                    List<Live> pageable = live.values().stream()
                            .filter(a -> a.type == PoolType.PAGED && a.kind == KernelPools.Kind.PAGES).toList();
                    Live target = p % 2 == 1 && !pageable.isEmpty() ? pageable.get(p / 2 % pageable.size()) : pick(p);
                    if (target != null) {
                        long offset = (p * 7919L) % target.bytes;
                        long size = 1 + (p * 31L) % Math.min(target.bytes - offset, 3 * PAGE);
                        Irql irql = target.type == PoolType.NONPAGED && p % 2 == 0 ? Irql.DISPATCH_LEVEL
                                : Irql.PASSIVE_LEVEL;
                        write(target.address, offset, size, 1 + p % 255, irql);
                    }
                }
                case 9 -> trim(p % 4 == 0 ? Integer.MAX_VALUE : 1 + p % 64);
                case 10 -> modifiedWriter();
                case 11 -> {
                    List<Long> candidates = freed.stream().filter(va -> pools.allocationAt(va) == null).toList();
                    Live target = pick(p);
                    if (!candidates.isEmpty() && (p % 2 == 0 || target == null)) {
                        freeAgain(candidates.get(p % candidates.size()));
                    } else if (target != null) {
                        freeWithWrongTag(target.address);
                    }
                }
                default -> allocate(type, 1 + (p * 29L) % SpecialPoolLayout.MAX_BYTES, SPECIAL_TAG);
            }
        }

        private Live pick(int p) {
            return live.isEmpty() ? null : live.values().stream().skip(p % live.size()).findFirst().orElseThrow();
        }

        /** Allocates and checks where the allocation went: special pool for the special tag, else by size. */
        long allocate(PoolType type, long bytes, int tag) {
            log.add("allocate " + type + " " + bytes + " " + PoolHeader.tagText(tag));
            long va = pools.allocate(type, bytes, tag, Irql.PASSIVE_LEVEL);
            assertNotEquals(0, va, "plenty of pool: " + log);
            KernelPools.Kind kind = specialTags && tag == SPECIAL_TAG && bytes <= SpecialPoolLayout.MAX_BYTES
                    ? KernelPools.Kind.SPECIAL
                    : bytes <= SmallBlockPool.MAX_REQUEST ? KernelPools.Kind.SMALL : KernelPools.Kind.PAGES;
            return record(new Live(va, type, kind, bytes, tag));
        }

        long allocateSpecial(PoolType type, int bytes, int tag, Detection detection) {
            log.add("allocate special " + type + " " + bytes + " " + detection);
            long va = pools.allocateSpecial(type, bytes, tag, Irql.PASSIVE_LEVEL, detection);
            assertEquals(detection == Detection.OVERRUN ? (PAGE - bytes) & ~15 : 0, va & 0xFFF);
            return record(new Live(va, type, KernelPools.Kind.SPECIAL, bytes, tag));
        }

        private long record(Live allocation) {
            long va = allocation.address;
            boolean inRange = switch (allocation.kind) {
                case SPECIAL -> pools.specialPool().contains(va);
                default -> allocation.type == PoolType.PAGED ? pools.isPagedPoolAddress(va)
                        : pools.isNonPagedPoolAddress(va);
            };
            assertTrue(inRange, String.format("0x%x for %s %s", va, allocation.type, allocation.kind));
            assertEquals(null, live.put(va, allocation), "returned twice: " + Long.toHexString(va));
            freed.remove(va);
            checkAll();
            return va;
        }

        void free(long va, int tag, Irql irql) {
            Live victim = live.get(va);
            log.add(String.format("free 0x%x at %s", va, irql));
            assertEquals(victim.reportedBytes(), pools.free(va, tag, irql));
            live.remove(va);
            freed.add(va);
            checkAll();
        }

        /** Writes in kernel mode through the MMU (a driver thread), running to quiescence with checks. */
        void write(long va, long offset, long size, int value, Irql irql) {
            Live target = live.get(va);
            log.add(String.format("write 0x%x +%d %d = %d at %s", va, offset, size, value, irql));
            PoolTestSupport.write(simulation, va, offset, size, value, irql);
            target.writeOffset = offset;
            target.writeSize = size;
            target.writeValue = value;
            checkAll();
        }

        void trim(int pages) {
            log.add("trim " + pages);
            mm.trim(mm.systemProcess(), pages, 0);
            checkAll();
        }

        void modifiedWriter() {
            log.add("modified writer");
            mm.wakeModifiedPageWriter();
            runChecked(simulation, 100_000);
            checkAll();
        }

        /** Frees an address that is no allocation any more: a bugcheck, and nothing changes. */
        void freeAgain(long va) {
            log.add(String.format("free again 0x%x", va));
            BugCheckException e = badFree(() -> pools.free(va, 0, Irql.PASSIVE_LEVEL));
            assertTrue(e.code() == BugCheckCode.BAD_POOL_CALLER
                    || e.code() == BugCheckCode.SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, e.getMessage());
        }

        void freeWithWrongTag(long va) {
            Live target = live.get(va);
            int wrong = tag(target.tag == tag("Zz00") ? "Zz01" : "Zz00");
            log.add(String.format("free 0x%x with a wrong tag", va));
            BugCheckException e = badFree(() -> pools.free(va, wrong, Irql.PASSIVE_LEVEL));
            assertEquals(BugCheckCode.BAD_POOL_CALLER, e.code());
            assertEquals(SmallBlockPool.BAD_POOL_CALLER_WRONG_TAG, e.parameter(1));
        }

        private BugCheckException badFree(org.junit.jupiter.api.function.Executable free) {
            String before = poolState(mm);
            long events = mm.eventLog().last();
            BugCheckException e = assertThrows(BugCheckException.class, free, log::toString);
            bugchecks++;
            assertEquals(before, poolState(mm), "a bad free changes nothing: " + log);
            for (long seq = events + 1; seq <= mm.eventLog().last(); seq++) {
                assertEquals(MmEventType.SPECIAL_POOL_VIOLATION, mm.eventLog().type(seq), "only a report");
            }
            checkAll();
            return e;
        }

        void checkAll() {
            List<Violation> violations = InvariantChecker.check(mm);
            if (!violations.isEmpty()) {
                throw new AssertionError(violations + " after " + log);
            }
            List<KernelPools.Allocation> expected = live.values().stream()
                    .map(a -> new KernelPools.Allocation(a.address, a.type, a.kind, a.reportedBytes(), a.tag)).toList();
            assertEquals(expected, pools.allocations(), log::toString);
            for (PoolType type : PoolType.values()) {
                long total = 0;
                for (String text : TAGS) {
                    int tag = tag(text);
                    long sum = live.values().stream().filter(a -> a.tag == tag && a.type == type)
                            .mapToLong(Live::charged).sum();
                    assertEquals(sum, pools.usage().bytesInUse(tag, type), text + " " + type + " after " + log);
                    total += sum;
                }
                assertEquals(total, pools.usage().totalBytesInUse(type), type + " after " + log);
            }
            for (Live a : live.values()) {
                for (long i = 0; a.writeOffset >= 0 && i < a.writeSize; i += 61) {
                    long va = a.address + a.writeOffset + i;
                    long pte = pte(mm, va & ~0xFFFL);
                    if (Pte.isValid(pte)) {
                        assertEquals((byte) a.writeValue, mm.memory().readByte((int) Pte.pfn(pte), (int) (va & 0xFFF)),
                                String.format("byte at 0x%x after %s", va, log));
                    }
                }
            }
        }
    }

    /** Random work: operation codes (weighted towards frees, writes and paging) with a parameter each. */
    @Provide
    @SuppressWarnings("unchecked")
    Arbitrary<List<Integer>> work() {
        List<Tuple.Tuple2<Integer, Integer>> weights = new ArrayList<>();
        for (int operation = 0; operation < OPERATIONS; operation++) {
            int weight = switch (operation) {
                case 7 -> 5; // free
                case 8 -> 6; // write
                default -> 2; // the allocations, trim, modified writer, bad free
            };
            weights.add(Tuple.of(weight, operation));
        }
        Arbitrary<Integer> operation = Arbitraries.frequency(weights.toArray(Tuple.Tuple2[]::new));
        Arbitrary<Integer> parameter = Arbitraries.integers().between(0, 99_999)
                .withDistribution(RandomDistribution.uniform());
        return Combinators.combine(operation, parameter).as((o, p) -> p * OPERATIONS + o).list().ofMinSize(5)
                .ofMaxSize(60);
    }

    @Property(tries = 150, seed = "20261124")
    void randomPoolWorkKeepsTheInvariantsAndUsageEqualsTheLiveAllocations(@ForAll("work") List<Integer> choices,
            @ForAll boolean protectedPool, @ForAll boolean specialTags, @ForAll boolean underrun) {
        Run run = new Run(protectedPool, specialTags, underrun ? Detection.UNDERRUN : Detection.OVERRUN);
        for (int choice : choices) {
            run.apply(choice);
        }
        // and everything can be freed, leaving no usage and no allocation
        for (Live a : List.copyOf(run.live.values())) {
            run.pools.free(a.address, a.tag, Irql.PASSIVE_LEVEL);
            run.live.remove(a.address);
        }
        run.checkAll();
        assertEquals(List.of(), run.pools.allocations());
        assertEquals(0, run.pools.specialPool().inUse());
        assertEquals(0, run.pools.smallBlocks().pageCount());
    }

    @Test
    void theSamePoolWorkTwiceGivesTheSameEventLog() {
        List<List<EventRecord>> logs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            Run run = new Run(true, true, Detection.OVERRUN);
            // a user process pages at the same time
            MmProcess user = run.simulation.createProcess("user.exe");
            run.simulation.createThread(user, "main", List.of(
                    Operations.allocate(0x10000, 300L * PAGE, Protection.READWRITE, true),
                    Operations.touch(0x10000, 0x10000 + 300L * PAGE, PAGE, true)));
            int ab01 = tag("Ab01");
            long paged = run.allocate(PoolType.PAGED, 3L * PAGE, ab01);
            long nonPaged = run.allocate(PoolType.NONPAGED, 2L * PAGE + 5, ab01);
            long smallPaged = run.allocate(PoolType.PAGED, 100, tag("Cd00"));
            long smallNonPaged = run.allocate(PoolType.NONPAGED, 200, ab01);
            long special = run.allocateSpecial(PoolType.NONPAGED, 300, ab01, Detection.OVERRUN);
            long tagged = run.allocate(PoolType.PAGED, 500, SPECIAL_TAG);
            run.write(paged, 0, 3L * PAGE, 0x11, Irql.PASSIVE_LEVEL);
            run.write(nonPaged, 10, 100, 0x22, Irql.DISPATCH_LEVEL);
            run.write(smallPaged, 0, 100, 0x23, Irql.DISPATCH_LEVEL);
            run.trim(100);
            run.modifiedWriter();
            run.write(paged, PAGE, 10, 0x33, Irql.PASSIVE_LEVEL);
            run.free(smallNonPaged, ab01, Irql.PASSIVE_LEVEL);
            run.freeAgain(smallNonPaged);
            run.freeWithWrongTag(tagged);
            run.free(special, 0, Irql.DISPATCH_LEVEL);
            run.freeAgain(special);
            long onePage = run.allocate(PoolType.NONPAGED, PAGE, ab01);
            run.free(onePage, ab01, Irql.PASSIVE_LEVEL);
            run.freeAgain(onePage);
            assertEquals(onePage, run.allocate(PoolType.NONPAGED, PAGE, ab01));
            run.free(nonPaged, ab01, Irql.PASSIVE_LEVEL);
            run.free(paged, ab01, Irql.PASSIVE_LEVEL);
            runChecked(run.simulation, 1_000_000);
            EventLog log = run.mm.eventLog();
            logs.add(log.records(Math.max(1, log.firstRetained()), log.last()));
            states.add(poolState(run.mm));
            assertEquals(4, run.bugchecks);
        }
        Set<MmEventType> seen = EnumSet.noneOf(MmEventType.class);
        logs.get(0).forEach(r -> seen.add(r.type()));
        assertTrue(seen.containsAll(EnumSet.of(MmEventType.POOL_ALLOCATE, MmEventType.POOL_FREE,
                MmEventType.POOL_EXPAND, MmEventType.WS_TRIM, MmEventType.MODIFIED_WRITE_COMPLETE,
                MmEventType.FAULT_DEMAND_ZERO, MmEventType.FAULT_TRANSITION, MmEventType.SPECIAL_POOL_VIOLATION)),
                "events seen: " + seen);
        assertEquals(logs.get(0).size(), logs.get(1).size());
        assertEquals(logs.get(0), logs.get(1));
        assertEquals(states.get(0), states.get(1));
    }

    @Test
    void theModelNoticesAWrongUsageTotal() {
        // the property's checks are not vacuous: a Live with the wrong size fails checkAll
        Run run = new Run(false, false, Detection.OVERRUN);
        run.allocate(PoolType.PAGED, 371, tag("Ab01")); // a small paged block
        Live real = run.live.firstEntry().getValue();
        run.live.put(real.address, new Live(real.address, real.type, real.kind, real.bytes + 16, real.tag));
        assertThrows(AssertionError.class, run::checkAll);
        run.live.clear();
        assertThrows(AssertionError.class, run::checkAll);
        assertTrue(run.live.isEmpty());
    }
}
