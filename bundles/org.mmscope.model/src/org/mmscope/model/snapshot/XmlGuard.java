package org.mmscope.model.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the bytes of an XMI snapshot on their way to the XML parser and refuses, before the parser
 * has buffered them, what a snapshot never holds:
 * <ul>
 * <li>anything but UTF-8 XML (a byte-order mark for UTF-16, an encoding other than UTF-8 or ASCII, a NUL
 * byte, or bytes that do not start like XML): the guard reads bytes, and in UTF-8 the bytes it looks for
 * ('<', '>', quotes) are the characters the parser sees;</li>
 * <li>a DOCTYPE, ENTITY or other {@code <!} declaration, so no entity, external or internal, can be
 * declared (the parser is told the same: {@link SnapshotStore#xmiLoadOptions()});</li>
 * <li>an attribute value, an element's text (across comments and CDATA sections), a tag, a comment or
 * a processing instruction longer than a limit, counted in bytes before entities are expanded.</li>
 * </ul>
 * It knows just enough XML to find where values start and end; the parser does the rest.
 */
final class XmlGuard extends FilterInputStream {

    private enum State {
        PROLOG, DECLARATION, TEXT, MARKUP_START, BANG, TAG, ATTRIBUTE, COMMENT, CDATA, INSTRUCTION
    }

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final byte[] UTF8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private final long limit;
    private State state = State.PROLOG;
    /** Bytes of "<?xml" seen, then of the XML declaration. */
    private final StringBuilder prolog = new StringBuilder();
    /** Bytes of the markup after "<!" so far, to tell a comment and a CDATA section from a declaration. */
    private final StringBuilder bang = new StringBuilder();
    private byte quote;
    /** Length of the value being read (attribute value, text, tag, comment, instruction). */
    private long run;
    /** Length of the current element text, which goes on across comments and CDATA sections. */
    private long text;
    /** The last bytes, to find "-->", "]]>" and "?>". */
    private int last1;
    private int last2;
    private boolean forget;
    private int bomBytes;
    private int bytesBeforeProlog;
    private long line = 1;
    private long column;

    XmlGuard(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = 0; i < n; i++) {
            see(b[off + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: every byte goes past the guard once
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void see(byte b) throws IOException {
        if (b == 0) {
            // never in XML text; present in every UTF-16 or UTF-32 text, whose bytes the guard cannot read
            throw notXml();
        }
        if (b == '\n') {
            line++;
            column = 0;
        } else {
            column++;
        }
        step(b);
        if (forget) {
            forget = false;
            last1 = 0;
            last2 = 0;
        } else {
            last2 = last1;
            last1 = b;
        }
    }

    private void step(byte b) throws IOException {
        switch (state) {
            case PROLOG -> prolog(b);
            case DECLARATION -> declaration(b);
            case TEXT -> {
                if (b == '<') {
                    state = State.MARKUP_START;
                } else {
                    text = count(text, "an element's text");
                }
            }
            case MARKUP_START -> {
                if (b == '!') {
                    state = State.BANG;
                    bang.setLength(0);
                } else if (b == '?') {
                    state = State.INSTRUCTION;
                    run = 0;
                } else {
                    state = State.TAG;
                    text = 0;
                    run = 1;
                }
            }
            case BANG -> bang(b);
            case TAG -> {
                if (b == '"' || b == '\'') {
                    state = State.ATTRIBUTE;
                    quote = b;
                    run = 0;
                } else if (b == '>') {
                    state = State.TEXT;
                } else {
                    run = count(run, "a tag");
                }
            }
            case ATTRIBUTE -> {
                if (b == quote) {
                    state = State.TAG;
                    run = 0;
                } else {
                    run = count(run, "an attribute value");
                }
            }
            case COMMENT -> {
                if (b == '>' && last1 == '-' && last2 == '-') {
                    state = State.TEXT;
                } else {
                    run = count(run, "a comment");
                }
            }
            case CDATA -> {
                if (b == '>' && last1 == ']' && last2 == ']') {
                    state = State.TEXT;
                } else {
                    text = count(text, "an element's text");
                }
            }
            case INSTRUCTION -> {
                if (b == '>' && last1 == '?') {
                    state = State.TEXT;
                } else {
                    run = count(run, "a processing instruction");
                }
            }
        }
    }

    private long count(long length, String what) throws Refusal {
        if (length >= limit) {
            throw new Refusal("line " + line + ": " + what + " is longer than " + limit
                    + " bytes, more than a snapshot ever holds");
        }
        return length + 1;
    }

    /** Optional UTF-8 byte-order mark, then "<?xml" or, without a declaration, white space and "<". */
    private void prolog(byte b) throws IOException {
        if (prolog.length() == 0 && bomBytes < UTF8_BOM.length && b == UTF8_BOM[bomBytes]
                && bytesBeforeProlog == bomBytes) {
            bomBytes++;
            bytesBeforeProlog++;
            return;
        }
        if (bomBytes > 0 && bomBytes < UTF8_BOM.length) {
            throw notXml();
        }
        if (prolog.length() == 0 && isWhite(b)) {
            bytesBeforeProlog++;
            return;
        }
        prolog.append((char) (b & 0xFF));
        String seen = prolog.toString();
        if ("<?xml".startsWith(seen)) {
            if (seen.equals("<?xml")) {
                if (bytesBeforeProlog != bomBytes) {
                    throw notXml(); // the declaration comes first
                }
                state = State.DECLARATION;
                prolog.setLength(0);
            }
            return;
        }
        if (seen.length() == 2 && seen.charAt(0) == '<') {
            state = State.MARKUP_START; // no declaration: UTF-8 by definition
            step(b);
            return;
        }
        throw notXml();
    }

    private static Refusal notXml() {
        return new Refusal("it is not an MmScope snapshot: it is neither a binary snapshot (MMSNAP) nor UTF-8 XML");
    }

    /**
     * The XML declaration, up to "?>": only UTF-8 or its ASCII subset, so that the bytes the guard looks
     * for ('<', quotes, '>') are the characters the parser sees.
     */
    private void declaration(byte b) throws Refusal {
        if (b == '>' && last1 == '?') {
            Matcher encoding = ENCODING.matcher(prolog);
            if (encoding.find()) {
                String name = encoding.group(1).toUpperCase(Locale.ROOT);
                if (!name.equals("UTF-8") && !name.equals("UTF8") && !name.equals("ASCII") && !name.equals("US-ASCII")) {
                    throw new Refusal("line " + line + ": it is encoded in " + encoding.group(1)
                            + "; snapshots are UTF-8");
                }
            }
            state = State.TEXT;
            return;
        }
        if (prolog.length() >= 1024) {
            throw new Refusal("line " + line + ": its XML declaration is longer than a snapshot's");
        }
        prolog.append(new String(new byte[] { b }, StandardCharsets.ISO_8859_1));
    }

    /** After "<!": a comment, a CDATA section, or a declaration, which is refused. */
    private void bang(byte b) throws Refusal {
        bang.append((char) (b & 0xFF));
        String seen = bang.toString();
        if (seen.equals("--")) {
            state = State.COMMENT;
            run = 0;
            forget = true; // the "--" of "<!--" does not start the "-->" that ends it
        } else if (seen.equals("[CDATA[")) {
            state = State.CDATA;
        } else if (!"--".startsWith(seen) && !"[CDATA[".startsWith(seen)) {
            throw new Refusal("line " + line + ", column " + column
                    + ": it contains a DOCTYPE or entity declaration, which snapshots never have (refused so that no"
                    + " entity can be expanded or external file read)");
        }
    }

    private static boolean isWhite(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
