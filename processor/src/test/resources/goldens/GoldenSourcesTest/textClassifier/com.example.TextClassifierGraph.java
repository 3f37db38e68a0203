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
 * The SameDiff graph of {@link TextClassifier}: input 50 token ids, 2 classes, 16,154 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class TextClassifierGraph {
    /**
     * The compile-time summary of {@link TextClassifier}: layers, output shapes, parameters, memory and FLOPs.
     */
    public static final Summary SUMMARY = new Summary("TextClassifier", List.of(50), 2, List.of(
            new LayerSummary("embed", "Embedding+Dropout", List.of(50, 16), 16000L, 0L, 0L),
            new LayerSummary("pool", "GlobalAvgPool", List.of(16), 0L, 0L, 816L),
            new LayerSummary("hidden", "Dense+Relu", List.of(8), 136L, 0L, 272L),
            new LayerSummary("out", "Dense", List.of(2), 18L, 0L, 34L)
    ),
            834L,
            "TextClassifier: input 50 token ids, 2 classes\n"
                    + "--------------------------------------------------------------------\n"
                    + "Layer (type)                Output shape             Param #   FLOPs\n"
                    + "====================================================================\n"
                    + "embed (Embedding+Dropout)   50×16 (steps×features)    16,000       0\n"
                    + "pool (GlobalAvgPool)        16                             0     816\n"
                    + "hidden (Dense+Relu)         8                            136     272\n"
                    + "out (Dense)                 2                             18      34\n"
                    + "====================================================================\n"
                    + "Trainable params: 16,154\n"
                    + "Non-trainable params: 0 (BatchNorm running mean and variance)\n"
                    + "Total params: 16,154\n"
                    + "Parameter memory: 0.06 MiB (64,616 bytes)\n"
                    + "Forward activations per sample: 0.00 MiB (3,336 bytes)\n"
                    + "Forward FLOPs per sample: 1,122 (1.12 KFLOPs)\n"
                    + "--------------------------------------------------------------------\n");

    private TextClassifierGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link TextClassifier} with its declared loss; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Builds the SameDiff graph of {@link TextClassifier} training with {@code loss}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed, LossFunction loss) {
        GraphBuilder g = new GraphBuilder("TextClassifier", seed);
        Node x = g.tokenInput(50, 1000);
        // embed: 50 token ids -> 50×16 (steps×features)
        x = g.embedding("embed", x, 16);
        x = g.dropout("embed", x, 0.2);
        // pool: 50×16 (steps×features) -> 16
        x = g.globalAvgPool("pool", x);
        // hidden: 16 -> 8
        x = g.dense("hidden", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("hidden", x);
        // out: 8 -> 2
        x = g.dense("out", x, 2, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 2, loss);
    }

    /**
     * {@link TextClassifier} with each layer field set to its row of {@link #SUMMARY}.
     */
    static final class Layers extends TextClassifier {
        Layers() {
            this.embed = TextClassifierGraph.SUMMARY.layer("embed");
            this.pool = TextClassifierGraph.SUMMARY.layer("pool");
            this.hidden = TextClassifierGraph.SUMMARY.layer("hidden");
            this.out = TextClassifierGraph.SUMMARY.layer("out");
        }
    }
}
