package org.mmscope.sim.scenario;

/** How a statement's body was introduced in the text (presentation only, not compared). */
public enum BodyStyle {
    /** No body. */
    NONE,
    /** {@code { statements }}. */
    BRACES,
    /** {@code : statement}, one statement on the same line. */
    COLON,
    /** {@code -> statement} or {@code -> { statements }}: the action of a rule. */
    ARROW
}
