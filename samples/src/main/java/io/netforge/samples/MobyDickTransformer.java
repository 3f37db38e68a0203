package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.ClipGradients;
import io.netforge.annotations.CosineAnnealingLR;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.LayerNorm;
import io.netforge.annotations.Model;
import io.netforge.annotations.PositionEmbedding;
import io.netforge.annotations.Task;
import io.netforge.annotations.Train;
import io.netforge.annotations.TransformerEncoder;

/**
 * A small GPT of Moby Dick's characters, in nanoGPT's shape: each character's id embedded, its position's learned
 * vector added, two causal pre-norm Transformer layers (four heads, a 256-unit feed-forward network), a final layer
 * norm, the next character's scores at each step. In PyTorch: {@code nn.Embedding(82, 64)} plus {@code
 * nn.Embedding(100, 64)} of the positions, {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4, 256, 0.1,
 * batch_first=True, norm_first=True), 2)} with a causal mask, {@code nn.LayerNorm(64)}, {@code nn.Linear(64, 82)}.
 * Generation keeps each layer's keys and values (docs/attention.md).
 */
@Model(input = @Input(tokens = MobyDickLstm.WINDOW, vocabulary = MobyDickLstm.VOCABULARY), task = Task.CLASS_PER_STEP)
@Train(epochs = 10, batchSize = 64, seed = 42)
@Adam(learningRate = 2e-3)
@CosineAnnealingLR(tMax = 10)
@ClipGradients(maxNorm = 1)
public abstract class MobyDickTransformer {
    @Embedding(dimension = 64)
    Layer embed;

    @PositionEmbedding
    Layer positions;

    @TransformerEncoder(heads = 4, feedForward = 256, normFirst = true, causal = true, repeat = 2)
    Layer blocks;

    @LayerNorm
    Layer norm;

    @Dense(MobyDickLstm.VOCABULARY)
    Layer next;
}
