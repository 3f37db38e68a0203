package io.netforge.processor.model;

/** {@code @RmsProp}, PyTorch semantics. */
public record RmsPropSpec(
        double learningRate, double alpha, double eps, double weightDecay, double momentum, boolean centered)
        implements OptimizerSpec {}
