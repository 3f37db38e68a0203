package io.netforge.processor.model;

/** {@code @Sgd}, PyTorch semantics. */
public record SgdSpec(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements OptimizerSpec {}
