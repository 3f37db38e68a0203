package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Lstm;
import io.netforge.annotations.Model;
import io.netforge.annotations.Train;

/**
 * A recurrent spam filter: the word ids of each mail ({@link Spam#wordIds}, the first {@value SpamEmbedding#LENGTH}
 * words of a {@value SpamEmbedding#VOCABULARY}-word vocabulary), embedded, read by an LSTM in each direction (the
 * forward one's state after the last word and the backward one's after the first, side by side; padding is skipped),
 * dropout, a dense layer. In PyTorch: {@code nn.Embedding(10000, 32, padding_idx=0)}, {@code nn.LSTM(32, 32,
 * batch_first=True, bidirectional=True)} on the packed sequences, {@code torch.cat([h_n[0], h_n[1]], 1)}, {@code
 * nn.Dropout(0.5)}, {@code nn.Linear(64, 2)}.
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 6, batchSize = 32, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class SpamLstm {
    @Embedding(dimension = 32)
    Layer embed;

    @Lstm(units = 32, bidirectional = Bidirectional.CONCAT)
    @Dropout(0.5)
    Layer rnn;

    @Dense(2)
    Layer out;
}
