package io.netforge.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for file headers: objects (as {@link LinkedHashMap}, duplicate keys refused), arrays, strings
 * (all escapes, surrogate pairs checked), integers (as {@code Long}, overflow refused), {@code true}, {@code false},
 * {@code null}. Fractions and exponents are refused: headers hold none. Nesting is limited, so no input can
 * overflow the stack. Errors carry the character offset. {@link #write} writes the same kinds of values.
 */
public final class Json {
    static final int MAX_DEPTH = 64;

    /** A syntax error at character {@code offset}. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        final int offset;

        ParseException(int offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one value spanning {@code text}, surrounding white space allowed. */
    public static Object parse(String text) throws ParseException {
        Json j = new Json(text);
        j.space();
        Object v = j.value(0);
        j.space();
        if (j.i != text.length()) {
            throw new ParseException(j.i, "unexpected " + j.describe() + " after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw new ParseException(i, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (i >= s.length()) {
            throw new ParseException(i, "the JSON ends where a value was expected");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", true);
            case 'f' -> literal("false", false);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new ParseException(i, "unexpected " + describe() + " where a value was expected");
            }
        };
    }

    private Map<String, Object> object(int depth) throws ParseException {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        space();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw new ParseException(i, "expected a quoted key, found " + describe());
            }
            int at = i;
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth + 1);
            if (m.containsKey(key)) {
                throw new ParseException(at, "duplicate key \"" + key + "\"");
            }
            m.put(key, v);
            space();
            char c = peek();
            i++;
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new ParseException(i - 1, "expected ',' or '}' in an object, found " + describe(c));
            }
        }
    }

    private List<Object> array(int depth) throws ParseException {
        List<Object> a = new ArrayList<>();
        i++;
        space();
        if (peek() == ']') {
            i++;
            return a;
        }
        while (true) {
            space();
            a.add(value(depth + 1));
            space();
            char c = peek();
            i++;
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw new ParseException(i - 1, "expected ',' or ']' in an array, found " + describe(c));
            }
        }
    }

    private String string() throws ParseException {
        int start = i;
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new ParseException(start, "unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw new ParseException(i - 1, "a control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw new ParseException(start, "unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw new ParseException(i, "a truncated \\u escape");
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw new ParseException(i + k, "a bad hex digit in a \\u escape");
                        }
                        code = code * 16 + d;
                    }
                    i += 4;
                    b.append((char) code);
                }
                default -> throw new ParseException(i - 1, "an invalid escape \\" + e);
            }
        }
        String out = b.toString();
        for (int k = 0; k < out.length(); k++) {
            char c = out.charAt(k);
            if (Character.isHighSurrogate(c)
                    ? k + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(++k))
                    : Character.isLowSurrogate(c)) {
                throw new ParseException(start, "a string with an unpaired surrogate");
            }
        }
        return out;
    }

    private Long number() throws ParseException {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            throw new ParseException(start, "a '-' without digits");
        }
        if (s.charAt(digits) == '0' && i - digits > 1) {
            throw new ParseException(start, "a number with a leading zero");
        }
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            throw new ParseException(start, "a non-integer number; only integers are expected here");
        }
        try {
            return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw new ParseException(start, "the integer " + s.substring(start, i) + " is out of range");
        }
    }

    private Object literal(String word, Object v) throws ParseException {
        if (!s.startsWith(word, i)) {
            throw new ParseException(i, "unexpected " + describe());
        }
        i += word.length();
        return v;
    }

    private void expect(char c) throws ParseException {
        if (peek() != c) {
            throw new ParseException(i, "expected '" + c + "', found " + describe());
        }
        i++;
    }

    private char peek() throws ParseException {
        if (i >= s.length()) {
            throw new ParseException(i, "the JSON ends too early");
        }
        return s.charAt(i);
    }

    private void space() {
        while (i < s.length()
                && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private String describe() {
        return i >= s.length() ? "the end" : describe(s.charAt(i));
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }

    /**
     * Writes {@code value} as JSON: maps with string keys (in their iteration order), lists, strings, {@code Long} and
     * {@code Integer}, booleans and {@code null}; what {@link #parse} reads back as equal values (integers as Long).
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            sb.append(v);
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value of this writer: " + v.getClass().getName());
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
