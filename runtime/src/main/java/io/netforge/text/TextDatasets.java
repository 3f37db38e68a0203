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
}
