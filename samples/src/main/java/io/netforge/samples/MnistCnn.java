package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.MaxPool;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * The MNIST CNN of the standardization tutorial: three 3×3 convolutions (16, 32, 64 filters, padding 1),
 * two 2×2 max-pools, Dense 100, Dense 10; 338,006 parameters. Trained here on Fashion-MNIST.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 2, batchSize = 64, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class MnistCnn {
    @Conv(filters = 16, kernel = 3, padding = 1)
    @Relu
    Layer conv1;

    @Conv(filters = 32, kernel = 3, padding = 1)
    @Relu
    Layer conv2;

    @MaxPool(2)
    Layer pool1;

    @Conv(filters = 64, kernel = 3, padding = 1)
    @Relu
    Layer conv3;

    @MaxPool(2)
    Layer pool2;

    @Flatten
    Layer flat;

    @Dense(100)
    @Relu
    Layer fc1;

    @Dense(10)
    Layer logits;
}
