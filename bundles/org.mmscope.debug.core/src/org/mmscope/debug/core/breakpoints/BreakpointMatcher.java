package org.mmscope.debug.core.breakpoints;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.mmscope.model.query.Condition;
import org.mmscope.model.query.QueryException;
import org.mmscope.sim.event.EventLog;

/**
 * An {@link MmEventBreakpoint} compiled for the simulation thread: its settings copied out of the
 * marker, so that testing an event reads primitives only (the condition, the last test, builds a map).
 * The hit counter is only touched by the simulation thread.
 */
public final class BreakpointMatcher {

    /** The names a breakpoint condition may use: the event's fields. */
    public static final Set<String> CONDITION_NAMES = Set.of("type", "sequence", "time", "cpu", "thread", "process",
            "pfn", "va", "oldState", "newState", "detail", "tag");

    private final MmEventBreakpoint breakpoint;
    private final EventKind kind;
    private final Set<String> rules;
    private final long typeMask;
    private final int fromMask;
    private final int toMask;
    private final long pfnLow;
    private final long pfnHigh;
    private final int processId;
    private final Pattern tag;
    private final Condition condition;
    private final int hitCount;
    private long hits;
    private String evaluationError;

    private BreakpointMatcher(BreakpointMatcher other, int hitCount) {
        this.breakpoint = other.breakpoint;
        this.kind = other.kind;
        this.rules = other.rules;
        this.typeMask = other.typeMask;
        this.fromMask = other.fromMask;
        this.toMask = other.toMask;
        this.pfnLow = other.pfnLow;
        this.pfnHigh = other.pfnHigh;
        this.processId = other.processId;
        this.tag = other.tag;
        this.condition = other.condition;
        this.hitCount = hitCount;
    }

    /**
     * The same test without the hit count and with a counter of its own: what a search backwards in
     * time uses (a hit count counts from where the run was resumed, which has no meaning backwards).
     */
    public BreakpointMatcher everyMatch() {
        return new BreakpointMatcher(this, 1);
    }

    private BreakpointMatcher(MmEventBreakpoint breakpoint) throws CoreException {
        this.breakpoint = breakpoint;
        this.kind = breakpoint.kind();
        java.util.Set<String> chosen = new java.util.HashSet<>();
        for (String name : breakpoint.subKinds()) {
            chosen.add(name.strip().toUpperCase(java.util.Locale.ROOT));
        }
        this.rules = Set.copyOf(chosen);
        try {
            this.typeMask = breakpoint.typeMask();
        } catch (IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage()));
        }
        this.fromMask = MmEventBreakpoint.listMask(breakpoint.fromLists());
        this.toMask = MmEventBreakpoint.listMask(breakpoint.toLists());
        this.pfnLow = breakpoint.pfnLow();
        this.pfnHigh = breakpoint.pfnHigh();
        this.processId = breakpoint.processId();
        String pattern = breakpoint.tagPattern();
        this.tag = pattern.isEmpty() ? null : Pattern.compile(globToRegex(pattern));
        String text = breakpoint.condition();
        try {
            this.condition = text.isEmpty() ? null : Condition.compile(text, CONDITION_NAMES);
        } catch (QueryException e) {
            throw new CoreException(Status.error("Invalid condition '" + text + "': " + e.getMessage()));
        }
        this.hitCount = breakpoint.hitCount();
    }

    /**
     * Compiles an enabled breakpoint.
     *
     * @throws CoreException when its marker is gone or a setting does not compile
     */
    public static BreakpointMatcher compile(MmEventBreakpoint breakpoint) throws CoreException {
        return new BreakpointMatcher(breakpoint);
    }

    /** The breakpoint compiled. */
    public MmEventBreakpoint breakpoint() {
        return breakpoint;
    }

    /** True for an invariant-violation breakpoint: it watches the invariant checker, not events. */
    public boolean watchesInvariants() {
        return kind.isInvariantKind();
    }

    /**
     * The violations an invariant-violation breakpoint stops on: those of its rules (all without
     * sub-kinds) and, with a PFN range, on pages in it (violations of no page always count).
     */
    public java.util.List<org.mmscope.sim.check.Violation> relevant(java.util.List<org.mmscope.sim.check.Violation> all) {
        java.util.List<org.mmscope.sim.check.Violation> kept = new java.util.ArrayList<>();
        for (org.mmscope.sim.check.Violation violation : all) {
            boolean rule = rules.isEmpty() || rules.contains(EventKind.ruleSubKind(violation.rule()));
            boolean page = pfnLow < 0 || violation.pfn() < 0 || violation.pfn() >= pfnLow && violation.pfn() <= pfnHigh;
            if (rule && page) {
                kept.add(violation);
            }
        }
        return kept;
    }

    /** The type bits of the events it watches. */
    public long typeMask() {
        return typeMask;
    }

    /**
     * What the event log can test before calling the matcher, on the event's fields as they are
     * appended: the types, the page lists, the PFN range and the process. Every event {@link #hits}
     * passes it, so a listener with this filter sees all the events that can hit and few others (a
     * breakpoint on one page costs a comparison per event of its type, not a call).
     *
     * <p>Precondition: {@link #typeMask()} is not 0 (an invariant-violation breakpoint watches no event).
     */
    public org.mmscope.sim.event.EventFilter eventFilter() {
        org.mmscope.sim.event.EventFilter filter = org.mmscope.sim.event.EventFilter.ofMask(typeMask)
                .withOldStateIn(fromMask).withNewStateIn(toMask);
        if (pfnLow >= 0 && pfnHigh >= pfnLow) {
            filter = filter.withPfnRange(pfnLow, pfnHigh);
        }
        if (processId >= 0) {
            filter = filter.withProcess(processId);
        }
        return filter;
    }

    /**
     * Tests a logged event: type, page lists, PFN range, process, tag, condition, then the hit count
     * (only events passing everything else are counted). Call on the simulation thread.
     */
    public boolean hits(EventLog log, long sequence) {
        if ((typeMask & log.type(sequence).bit()) == 0 || !cheapMatch(log, sequence)) {
            return false;
        }
        if (condition != null && !conditionHolds(log, sequence)) {
            return false;
        }
        hits++;
        return hitCount <= 1 || hits % hitCount == 0;
    }

    private boolean cheapMatch(EventLog log, long sequence) {
        if (fromMask != 0 && !inMask(fromMask, log.oldState(sequence))
                || toMask != 0 && !inMask(toMask, log.newState(sequence))) {
            return false;
        }
        long pfn = log.pfn(sequence);
        if (pfnLow >= 0 && (pfn < pfnLow || pfn > pfnHigh)) {
            return false;
        }
        if (processId >= 0 && log.process(sequence) != processId) {
            return false;
        }
        return tag == null || tag.matcher(tagText(log.oldState(sequence))).matches();
    }

    private static boolean inMask(int mask, int code) {
        return code >= 0 && code < 32 && (mask & 1 << code) != 0;
    }

    private boolean conditionHolds(EventLog log, long sequence) {
        try {
            return condition.test(values(log, sequence), null);
        } catch (QueryException | RuntimeException e) {
            // a condition that cannot be evaluated stops, so that the user sees it, and says why
            evaluationError = "the condition '" + condition + "' could not be evaluated for event " + sequence + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage());
            return true;
        }
    }

    /**
     * Why the last hit was a hit although its condition could not be evaluated, or null when it
     * held; cleared. Call on the simulation thread.
     */
    public String takeEvaluationError() {
        String error = evaluationError;
        evaluationError = null;
        return error;
    }

    /** The event's fields under the {@link #CONDITION_NAMES}. */
    public static Map<String, Object> values(EventLog log, long sequence) {
        Map<String, Object> values = new HashMap<>();
        values.put("type", log.type(sequence).name());
        values.put("sequence", sequence);
        values.put("time", log.time(sequence));
        values.put("cpu", log.cpu(sequence));
        values.put("thread", log.thread(sequence));
        values.put("process", log.process(sequence));
        values.put("pfn", log.pfn(sequence));
        values.put("va", log.va(sequence));
        values.put("oldState", log.oldState(sequence));
        values.put("newState", log.newState(sequence));
        values.put("detail", log.detail(sequence));
        values.put("tag", tagText(log.oldState(sequence)));
        return values;
    }

    /** A pool tag as NT stores it (4 ASCII bytes, first character lowest) as text. */
    public static String tagText(int tag) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = tag >>> (8 * i) & 0xFF;
            chars[i] = c >= 0x20 && c < 0x7F ? (char) c : '.';
        }
        return new String(chars);
    }

    /** A glob ({@code *} any run, {@code ?} one character) as a regular expression. */
    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
