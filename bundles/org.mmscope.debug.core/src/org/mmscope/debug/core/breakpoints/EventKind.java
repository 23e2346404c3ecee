package org.mmscope.debug.core.breakpoints;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.mmscope.sim.check.InvariantChecker;
import org.mmscope.sim.event.MmEventType;

/**
 * What an {@link MmEventBreakpoint} watches, and which simulator event types each kind (and each of
 * its sub-kinds) stands for. A breakpoint without sub-kinds watches every type of its kind.
 */
public enum EventKind {

    /** A page moves between lists/states (old/new = PageList codes); filtered by from/to lists. */
    PAGE_TRANSITION(Map.of("TRANSITION", MmEventType.PAGE_LIST_TRANSITION)),
    /** A page fault, of the sub-kinds DEMAND_ZERO, TRANSITION, PAGE_FILE, PROTOTYPE, ... */
    FAULT(faults()),
    /** Copy-on-write made a private copy (pfn = the new page). */
    COPY_ON_WRITE(Map.of("COPY", MmEventType.COPY_ON_WRITE)),
    /** In-page reads: START, COMPLETE, COLLIDED (a collided fault), ERROR. */
    IN_PAGE(Map.of("START", MmEventType.IN_PAGE_START, "COMPLETE", MmEventType.IN_PAGE_COMPLETE,
            "COLLIDED", MmEventType.COLLIDED_FAULT, "ERROR", MmEventType.IN_PAGE_ERROR)),
    /** Pool ALLOCATE and FREE, filtered by a tag pattern. */
    POOL(Map.of("ALLOCATE", MmEventType.POOL_ALLOCATE, "FREE", MmEventType.POOL_FREE)),
    /** Special pool found corruption (just before the bugcheck). */
    SPECIAL_POOL_VIOLATION(Map.of("VIOLATION", MmEventType.SPECIAL_POOL_VIOLATION)),
    /** The simulated machine bugchecked. */
    BUGCHECK(Map.of("BUGCHECK", MmEventType.BUGCHECK)),
    /**
     * The invariant checker found a broken invariant (mm-behaviour.md section 6) that was not there
     * where the run was resumed; sub-kinds are the checker's rules. Not an event: the debugger runs
     * the checker now and then and goes back to the first step after which it fails.
     */
    INVARIANT_VIOLATION(rules());

    private final Map<String, MmEventType> subKinds;

    EventKind(Map<String, MmEventType> subKinds) {
        this.subKinds = subKinds;
    }

    /** The checker's rules, as sub-kinds with no event type. */
    private static Map<String, MmEventType> rules() {
        Map<String, MmEventType> rules = new LinkedHashMap<>();
        for (String rule : InvariantChecker.RULES) {
            rules.put(rule.toUpperCase(Locale.ROOT).replace('-', '_'), null);
        }
        return java.util.Collections.unmodifiableMap(rules);
    }

    /** True for the kind that watches the invariant checker rather than events. */
    public boolean isInvariantKind() {
        return this == INVARIANT_VIOLATION;
    }

    /** The sub-kind name of a checker rule ("share-count" is SHARE_COUNT). */
    public static String ruleSubKind(String rule) {
        return rule.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Map<String, MmEventType> faults() {
        Map<String, MmEventType> faults = new LinkedHashMap<>();
        faults.put("DEMAND_ZERO", MmEventType.FAULT_DEMAND_ZERO);
        faults.put("TRANSITION", MmEventType.FAULT_TRANSITION);
        faults.put("PAGE_FILE", MmEventType.FAULT_PAGE_FILE);
        faults.put("PROTOTYPE", MmEventType.FAULT_PROTOTYPE);
        faults.put("COPY_ON_WRITE", MmEventType.FAULT_COPY_ON_WRITE);
        faults.put("ACCESS_VIOLATION", MmEventType.FAULT_ACCESS_VIOLATION);
        faults.put("GUARD_PAGE", MmEventType.FAULT_GUARD_PAGE);
        faults.put("COLLIDED", MmEventType.COLLIDED_FAULT);
        return Map.copyOf(faults);
    }

    /** The sub-kind names this kind accepts (upper case). */
    public java.util.Set<String> subKinds() {
        return subKinds.keySet();
    }

    /**
     * The type mask ({@link MmEventType#bit()}) of some sub-kinds, or of the whole kind for an empty list.
     *
     * @throws IllegalArgumentException naming a sub-kind this kind does not have
     */
    public long typeMask(java.util.List<String> names) {
        long mask = 0;
        if (names.isEmpty()) {
            for (MmEventType type : subKinds.values()) {
                mask |= type == null ? 0 : type.bit();
            }
            return mask;
        }
        for (String name : names) {
            String key = name.strip().toUpperCase(Locale.ROOT);
            MmEventType type = subKinds.get(key);
            if (type == null && !subKinds.containsKey(key)) {
                throw new IllegalArgumentException("'" + name + "' is not a sub-kind of " + this + "; use one of "
                        + new java.util.TreeSet<>(subKinds.keySet()));
            }
            mask |= type == null ? 0 : type.bit();
        }
        return mask;
    }
}
