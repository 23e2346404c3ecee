package org.mmscope.sim.scenario;

/** Where a statement may appear. */
public enum Context {
    /** At the top level of the scenario (the script), or in the body of at, pressure or repeat there. */
    TOP("at top level"),
    /** Directly in a process body. Statements allowed in a thread may also appear there: they form
     *  the process's implicit thread {@code main}. */
    PROCESS("directly in a process"),
    /** In a thread body (and in the body of an {@code in PROCESS:} statement). */
    THREAD("in a thread");

    private final String phrase;

    Context(String phrase) {
        this.phrase = phrase;
    }

    /** For messages: "at top level", "directly in a process", "in a thread". */
    public String phrase() {
        return phrase;
    }
}
