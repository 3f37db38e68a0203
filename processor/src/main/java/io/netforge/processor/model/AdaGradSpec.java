package io.netforge.processor.model;

/** {@code @AdaGrad}, PyTorch semantics. */
public record AdaGradSpec(
        double learningRate, double lrDecay, double weightDecay, double initialAccumulator, double eps)
        implements OptimizerSpec {}
