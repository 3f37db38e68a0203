package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.LayerNorm;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * An MLP with layer normalization after each hidden layer, on the scikit-learn digits: PyTorch's
 * {@code nn.Sequential(nn.Linear(64, 128), nn.LayerNorm(128), nn.ReLU(), nn.Linear(128, 64), nn.LayerNorm(64),
 * nn.ReLU(), nn.Linear(64, 10))}, 17,610 parameters. LayerNorm uses no batch statistics, so it trains the same with
 * any batch size, batch 1 included.
 */
@Model(input = @Input(features = 64), classes = 10)
@Train(epochs = 30, batchSize = 32, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class DigitsLayerNorm {
    @Dense(128)
    @LayerNorm
    @Relu
    Layer fc1;

    @Dense(64)
    @LayerNorm
    @Relu
    Layer fc2;

    @Dense(10)
    Layer logits;
}
