package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes random scenarios for the property tests: valid ones that use every statement in varied
 * spellings (number notations, spacing, comments, CR LF, ':' or braces), and token soup.
 */
final class RandomScenarios {

    private static final String[] VOCABULARY = { "machine", "process", "thread", "commit", "touch", "wait", "until",
        "repeat", "in", "fork", "as", "at", "pressure", "pool", "alloc", "free", "map", "readahead", "inject",
        "pagefile", "trim", "all", "exit", "run", "mark", "size=", "t=", "ram=", "file=", "{", "}", ":", ";", "->",
        "\n", "\r\n", "\t", " ", "..", "..+", "+", "=", "==", "<", "<=", ">", ">=", "!=", "!", "0x", "0x10000", "4M",
        "64K", "5ms", "1s", "7", "99999999999999999999", "fffff680`00000000", "`", "'Mm  '", "'x'", "'", "\"data.bin\"",
        "\"", "#", "# comment\n", "available<2000", "rw", "rwx", "write", "read", ".", "-", "_", "é", "\u0000",
        "\uFEFF", "1.5M", "4Q", "0..+0", "2..1" };

    private final SplittableRandom random;
    private final StringBuilder out = new StringBuilder();
    private final List<String> processes = new ArrayList<>();
    private final List<String> pools = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private int names;
    private boolean mappedFile;

    private RandomScenarios(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Random tokens, mostly scenario words and punctuation, often invalid. */
    static String soup(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(60);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(10) == 0) {
                text.append((char) random.nextInt(0x80));
            } else {
                text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            }
            if (random.nextBoolean()) {
                text.append(' ');
            }
        }
        return text.toString();
    }

    /** A valid scenario. */
    static String valid(long seed) {
        return new RandomScenarios(seed).scenario();
    }

    // --- scenario ------------------------------------------------------------------------------------

    private String scenario() {
        if (random.nextBoolean()) {
            line("machine ram=" + size(pick(256L << 20, 512L << 20, 1L << 30, 64L << 30)) + " colours="
                    + pick(1, 2, 16, 1024) + " cpus=" + (1 + random.nextInt(64)) + " pagefile=" + size(pick(1L << 20, 512L << 20))
                    + " seed=" + number(random.nextLong() & Long.MAX_VALUE) + " disk-latency=" + time(random.nextInt(1_000_000_000))
                    + " background=" + pick("on", "off"));
        } else {
            line("pagefile size=" + size(16L << 20));
        }
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(12)) {
                case 0, 1, 2, 3 -> process();
                case 4 -> line("wait " + time(random.nextInt(10_000_000)));
                case 5 -> line("pressure " + condition() + " -> trim all");
                case 6 -> line("at t=" + time(random.nextInt(100_000_000)) + ": mark \"at\"");
                case 7 -> scriptOnProcess();
                case 8 -> line("repeat " + random.nextInt(5) + " { mark \"r\"; wait 1ms }");
                case 9 -> pool();
                case 10 -> line("section create " + define(sections) + " size=" + size(1L << 20) + " " + protection());
                default -> line("run " + pick("zero-page-thread", "modified-page-writer", "working-set-manager")
                        + (random.nextBoolean() ? " pages=" + (1 + random.nextInt(100)) : ""));
            }
            if (random.nextInt(4) == 0) {
                out.append(pick("# a comment\n", "\r\n", "\n", ";\n"));
            }
        }
        return out.toString();
    }

    private void scriptOnProcess() {
        if (processes.isEmpty()) {
            process();
            return;
        }
        String p = processes.get(random.nextInt(processes.size()));
        switch (random.nextInt(5)) {
            case 0 -> line("in " + p + ": " + pick("touch 0x10000 write", "commit 0x10000 size=4K", "trim", "exit"));
            case 1 -> {
                mappedFile = false;
                line("in " + p + " {\n    " + operation() + "\n}");
            }
            case 2 -> line("fork " + p + " as " + define(processes));
            case 3 -> line("trim " + pick(p, "all") + (random.nextBoolean() ? " pages=5" : ""));
            default -> line(pick("join ", "exit ") + p);
        }
    }

    private void process() {
        String name = define(processes);
        mappedFile = false;
        out.append("process ").append(name);
        if (random.nextBoolean()) {
            out.append(" ws-max=").append(size(64L << 20));
        }
        int threads = random.nextInt(3);
        int direct = random.nextInt(3);
        if (threads == 0 && direct == 0) {
            out.append('\n');
            return;
        }
        out.append(" {\n");
        for (int i = 0; i < direct; i++) {
            out.append("    ").append(operation()).append('\n');
        }
        for (int t = 0; t < threads; t++) {
            out.append("    thread t").append(t);
            if (random.nextBoolean()) {
                out.append(" priority=").append(1 + random.nextInt(31));
            }
            out.append(" {\n");
            int ops = random.nextInt(5);
            for (int i = 0; i < ops; i++) {
                out.append("\t\t").append(operation()).append(random.nextBoolean() ? "\n" : ";\n");
            }
            out.append("    }\n");
        }
        out.append("}\n");
    }

    private String operation() {
        long base = 0x10000L * (1 + random.nextInt(1 << 20));
        return switch (random.nextInt(16)) {
            case 0 -> "commit " + address(base) + " size=" + size(4096L * (1 + random.nextInt(4096))) + " " + protection();
            case 1 -> "reserve " + address(base) + " size=" + size(1L << 20) + (random.nextBoolean() ? " rw" : "");
            case 2 -> "decommit " + address(base) + " size=" + size(8192);
            case 3 -> "release " + address(base);
            case 4 -> "protect " + address(base) + " size=" + size(4096) + " " + protection();
            case 5 -> "touch " + range(base) + (random.nextBoolean() ? " " + pick("read", "write", "execute") : "")
                    + (random.nextBoolean() ? " stride=" + size(8192) : "");
            case 6 -> "touch " + address(base) + " write value=" + number(random.nextInt(256));
            case 7 -> pick("read ", "write ") + range(base);
            case 8 -> random.nextBoolean() ? "wait " + time(random.nextInt(1_000_000_000))
                    : "wait until " + condition() + (random.nextBoolean() ? " timeout=1s" : "");
            case 9 -> "repeat " + random.nextInt(100) + " { touch " + address(base) + " write; wait 1ms }";
            case 10 -> "mark \"op " + random.nextInt(100) + "\"";
            case 11 -> {
                mappedFile = true;
                yield "map " + (random.nextBoolean() ? address(base) + " " : "") + "file=\"f" + random.nextInt(3)
                        + ".bin\" size=" + size(1L << 20) + (random.nextBoolean() ? " r" : "");
            }
            case 12 -> mappedFile ? "readahead " + range(0) : "trim";
            case 13 -> "inject disk-read-error pagefile offset=" + address(4096L * random.nextInt(16)) + " times="
                    + (1 + random.nextInt(5));
            case 14 -> sections.isEmpty() ? "exit" : "map section=" + sections.get(random.nextInt(sections.size()));
            default -> "run zero-page-thread";
        };
    }

    private void pool() {
        if (!pools.isEmpty() && random.nextBoolean()) {
            String block = pools.get(random.nextInt(pools.size()));
            line(random.nextBoolean() ? "pool free " + block : "pool write " + block + " offset=" + random.nextInt(64));
            return;
        }
        String type = pick("paged", "nonpaged", "special", "special-paged");
        String amount = type.startsWith("special") ? random.nextInt(4097) + " bytes"
                : random.nextInt(10) + " " + pick("pages", "bytes");
        line("pool alloc " + type + " " + amount + (random.nextBoolean() ? " tag='" + pick("Mm  ", "Drv1", "a b ") + "'" : "")
                + (random.nextBoolean() ? " irql=" + pick("passive", "apc", "dispatch") : "")
                + (random.nextBoolean() ? " as " + define(pools) : ""));
    }

    // --- pieces --------------------------------------------------------------------------------------

    private void line(String text) {
        out.append(text).append('\n');
    }

    private String define(List<String> space) {
        String name = pick("n", "proc.exe", "x-") + (names++);
        space.add(name);
        return name;
    }

    private String condition() {
        return pick("available", "zeroed", "free", "standby", "modified", "modified-no-write", "bad", "active")
                + pick("<", "<=", ">", ">=", "==", "!=") + random.nextInt(100_000);
    }

    private String protection() {
        return pick("r", "rw", "rx", "rwx", "wc", "xwc", "x", "noaccess", "rw-guard", "rx-nocache", "rw-guard-writecombine");
    }

    private String range(long base) {
        long length = 4096L * (1 + random.nextInt(1024));
        return random.nextBoolean() ? address(base) + ".." + address(base + length) : address(base) + "..+" + size(length);
    }

    private String address(long value) {
        return switch (random.nextInt(4)) {
            case 0 -> "0x" + Long.toHexString(value);
            case 1 -> String.format("%08x`%08x", value >>> 32, value & 0xFFFF_FFFFL);
            case 2 -> Long.toString(value);
            default -> size(value);
        };
    }

    private String number(long value) {
        return random.nextBoolean() ? Long.toString(value) : "0x" + Long.toHexString(value);
    }

    private String size(long bytes) {
        if (random.nextBoolean()) {
            return number(bytes);
        }
        return ValueFormat.size(bytes);
    }

    private String time(long nanos) {
        return random.nextBoolean() ? nanos + "ns" : ValueFormat.time(nanos);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
