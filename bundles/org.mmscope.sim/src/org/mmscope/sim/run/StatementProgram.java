package org.mmscope.sim.run;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.mmscope.sim.mm.MmProcess;
import org.mmscope.sim.mm.Operation;
import org.mmscope.sim.scenario.Statement;
import org.mmscope.sim.sched.SimThread;
import org.mmscope.sim.sched.ThreadBody;

/**
 * The body of a scenario thread (a process's thread, the script, an {@code at} or {@code pressure}
 * action): runs statements in order, entering {@code repeat} and {@code in} blocks, and compiles each
 * other statement into an {@link Operation} only when it is reached (so {@code repeat 1000000} costs
 * nothing up front).
 */
final class StatementProgram implements ThreadBody, Serializable {

    /** A block being run: its statements, the next one, how many more times, in which process. */
    private static final class Frame implements Serializable {
        final List<Statement> statements;
        final MmProcess process;
        /** The {@code in} statement that attached this block to another process, or null. */
        Statement attachedBy;
        long repeatsLeft;
        int next;

        Frame(List<Statement> statements, long repeats, MmProcess process) {
            this.statements = statements;
            this.repeatsLeft = repeats;
            this.process = process;
        }
    }

    private final ScenarioRun run;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private Operation current;
    private MmProcess currentProcess;
    private Statement currentStatement;

    StatementProgram(ScenarioRun run, MmProcess process, List<Statement> statements, long repeats,
            Operation... prelude) {
        this.run = run;
        if (repeats > 0 && !statements.isEmpty()) {
            stack.push(new Frame(statements, repeats, process));
        }
        if (prelude.length > 0) {
            current = prelude[0];
            currentProcess = process;
        }
    }

    /** The statement being run, or null. */
    Statement currentStatement() {
        return currentStatement;
    }

    @Override
    public Outcome step(SimThread thread) {
        while (current == null) {
            if (!advance()) {
                return Outcome.FINISHED;
            }
        }
        MmProcess process = currentProcess;
        if (process.hasExited()) {
            if (process.pid() == thread.processId()) {
                return Outcome.FINISHED; // the thread's own process ended
            }
            Statement in = attachingStatement();
            throw new ScenarioRunException(in == null ? currentStatement.position() : in.position(),
                    "'in " + process.name() + "': " + process.name() + " exited while the block ran");
        }
        run.memoryManager().events().switchTo(thread.lastCpu(), thread.id(), process.pid());
        Operation.Progress progress;
        try {
            progress = current.step(run.simulation(), process, thread);
        } catch (IllegalArgumentException | IllegalStateException refused) {
            // the memory manager refused what the statement asked (e.g. commit over a reservation)
            throw new ScenarioRunException(currentStatement.position(), refused.getMessage());
        }
        switch (progress) {
            case BLOCKED:
                return Outcome.BLOCKED;
            case DONE:
                current = null;
                return Outcome.RAN;
            default:
                return Outcome.RAN;
        }
    }

    private Statement attachingStatement() {
        for (Frame frame : stack) {
            if (frame.attachedBy != null) {
                return frame.attachedBy;
            }
        }
        return null;
    }

    /** Moves to the next statement that does something; false when there is none. */
    private boolean advance() {
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next >= frame.statements.size()) {
                if (--frame.repeatsLeft > 0) {
                    frame.next = 0;
                } else {
                    stack.pop();
                }
                continue;
            }
            Statement statement = frame.statements.get(frame.next++);
            switch (statement.verb()) {
                case "repeat" -> {
                    long count = statement.number("count");
                    if (count > 0 && !statement.block().isEmpty()) {
                        stack.push(new Frame(statement.block(), count, frame.process));
                    }
                }
                case "in" -> {
                    String name = ((org.mmscope.sim.scenario.Value.Name) statement.value("process")).text();
                    MmProcess target = run.process(name);
                    if (target == null) {
                        throw new ScenarioRunException(statement.position(),
                                "'in " + name + "': " + name + " does not exist at this point of the run");
                    }
                    Frame attached = new Frame(statement.block(), 1, target);
                    attached.attachedBy = statement;
                    stack.push(attached);
                }
                default -> {
                    currentStatement = statement;
                    currentProcess = frame.process;
                    current = run.compiler().compile(statement, frame.process);
                    return true;
                }
            }
        }
        return false;
    }
}
