package io.netforge.train.state;

import io.netforge.io.WeightsFile;
import io.netforge.io.WeightsFormatException;
import io.netforge.text.Characters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A language model's character vocabulary as an entry of its weights file and checkpoint, {@value #NAME}: the
 * characters of ids 1, 2, … as their UTF-16 code units, one float each (exact below 2²⁴). With it a saved model
 * generates text from text ({@code Predictor.generate(String, …)}) on its own, as a saved Keras model keeps its
 * {@code StringLookup} layer.
 */
public final class TokenCharacters {
    /** The entry's name; not a variable of the model. */
    public static final String NAME = "vocabulary/characters";

    private TokenCharacters() {}

    /** The entry of {@code characters}; none for null. */
    public static List<WeightsFile.Entry> entries(Characters characters) {
        if (characters == null) {
            return List.of();
        }
        String s = characters.characters();
        float[] values = new float[s.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = s.charAt(i);
        }
        return List.of(new WeightsFile.Entry(NAME, new long[] {values.length}, values));
    }

    /**
     * Removes the entry from {@code byName} and returns its vocabulary, or null without one.
     *
     * @throws WeightsFormatException naming {@code file} when the entry is not a list of distinct characters
     */
    public static Characters take(Map<String, WeightsFile.Entry> byName, Path file) throws WeightsFormatException {
        WeightsFile.Entry e = byName.remove(NAME);
        if (e == null) {
            return null;
        }
        try {
            return of(e.shape(), e.values());
        } catch (IllegalArgumentException bad) {
            throw new WeightsFormatException(file, bad.getMessage());
        }
    }

    /** The vocabulary a checkpoint's model state holds, or null; {@link IllegalArgumentException} when invalid. */
    public static Characters of(State state) {
        return state.has(NAME) ? of(state.shape(NAME), state.floats(NAME)) : null;
    }

    private static Characters of(long[] shape, float[] values) {
        if (shape.length != 1 || values.length == 0) {
            throw new IllegalArgumentException(NAME + " has shape " + java.util.Arrays.toString(shape)
                    + "; expected one code unit per character, [characters]");
        }
        char[] chars = new char[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0 && v <= Character.MAX_VALUE) || v != Math.rint(v)) {
                throw new IllegalArgumentException(NAME + " value " + i + " is " + v + ", not a UTF-16 code unit");
            }
            chars[i] = (char) v;
        }
        try {
            return Characters.ofOrdered(new String(chars));
        } catch (IllegalArgumentException repeated) {
            throw new IllegalArgumentException(NAME + " repeats a character", repeated);
        }
    }

    /** Refuses a vocabulary whose ids are not the classes {@code model} scores at each step. */
    public static void check(ModelState model, Characters characters) {
        if (characters != null
                && (!model.graph().perStep()
                        || characters.size() != model.graph().classes())) {
            throw new IllegalArgumentException(model.name() + " cannot carry a vocabulary of " + characters.size()
                    + " ids (" + (characters.size() - 1) + " characters and the padding): "
                    + (model.graph().perStep()
                            ? "it scores " + model.graph().classes() + " classes at each step"
                            : "it does not score a token at each step"));
        }
    }
}
