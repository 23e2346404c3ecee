package org.mmscope.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class DiskTest {

    private static final long LATENCY = 5_000_000;
    private static final long PER_PAGE = 100_000;

    private final SimClock clock = new SimClock();
    private final Disk disk = new Disk(clock, LATENCY, PER_PAGE);
    private final PhysicalMemory memory = new PhysicalMemory(64);
    private final PagingFile pagingFile = new PagingFile(0, 64);
    private final MappedFile mapped = new MappedFile("image.exe", 32, 7);
    private final List<String> completions = new ArrayList<>();
    private final IoCompletion recorder = (id, status) -> completions.add(id + ":" + status + "@" + clock.now());

    @Test
    void idleDiskHasNothingDue() {
        assertEquals(Long.MAX_VALUE, disk.nextCompletionTime());
        assertEquals(0, disk.pendingCount());
        assertEquals(0, disk.completeDue(recorder));
        assertEquals(LATENCY, disk.latencyNanosPerRequest());
        assertEquals(PER_PAGE, disk.nanosPerPage());
    }

    @Test
    void requestsCompleteAfterLatencyInFifoOrder() {
        clock.advance(1_000);
        long first = disk.submitRead(mapped, 0, new int[] { 1, 2, 3 }, 3, memory);
        long second = disk.submitRead(mapped, 5, new int[] { 4 }, 1, memory);
        assertTrue(second > first);
        long firstDone = 1_000 + LATENCY + 3 * PER_PAGE;
        long secondDone = firstDone + LATENCY + PER_PAGE;
        assertEquals(firstDone, disk.pending(0).completionTime());
        assertEquals(secondDone, disk.pending(1).completionTime());
        assertEquals(secondDone, disk.busyUntil());
        assertEquals(firstDone, disk.nextCompletionTime());

        clock.advanceTo(firstDone - 1);
        assertEquals(0, disk.completeDue(recorder));
        clock.advanceTo(firstDone);
        assertEquals(1, disk.completeDue(recorder));
        assertEquals(List.of(first + ":OK@" + firstDone), completions);
        assertEquals(secondDone, disk.nextCompletionTime());
        clock.advanceTo(secondDone + 50);
        assertEquals(1, disk.completeDue(recorder));
        assertEquals(second + ":OK@" + (secondDone + 50), completions.get(1));

        // an idle device starts the next request now
        long third = disk.submitRead(mapped, 9, new int[] { 5 }, 1, memory);
        assertEquals(clock.now() + LATENCY + PER_PAGE, disk.pending(0).completionTime());
        assertEquals(third, disk.pending(0).id());
    }

    @Test
    void readDataAppearsOnlyAtCompletion() {
        memory.fillPage(10, (byte) 0x11);
        long before = memory.contentHash(10);
        disk.submitRead(mapped, 4, new int[] { 10 }, 1, memory);
        assertEquals(before, memory.contentHash(10), "not before completion");
        clock.advanceTo(disk.nextCompletionTime());
        assertEquals(before, memory.contentHash(10), "not before completeDue");
        disk.completeDue(recorder);
        assertEquals(mapped.contentHash(4), memory.contentHash(10));
        assertEquals(1, disk.pagesRead());
    }

    @Test
    void writeCapturesTheFramesWhenIssued() {
        long offset = pagingFile.allocate();
        memory.writeLong(20, 0, 0xAAAA);
        long id = disk.submitWrite(pagingFile, offset, new int[] { 20 }, 1, memory);
        memory.writeLong(20, 0, 0xBBBB); // changed after the write was issued
        assertEquals(0xAAAA, pagingFile.readLong(offset, 0));
        assertEquals(IoStatus.OK, disk.pending(0).status());
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(List.of(id + ":OK@" + clock.now()), completions);
        assertEquals(0xAAAA, pagingFile.readLong(offset, 0));

        // reading it back into another frame gives what was written
        disk.submitRead(pagingFile, offset, new int[] { 21 }, 1, memory);
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(0xAAAA, memory.readLong(21, 0));
        assertEquals(1, disk.pagesWritten());
    }

    @Test
    void injectedReadErrorFailsOnceThenTheRetrySucceeds() {
        memory.fillPage(30, (byte) 0x77);
        long before = memory.contentHash(30);
        disk.injectReadError(mapped, 6, 1);
        assertEquals(1, disk.remainingErrors(mapped, 6, false));
        long id = disk.submitRead(mapped, 5, new int[] { 29, 30 }, 2, memory);
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(List.of(id + ":READ_ERROR@" + clock.now()), completions);
        assertEquals(before, memory.contentHash(30), "no data copied on error");
        assertTrue(memory.isZeroPage(29), "not even the good page of the run");
        assertEquals(0, disk.remainingErrors(mapped, 6, false));
        assertEquals(1, disk.readErrors());

        long retry = disk.submitRead(mapped, 5, new int[] { 29, 30 }, 2, memory);
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(retry + ":OK@" + clock.now(), completions.get(1));
        assertEquals(mapped.contentHash(6), memory.contentHash(30));
    }

    @Test
    void errorsHitOnlyReadsCoveringThePage() {
        disk.injectReadError(mapped, 6, 2);
        disk.injectWriteError(mapped, 7, 1); // a write error does not fail reads
        disk.submitRead(mapped, 7, new int[] { 1 }, 1, memory);
        disk.submitRead(mapped, 1, new int[] { 2, 3, 4, 5, 6, 7 }, 6, memory);
        disk.submitRead(pagingFile, 6, new int[] { 8 }, 1, memory); // other store
        clock.advanceTo(disk.busyUntil());
        disk.completeDue(recorder);
        assertTrue(completions.get(0).contains(":OK@"));
        assertTrue(completions.get(1).contains(":READ_ERROR@"));
        assertTrue(completions.get(2).contains(":OK@"));
        assertEquals(1, disk.remainingErrors(mapped, 6, false));
    }

    @Test
    void errorInjectedWhileAReadIsQueuedStillHitsIt() {
        long id = disk.submitRead(mapped, 1, new int[] { 1 }, 1, memory);
        disk.injectReadError(mapped, 1, 1);
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(List.of(id + ":READ_ERROR@" + clock.now()), completions);
    }

    @Test
    void permanentBadBlockAlwaysFails() {
        disk.injectReadError(pagingFile, 3, Integer.MAX_VALUE);
        disk.injectReadError(pagingFile, 3, 5); // stays permanent
        for (int i = 0; i < 4; i++) {
            disk.submitRead(pagingFile, 3, new int[] { 1 }, 1, memory);
        }
        clock.advanceTo(disk.busyUntil());
        assertEquals(4, disk.completeDue(recorder));
        assertTrue(completions.stream().allMatch(c -> c.contains("READ_ERROR")));
        assertEquals(Integer.MAX_VALUE, disk.remainingErrors(pagingFile, 3, false));
        disk.clearInjectedErrors();
        assertEquals(0, disk.remainingErrors(pagingFile, 3, false));
    }

    @Test
    void injectedWriteErrorLeavesTheStoreUnchanged() {
        long offset = pagingFile.allocate();
        memory.fillPage(2, (byte) 1);
        disk.injectWriteError(pagingFile, offset, 1);
        disk.injectWriteError(pagingFile, offset, 1); // counts add up
        assertEquals(2, disk.remainingErrors(pagingFile, offset, true));
        long id = disk.submitWrite(pagingFile, offset, new int[] { 2 }, 1, memory);
        assertEquals(IoStatus.WRITE_ERROR, disk.pending(0).status());
        assertFalse(pagingFile.isWritten(offset));
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(List.of(id + ":WRITE_ERROR@" + clock.now()), completions);
        assertEquals(1, disk.writeErrors());
        assertEquals(0, disk.pagesWritten());
    }

    @Test
    void pendingRequestsAreListedForViews() {
        clock.advance(10);
        disk.submitWrite(pagingFile, 1, new int[] { 3, 4, 99 }, 2, memory);
        disk.submitRead(mapped, 2, new int[] { 5 }, 1, memory);
        assertEquals(2, disk.pendingCount());
        DiskRequest write = disk.pending(0);
        assertTrue(write.isWrite());
        assertSame(pagingFile, write.store());
        assertEquals(1, write.pageOffset());
        assertEquals(2, write.count());
        assertEquals(4, write.pfn(1));
        assertEquals(10, write.submitTime());
        assertThrows(IllegalArgumentException.class, () -> write.pfn(2));
        DiskRequest read = disk.pending(1);
        assertFalse(read.isWrite());
        assertNull(read.status());
        assertTrue(read.toString().contains("image.exe"));
        assertThrows(IllegalArgumentException.class, () -> disk.pending(2));
        assertEquals(1, disk.reads());
        assertEquals(1, disk.writes());
    }

    @Test
    void callbackMaySubmitFurtherRequests() {
        Disk fast = new Disk(clock, 0, 0);
        List<Long> seen = new ArrayList<>();
        fast.submitRead(mapped, 0, new int[] { 1 }, 1, memory);
        int done = fast.completeDue(clock.now(), (id, status) -> {
            seen.add(id);
            if (id == 1) {
                fast.submitRead(mapped, 1, new int[] { 2 }, 1, memory);
            }
        });
        assertEquals(2, done);
        assertEquals(List.of(1L, 2L), seen);
    }

    @Test
    void submissionCopiesTheFrameList() {
        int[] pfns = { 7 };
        disk.submitRead(mapped, 3, pfns, 1, memory);
        pfns[0] = 8;
        clock.advanceTo(disk.nextCompletionTime());
        disk.completeDue(recorder);
        assertEquals(mapped.contentHash(3), memory.contentHash(7));
        assertTrue(memory.isZeroPage(8));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(NullPointerException.class, () -> new Disk(null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Disk(clock, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Disk(clock, 0, -1));
        int[] one = { 1 };
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(null, 0, one, 1, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 0, null, 1, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 0, one, 1, null));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 0, one, 0, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 0, one, 2, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 32, one, 1, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, 31, new int[] { 1, 2 }, 2, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitRead(mapped, -1, one, 1, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.submitWrite(mapped, 0, new int[] { 64 }, 1, memory));
        assertThrows(IllegalArgumentException.class, () -> disk.injectReadError(mapped, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> disk.injectReadError(null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> disk.injectWriteError(mapped, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> disk.completeDue(null));
        assertThrows(IllegalArgumentException.class, () -> disk.completeDue(clock.now() + 1, recorder));
        assertEquals(0, disk.pendingCount());
        assertEquals(0, disk.reads());
    }

    /** Same operations, same results: request ids, completion times, statuses and data. */
    @Property(tries = 30)
    void diskIsDeterministic(@ForAll long seed) {
        assertEquals(runScript(seed), runScript(seed));
    }

    private static List<String> runScript(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimClock clock = new SimClock();
        Disk disk = new Disk(clock, 1_000 + random.nextInt(1_000), random.nextInt(100));
        PhysicalMemory memory = new PhysicalMemory(32);
        PagingFile file = new PagingFile(0, 32);
        MappedFile mapped = new MappedFile("m", 32, seed);
        List<String> trace = new ArrayList<>();
        IoCompletion callback = (id, status) -> trace.add(id + ":" + status + "@" + clock.now());
        for (int step = 0; step < 100; step++) {
            int[] frames = { random.nextInt(32), random.nextInt(32) };
            switch (random.nextInt(6)) {
                case 0 -> disk.submitRead(mapped, random.nextInt(31), frames, 2, memory);
                case 1 -> disk.submitRead(file, random.nextInt(31), frames, 1 + random.nextInt(2), memory);
                case 2 -> {
                    memory.writeLong(frames[0], 8 * random.nextInt(512), random.nextLong());
                    disk.submitWrite(file, random.nextInt(31), frames, 2, memory);
                }
                case 3 -> disk.injectReadError(random.nextBoolean() ? file : mapped, random.nextInt(32), 1 + random.nextInt(2));
                default -> {
                    clock.advance(random.nextInt(5_000));
                    disk.completeDue(callback);
                }
            }
        }
        clock.advanceTo(Math.max(clock.now(), disk.busyUntil()));
        disk.completeDue(callback);
        for (int pfn = 0; pfn < 32; pfn++) {
            trace.add(Long.toHexString(memory.contentHash(pfn)));
            trace.add(Long.toHexString(file.contentHash(pfn)));
        }
        return trace;
    }
}
