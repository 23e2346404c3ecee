package org.mmscope.sim.scenario;

/** What kind of body a statement takes. */
public enum BodyKind {
    /** No body. */
    NONE,
    /** A block: {@code { statements }} or {@code : statement}. */
    BLOCK,
    /** An action: {@code -> statement} or {@code -> { statements }}. */
    ACTION
}
