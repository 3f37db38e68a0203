package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.LossFunction;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.Targets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph's loss for a small fixed batch of logits against the formula written out by hand here, and against
 * {@link Losses#loss} averaged over the batch (what evaluation reports).
 */
class LossValueTest {
    private static final int K = 3;
    private static final float[] LOGITS = {
        2.0f, -1.0f, 0.5f, -0.3f, 0.8f, 0.1f, 0.0f, 0.0f, 0.0f, 25f, -30f, 4f,
    };
    private static final int[] LABELS = {0, 2, 1, 1};
    private static final int N = LABELS.length;

    /** A graph whose logits are its input, so the loss sees exactly the values fed. */
    private static double graphLoss(LossFunction f, float[] logits, int outputs, float[] targets, DataType type) {
        int n = logits.length / outputs;
        GraphBuilder g = new GraphBuilder("V", 1, type);
        NetGraph net = g.build(g.flatInput(outputs), outputs, f);
        INDArray x = Nd4j.create(logits, new long[] {n, outputs}, 'c').castTo(type);
        INDArray t = Nd4j.create(targets, new long[] {n, outputs}, 'c').castTo(type);
        return net.sameDiff()
                .output(Map.of(GraphBuilder.INPUT, x, GraphBuilder.LABELS, t), GraphBuilder.LOSS)
                .get(GraphBuilder.LOSS)
                .getDouble(0);
    }

    private static double javaLoss(LossFunction f, float[] logits, int outputs, float[] targets) {
        int n = logits.length / outputs;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Losses.loss(f, logits, i * outputs, outputs, targets, i * outputs);
        }
        return sum / n;
    }

    private static double[] softmax(float[] x, int off) {
        double[] p = new double[K];
        double s = 0;
        for (int j = 0; j < K; j++) {
            p[j] = Math.exp(x[off + j]);
            s += p[j];
        }
        for (int j = 0; j < K; j++) {
            p[j] /= s;
        }
        return p;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void softmaxCrossEntropyIsMeanOverSamplesOfMinusLogTrueClass() {
        double expected = 0;
        for (int i = 0; i < N; i++) {
            expected += -Math.log(softmax(LOGITS, i * K)[LABELS[i]]);
        }
        expected /= N;
        float[] t = Targets.oneHot(LABELS, K);
        assertThat(graphLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t, DataType.DOUBLE))
                .isCloseTo(expected, within(1e-6));
        assertThat(graphLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t, DataType.FLOAT))
                .isCloseTo(expected, within(1e-5));
        assertThat(javaLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t)).isCloseTo(expected, within(1e-9));
        double withLabels = 0;
        for (int i = 0; i < N; i++) {
            withLabels += Losses.loss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, i * K, K, LABELS[i]);
        }
        assertThat(withLabels / N).isCloseTo(expected, within(1e-9));
    }

    @Test
    void labelSmoothingIsPyTorchsFormula() {
        double a = 0.1;
        // PyTorch CrossEntropyLoss(label_smoothing=a): (1 - a) * CE(y) + a * mean_j(-log p_j), averaged over samples
        double expected = 0;
        for (int i = 0; i < N; i++) {
            double[] p = softmax(LOGITS, i * K);
            double uniform = 0;
            for (int j = 0; j < K; j++) {
                uniform += -Math.log(p[j]);
            }
            expected += (1 - a) * -Math.log(p[LABELS[i]]) + a * uniform / K;
        }
        expected /= N;
        float[] t = Targets.smoothed(LABELS, K, a);
        assertThat(graphLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t, DataType.DOUBLE))
                .isCloseTo(expected, within(1e-6));
        assertThat(graphLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t, DataType.FLOAT))
                .isCloseTo(expected, within(1e-4));
        assertThat(javaLoss(LossFunction.SOFTMAX_CROSS_ENTROPY, LOGITS, K, t)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void binaryCrossEntropyIsMeanOverSamplesAndOutputs() {
        for (double a : new double[] {0, 0.2}) {
            float[] t = Targets.smoothed(LABELS, K, a);
            double expected = 0;
            for (int i = 0; i < N * K; i++) {
                double x = LOGITS[i];
                // the textbook form, exact enough here except for the saturated logits of the last sample
                double term = Math.abs(x) < 20
                        ? -(t[i] * Math.log(sigmoid(x)) + (1 - t[i]) * Math.log(1 - sigmoid(x)))
                        : (x > 0 ? (1 - t[i]) * x : -t[i] * x); // log(1 + e^-|x|) < 1e-8 for |x| >= 20
                expected += term;
            }
            expected /= N * K;
            assertThat(graphLoss(LossFunction.BINARY_CROSS_ENTROPY, LOGITS, K, t, DataType.DOUBLE))
                    .as("a=%s", a)
                    .isCloseTo(expected, within(1e-6));
            assertThat(graphLoss(LossFunction.BINARY_CROSS_ENTROPY, LOGITS, K, t, DataType.FLOAT))
                    .as("a=%s", a)
                    .isCloseTo(expected, within(1e-5));
            assertThat(javaLoss(LossFunction.BINARY_CROSS_ENTROPY, LOGITS, K, t))
                    .as("a=%s", a)
                    .isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void binaryCrossEntropyWithOneOutputTakesLabelsZeroAndOne() {
        float[] logits = {1.5f, -0.5f, 0f, -40f, 3f};
        int[] labels = {1, 0, 1, 0, 0};
        for (double a : new double[] {0, 0.1}) {
            float[] t = Targets.smoothed(labels, 1, a);
            double expected = 0;
            for (int i = 0; i < labels.length; i++) {
                double y = labels[i] * (1 - a) + a / 2;
                double x = logits[i];
                expected +=
                        Math.abs(x) < 20 ? -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x))) : y * -x;
            }
            expected /= labels.length;
            assertThat(graphLoss(LossFunction.BINARY_CROSS_ENTROPY, logits, 1, t, DataType.DOUBLE))
                    .isCloseTo(expected, within(1e-6));
            assertThat(javaLoss(LossFunction.BINARY_CROSS_ENTROPY, logits, 1, t))
                    .isCloseTo(expected, within(1e-6));
        }
        double withLabels = 0;
        for (int i = 0; i < labels.length; i++) {
            withLabels += Losses.loss(LossFunction.BINARY_CROSS_ENTROPY, logits, i, 1, labels[i]);
        }
        assertThat(withLabels / labels.length)
                .isCloseTo(
                        javaLoss(LossFunction.BINARY_CROSS_ENTROPY, logits, 1, Targets.oneHot(labels, 1)),
                        within(1e-12));
    }

    @Test
    void meanSquaredErrorIsMeanOverSamplesAndOutputs() {
        for (double a : new double[] {0, 0.3}) {
            float[] t = Targets.smoothed(LABELS, K, a);
            double expected = 0;
            for (int i = 0; i < N * K; i++) {
                double d = (double) LOGITS[i] - t[i];
                expected += d * d;
            }
            expected /= N * K;
            assertThat(graphLoss(LossFunction.MSE, LOGITS, K, t, DataType.DOUBLE))
                    .isCloseTo(expected, within(1e-9));
            assertThat(graphLoss(LossFunction.MSE, LOGITS, K, t, DataType.FLOAT))
                    .isCloseTo(expected, within(1e-3));
            assertThat(javaLoss(LossFunction.MSE, LOGITS, K, t)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void softmaxCrossEntropyNeedsTwoOutputs() {
        GraphBuilder g = new GraphBuilder("V", 1, DataType.DOUBLE);
        Node x = g.flatInput(1);
        assertThatThrownBy(() -> g.build(x, 1, LossFunction.SOFTMAX_CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BINARY_CROSS_ENTROPY");
    }
}
