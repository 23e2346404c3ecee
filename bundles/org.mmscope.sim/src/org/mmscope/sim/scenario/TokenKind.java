package org.mmscope.sim.scenario;

/** The kinds of token the {@link Lexer} produces. */
enum TokenKind {
    /** A word: letters, digits, '_' and inner '.' or '-' (notepad.exe, disk-read-error, rw). */
    WORD("a word"),
    /** A plain number: decimal, 0x hex or WinDbg backtick hex. */
    NUMBER("a number"),
    /** A number with a K, M or G suffix, in bytes. */
    SIZE("a size"),
    /** A number with an ns, us, ms or s suffix, in nanoseconds. */
    TIME("a time"),
    /** Text in double quotes. */
    STRING("a string"),
    /** Four characters in single quotes. */
    TAG("a pool tag"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    COLON("':'"),
    SEMICOLON("';'"),
    EQUALS("'='"),
    DOTDOT("'..'"),
    PLUS("'+'"),
    ARROW("'->'"),
    LT("'<'"),
    LE("'<='"),
    GT("'>'"),
    GE("'>='"),
    EQEQ("'=='"),
    NE("'!='"),
    NEWLINE("the end of the line"),
    EOF("the end of the file");

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    /** How messages name this kind of token. */
    String description() {
        return description;
    }

    /** True for the comparison operators of a condition. */
    boolean isComparison() {
        return this == LT || this == LE || this == GT || this == GE || this == EQEQ || this == NE;
    }
}
