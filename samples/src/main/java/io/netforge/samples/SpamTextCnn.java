package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Conv1d;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalMaxPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * A convolutional spam filter in the style of Kim (2014), "Convolutional Neural Networks for Sentence
 * Classification": the word ids of each mail ({@link Spam#wordIds}, the first {@value SpamEmbedding#LENGTH} words of a
 * {@value SpamEmbedding#VOCABULARY}-word vocabulary), embedded, 64 filters over windows of 5 words, each filter's
 * strongest match anywhere in the mail (the max over the words that are not padding), dropout, a dense layer. In
 * PyTorch: {@code nn.Embedding(10000, 32, padding_idx=0)}, {@code nn.Conv1d(32, 64, 5, padding=2)} on the transposed
 * sequence, ReLU, the masked max over time, {@code nn.Dropout(0.5)}, {@code nn.Linear(64, 2)}.
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 10, batchSize = 32, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class SpamTextCnn {
    @Embedding(dimension = 32)
    Layer embed;

    @Conv1d(filters = 64, kernel = 5)
    @Relu
    Layer conv;

    @GlobalMaxPool
    @Dropout(0.5)
    Layer pool;

    @Dense(2)
    Layer out;
}
