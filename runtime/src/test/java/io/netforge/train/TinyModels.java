package io.netforge.train;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import java.util.Random;
import java.util.function.LongFunction;

/** Small hand-written models and synthetic data for trainer tests (generated models are tested in samples). */
final class TinyModels {
    private TinyModels() {}

    static Trainer trainer(TrainConfig config, LongFunction<NetGraph> graph) {
        return new Trainer(config, graph) {};
    }

    /** 2 features → Dense 16 ReLU BatchNorm Dropout 0.2 → Dense 3. */
    static NetGraph mlp(long seed) {
        GraphBuilder g = new GraphBuilder("TinyMlp", seed);
        Node x = g.flatInput(2);
        x = g.dense("fc1", x, 16, true, ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0), Penalty.of(0, 1e-4));
        x = g.relu("fc1", x);
        x = g.batchNorm("fc1", x, 0.1, 1e-5);
        x = g.dropout("fc1", x, 0.2);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /** 1×8×8 → Conv 4 k3 p1 BN ReLU → MaxPool 2 → SpatialDropout → Flatten → Dense 3. */
    static NetGraph cnn(long seed) {
        return cnn(seed, 0.1);
    }

    /** {@link #cnn(long)} with spatial dropout {@code p} (0: none). */
    static NetGraph cnn(long seed, double spatialDropout) {
        GraphBuilder g = new GraphBuilder("TinyCnn", seed);
        Node x = g.imageInput(1, 8, 8);
        x = g.conv2d("conv1", x, 4, 3, 1, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.batchNorm("conv1", x, 0.1, 1e-5);
        x = g.relu("conv1", x);
        x = g.maxPool("pool1", x, 2, 0, 0);
        x = g.spatialDropout("pool1", x, spatialDropout);
        x = g.flatten("flat", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /** Three Gaussian blobs in 2-D, well separated. */
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n * 2];
        int[] y = new int[n];
        double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            f[2 * i] = (float) (centers[y[i]][0] + 0.6 * r.nextGaussian());
            f[2 * i + 1] = (float) (centers[y[i]][1] + 0.6 * r.nextGaussian());
        }
        return new Dataset("blobs", f, y, new int[] {2}, 3);
    }

    /** 8×8 images whose class is the quadrant-free position of a bright bar: row, column or diagonal. */
    static Dataset bars(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            int k = r.nextInt(8);
            for (int j = 0; j < 8; j++) {
                int row = y[i] == 0 ? k : j;
                int col = y[i] == 1 ? k : j;
                if (y[i] == 2) {
                    row = j;
                    col = j;
                }
                f[i * 64 + row * 8 + col] = 1f;
            }
            for (int p = 0; p < 64; p++) {
                f[i * 64 + p] += (float) (0.1 * r.nextGaussian());
            }
        }
        return new Dataset("bars", f, y, new int[] {1, 8, 8}, 3);
    }
}
