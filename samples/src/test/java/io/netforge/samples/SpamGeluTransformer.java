package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalAvgPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.PositionEmbedding;
import io.netforge.annotations.Train;
import io.netforge.annotations.TransformerEncoder;

/**
 * {@link SpamTransformer}'s encoder in BERT's and GPT's variant, for the PyTorch round trip: pre-norm, GELU in the
 * feed-forward network, two layers stacked. In PyTorch {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 2,
 * 32, 0.1, activation="gelu", batch_first=True, norm_first=True), 2)} ({@code scripts/torch_roundtrip.py
 * spam-transformer-gelu}).
 */
@Model(input = @Input(tokens = SpamEmbedding.LENGTH, vocabulary = SpamEmbedding.VOCABULARY), classes = 2)
@Train(epochs = 1, batchSize = 32, seed = 42)
@Adam(learningRate = 2e-3)
public abstract class SpamGeluTransformer {
    @Embedding(dimension = 32)
    Layer embed;

    @PositionEmbedding(sinusoidal = true)
    Layer positions;

    @TransformerEncoder(heads = 2, feedForward = 32, gelu = true, normFirst = true, repeat = 2)
    Layer encoder;

    @GlobalAvgPool
    Layer pool;

    @Dense(2)
    Layer out;
}
