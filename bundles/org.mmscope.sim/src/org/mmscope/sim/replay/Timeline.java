package org.mmscope.sim.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.mmscope.sim.event.EventLog;
import org.mmscope.sim.run.ScenarioRun;

/**
 * A run that can go back in time: it steps a {@link ScenarioRun}, counts its position (steps made
 * since the start) and keeps checkpoints of its whole state along the way. Going back to an earlier
 * position restores the last checkpoint at or before it and replays forward; the simulation is
 * deterministic, so the state reached is the one the run had there, event for event.
 *
 * <p>Checkpoints are taken at position 0 and then when {@link Policy#maxSteps()} steps ran since the
 * last one, or when the steps since took {@link Policy#minNanos()} of wall time and ten times what
 * the last checkpoint cost (so checkpoints cost at most about a tenth of the running time), but no
 * later than {@link Policy#maxNanos()} (which bounds the replay of one step back). Checkpoints past a position the timeline goes back to stay valid (the same position
 * always has the same state), so running forward again does not take them twice. When they take
 * more than {@link Policy#budgetBytes()}, every other old checkpoint is dropped (the newest
 * {@link Policy#keepDense()} are kept), so going far back costs more replay than going back a
 * little.
 *
 * <p>A step of the simulator is atomic: one step may produce several events, and the states between
 * them are not positions. {@link #stepBackTarget()} is therefore the position before the step that
 * produced the last event.
 *
 * <p>Not thread-safe: one thread (the debugger's simulation thread) drives it.
 */
public final class Timeline {

    /**
     * When to take checkpoints and how much memory they may use.
     *
     * @param maxSteps    steps after which a checkpoint is taken in any case
     * @param minNanos    wall time of stepping after which a checkpoint is taken (if ten times the
     *                    last checkpoint's cost passed too)
     * @param maxNanos    wall time of stepping after which a checkpoint is taken in any case
     * @param budgetBytes checkpoint memory kept before old ones are thinned out
     * @param keepDense   newest checkpoints never thinned out
     */
    public record Policy(long maxSteps, long minNanos, long maxNanos, long budgetBytes, int keepDense) {
        public Policy {
            if (maxSteps < 1 || minNanos < 1 || maxNanos < minNanos || budgetBytes < 1 || keepDense < 1) {
                throw new IllegalArgumentException("a checkpoint policy needs positive values and minNanos <= maxNanos: "
                        + maxSteps + ", " + minNanos + ", " + maxNanos + ", " + budgetBytes + ", " + keepDense);
            }
        }

        /** A checkpoint every {@code steps} steps, whatever the time (for tests: positions are then fixed). */
        public static Policy everySteps(long steps, long budgetBytes, int keepDense) {
            return new Policy(steps, Long.MAX_VALUE, Long.MAX_VALUE, budgetBytes, keepDense);
        }

        /**
         * 0.45 to 0.6 s of running between checkpoints; at most a quarter of the heap (and 1 GiB) of
         * them, so that the IDE's heap keeps room for the model and the views. The upper bound bounds a
         * step back (its replay); the lower one what checkpoints and saving pages for them cost the
         * running simulation, a few per cent (docs/performance.md).
         */
        public static Policy defaults() {
            long budget = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
            return new Policy(Long.MAX_VALUE, 450_000_000L, 600_000_000L, budget, 8);
        }
    }

    private static final int CLOCK_CHECK_STEPS = 256;

    private final SharedObjects shared = new SharedObjects();
    private final Policy policy;
    private final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
    private ScenarioRun run;
    private long position;
    /** The furthest position reached: the timeline can go anywhere up to it. */
    private long furthest;
    private long nextCheckpointAt;
    /** The first checkpoint kept after the position (taken before going back), or Long.MAX_VALUE. */
    private long nextKeptCheckpoint = Long.MAX_VALUE;
    private long lastCheckpointNanos;
    private long lastCheckpointCost;
    private long lastEventStepStart = -1;
    /** The position whose step threw (the run is broken), or -1. */
    private long failedAt = -1;
    private long bytes;

    /** Starts a timeline at {@code run}'s current state, which becomes position 0. */
    public Timeline(ScenarioRun run, Policy policy) {
        this.run = Objects.requireNonNull(run, "run");
        this.policy = Objects.requireNonNull(policy, "policy");
        checkpoint();
    }

    /** The run at the current position (a new object after each {@link #goTo}). */
    public ScenarioRun run() {
        return run;
    }

    /** Steps made since the start of the run. */
    public long position() {
        return position;
    }

    /** Makes one step (see {@link ScenarioRun#step()}) and takes a checkpoint when one is due. */
    public boolean step() {
        EventLog log = run.simulation().memoryManager().eventLog();
        long before = log.last();
        boolean progressed;
        try {
            progressed = run.step();
        } catch (RuntimeException e) {
            failedAt = position; // the state is half a step: only going back is possible
            throw e;
        }
        if (log.last() != before) {
            lastEventStepStart = position;
        }
        position++;
        furthest = Math.max(furthest, position);
        if (position == nextKeptCheckpoint) {
            nextCheckpointAt = after(position);
            lastCheckpointNanos = System.nanoTime();
            findNextKeptCheckpoint();
        } else if (position >= nextCheckpointAt || (position % CLOCK_CHECK_STEPS == 0 && timeIsDue())) {
            checkpoint();
        }
        return progressed;
    }

    /**
     * The position one event back: before the step that produced the last event, or 0 when no step
     * has produced one; -1 at position 0. After a step threw, the position before that step.
     */
    public long stepBackTarget() {
        if (failedAt >= 0) {
            return failedAt; // the state just before the step that failed
        }
        if (position == 0) {
            return -1;
        }
        return Math.max(lastEventStepStart, 0);
    }

    /** True after a step threw: the run is broken until {@link #goTo} restores a whole one. */
    public boolean isBroken() {
        return failedAt >= 0;
    }

    /**
     * Goes to a position: restores the last checkpoint at or before it and
     * replays. {@code restored} is told of every run this makes, before it steps (to attach
     * listeners); the replay's events reach them like a run's events. The new run is {@link #run()}.
     *
     * @param target     0 to the furthest position reached
     * @param restored   told of each restored run before it replays, may be null
     * @param afterStep  told after every replayed step, may be null
     */
    public ScenarioRun goTo(long target, Consumer<ScenarioRun> restored, Runnable afterStep) {
        if (target < 0 || target > furthest) {
            throw new IllegalArgumentException("position " + target + " is not in 0.." + furthest
                    + ", the positions this run reached");
        }
        Checkpoint from = checkpointAtOrBefore(target);
        ScenarioRun replayed = from.restore(shared);
        // replaced: no copies of frames are kept for the old run, and its own frame arrays serve the replay
        run.simulation().memoryManager().memory().retireInto(replayed.simulation().memoryManager().memory());
        run = replayed;
        position = from.position();
        lastEventStepStart = from.lastEventStepStart();
        failedAt = -1;
        nextCheckpointAt = after(from.position());
        lastCheckpointNanos = System.nanoTime();
        findNextKeptCheckpoint();
        if (restored != null) {
            restored.accept(replayed);
        }
        EventLog log = replayed.simulation().memoryManager().eventLog();
        while (position < target) { // if a step or a listener throws, the timeline stays where it got to
            long before = log.last();
            try {
                replayed.step(); // counted like the original step, which may also have made no progress
            } catch (RuntimeException e) {
                failedAt = position;
                throw e;
            }
            if (log.last() != before) {
                lastEventStepStart = position;
            }
            position++;
            if (afterStep != null) {
                afterStep.run();
            }
        }
        lastCheckpointNanos = System.nanoTime();
        findNextKeptCheckpoint();
        return replayed;
    }

    /**
     * Replays the steps {@code [from, to)} on a copy, telling {@code probe} of the copy first and
     * {@code afterStep} after every step with the position reached; the timeline itself does not
     * move. Used to search backwards (for the last breakpoint hit before a position).
     */
    public void replay(long from, long to, Consumer<ScenarioRun> probe, PositionListener afterStep) {
        if (from < 0 || from > to || to > furthest) {
            throw new IllegalArgumentException("positions " + from + ".." + to + " are not in 0.." + furthest);
        }
        Checkpoint start = checkpointAtOrBefore(from);
        ScenarioRun copy = start.restore(shared);
        long at = start.position();
        while (at < from) {
            copy.step();
            at++;
        }
        probe.accept(copy);
        try {
            while (at < to) {
                copy.step();
                at++;
                afterStep.reached(at);
            }
        } finally {
            copy.simulation().memoryManager().memory().retire(); // the copy is done with (also when afterStep threw)
        }
    }

    /** Told of each position a {@link #replay} reaches. */
    @FunctionalInterface
    public interface PositionListener {
        void reached(long position);
    }

    /** The furthest position the run reached (going back does not change it). */
    public long furthest() {
        return furthest;
    }

    /** Positions of the checkpoints kept, oldest first. */
    public long[] checkpointPositions() {
        return checkpoints.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes the checkpoints take now. */
    public long checkpointBytes() {
        return bytes;
    }

    private Checkpoint checkpointAtOrBefore(long target) {
        Map.Entry<Long, Checkpoint> floor = checkpoints.floorEntry(target);
        if (floor == null) {
            throw new IllegalStateException("no checkpoint at or before " + target);
        }
        return floor.getValue();
    }

    /** The position a step-count checkpoint is due after one at {@code position} (saturating). */
    private long after(long checkpointPosition) {
        long due = checkpointPosition + policy.maxSteps();
        return due < checkpointPosition ? Long.MAX_VALUE : due;
    }

    private boolean timeIsDue() {
        if (policy.minNanos() == Long.MAX_VALUE) {
            return false;
        }
        long since = System.nanoTime() - lastCheckpointNanos;
        return since >= policy.maxNanos() || since >= policy.minNanos() && since >= 10 * lastCheckpointCost;
    }

    private void checkpoint() {
        long start = System.nanoTime();
        Checkpoint taken = Checkpoint.take(run, position, lastEventStepStart, shared);
        checkpoints.put(position, taken);
        bytes += taken.size();
        nextCheckpointAt = after(position);
        thin();
        findNextKeptCheckpoint();
        lastCheckpointNanos = System.nanoTime();
        lastCheckpointCost = lastCheckpointNanos - start;
    }

    private void findNextKeptCheckpoint() {
        Long next = checkpoints.higherKey(position);
        nextKeptCheckpoint = next == null ? Long.MAX_VALUE : next;
    }

    /** Halves the old checkpoints (never the first, never the newest {@code keepDense}) over budget. */
    private void thin() {
        while (bytes > policy.budgetBytes() && checkpoints.size() > policy.keepDense() + 1) {
            List<Long> positions = new ArrayList<>(checkpoints.keySet());
            int oldEnd = positions.size() - policy.keepDense();
            boolean removed = false;
            for (int i = oldEnd - 1; i >= 1 && bytes > policy.budgetBytes(); i -= 2) {
                bytes -= checkpoints.remove(positions.get(i)).size();
                removed = true;
            }
            if (!removed) {
                return;
            }
        }
    }
}
