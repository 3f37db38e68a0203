package io.netforge.processor.model;

/** The optimizer a model declares ({@code @Sgd} or {@code @Adam}); {@link AdamSpec#DEFAULT} when none. */
public sealed interface OptimizerSpec permits SgdSpec, AdamSpec {
    double learningRate();

    double weightDecay();
}
