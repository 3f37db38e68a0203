package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalAvgPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * A spam filter that learns a vector for every word (fastText's and Keras' "embedding, average, dense" text
 * classifier): each e-mail of the SpamAssassin corpus is the ids of its first {@value #LENGTH} words in a vocabulary of
 * {@value #VOCABULARY} built on the training split ({@link Spam}), padded with 0; the embedding's vectors are averaged
 * over the words that are not padding. In PyTorch: {@code nn.Embedding(10000, 32, padding_idx=0)}, the mean over the
 * non-padding steps, {@code nn.Linear(32, 32)}, ReLU, {@code nn.Dropout(0.3)}, {@code nn.Linear(32, 2)}.
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 10, batchSize = 32, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class SpamEmbedding {
    /** Words read per mail (subject first); longer mails are cut, shorter ones padded. */
    public static final int LENGTH = 256;

    /** Word ids, the padding and unknown tokens included. */
    public static final int VOCABULARY = 10_000;

    @Embedding(dimension = 32)
    Layer embed;

    @GlobalAvgPool
    Layer pool;

    @Dense(32)
    @Relu
    @Dropout(0.3)
    Layer hidden;

    @Dense(2)
    Layer out;
}
