package io.netforge.processor.model;

/** {@code @Adam}, PyTorch semantics. */
public record AdamSpec(double learningRate, double beta1, double beta2, double eps, double weightDecay)
        implements OptimizerSpec {
    /** The optimizer of a model that declares none: {@code @Adam}'s defaults. */
    public static final AdamSpec DEFAULT = new AdamSpec(1e-3, 0.9, 0.999, 1e-8, 0);
}
