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
 * The SameDiff graph of {@link TinyResNet}: input 3×8×8, 10 classes, 9,938 trainable parameters.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class TinyResNetGraph {
    /**
     * The compile-time summary of {@link TinyResNet}: layers, output shapes, parameters, memory and FLOPs.
     */
    public static final Summary SUMMARY = new Summary("TinyResNet", List.of(3, 8, 8), 10, List.of(
            new LayerSummary("stem", "Conv+BatchNorm+Relu", List.of(8, 8, 8), 232L, 16L, 30208L),
            new LayerSummary("layer1.0.conv1", "Conv+BatchNorm+Relu", List.of(8, 8, 8), 592L, 16L, 76288L),
            new LayerSummary("layer1.0.conv2", "Conv+BatchNorm", List.of(8, 8, 8), 592L, 16L, 75776L),
            new LayerSummary("layer1.0", "BasicBlock: Add+Relu", List.of(8, 8, 8), 0L, 0L, 1024L),
            new LayerSummary("layer2.0.conv1", "Conv+BatchNorm+Relu", List.of(16, 4, 4), 1184L, 32L, 38144L),
            new LayerSummary("layer2.0.conv2", "Conv+BatchNorm", List.of(16, 4, 4), 2336L, 32L, 74752L),
            new LayerSummary("layer2.0", "BasicBlock: Downsample+Add+Relu", List.of(16, 4, 4), 160L, 32L, 5632L),
            new LayerSummary("layer2.1.conv1", "Conv+BatchNorm+Relu", List.of(16, 4, 4), 2336L, 32L, 75008L),
            new LayerSummary("layer2.1.conv2", "Conv+BatchNorm", List.of(16, 4, 4), 2336L, 32L, 74752L),
            new LayerSummary("layer2.1", "BasicBlock: Add+Relu", List.of(16, 4, 4), 0L, 0L, 512L),
            new LayerSummary("gap", "GlobalAvgPool", List.of(16), 0L, 0L, 272L),
            new LayerSummary("fc", "Dense", List.of(10), 170L, 0L, 330L)
    ),
            8218L,
            "TinyResNet: input 3×8×8, 10 classes\n"
                    + "----------------------------------------------------------------------------\n"
                    + "Layer (type)                                 Output shape   Param #    FLOPs\n"
                    + "============================================================================\n"
                    + "stem (Conv+BatchNorm+Relu)                   8×8×8              232   30,208\n"
                    + "layer1.0.conv1 (Conv+BatchNorm+Relu)         8×8×8              592   76,288\n"
                    + "layer1.0.conv2 (Conv+BatchNorm)              8×8×8              592   75,776\n"
                    + "layer1.0 (BasicBlock: Add+Relu)              8×8×8                0    1,024\n"
                    + "layer2.0.conv1 (Conv+BatchNorm+Relu)         16×4×4           1,184   38,144\n"
                    + "layer2.0.conv2 (Conv+BatchNorm)              16×4×4           2,336   74,752\n"
                    + "layer2.0 (BasicBlock: Downsample+Add+Relu)   16×4×4             160    5,632\n"
                    + "layer2.1.conv1 (Conv+BatchNorm+Relu)         16×4×4           2,336   75,008\n"
                    + "layer2.1.conv2 (Conv+BatchNorm)              16×4×4           2,336   74,752\n"
                    + "layer2.1 (BasicBlock: Add+Relu)              16×4×4               0      512\n"
                    + "gap (GlobalAvgPool)                          16                   0      272\n"
                    + "fc (Dense)                                   10                 170      330\n"
                    + "============================================================================\n"
                    + "Trainable params: 9,938\n"
                    + "Non-trainable params: 208 (BatchNorm running mean and variance)\n"
                    + "Total params: 10,146\n"
                    + "Parameter memory: 0.04 MiB (40,584 bytes)\n"
                    + "Forward activations per sample: 0.03 MiB (32,872 bytes)\n"
                    + "Forward FLOPs per sample: 452,698 (452.70 KFLOPs)\n"
                    + "----------------------------------------------------------------------------\n");

    private TinyResNetGraph() {
    }

    /**
     * Builds the SameDiff graph of {@link TinyResNet} with its declared loss; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed) {
        return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Builds the SameDiff graph of {@link TinyResNet} training with {@code loss}; parameters drawn from {@code seed}.
     */
    public static NetGraph build(long seed, LossFunction loss) {
        GraphBuilder g = new GraphBuilder("TinyResNet", seed);
        Node x = g.imageInput(3, 8, 8);
        Node skip;
        // stem: 3×8×8 -> 8×8×8
        x = g.conv2d("stem", x, 8, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("stem", x, 0.1, 1.0E-5);
        x = g.relu("stem", x);
        skip = x;
        // layer1.0.conv1: 8×8×8 -> 8×8×8
        x = g.conv2d("layer1.0.conv1", x, 8, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer1.0.conv1", x, 0.1, 1.0E-5);
        x = g.relu("layer1.0.conv1", x);
        // layer1.0.conv2: 8×8×8 -> 8×8×8
        x = g.conv2d("layer1.0.conv2", x, 8, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer1.0.conv2", x, 0.1, 1.0E-5);
        // layer1.0: 8×8×8 -> 8×8×8
        x = g.add("layer1.0", x, skip);
        x = g.relu("layer1.0", x);
        skip = x;
        // layer2.0.conv1: 8×8×8 -> 16×4×4
        x = g.conv2d("layer2.0.conv1", x, 16, 3, 2, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer2.0.conv1", x, 0.1, 1.0E-5);
        x = g.relu("layer2.0.conv1", x);
        // layer2.0.conv2: 16×4×4 -> 16×4×4
        x = g.conv2d("layer2.0.conv2", x, 16, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer2.0.conv2", x, 0.1, 1.0E-5);
        // layer2.0: 16×4×4 -> 16×4×4
        x = g.add("layer2.0", x, g.batchNorm("layer2.0.downsample", g.conv2d("layer2.0.downsample", skip, 16, 1, 2, 0, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4)), 0.1, 1e-5));
        x = g.relu("layer2.0", x);
        skip = x;
        // layer2.1.conv1: 16×4×4 -> 16×4×4
        x = g.conv2d("layer2.1.conv1", x, 16, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer2.1.conv1", x, 0.1, 1.0E-5);
        x = g.relu("layer2.1.conv1", x);
        // layer2.1.conv2: 16×4×4 -> 16×4×4
        x = g.conv2d("layer2.1.conv2", x, 16, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        x = g.batchNorm("layer2.1.conv2", x, 0.1, 1.0E-5);
        // layer2.1: 16×4×4 -> 16×4×4
        x = g.add("layer2.1", x, skip);
        x = g.relu("layer2.1", x);
        // gap: 16×4×4 -> 16
        x = g.globalAvgPool("gap", x);
        // fc: 16 -> 10
        x = g.dense("fc", x, 10, true, ParamInit.pytorchDefault(), Penalty.of(0.0, 1.0E-4));
        return g.build(x, 10, loss);
    }

    /**
     * {@link TinyResNet} with each layer field set to its row of {@link #SUMMARY}.
     */
    static final class Layers extends TinyResNet {
        Layers() {
            this.stem = TinyResNetGraph.SUMMARY.layer("stem");
            this.layer1 = TinyResNetGraph.SUMMARY.group("layer1");
            this.layer2 = TinyResNetGraph.SUMMARY.group("layer2");
            this.gap = TinyResNetGraph.SUMMARY.layer("gap");
            this.fc = TinyResNetGraph.SUMMARY.layer("fc");
        }
    }
}
