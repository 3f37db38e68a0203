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

/**
 * The tutorial's CIFAR-style ResNet-18: a 3×3 stem of 64 filters, four stages of two {@link ResidualBlock}s
 * (64, 128, 256, 512 wide, stride 2 from the second stage), a 4×4 average pool and a dense layer;
 * 11,173,962 parameters on 3×32×32 input, as PyTorch counts them.
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
@Train(epochs = 1, batchSize = 32, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class ResNet18 {
    @Conv(filters = 64, kernel = 3, padding = 1, bias = false)
    @BatchNorm
    @Relu
    Layer base;

    @Blocks(value = ResidualBlock.class, width = 64, repeat = 2)
    Layer layer1;

    @Blocks(value = ResidualBlock.class, width = 128, stride = 2, repeat = 2)
    Layer layer2;

    @Blocks(value = ResidualBlock.class, width = 256, stride = 2, repeat = 2)
    Layer layer3;

    @Blocks(value = ResidualBlock.class, width = 512, stride = 2, repeat = 2)
    Layer layer4;

    @GlobalAvgPool
    Layer gap;

    @Dense(10)
    Layer fc;
}
