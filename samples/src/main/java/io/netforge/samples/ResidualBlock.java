package io.netforge.samples;

import io.netforge.annotations.BatchNorm;
import io.netforge.annotations.Block;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Relu;

/**
 * The tutorial's {@code ResidualBlock} (ResNet-18/34's basic block): conv 3×3 (stride of the stage) - BN -
 * ReLU - conv 3×3 - BN, plus the input, then ReLU. When the stride or the width changes, the processor makes
 * the shortcut a 1×1 convolution with BatchNorm, the tutorial's {@code downsample}.
 */
@Block
public abstract class ResidualBlock {
    @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE, padding = 1, bias = false)
    @BatchNorm
    @Relu
    Layer conv1;

    @Conv(filters = Block.WIDTH, kernel = 3, padding = 1, bias = false)
    @BatchNorm
    Layer conv2;
}
