package io.netforge.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * A character-level vocabulary: each distinct character of a text an id from 1, in the characters' order, and id 0
 * the padding (as {@link Vocabulary}'s {@code <pad>}), so a model over it declares {@code @Input(tokens = …,
 * vocabulary = size())}. Karpathy's char-rnn and the Keras character-level text generation example build theirs the
 * same way: {@code sorted(set(text))}.
 */
public final class Characters {
    private final String characters;
    private final int[] ids = new int[Character.MAX_VALUE + 1];

    private Characters(String characters) {
        this.characters = characters;
        for (int i = 0; i < characters.length(); i++) {
            ids[characters.charAt(i)] = i + 1;
        }
    }

    /** The distinct characters of {@code text}, in code order. */
    public static Characters of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a character vocabulary needs a non-empty text");
        }
        char[] distinct = text.chars()
                .distinct()
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .toCharArray();
        return new Characters(new String(distinct));
    }

    /**
     * The vocabulary whose ids are {@code characters}' positions plus one, as {@link #characters()} returns them (how a
     * saved model carries its vocabulary).
     *
     * @throws IllegalArgumentException when a character repeats or the string is empty
     */
    public static Characters ofOrdered(String characters) {
        Objects.requireNonNull(characters, "characters");
        if (characters.isEmpty() || characters.chars().distinct().count() != characters.length()) {
            throw new IllegalArgumentException(
                    "a character vocabulary needs distinct characters, got \"" + characters + "\"");
        }
        return new Characters(characters);
    }

    /** Ids per token including the padding 0: the model's {@code @Input(vocabulary)}. */
    public int size() {
        return characters.length() + 1;
    }

    /** The characters in id order, id 1 first. */
    public String characters() {
        return characters;
    }

    /** Whether {@code c} has an id. */
    public boolean contains(char c) {
        return ids[c] != 0;
    }

    /** The id of each character of {@code text}. */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (ids[c] == 0) {
                throw new IllegalArgumentException("character " + describe(c) + " at " + i
                        + " is not in the vocabulary of " + characters.length() + " characters");
            }
            out[i] = ids[c];
        }
        return out;
    }

    /** The text of {@code ids}; the padding 0 is left out. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != 0) {
                sb.append(character(ids[i]));
            }
        }
        return sb.toString();
    }

    /** The character of id {@code id} (1 to {@code size() - 1}). */
    public char character(int id) {
        if (id < 1 || id > characters.length()) {
            throw new IllegalArgumentException(
                    "id " + id + " is not a character id (1 to " + characters.length() + ")");
        }
        return characters.charAt(id - 1);
    }

    private static String describe(char c) {
        return c >= ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Characters other && other.characters.equals(characters);
    }

    @Override
    public int hashCode() {
        return characters.hashCode();
    }

    @Override
    public String toString() {
        return "Characters[" + characters.length() + " characters, "
                + Arrays.toString(characters
                        .chars()
                        .limit(12)
                        .mapToObj(c -> describe((char) c))
                        .toArray()) + "…]";
    }
}
