package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Init;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.MaxPool;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;
import io.netforge.annotations.WeightInit;

/**
 * The deeper CNN of the hyper-parameter tutorial: convolutions of 32, 64 and 128 filters with ReLU and 2×2
 * max-pools (the last one padded, 7×7 → 4×4), then Dense 625 with Xavier-uniform weights and Dropout 0.5,
 * and the output layer; 1,379,557 parameters.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 2, batchSize = 100, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class DeepCnn {
    @Conv(filters = 32, kernel = 3, padding = 1)
    @Relu
    Layer conv1;

    @MaxPool(2)
    Layer pool1;

    @Conv(filters = 64, kernel = 3, padding = 1)
    @Relu
    Layer conv2;

    @MaxPool(2)
    Layer pool2;

    @Conv(filters = 128, kernel = 3, padding = 1)
    @Relu
    Layer conv3;

    @MaxPool(value = 2, padding = 1)
    Layer pool3;

    @Flatten
    Layer flat;

    @Dense(625)
    @Init(WeightInit.XAVIER_UNIFORM)
    @Relu
    @Dropout(0.5)
    Layer fc1;

    @Dense(10)
    @Init(WeightInit.XAVIER_UNIFORM)
    Layer logits;
}
