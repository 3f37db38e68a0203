package io.netforge.samples;

import io.netforge.data.Splits;
import io.netforge.text.Characters;
import io.netforge.text.TextDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Moby Dick's story as next-character windows of {@link MobyDickLstm#WINDOW}, the language models' data: the first 90 %
 * of its characters for training, the next 5 % for validation, the last 5 % for testing (a text is cut in its order,
 * as a series), with the characters the ids stand for.
 *
 * @param splits the windows
 * @param characters the vocabulary
 */
public record MobyWindows(Splits splits, Characters characters) {
    /** From {@code dir} (null: {@code $NETFORGE_DATA/moby-dick}, which {@code scripts/setup.sh} fills). */
    public static MobyWindows load(Path dir) {
        try {
            String text = dir == null ? io.netforge.datasets.MobyDick.text() : io.netforge.datasets.MobyDick.text(dir);
            Characters chars = Characters.of(text);
            int[] ids = chars.encode(text);
            int train = (int) (ids.length * 0.9);
            int validation = (int) (ids.length * 0.95);
            return new MobyWindows(
                    new Splits(
                            windows(chars, "moby-dick/train", Arrays.copyOfRange(ids, 0, train)),
                            windows(chars, "moby-dick/validation", Arrays.copyOfRange(ids, train, validation)),
                            windows(chars, "moby-dick/test", Arrays.copyOfRange(ids, validation, ids.length))),
                    chars);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static io.netforge.data.Dataset windows(Characters chars, String name, int[] part) {
        return TextDatasets.nextToken(name, part, MobyDickLstm.WINDOW, chars.size());
    }
}
