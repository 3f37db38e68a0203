package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Conv1d;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.GlobalMaxPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.MaxPool;
import io.netforge.annotations.Model;
import io.netforge.annotations.Padding;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Sigmoid;
import io.netforge.annotations.Train;

/**
 * Every way a sequence layer places its windows, in one text model for the PyTorch round trip
 * (scripts/torch_roundtrip.py's {@code SpamWindows}): a strided centred convolution, max pooling over time, a causal
 * convolution after which a sigmoid writes 0.5 at padding steps, a valid one, the masked max.
 */
@Model(input = @Input(tokens = 256, vocabulary = 10_000), classes = 2)
@Train(epochs = 1, batchSize = 32, seed = 42)
@Adam(learningRate = 1e-3)
abstract class SpamWindows {
    @Embedding(dimension = 32)
    Layer embed;

    @Conv1d(filters = 32, kernel = 5, stride = 2)
    @Relu
    Layer conv; // 256 -> 128 steps

    @MaxPool(4)
    Layer pool; // 128 -> 32

    @Conv1d(filters = 32, kernel = 2, padding = Padding.CAUSAL)
    @Sigmoid
    Layer causal;

    @Conv1d(filters = 16, kernel = 3, padding = Padding.VALID)
    @Relu
    Layer valid; // 32 -> 30

    @GlobalMaxPool
    Layer max;

    @Dense(2)
    Layer out;
}
