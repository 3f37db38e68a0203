package io.netforge.graph;

import static io.netforge.graph.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Task;
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
        for (LossFunction f : LossFunction.values()) { // MAE and Huber as regression losses, on the same targets
            GraphBuilder g = new GraphBuilder("F", 3);
            Node x = g.dense("out", g.flatInput(k), k, true, INIT, Penalty.NONE);
            NetGraph net = g.build(
                    x, k, f, f == LossFunction.MAE || f == LossFunction.HUBER ? Task.REGRESSION : Task.CLASSIFICATION);
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
                        case MAE -> Math.signum(xv - tv) / (n * k);
                        case HUBER -> Math.max(-1, Math.min(1, xv - tv)) / (n * k);
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

    /**
     * The regression losses on float targets (a {@link Task#REGRESSION} graph), in double against finite differences:
     * the targets lie away from the outputs by more than the step, so MAE's kink at 0 and Huber's at 1 are not crossed.
     */
    @Test
    void regressionLosses() {
        for (LossFunction f : new LossFunction[] {LossFunction.MSE, LossFunction.MAE, LossFunction.HUBER}) {
            for (int outputs : new int[] {1, 3}) {
                GraphBuilder g = new GraphBuilder("R", 7, DataType.DOUBLE);
                Node x = g.tanh("a", g.dense("fc", g.flatInput(5), 6, true, INIT, Penalty.NONE));
                x = g.dense("out", x, outputs, true, INIT, Penalty.NONE);
                NetGraph net = g.build(x, outputs, f, Task.REGRESSION);
                Map<String, INDArray> feed = new HashMap<>();
                feed.put(GraphBuilder.INPUT, randn(1, N, 5).muli(2));
                // outputs stay within about ±2; targets at ±(0.5..3) put some errors below Huber's 1 and some above
                INDArray t = randn(2, N, outputs).muli(1.5);
                feed.put(GraphBuilder.LABELS, t);
                assertThat(GradientCheck.maxRelativeError(net, feed, 30, 11))
                        .as("%s with %d outputs", f, outputs)
                        .isLessThan(1e-5);
            }
        }
    }

    @Test
    void regressionLossesAreRefusedForAClassifierAndClassLossesForARegressionModel() {
        GraphBuilder g = new GraphBuilder("C", 1);
        Node x = g.dense("out", g.flatInput(3), 2, true, INIT, Penalty.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.build(x, 2, LossFunction.MAE))
                .hasMessageContaining("MAE is a regression loss; declare @Model(task = Task.REGRESSION)");
        GraphBuilder r = new GraphBuilder("R", 1);
        Node y = r.dense("out", r.flatInput(3), 2, true, INIT, Penalty.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> r.build(y, 2, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.REGRESSION))
                .hasMessageContaining("a regression model trains with MSE, MAE or HUBER, not SOFTMAX_CROSS_ENTROPY");
    }

    @Test
    void meanSquaredErrorSmoothed() {
        assertThat(check(LossFunction.MSE, 3, 0.1, true)).isLessThan(1e-5);
    }
}
