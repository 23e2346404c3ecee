package org.mmscope.model.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a query into its parts: {@code [from] SOURCE [where EXPR] [select EXPR, ...]
 * [order by EXPR [asc|desc]] [limit N]}. Keywords are case-insensitive and recognised only outside
 * quotes and brackets; each part keeps its offset in the text for error columns.
 */
final class QueryText {

    /** A part of the query and where it starts (0-based). */
    record Part(String text, int offset) {
    }

    private static final String[] CLAUSES = { "where", "select", "order by", "limit" };

    final Part source;
    final Map<String, Part> clauses;

    private QueryText(Part source, Map<String, Part> clauses) {
        this.source = source;
        this.clauses = clauses;
    }

    static QueryText parse(String text) throws QueryException {
        if (text == null || text.isBlank()) {
            throw new QueryException("a query was expected, e.g. from pfns where location == 'Standby'", 1);
        }
        List<int[]> marks = new ArrayList<>(); // {clause index, start of keyword, start of its text}
        boolean[] top = new boolean[text.length()];
        char open = topLevel(text, top);
        if (open != 0) {
            throw new QueryException("a string is not closed (missing " + open + ")", text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (top[i] && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)))) {
                for (int k = 0; k < CLAUSES.length; k++) {
                    int end = keywordEnd(text, i, CLAUSES[k]);
                    if (end > 0) {
                        marks.add(new int[] { k, i, end });
                        i = end - 1;
                        break;
                    }
                }
            }
        }
        int sourceEnd = marks.isEmpty() ? text.length() : marks.get(0)[1];
        Part source = trimmed(text, 0, sourceEnd);
        String head = source.text().toLowerCase(Locale.ROOT);
        if (head.startsWith("from ") || head.equals("from")) {
            source = trimmed(text, source.offset() + 4, sourceEnd);
        }
        Map<String, Part> clauses = new LinkedHashMap<>();
        for (int m = 0; m < marks.size(); m++) {
            int[] mark = marks.get(m);
            String name = CLAUSES[mark[0]];
            if (clauses.containsKey(name)) {
                throw new QueryException("'" + name + "' appears twice", mark[1] + 1);
            }
            int end = m + 1 < marks.size() ? marks.get(m + 1)[1] : text.length();
            Part part = trimmed(text, mark[2], end);
            if (part.text().isEmpty()) {
                throw new QueryException("something was expected after '" + name + "'", mark[2] + 1);
            }
            clauses.put(name, part);
        }
        return new QueryText(source, clauses);
    }

    /** The end of keyword {@code word} at {@code i} (words separated by any blanks), or -1. */
    private static int keywordEnd(String text, int i, String word) {
        int at = i;
        for (String piece : word.split(" ")) {
            while (at < text.length() && at > i && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (!text.regionMatches(true, at, piece, 0, piece.length())) {
                return -1;
            }
            at += piece.length();
        }
        boolean wordEnds = at == text.length() || !Character.isJavaIdentifierPart(text.charAt(at));
        return wordEnds ? at : -1;
    }

    private static Part trimmed(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return new Part(text.substring(from, to), from);
    }

    /** Splits {@code part} at top-level commas. */
    static List<Part> list(Part part) {
        List<Part> items = new ArrayList<>();
        String text = part.text();
        boolean[] top = new boolean[text.length()];
        topLevel(text, top);
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || top[i] && text.charAt(i) == ',') {
                Part item = trimmed(text, start, i);
                items.add(new Part(item.text(), part.offset() + item.offset()));
                start = i + 1;
            }
        }
        return items;
    }

    /**
     * Marks in {@code top} the characters of {@code text} that are outside quotes and brackets (the
     * quotes and brackets themselves are not marked). Returns the quote left open, or 0.
     */
    private static char topLevel(String text, boolean[] top) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> top[i] = depth == 0;
            }
        }
        return quote;
    }
}
