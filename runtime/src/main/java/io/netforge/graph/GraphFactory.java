package io.netforge.graph;

import io.netforge.annotations.LossFunction;

/** Builds a model's graph: what a generated {@code <Model>Graph::build} is to the trainer. */
@FunctionalInterface
public interface GraphFactory {
    /**
     * Builds the model's graph.
     *
     * @param seed draws the initial weights
     * @param loss the loss the training branch computes
     */
    NetGraph build(long seed, LossFunction loss);
}
