package com.example;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import javax.annotation.processing.Generated;

/**
 * The SameDiff graph of {@link SmallCnn}: input 3×32×32, 10 classes, 106,218 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class SmallCnnGraph {
    private SmallCnnGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link SmallCnn}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        GraphBuilder g = new GraphBuilder("SmallCnn", seed);
        Node x = g.imageInput(3, 32, 32);
        // conv1: 3×32×32 -> 16×32×32
        x = g.conv2d("conv1", x, 16, 3, 1, 1, true, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("conv1", x, 0.1, 1.0E-5);
        x = g.relu("conv1", x);
        // pool1: 16×32×32 -> 16×16×16
        x = g.maxPool("pool1", x, 2, 0, 0);
        // conv2: 16×16×16 -> 32×7×7
        x = g.conv2d("conv2", x, 32, 3, 2, 0, false, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("conv2", x, 0.05, 1.0E-5);
        x = g.leakyRelu("conv2", x, 0.1);
        x = g.spatialDropout("conv2", x, 0.1);
        // pool2: 32×7×7 -> 32×7×7
        x = g.avgPool("pool2", x, 3, 1, 1);
        // flat: 32×7×7 -> 1568
        x = g.flatten("flat", x);
        // fc1: 1568 -> 64
        x = g.dense("fc1", x, 64, true, ParamInit.of(WeightInit.NORMAL, 0.0, 0.02, 0.1), Penalty.of(1.0E-5, 0.0));
        x = g.tanh("fc1", x);
        x = g.dropout("fc1", x, 0.25);
        // logits: 64 -> 10
        x = g.dense("logits", x, 10, true, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.NONE);
        x = g.sigmoid("logits", x);
        x = g.softmax("logits", x);
        return g.build(x, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }
}
