package com.example;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
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
 * The SameDiff graph of {@link SmallCnn}: input 3×32×32, 10 classes, 108,346 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class SmallCnnGraph {
    /**
     * The compile-time summary of {@link SmallCnn}: layers, output shapes, parameters, memory and FLOPs.
     */
    public static final Summary SUMMARY = new Summary("SmallCnn", List.of(3, 32, 32), 10, List.of(
            new LayerSummary("conv1", "Conv+BatchNorm+Relu", List.of(16, 32, 32), 480L, 32L, 983040L),
            new LayerSummary("pool1", "MaxPool", List.of(16, 16, 16), 0L, 0L, 16384L),
            new LayerSummary("conv2", "Conv+BatchNorm+LeakyRelu+SpatialDropout", List.of(32, 7, 7), 4672L, 64L, 459424L),
            new LayerSummary("pool2", "AvgPool", List.of(32, 7, 7), 0L, 0L, 15680L),
            new LayerSummary("flat", "Flatten", List.of(1568), 0L, 0L, 0L),
            new LayerSummary("fc1", "Dense+Tanh+Dropout", List.of(64), 100416L, 0L, 200832L),
            new LayerSummary("fc2", "Dense+Sigmoid", List.of(32), 2080L, 0L, 4160L),
            new LayerSummary("fc3", "Dense+Softmax", List.of(16), 528L, 0L, 1088L),
            new LayerSummary("logits", "Dense", List.of(10), 170L, 0L, 330L)
    ),
            59754L,
            "SmallCnn: input 3×32×32, 10 classes\n"
                    + "----------------------------------------------------------------------------------\n"
                    + "Layer (type)                                      Output shape   Param #     FLOPs\n"
                    + "==================================================================================\n"
                    + "conv1 (Conv+BatchNorm+Relu)                       16×32×32           480   983,040\n"
                    + "pool1 (MaxPool)                                   16×16×16             0    16,384\n"
                    + "conv2 (Conv+BatchNorm+LeakyRelu+SpatialDropout)   32×7×7           4,672   459,424\n"
                    + "pool2 (AvgPool)                                   32×7×7               0    15,680\n"
                    + "flat (Flatten)                                    1568                 0         0\n"
                    + "fc1 (Dense+Tanh+Dropout)                          64             100,416   200,832\n"
                    + "fc2 (Dense+Sigmoid)                               32               2,080     4,160\n"
                    + "fc3 (Dense+Softmax)                               16                 528     1,088\n"
                    + "logits (Dense)                                    10                 170       330\n"
                    + "==================================================================================\n"
                    + "Trainable params: 108,346\n"
                    + "Non-trainable params: 96 (BatchNorm running mean and variance)\n"
                    + "Total params: 108,442\n"
                    + "Parameter memory: 0.41 MiB (433,768 bytes)\n"
                    + "Forward activations per sample: 0.23 MiB (239,016 bytes)\n"
                    + "Forward FLOPs per sample: 1,680,938 (1.68 MFLOPs)\n"
                    + "----------------------------------------------------------------------------------\n");

    private SmallCnnGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link SmallCnn} with its declared loss; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Builds the SameDiff graph of {@link SmallCnn} training with {@code loss}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed, LossFunction loss) {
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
        // fc2: 64 -> 32
        x = g.dense("fc2", x, 32, true, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.of(0.0, 1.0E-4));
        x = g.sigmoid("fc2", x);
        // fc3: 32 -> 16
        x = g.dense("fc3", x, 16, true, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.of(0.0, 1.0E-4));
        x = g.softmax("fc3", x);
        // logits: 16 -> 10
        x = g.dense("logits", x, 10, true, ParamInit.of(WeightInit.HE_NORMAL, 0.0, 0.01, 0.0), Penalty.NONE);
        return g.build(x, 10, loss);
    }

    /**
     * {@link SmallCnn} with each layer field set to its row of {@link #SUMMARY}.
     */
    static final class Layers extends SmallCnn {
        Layers() {
            this.conv1 = SmallCnnGraph.SUMMARY.layer("conv1");
            this.pool1 = SmallCnnGraph.SUMMARY.layer("pool1");
            this.conv2 = SmallCnnGraph.SUMMARY.layer("conv2");
            this.pool2 = SmallCnnGraph.SUMMARY.layer("pool2");
            this.flat = SmallCnnGraph.SUMMARY.layer("flat");
            this.fc1 = SmallCnnGraph.SUMMARY.layer("fc1");
            this.fc2 = SmallCnnGraph.SUMMARY.layer("fc2");
            this.fc3 = SmallCnnGraph.SUMMARY.layer("fc3");
            this.logits = SmallCnnGraph.SUMMARY.layer("logits");
        }
    }
}
