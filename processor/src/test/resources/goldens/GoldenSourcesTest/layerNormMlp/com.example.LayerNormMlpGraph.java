package com.example;

import io.netforge.annotations.LossFunction;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.summary.LayerSummary;
import io.netforge.summary.Summary;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The SameDiff graph of {@link LayerNormMlp}: input 20, 4 classes, 932 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class LayerNormMlpGraph {
    /**
     * The compile-time summary of {@link LayerNormMlp}: layers, output shapes, parameters, memory and FLOPs.
     */
    public static final Summary SUMMARY = new Summary("LayerNormMlp", List.of(20), 4, List.of(
            new LayerSummary("fc1", "Dense+LayerNorm+Relu", List.of(32), 736L, 0L, 1568L),
            new LayerSummary("norm", "LayerNorm", List.of(32), 64L, 0L, 224L),
            new LayerSummary("out", "Dense", List.of(4), 132L, 0L, 260L)
    ),
            132L,
            "LayerNormMlp: input 20, 4 classes\n"
                    + "-----------------------------------------------------------\n"
                    + "Layer (type)                 Output shape   Param #   FLOPs\n"
                    + "===========================================================\n"
                    + "fc1 (Dense+LayerNorm+Relu)   32                 736   1,568\n"
                    + "norm (LayerNorm)             32                  64     224\n"
                    + "out (Dense)                  4                  132     260\n"
                    + "===========================================================\n"
                    + "Trainable params: 932\n"
                    + "Non-trainable params: 0 (BatchNorm running mean and variance)\n"
                    + "Total params: 932\n"
                    + "Parameter memory: 0.00 MiB (3,728 bytes)\n"
                    + "Forward activations per sample: 0.00 MiB (528 bytes)\n"
                    + "Forward FLOPs per sample: 2,052 (2.05 KFLOPs)\n"
                    + "-----------------------------------------------------------\n");

    private LayerNormMlpGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link LayerNormMlp} with its declared loss; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Builds the SameDiff graph of {@link LayerNormMlp} training with {@code loss}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed, LossFunction loss) {
        GraphBuilder g = new GraphBuilder("LayerNormMlp", seed);
        Node x = g.flatInput(20);
        // fc1: 20 -> 32
        x = g.dense("fc1", x, 32, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("fc1", x, 1.0E-5);
        x = g.relu("fc1", x);
        // norm: 32 -> 32
        x = g.layerNorm("norm", x, 0.001);
        // out: 32 -> 4
        x = g.dense("out", x, 4, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 4, loss);
    }

    /**
     * {@link LayerNormMlp} with each layer field set to its row of {@link #SUMMARY}.
     */
    static final class Layers extends LayerNormMlp {
        Layers() {
            this.fc1 = LayerNormMlpGraph.SUMMARY.layer("fc1");
            this.norm = LayerNormMlpGraph.SUMMARY.layer("norm");
            this.out = LayerNormMlpGraph.SUMMARY.layer("out");
        }
    }
}
