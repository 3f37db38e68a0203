package io.netforge.train;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import java.io.IOException;
import java.util.stream.IntStream;

/** Small slices of the real Fashion-MNIST (Debian's files) and a small CNN for it, for checkpoint and inference tests. */
final class FashionSubset {
    private static Splits all;

    private FashionSubset() {}

    static synchronized Splits all() throws IOException {
        if (all == null) {
            all = FashionMnist.load();
        }
        return all;
    }

    /** The first {@code n} training images starting at {@code from}. */
    static Dataset train(int from, int n) throws IOException {
        return all().train()
                .subset(IntStream.range(from, from + n).toArray(), "fashion-train[" + from + ":" + (from + n) + "]");
    }

    static Dataset test(int n) throws IOException {
        return all().test().subset(IntStream.range(0, n).toArray(), "fashion-test[:" + n + "]");
    }

    /** 1×28×28 → Conv 6 k5 BN ReLU → MaxPool 2 → SpatialDropout 0.1 → Conv 12 k3 ReLU → MaxPool 2 → Flatten → Dropout 0.3 → Dense 10. */
    static NetGraph cnn(long seed) {
        GraphBuilder g = new GraphBuilder("FashionCnn", seed);
        Node x = g.imageInput(1, 28, 28);
        x = g.conv2d("conv1", x, 6, 5, 1, 0, true, ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0), Penalty.NONE);
        x = g.batchNorm("bn1", x, 0.1, 1e-5);
        x = g.relu("conv1", x);
        x = g.maxPool("pool1", x, 2, 2, 0);
        x = g.spatialDropout("pool1", x, 0.1);
        x = g.conv2d("conv2", x, 12, 3, 1, 0, true, ParamInit.pytorchDefault(), Penalty.of(0, 1e-4));
        x = g.relu("conv2", x);
        x = g.maxPool("pool2", x, 2, 2, 0);
        x = g.flatten("flat", x);
        x = g.dropout("fc", x, 0.3);
        x = g.dense("fc", x, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }
}
