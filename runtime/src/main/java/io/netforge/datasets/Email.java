package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One e-mail as a text classifier reads it: its subject and the text of its readable parts. Parsed from the raw
 * message (RFC 5322 headers, folded lines unfolded; MIME multipart parts; base64 and quoted-printable; the
 * charset named by each part, ISO-8859-1 when it names none or one Java does not know; HTML with its tags, scripts
 * and styles removed and its common entities decoded). Parts that are not text (images, attachments) are left out.
 * A message that cannot be read as one is a {@link DatasetFormatException} naming its source and what is wrong.
 *
 * @param source the file the message came from, for messages
 * @param subject the Subject header, or "" when there is none
 * @param body the text of the readable parts, in order, separated by blank lines
 */
public record Email(String source, String subject, String body) {
    /** Deepest nesting of multipart parts read; deeper is refused (a crafted message could recurse without end). */
    public static final int MAX_DEPTH = 16;

    private static final Pattern PARAMETER =
            Pattern.compile(";\\s*([A-Za-z0-9_*.-]+)\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");
    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("<(script|style)\\b.*?</\\1\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<!--.*?-->|<[^>]*>", Pattern.DOTALL);
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<(br|/p|/div|/tr|/li|/h[1-6])\\b[^>]*>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern BLANK_LINES = Pattern.compile(" ?\\n[ \\n]*");
    private static final Map<String, String> ENTITIES =
            Map.of("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&copy;", "©");

    /** A message's text: the subject, a blank line and the body, as a tokenizer reads it. */
    public String text() {
        return subject.isEmpty() ? body : subject + "\n\n" + body;
    }

    /**
     * Parses one raw message.
     *
     * @param raw the message's bytes as stored (an mbox "From " line first is skipped)
     * @param source the file name, for messages
     * @throws DatasetFormatException when the bytes are not an e-mail: empty, no header before the body, a
     *     multipart part without a boundary parameter, or parts nested deeper than {@value #MAX_DEPTH}
     */
    public static Email parse(byte[] raw, String source) throws DatasetFormatException {
        if (raw.length == 0) {
            throw new DatasetFormatException(source, "the file is empty, not an e-mail");
        }
        // ISO-8859-1 maps every byte to one char and back: headers are ASCII, bodies are decoded per part below
        String message = new String(raw, StandardCharsets.ISO_8859_1);
        if (message.startsWith("From ")) {
            int eol = message.indexOf('\n');
            message = eol < 0 ? "" : message.substring(eol + 1);
        }
        Part part = Part.of(message, source, "the message", true);
        StringBuilder body = new StringBuilder();
        part.appendText(body, source, 0);
        String subject = decodeWords(part.headers.getOrDefault("subject", "")).strip();
        return new Email(source, subject, body.toString().strip());
    }

    /** A message or one MIME part: its headers (names in lower case, the first of each) and its raw body. */
    private record Part(Map<String, String> headers, String body, String where) {
        static Part of(String text, String source, String where, boolean whole) throws DatasetFormatException {
            Map<String, String> headers = new LinkedHashMap<>();
            int pos = 0;
            String name = null;
            StringBuilder value = new StringBuilder();
            int lines = 0;
            while (pos < text.length()) {
                int lineStart = pos;
                int eol = text.indexOf('\n', pos);
                int end = eol < 0 ? text.length() : eol;
                String line = text.substring(pos, end);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                pos = eol < 0 ? text.length() : eol + 1;
                if (line.isEmpty()) {
                    break; // the blank line before the body
                }
                lines++;
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                    value.append(' ').append(line.strip()); // a folded line continues the header before it
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0
                        || !HEADER_NAME
                                .matcher(line.substring(0, colon).strip())
                                .matches()) {
                    if (whole && lines == 1) {
                        throw new DatasetFormatException(
                                source,
                                "line 1 is not a header (\"Name: value\"): " + shorten(line) + "; not an e-mail");
                    }
                    // a part without headers, or a stray line in them: the rest is the body, as mail readers do
                    pos = lineStart;
                    break;
                }
                put(headers, name, value);
                name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
            put(headers, name, value);
            return new Part(headers, pos >= text.length() ? "" : text.substring(pos), where);
        }

        private static void put(Map<String, String> headers, String name, StringBuilder value) {
            if (name != null) {
                headers.putIfAbsent(name, value.toString());
            }
        }

        String contentType() {
            String type = headers.getOrDefault("content-type", "text/plain");
            int semi = type.indexOf(';');
            String bare = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
            return bare.isEmpty() ? "text/plain" : bare;
        }

        String parameter(String key) {
            Matcher m = PARAMETER.matcher(headers.getOrDefault("content-type", ""));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(key)) {
                    return m.group(3) != null ? m.group(3) : m.group(2);
                }
            }
            return null;
        }

        void appendText(StringBuilder out, String source, int depth) throws DatasetFormatException {
            if (depth > MAX_DEPTH) {
                throw new DatasetFormatException(source, "MIME parts nested deeper than " + MAX_DEPTH);
            }
            String type = contentType();
            if (type.startsWith("multipart/")) {
                String boundary = parameter("boundary");
                if (boundary == null || boundary.isEmpty()) {
                    throw new DatasetFormatException(source, where + " is " + type + " without a boundary parameter");
                }
                String[] parts = split(body, boundary);
                if (parts == null) {
                    // a boundary line mistyped by the sender (spam does it): the body as text, as mail readers show it
                    appendReadable(out, body.contains("<") ? htmlToText(body) : body);
                    return;
                }
                for (int i = 0; i < parts.length; i++) {
                    Part p = Part.of(parts[i], source, "part " + (i + 1) + " of " + where, false);
                    p.appendText(out, source, depth + 1);
                }
                return;
            }
            if (type.equals("message/rfc822")) {
                Part.of(body, source, "the message inside " + where, false).appendText(out, source, depth + 1);
                return;
            }
            boolean html = type.equals("text/html");
            boolean attached = headers.getOrDefault("content-disposition", "")
                    .toLowerCase(Locale.ROOT)
                    .startsWith("attachment");
            if (!type.startsWith("text/") || (attached && !type.equals("text/plain"))) {
                return; // images, applications, attached files: no text a classifier reads
            }
            String text = decode();
            appendReadable(out, html ? htmlToText(text) : text);
        }

        private static void appendReadable(StringBuilder out, String text) {
            if (!text.isBlank()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(text.strip());
            }
        }

        /** The body's text: transfer encoding undone, bytes decoded with the part's charset. */
        private String decode() {
            String encoding = headers.getOrDefault("content-transfer-encoding", "7bit")
                    .strip()
                    .toLowerCase(Locale.ROOT);
            byte[] bytes;
            if (encoding.equals("base64")) {
                bytes = base64(body);
            } else if (encoding.equals("quoted-printable")) {
                bytes = quotedPrintable(body);
            } else {
                bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            }
            return new String(bytes, charset(parameter("charset")));
        }
    }

    /**
     * The parts of a multipart body between {@code --boundary} lines, up to {@code --boundary--} (the preamble and the
     * epilogue left out); null when the boundary never occurs. A last part without the closing line is kept, as mail
     * readers do.
     */
    private static String[] split(String body, String boundary) {
        String delimiter = "--" + boundary;
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = -1;
        int pos = 0;
        boolean found = false;
        while (pos <= body.length()) {
            int eol = body.indexOf('\n', pos);
            int end = eol < 0 ? body.length() : eol;
            String line = body.substring(pos, end).stripTrailing();
            boolean last = line.equals(delimiter + "--");
            if (last || line.equals(delimiter)) { // exactly: an inner part's boundary may extend this one
                found = true;
                if (start >= 0) {
                    parts.add(body.substring(start, Math.max(start, pos - 1)));
                }
                if (last) {
                    start = -1;
                    break;
                }
                start = eol < 0 ? body.length() : eol + 1;
            }
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        if (!found) {
            return null;
        }
        if (start >= 0 && start < body.length()) {
            parts.add(body.substring(start));
        }
        return parts.toArray(new String[0]);
    }

    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=]*");

    /**
     * A base64 body decoded as mail readers do: its lines up to the first that is not base64 (a mailing list's footer
     * appended after the encoded part), and of those the whole 4-character groups (a truncated last group dropped).
     */
    private static byte[] base64(String body) {
        StringBuilder encoded = new StringBuilder(body.length());
        for (String line : (Iterable<String>) body.lines()::iterator) {
            String l = line.strip();
            if (!BASE64_LINE.matcher(l).matches()) {
                break;
            }
            encoded.append(l);
            if (l.endsWith("=")) {
                break; // padding ends the data
            }
        }
        int whole = encoded.length() - encoded.length() % 4;
        try {
            return Base64.getDecoder().decode(encoded.substring(0, whole));
        } catch (IllegalArgumentException e) {
            return new byte[0]; // '=' inside the data: nothing readable
        }
    }

    private static byte[] quotedPrintable(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '=' && i + 1 < body.length()) {
                char a = body.charAt(i + 1);
                if (a == '\n') {
                    i++; // a soft line break
                    continue;
                }
                if (a == '\r' && i + 2 < body.length() && body.charAt(i + 2) == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < body.length() && hex(a) >= 0 && hex(body.charAt(i + 2)) >= 0) {
                    out.write(hex(a) * 16 + hex(body.charAt(i + 2)));
                    i += 2;
                    continue;
                }
            }
            out.write(c & 0xff); // a stray '=' or a byte as it is, as mail readers do
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static Charset charset(String name) {
        if (name != null) {
            try {
                return Charset.forName(name.strip());
            } catch (IllegalArgumentException e) {
                // an unknown or malformed charset name: read the bytes as ISO-8859-1, which decodes every byte
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    /** RFC 2047 encoded words in a header ({@code =?charset?B|Q?text?=}) decoded; anything else as it is. */
    static String decodeWords(String header) {
        Matcher m = ENCODED_WORD.matcher(header);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String decoded;
            try {
                byte[] bytes = m.group(2).equalsIgnoreCase("b")
                        ? Base64.getMimeDecoder().decode(m.group(3))
                        : quotedPrintable(m.group(3).replace('_', ' '));
                decoded = new String(bytes, charset(m.group(1)));
            } catch (IllegalArgumentException e) {
                decoded = m.group(); // left as written: a header is not worth refusing the mail for
            }
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** HTML's text: scripts, styles, comments and tags removed, block ends as line breaks, entities decoded. */
    static String htmlToText(String html) {
        String text = SCRIPT_OR_STYLE.matcher(html).replaceAll(" ");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll(" ");
        for (Map.Entry<String, String> e : ENTITIES.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
            text = text.replace(e.getKey().toUpperCase(Locale.ROOT), e.getValue());
        }
        Matcher m = NUMERIC_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int code = m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
            String c = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : " ";
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return BLANK_LINES.matcher(SPACES.matcher(out).replaceAll(" ")).replaceAll("\n");
    }

    private static String shorten(String line) {
        String s = line.length() > 60 ? line.substring(0, 60) + "…" : line;
        return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
