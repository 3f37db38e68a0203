package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.BatchNorm;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.MaxPool;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * The tutorials' small CIFAR-10 CNN: conv 6@5×5, BN, pool, conv 16@5×5, BN, pool, Dense 120, Dropout 0.5,
 * Dense 64, Dense 10; 59,430 parameters on 3×32×32 input.
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
@Train(epochs = 10, batchSize = 32, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class CifarCnn {
    @Conv(filters = 6, kernel = 5)
    @BatchNorm
    @Relu
    Layer conv1;

    @MaxPool(2)
    Layer pool1;

    @Conv(filters = 16, kernel = 5)
    @BatchNorm
    @Relu
    Layer conv2;

    @MaxPool(2)
    Layer pool2;

    @Flatten
    Layer flat;

    @Dense(120)
    @Relu
    @Dropout(0.5)
    Layer fc1;

    @Dense(64)
    @Relu
    Layer fc2;

    @Dense(10)
    Layer fc3;
}
