package io.netforge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.datasets.FashionMnist;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.train.GradientClipping;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import java.io.IOException;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synchronous gradient averaging over 2 Spark partitions ({@code local[2]}) gives the weights of single-process
 * training on the same global batches: 20 steps of batch 64 on real Fashion-MNIST images, a small CNN, to 1e-5.
 */
class SparkEquivalenceTest {
    private static JavaSparkContext sc;
    private static Dataset data;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf()
                .setMaster("local[2]")
                .setAppName("netforge-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        data = FashionMnist.load()
                .train()
                .subset(IntStream.range(0, 20 * 64).toArray(), "fashion[:1280]")
                .standardize();
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    /** 1×28×28 → Conv 4 k5 ReLU → MaxPool 2 → Flatten → Dense 32 ReLU → Dense 10, with an L2 penalty on fc1. */
    static NetGraph cnn(long seed) {
        GraphBuilder g = new GraphBuilder("SparkCnn", seed);
        Node x = g.imageInput(1, 28, 28);
        x = g.conv2d("conv1", x, 4, 5, 1, 0, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("conv1", x);
        x = g.maxPool("pool1", x, 2, 2, 0);
        x = g.flatten("flat", x);
        x = g.dense("fc1", x, 32, true, ParamInit.pytorchDefault(), Penalty.of(0, 1e-3));
        x = g.relu("fc1", x);
        x = g.dense("fc2", x, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static TrainConfig sgd() {
        return TrainConfig.builder()
                .verbose(false)
                .batchSize(64)
                .seed(3)
                .optimizer(new Optimizer.Sgd(0.05, 0.9, 0, false, 1e-4))
                .clipping(GradientClipping.byNorm(5))
                .build();
    }

    static TrainConfig adam() {
        return TrainConfig.builder()
                .verbose(false)
                .batchSize(64)
                .seed(3)
                .optimizer(Optimizer.adam(1e-3))
                .labelSmoothing(0.1)
                .build();
    }

    private static void equivalent(TrainerFactory<Trainer> factory) {
        Trainer single = factory.get();
        SparkTrainer<Trainer> spark = new SparkTrainer<>(sc, factory, 2);
        int[] order = SparkTrainer.permutation(data.size(), 99);
        double maxDiff = 0;
        try {
            for (int s = 0; s < 20; s++) {
                int[] batch = java.util.Arrays.copyOfRange(order, s * 64, (s + 1) * 64);
                float[] x = new float[64 * 784];
                int[] y = new int[64];
                for (int i = 0; i < 64; i++) {
                    System.arraycopy(data.features(batch[i]), 0, x, i * 784, 784);
                    y[i] = data.label(batch[i]);
                }
                double a = single.manual().trainStep(new Batch(x, y, 64, new int[] {1, 28, 28}));
                double b = spark.step(data, batch);
                assertThat(b).as("loss of step %d", s + 1).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-5));
            }
            Map<String, float[]> expected = single.weights();
            Map<String, float[]> actual = spark.trainer().weights();
            for (String name : expected.keySet()) {
                float[] e = expected.get(name);
                float[] g = actual.get(name);
                for (int i = 0; i < e.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(e[i] - g[i]));
                }
            }
            // the weights moved: the comparison is not between two untouched initializations
            assertThat(maxAbsDifference(expected, factory.get().weights())).isGreaterThan(1e-2);
        } finally {
            spark.close();
        }
        System.out.printf("2 partitions vs one process after 20 steps: max |w difference| = %.2e%n", maxDiff);
        assertThat(maxDiff).isLessThan(1e-5);
    }

    private static double maxAbsDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double m = 0;
        for (String k : a.keySet()) {
            for (int i = 0; i < a.get(k).length; i++) {
                m = Math.max(m, Math.abs(a.get(k)[i] - b.get(k)[i]));
            }
        }
        return m;
    }

    /** Made in static methods, so the trainers capture no test instance and ship to executors. */
    static Trainer sgdTrainer() {
        return new Trainer(sgd(), SparkEquivalenceTest::cnn) {};
    }

    static Trainer adamTrainer() {
        return new Trainer(adam(), SparkEquivalenceTest::cnn) {};
    }

    @Test
    void sgdWithMomentumPenaltyAndClippingMatchesOneProcess() {
        equivalent(SparkEquivalenceTest::sgdTrainer);
    }

    @Test
    void adamWithLabelSmoothingMatchesOneProcess() {
        equivalent(SparkEquivalenceTest::adamTrainer);
    }

    /** Spark sends class labels to its executors: a regression model is refused with what to do instead. */
    @Test
    void aRegressionModelIsRefusedWithWhatToDo() {
        TrainerFactory<Trainer> regression = () -> new Trainer(
                TrainConfig.builder().verbose(false).loss(LossFunction.MSE).build(), seed -> {
                    GraphBuilder g = new GraphBuilder("SparkRegression", seed);
                    Node x = g.dense("out", g.flatInput(2), 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    return g.build(x, 1, LossFunction.MSE, io.netforge.annotations.Task.REGRESSION);
                }) {};
        SparkTrainer<Trainer> spark = new SparkTrainer<>(sc, regression, 2);
        Dataset numbers = Dataset.regression(
                "numbers", new float[] {0, 1, 1, 0, 2, 2, 3, 1}, new int[] {2}, new float[] {1, 1, 4, 4}, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spark.fit(numbers, null))
                .hasMessageContaining("holds regression targets; Spark training sends class labels");
    }

    /** Spark sends one label per sample: a per-step model's data is refused with what to do instead. */
    @Test
    void perStepDataIsRefusedWithWhatToDo() {
        TrainerFactory<Trainer> perStep =
                () -> new Trainer(TrainConfig.builder().verbose(false).build(), seed -> {
                    GraphBuilder g = new GraphBuilder("SparkPerStep", seed);
                    Node x = g.embedding("embed", g.tokenInput(2, 4), 3);
                    x = g.dense("out", x, 4, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    return g.build(
                            x, 4, LossFunction.SOFTMAX_CROSS_ENTROPY, io.netforge.annotations.Task.CLASS_PER_STEP);
                }) {};
        SparkTrainer<Trainer> spark = new SparkTrainer<>(sc, perStep, 2);
        Dataset next = Dataset.perStep(
                "next", new float[] {1, 2, 3, 1, 2, 3, 1, 2}, new int[] {2}, new int[] {2, 3, 1, 2, 3, 1, 2, -1}, 2, 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spark.fit(next, null))
                .hasMessageContaining("dataset 'next' has a label per step; Spark training sends one class label per"
                        + " sample to its executors, so train a per-step model with fit() on one machine");
    }

    @Test
    void shardsSplitTheDataContiguously() {
        Shard a = Shard.of(data, 0, 0, 10);
        Batch b = a.select(new int[] {12, 3, 9, 40, 0});
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.labels()).containsExactly(data.label(3), data.label(9), data.label(0));
        assertThat(a.select(new int[] {10, 11})).isNull();
    }
}
