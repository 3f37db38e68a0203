package io.netforge.text;

import io.netforge.data.Dataset;

/** Datasets made from labelled texts through a {@link Vocabulary}. */
public final class TextDatasets {
    private TextDatasets() {}

    /**
     * Each text as the multi-hot vector of its vocabulary tokens ({@link Vocabulary#multiHot}): a dataset of flat
     * samples of {@code vocabulary.size()} values for a {@code @Dense} classifier, Géron's and Keras' bag of words.
     */
    public static Dataset multiHot(LabeledTexts texts, Vocabulary vocabulary) {
        int v = vocabulary.size();
        float[] features = new float[Math.multiplyExact(texts.size(), v)];
        java.util.stream.IntStream.range(0, texts.size()).parallel().forEach(i -> {
            float[] row = vocabulary.multiHot(texts.texts().get(i));
            System.arraycopy(row, 0, features, i * v, v);
        });
        return Dataset.trusted(
                texts.name(),
                features,
                texts.labels(),
                new int[] {v},
                texts.classes().size());
    }

    /**
     * Each text as the ids of its first {@code length} tokens, padded with 0 at the end ({@link Vocabulary#encode}),
     * stored as floats: a dataset for a model with {@code @Input(tokens = length, vocabulary = vocabulary.size())}.
     * Do not standardize it: the values are ids.
     */
    public static Dataset tokenIds(LabeledTexts texts, Vocabulary vocabulary, int length) {
        float[] features = new float[Math.multiplyExact(texts.size(), length)];
        java.util.stream.IntStream.range(0, texts.size()).parallel().forEach(i -> {
            int[] ids = vocabulary.encode(texts.texts().get(i), length);
            for (int j = 0; j < length; j++) {
                features[i * length + j] = ids[j];
            }
        });
        return Dataset.trusted(
                texts.name(),
                features,
                texts.labels(),
                new int[] {length},
                texts.classes().size());
    }

    /**
     * A language model's data: {@code ids} cut into windows of {@code window} tokens, one after another, each
     * window's step labels the tokens that follow each step (window {@code s} reads {@code ids[s·window …
     * s·window + window)} and its labels are the same span one token later), for a {@code Task.CLASS_PER_STEP} model
     * with {@code @Input(tokens = window, vocabulary = vocabulary)}. The last token has no successor, so it only
     * reads; what is left after the last whole window is dropped. As Karpathy's char-rnn and nanoGPT's batches, and
     * Keras' {@code timeseries_dataset_from_array} with {@code sequence_stride = window}.
     *
     * @throws IllegalArgumentException when the ids hold no whole window or an id is not in {@code [1, vocabulary)}
     */
    public static Dataset nextToken(String name, int[] ids, int window, int vocabulary) {
        if (window < 1) {
            throw new IllegalArgumentException(
                    "Invalid value for `window`. Expected a positive integer. Received: window=" + window);
        }
        int n = (ids.length - 1) / window;
        if (n < 1) {
            throw new IllegalArgumentException(
                    name + ": " + ids.length + " tokens hold no window of " + window + " tokens and their successors");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 1 || ids[i] >= vocabulary) {
                throw new IllegalArgumentException(
                        name + ": token " + i + " has id " + ids[i] + ", not in [1, " + vocabulary + ")");
            }
        }
        float[] features = new float[Math.multiplyExact(n, window)];
        int[] labels = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            features[i] = ids[i];
            labels[i] = ids[i + 1];
        }
        return Dataset.perStep(name, features, new int[] {window}, labels, window, vocabulary);
    }
}
