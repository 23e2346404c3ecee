package org.mmscope.sim.scenario;

/**
 * One token of scenario text.
 *
 * @param kind     what it is
 * @param text     the characters as written (empty for NEWLINE and EOF)
 * @param value    for NUMBER the number, for SIZE the bytes, for TIME the nanoseconds; else 0
 * @param position where the token starts
 */
record Token(TokenKind kind, String text, long value, SourcePosition position) {

    /** How an error message shows this token: {@code 'text'}, or the kind for NEWLINE and EOF. */
    String shown() {
        if (kind == TokenKind.NEWLINE || kind == TokenKind.EOF) {
            return kind.description();
        }
        if (kind == TokenKind.STRING) {
            return text;
        }
        return "'" + text + "'";
    }
}
