package com.example;

import io.netforge.annotations.Bidirectional;
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
 * The SameDiff graph of {@link RecurrentClassifier}: input 40 token ids, 2 classes, 11,714 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class RecurrentClassifierGraph {
    /**
     * The compile-time summary of {@link RecurrentClassifier}: layers, output shapes, parameters, memory and FLOPs.
     */
    public static final Summary SUMMARY = new Summary("RecurrentClassifier", List.of(40), 2, List.of(
            new LayerSummary("embed", "Embedding", List.of(40, 16), 8000L, 0L, 0L),
            new LayerSummary("rnn", "Lstm+Dropout", List.of(40, 24), 2880L, 0L, 224640L),
            new LayerSummary("last", "Gru", List.of(8), 816L, 0L, 64640L),
            new LayerSummary("out", "Dense", List.of(2), 18L, 0L, 34L)
    ),
            8642L,
            "RecurrentClassifier: input 40 token ids, 2 classes\n"
                    + "---------------------------------------------------------------\n"
                    + "Layer (type)         Output shape             Param #     FLOPs\n"
                    + "===============================================================\n"
                    + "embed (Embedding)    40×16 (steps×features)     8,000         0\n"
                    + "rnn (Lstm+Dropout)   40×24 (steps×features)     2,880   224,640\n"
                    + "last (Gru)           8                            816    64,640\n"
                    + "out (Dense)          2                             18        34\n"
                    + "===============================================================\n"
                    + "Trainable params: 11,714\n"
                    + "Non-trainable params: 0 (BatchNorm running mean and variance)\n"
                    + "Total params: 11,714\n"
                    + "Parameter memory: 0.04 MiB (46,856 bytes)\n"
                    + "Forward activations per sample: 0.03 MiB (34,568 bytes)\n"
                    + "Forward FLOPs per sample: 289,314 (289.31 KFLOPs)\n"
                    + "---------------------------------------------------------------\n");

    private RecurrentClassifierGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link RecurrentClassifier} with its declared loss; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Builds the SameDiff graph of {@link RecurrentClassifier} training with {@code loss}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed, LossFunction loss) {
        GraphBuilder g = new GraphBuilder("RecurrentClassifier", seed);
        Node x = g.tokenInput(40, 500);
        // embed: 40 token ids -> 40×16 (steps×features)
        x = g.embedding("embed", x, 16);
        // rnn: 40×16 (steps×features) -> 40×24 (steps×features)
        x = g.lstm("rnn", x, 12, true, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dropout("rnn", x, 0.2);
        // last: 40×24 (steps×features) -> 8
        x = g.gru("last", x, 8, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        // out: 8 -> 2
        x = g.dense("out", x, 2, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 2, loss);
    }

    /**
     * {@link RecurrentClassifier} with each layer field set to its row of {@link #SUMMARY}.
     */
    static final class Layers extends RecurrentClassifier {
        Layers() {
            this.embed = RecurrentClassifierGraph.SUMMARY.layer("embed");
            this.rnn = RecurrentClassifierGraph.SUMMARY.layer("rnn");
            this.last = RecurrentClassifierGraph.SUMMARY.layer("last");
            this.out = RecurrentClassifierGraph.SUMMARY.layer("out");
        }
    }
}
