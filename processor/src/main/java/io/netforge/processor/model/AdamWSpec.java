package io.netforge.processor.model;

/** {@code @AdamW}, PyTorch semantics (decoupled weight decay). */
public record AdamWSpec(double learningRate, double beta1, double beta2, double eps, double weightDecay)
        implements OptimizerSpec {}
