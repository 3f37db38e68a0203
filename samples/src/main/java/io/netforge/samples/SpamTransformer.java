package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalAvgPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.PositionEmbedding;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;
import io.netforge.annotations.TransformerEncoder;

/**
 * A Transformer spam filter, the Keras example "Text classification with Transformer" on the SpamAssassin mails: each
 * word id embedded, its position's sinusoids added, one encoder layer (two heads of self-attention, a 32-unit
 * feed-forward network, residuals, layer norms), the mean over the words that are not padding, a small classifier. In
 * PyTorch: {@code nn.Embedding(10000, 32)} plus the sinusoids of "Attention Is All You Need" (learned
 * positions, as the Keras example has, reach 97.3 % here: 256 × 32 more parameters to fit on 4,837 mails), {@code
 * nn.TransformerEncoderLayer(32, 2, 32, 0.1, batch_first=True)} with {@code src_key_padding_mask = ids == 0}, a masked
 * mean, {@code nn.Dropout(0.1)}, {@code nn.Linear(32, 20)}, ReLU, {@code nn.Dropout(0.1)}, {@code nn.Linear(20, 2)}.
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 5, batchSize = 32, seed = 42)
@Adam(learningRate = 2e-3)
public abstract class SpamTransformer {
    @Embedding(dimension = 32)
    Layer embed;

    @PositionEmbedding(sinusoidal = true)
    Layer positions;

    @TransformerEncoder(heads = 2, feedForward = 32)
    Layer encoder;

    @GlobalAvgPool
    @Dropout(0.1)
    Layer pool;

    @Dense(20)
    @Relu
    @Dropout(0.1)
    Layer hidden;

    @Dense(2)
    Layer out;
}
