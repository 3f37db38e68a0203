package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalMaxPool;
import io.netforge.annotations.Gru;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Train;

/**
 * A GRU spam filter: the word ids of each mail ({@link Spam#wordIds}), embedded, a GRU's state after every word
 * (padding skipped, zeros there), each feature's largest value over the words, dropout, a dense layer. In PyTorch:
 * {@code nn.Embedding(10000, 32, padding_idx=0)}, {@code nn.GRU(32, 32, batch_first=True)} on the packed sequences and
 * {@code pad_packed_sequence}, the masked max over time, {@code nn.Dropout(0.5)}, {@code nn.Linear(32, 2)}.
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 6, batchSize = 32, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class SpamGru {
    @Embedding(dimension = 32)
    Layer embed;

    @Gru(units = 32, sequences = true)
    Layer rnn;

    @GlobalMaxPool
    @Dropout(0.5)
    Layer pool;

    @Dense(2)
    Layer out;
}
