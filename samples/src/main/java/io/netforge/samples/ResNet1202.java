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
 * The deepest network of the ResNet paper's CIFAR-10 experiments (He et al. 2016, section 4.2): 6n + 2 layers with
 * n = 200, three stages of 200 basic blocks at widths 16, 32 and 64, 19.4 M parameters. Over 1,800 generated layers
 * and summary rows: the processor writes its graph builder in several methods so that it compiles (a JVM method
 * holds at most 64 KB). Training it on a CPU takes seconds per step even at batch 2; it is here to show that a
 * model of this depth compiles, builds and trains (ResNet1202Test).
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
@Train(epochs = 1, batchSize = 2, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class ResNet1202 {
    @Conv(filters = 16, kernel = 3, padding = 1, bias = false)
    @BatchNorm
    @Relu
    Layer stem;

    @Blocks(value = ResidualBlock.class, width = 16, repeat = 200)
    Layer layer1;

    @Blocks(value = ResidualBlock.class, width = 32, stride = 2, repeat = 200)
    Layer layer2;

    @Blocks(value = ResidualBlock.class, width = 64, stride = 2, repeat = 200)
    Layer layer3;

    @GlobalAvgPool
    Layer gap;

    @Dense(10)
    Layer fc;
}
