package org.mmscope.sim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler scheduler = new Scheduler(2);
    private final List<String> trace = new ArrayList<>();

    private ThreadBody counting(String label, int steps) {
        int[] left = { steps };
        return thread -> {
            trace.add(label + "@" + thread.lastCpu());
            return --left[0] == 0 ? ThreadBody.Outcome.FINISHED : ThreadBody.Outcome.RAN;
        };
    }

    @Test
    void higherPriorityRunsFirstAndEqualsTakeTurnsOnAlternatingCpus() {
        scheduler.createThread("low", 100, 1, counting("low", 1));
        scheduler.createThread("a", 100, 8, counting("a", 2));
        scheduler.createThread("b", 100, 8, counting("b", 2));
        while (scheduler.step() != null) {
            // run to completion
        }
        assertEquals(List.of("a@0", "b@1", "a@0", "b@1", "low@0"), trace);
        assertTrue(scheduler.threads().stream().allMatch(t -> t.state() == ThreadState.TERMINATED));
        assertNull(scheduler.step());
    }

    @Test
    void waitersOfAnEventAllWakeWhenItIsSet() {
        WaitableEvent inPage = scheduler.createEvent("in-page pfn 0x12");
        List<SimThread> waiting = new ArrayList<>();
        ThreadBody waitOnce = thread -> {
            if (waiting.contains(thread)) {
                return ThreadBody.Outcome.FINISHED;
            }
            waiting.add(thread);
            return scheduler.waitOn(thread, inPage, WaitReason.COLLIDED_PAGE_IN) ? ThreadBody.Outcome.BLOCKED
                    : ThreadBody.Outcome.RAN;
        };
        SimThread first = scheduler.createThread("first", 100, 8, waitOnce);
        SimThread second = scheduler.createThread("second", 200, 8, waitOnce);
        scheduler.step();
        scheduler.step();
        assertEquals(ThreadState.WAITING, first.state());
        assertEquals(WaitReason.COLLIDED_PAGE_IN, second.waitReason());
        assertEquals(2, inPage.waiterCount());
        assertNull(scheduler.step(), "nobody is ready while the read is in flight");

        scheduler.set(inPage);
        assertEquals(ThreadState.READY, first.state());
        assertEquals(ThreadState.READY, second.state());
        assertEquals(0, inPage.waiterCount());
        assertFalse(scheduler.waitOn(first, inPage, WaitReason.PAGE_IN), "a signalled event satisfies a wait at once");
    }

    @Test
    void delayedThreadsWakeAtTheirTime() {
        SimThread sleeper = scheduler.createThread("sleeper", 100, 8, thread -> {
            scheduler.delayUntil(thread, 5_000, WaitReason.DELAY);
            return ThreadBody.Outcome.BLOCKED;
        });
        scheduler.step();
        assertEquals(5_000, scheduler.nextWakeTime());
        scheduler.wakeDelayed(4_999);
        assertEquals(ThreadState.WAITING, sleeper.state());
        scheduler.wakeDelayed(5_000);
        assertEquals(ThreadState.READY, sleeper.state());
        assertEquals(Long.MAX_VALUE, scheduler.nextWakeTime());
    }

    @Test
    void routineStackForTheDebugger() {
        SimThread thread = scheduler.createThread("t", 100, 8, t -> ThreadBody.Outcome.RAN);
        thread.enter("MmAccessFault");
        thread.enter("MiResolveTransitionFault");
        assertEquals("MiResolveTransitionFault", thread.frame(0));
        assertEquals("MmAccessFault", thread.frame(1));
        assertEquals(List.of("MiResolveTransitionFault", "MmAccessFault"), List.of(thread.stack()));
        thread.leave();
        thread.leave();
        assertThrows(IllegalStateException.class, thread::leave);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(0));
        assertThrows(IllegalArgumentException.class,
                () -> scheduler.createThread("x", 1, 32, t -> ThreadBody.Outcome.RAN));
        SimThread blocker = scheduler.createThread("blocker", 1, 8, t -> ThreadBody.Outcome.RAN);
        scheduler.terminate(blocker);
        assertThrows(IllegalStateException.class,
                () -> scheduler.waitOn(blocker, scheduler.createEvent("e"), WaitReason.PAGE_IN));
        SimThread liar = scheduler.createThread("liar", 1, 9, t -> ThreadBody.Outcome.BLOCKED);
        assertThrows(IllegalStateException.class, scheduler::step);
        assertEquals(ThreadState.RUNNING, liar.state());
    }
}
