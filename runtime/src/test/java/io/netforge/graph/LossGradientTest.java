package io.netforge.graph;

import static io.netforge.graph.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.train.engine.Targets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient checks (double precision) of each loss through dense layers, with one-hot and
 * smoothed targets: a wrong reduction (e.g. a sum where a mean is meant) shows as a gradient off by a factor.
 */
class LossGradientTest {
    private static final int N = 4;
    private static final ParamInit INIT = ParamInit.of(WeightInit.XAVIER_NORMAL, 0, 0, 0.1);

    private static double check(LossFunction loss, int outputs, double smoothing, boolean hidden) {
        GraphBuilder g = new GraphBuilder("T", 7, DataType.DOUBLE);
        Node x = g.flatInput(5);
        if (hidden) {
            x = g.tanh("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE));
        }
        x = g.dense("out", x, outputs, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, outputs, loss);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GraphBuilder.INPUT, randn(1, N, 5).muli(2));
        feed.put(GraphBuilder.LABELS, targets(outputs, smoothing, 5));
        return GradientCheck.maxRelativeError(net, feed, 30, 11);
    }

    /** Labels covering every class (0/1 with one output), as targets {@code [N, outputs]}. */
    static INDArray targets(int outputs, double smoothing, long seed) {
        Random r = new Random(seed);
        int classes = outputs == 1 ? 2 : outputs;
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i < classes ? i : r.nextInt(classes);
        }
        return Nd4j.create(Targets.smoothed(labels, outputs, smoothing), new long[] {N, outputs}, 'c');
    }

    @Test
    void softmaxCrossEntropy() {
        assertThat(check(LossFunction.SOFTMAX_CROSS_ENTROPY, 3, 0, false)).isLessThan(1e-5);
        assertThat(check(LossFunction.SOFTMAX_CROSS_ENTROPY, 3, 0, true)).isLessThan(1e-5);
    }

    @Test
    void softmaxCrossEntropySmoothed() {
        assertThat(check(LossFunction.SOFTMAX_CROSS_ENTROPY, 3, 0.1, true)).isLessThan(1e-5);
    }

    @Test
    void binaryCrossEntropySeveralOutputs() {
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 3, 0, false)).isLessThan(1e-5);
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 3, 0, true)).isLessThan(1e-5);
    }

    @Test
    void binaryCrossEntropySmoothed() {
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 3, 0.2, true)).isLessThan(1e-5);
    }

    @Test
    void binaryCrossEntropyOneOutput() {
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 1, 0, false)).isLessThan(1e-5);
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 1, 0, true)).isLessThan(1e-5);
        assertThat(check(LossFunction.BINARY_CROSS_ENTROPY, 1, 0.1, true)).isLessThan(1e-5);
    }

    @Test
    void meanSquaredError() {
        assertThat(check(LossFunction.MSE, 3, 0, false)).isLessThan(1e-5);
        assertThat(check(LossFunction.MSE, 3, 0, true)).isLessThan(1e-5);
        assertThat(check(LossFunction.MSE, 1, 0, true)).isLessThan(1e-5);
    }

    /**
     * In single precision, the trainer's type: with {@code W = I, b = 0} the logits are the input, and the bias
     * gradient is {@code sum_i dL/dlogits_i}, compared with the closed forms {@code (p - t) / N} (CE),
     * {@code (sigmoid(x) - t) / (N K)} (BCE) and {@code 2 (x - t) / (N K)} (MSE), including saturated logits.
     */
    @Test
    void logitGradientsMatchTheClosedFormsInFloatEvenWhenSaturated() {
        int k = 3;
        float[] logits = {2f, -1f, 0.5f, 40f, -60f, 0f, -0.3f, 0.8f, 0.1f};
        int n = logits.length / k;
        float[] t = Targets.smoothed(new int[] {0, 2, 1}, k, 0.1);
        for (LossFunction f : LossFunction.values()) {
            GraphBuilder g = new GraphBuilder("F", 3);
            Node x = g.dense("out", g.flatInput(k), k, true, INIT, Penalty.NONE);
            NetGraph net = g.build(x, k, f);
            net.sameDiff().getArrForVarName("out/W").assign(Nd4j.eye(k));
            net.sameDiff().getArrForVarName("out/b").assign(0);
            Map<String, INDArray> feed = Map.of(
                    GraphBuilder.INPUT,
                    Nd4j.create(logits, new long[] {n, k}, 'c'),
                    GraphBuilder.LABELS,
                    Nd4j.create(t, new long[] {n, k}, 'c'));
            double[] grad = net.sameDiff()
                    .calculateGradients(feed, "out/b")
                    .get("out/b")
                    .castTo(DataType.DOUBLE)
                    .toDoubleVector();
            double[] expected = new double[k];
            for (int i = 0; i < n; i++) {
                double[] p = new double[k];
                double max = Math.max(logits[i * k], Math.max(logits[i * k + 1], logits[i * k + 2]));
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    p[j] = Math.exp(logits[i * k + j] - max);
                    sum += p[j];
                }
                for (int j = 0; j < k; j++) {
                    double xv = logits[i * k + j];
                    double tv = t[i * k + j];
                    expected[j] += switch (f) {
                        case SOFTMAX_CROSS_ENTROPY -> (p[j] / sum - tv) / n;
                        case BINARY_CROSS_ENTROPY -> (1 / (1 + Math.exp(-xv)) - tv) / (n * k);
                        case MSE -> 2 * (xv - tv) / (n * k);
                    };
                }
            }
            for (int j = 0; j < k; j++) {
                assertThat(grad[j])
                        .as("%s dL/db[%d]", f, j)
                        .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    @Test
    void meanSquaredErrorSmoothed() {
        assertThat(check(LossFunction.MSE, 3, 0.1, true)).isLessThan(1e-5);
    }
}
