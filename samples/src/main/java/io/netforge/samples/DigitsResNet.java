package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.BatchNorm;
import io.netforge.annotations.Blocks;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Dense;
import io.netforge.annotations.GlobalAvgPool;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/** A small residual network for the 8×8 digits: a 16-filter stem, a block of 16 and a strided block of 32 (projection shortcut). */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 10)
@Train(epochs = 15, batchSize = 32, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class DigitsResNet {
    @Conv(filters = 16, kernel = 3, padding = 1, bias = false)
    @BatchNorm
    @Relu
    Layer stem;

    @Blocks(value = ResidualBlock.class, width = 16)
    Layer layer1;

    @Blocks(value = ResidualBlock.class, width = 32, stride = 2)
    Layer layer2;

    @GlobalAvgPool
    Layer gap;

    @Dense(10)
    Layer fc;
}
