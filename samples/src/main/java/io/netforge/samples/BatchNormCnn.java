package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.BatchNorm;
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
 * The BatchNorm CNN of the training-techniques tutorial: convolutions of 16, 32 and 64 filters, each
 * followed by {@code BatchNorm2d} and ReLU, two max-pools, then Dense 128 and 64 with {@code BatchNorm1d};
 * 434,346 parameters and 608 BatchNorm buffers.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 2, batchSize = 64, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class BatchNormCnn {
    @Conv(filters = 16, kernel = 3, padding = 1)
    @BatchNorm
    @Relu
    Layer conv1;

    @Conv(filters = 32, kernel = 3, padding = 1)
    @BatchNorm
    @Relu
    Layer conv2;

    @MaxPool(2)
    Layer pool1;

    @Conv(filters = 64, kernel = 3, padding = 1)
    @BatchNorm
    @Relu
    Layer conv3;

    @MaxPool(2)
    Layer pool2;

    @Flatten
    Layer flat;

    @Dense(128)
    @BatchNorm
    @Relu
    Layer fc1;

    @Dense(64)
    @BatchNorm
    @Relu
    Layer fc2;

    @Dense(10)
    Layer logits;
}
