package org.mmscope.sim.scenario;

/** The type of a statement parameter, with the phrase messages use to say what was expected. */
public enum ArgType {
    /** A plain number (a count). */
    NUMBER("a number like 42 or 0x2a"),
    /** An address or offset in bytes: a number or a size. */
    ADDRESS("an address like 0x10000 or 00007ff6`12340000"),
    /** A size in bytes: a size, or a plain number of bytes. */
    SIZE("a size like 4M, 64K or 0x1000"),
    /** A simulated time. */
    TIME("a time like 5ms, 200us or 1s"),
    /** A range of addresses or offsets. */
    RANGE("a range like 0x10000..0x20000 or 0x10000..+4M"),
    /** A string in double quotes. */
    STRING("a string in double quotes like \"data.bin\""),
    /** A pool tag. */
    TAG("a pool tag of 4 characters in single quotes like 'Mm  '"),
    /** A name (of a process, thread, section, pool block). */
    NAME("a name like notepad.exe"),
    /** One of a fixed set of words. */
    WORD("one of the words"),
    /** One fixed word that must be written as is ({@code as}, {@code until}). */
    LITERAL("the word"),
    /** A page protection. */
    PROTECTION("a protection like r, rw, rx, rwx or wc"),
    /** A condition on a memory counter. */
    CONDITION("a condition like available<2000");

    private final String phrase;

    ArgType(String phrase) {
        this.phrase = phrase;
    }

    /** For messages: "a size like 4M, 64K or 0x1000". */
    public String phrase() {
        return phrase;
    }

    /** The placeholder usage lines show: ADDRESS, SIZE... */
    public String placeholder() {
        return name();
    }
}
