package io.netforge.text;

import io.netforge.data.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Token ids for a text model, built from the training texts only (so the test texts' words stay unseen, as they will
 * be in use): id 0 is the padding token {@value #PAD}, id 1 the unknown token {@value #UNKNOWN}, then the tokens seen at
 * least {@code minCount} times, the most frequent first (ties in the order of {@link String#compareTo}), up to
 * {@code maxSize} ids in all. Keras' {@code TextVectorization} and torchtext's {@code build_vocab_from_iterator} with
 * {@code specials=["<pad>", "<unk>"]} number the same way. Saved as a UTF-8 text file ({@link #save}), one token a line.
 * Immutable.
 */
public final class Vocabulary {
    /** The padding token, id 0: what {@link #encode} fills a short text with, and what a mask leaves out. */
    public static final String PAD = "<pad>";

    /** The unknown token, id 1: every token the training texts did not have often enough. */
    public static final String UNKNOWN = "<unk>";

    static final String MAGIC = "netforge-vocabulary 1";

    private final Tokenizer tokenizer;
    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(Tokenizer tokenizer, List<String> tokens) {
        this.tokenizer = tokenizer;
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /**
     * Builds a vocabulary from {@code trainingTexts}.
     *
     * @param maxSize ids in all, the two special tokens included (at least 2)
     * @param minCount occurrences a token needs to get an id (at least 1)
     */
    public static Vocabulary build(Tokenizer tokenizer, List<String> trainingTexts, int maxSize, int minCount) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxSize < 2) {
            throw new IllegalArgumentException(
                    "maxSize must be at least 2 (" + PAD + " and " + UNKNOWN + "), was " + maxSize);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : trainingTexts) {
            for (String t : tokenizer.tokens(text)) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        counts.remove(PAD);
        counts.remove(UNKNOWN);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> tokens = new ArrayList<>(List.of(PAD, UNKNOWN));
        for (Map.Entry<String, Integer> e : sorted) {
            if (tokens.size() >= maxSize || e.getValue() < minCount) {
                break;
            }
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokenizer, tokens);
    }

    /** Ids in all, the two special tokens included. */
    public int size() {
        return tokens.size();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The id of {@code token}, or 1 ({@value #UNKNOWN}) when it has none. */
    public int id(String token) {
        return ids.getOrDefault(token, 1);
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        return tokens.get(id);
    }

    /**
     * The ids of {@code text}'s first {@code length} tokens, padded with 0 at the end when it has fewer (PyTorch's
     * {@code pad_sequence}; the text's start is kept, where an e-mail's subject is).
     */
    public int[] encode(String text, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, was " + length);
        }
        int[] out = new int[length];
        List<String> t = tokenizer.tokens(text);
        for (int i = 0; i < Math.min(length, t.size()); i++) {
            out[i] = id(t.get(i));
        }
        return out;
    }

    /**
     * Which of the vocabulary's tokens {@code text} has: 1 at each id that occurs, else 0 ({@code size()} values; id 0
     * is always 0, id 1 is 1 when the text has an unknown token). Keras' {@code TextVectorization(output_mode =
     * "multi_hot")}.
     */
    public float[] multiHot(String text) {
        float[] out = new float[size()];
        for (String t : tokenizer.tokens(text)) {
            out[id(t)] = 1f;
        }
        return out;
    }

    /**
     * Writes the vocabulary to {@code file}: a first line naming the format and the tokenizer, then one token a line in
     * id order, backslash, line breaks and tabs escaped. Written to a temporary file beside it and moved over it, so a
     * crash mid-save leaves the previous file whole.
     */
    public void save(Path file) throws IOException {
        StringBuilder out =
                new StringBuilder(MAGIC).append(' ').append(tokenizer.name()).append('\n');
        for (String t : tokens) {
            out.append(escape(t)).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a vocabulary {@link #save} wrote.
     *
     * @throws DatasetFormatException naming the file and line: another format, an unknown tokenizer, the special
     *     tokens not first, a token twice, a bad escape
     */
    public static Vocabulary load(Path file) throws IOException {
        String source = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetFormatException(source, "not UTF-8 text, not a vocabulary file", e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(MAGIC + " ")) {
            throw new DatasetFormatException(
                    source, "line 1 must be \"" + MAGIC + " <tokenizer>\"; this is not a NetForge vocabulary file");
        }
        String kind = lines.get(0).substring(MAGIC.length() + 1);
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(
                    source,
                    "line 1 names tokenizer \"" + kind + "\"; known: " + java.util.Arrays.toString(Tokenizer.values()),
                    e);
        }
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String token = unescape(lines.get(i), source, i + 1);
            Integer before = seen.putIfAbsent(token, i + 1);
            if (before != null) {
                throw new DatasetFormatException(
                        source, "line " + (i + 1) + " repeats the token of line " + before + ": \"" + token + "\"");
            }
            tokens.add(token);
        }
        if (tokens.size() < 2 || !tokens.get(0).equals(PAD) || !tokens.get(1).equals(UNKNOWN)) {
            throw new DatasetFormatException(
                    source, "lines 2 and 3 must be " + PAD + " and " + UNKNOWN + " (ids 0 and 1)");
        }
        return new Vocabulary(tokenizer, tokens);
    }

    private static String escape(String t) {
        return t.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static String unescape(String line, String source, int lineNumber) throws DatasetFormatException {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i < line.length() ? line.charAt(i++) : '\0';
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default ->
                    throw new DatasetFormatException(
                            source, "line " + lineNumber + " has a backslash not followed by \\, n, r or t");
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokenizer == tokenizer && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode() * 31 + tokenizer.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokenizer + ", " + size() + " ids]";
    }
}
