package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.LossFunction;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.Targets;
import org.junit.jupiter.api.Test;

/** Targets, probabilities and predictions in plain Java; the graph's values are checked by LossValueTest. */
class LossesTest {
    @Test
    void smoothedTargetsAreCrossEntropyLossLabelSmoothing() {
        float[] t = Targets.smoothed(new int[] {2, 0}, 4, 0.2);
        assertThat(t)
                .containsExactly(new float[] {0.05f, 0.05f, 0.85f, 0.05f, 0.85f, 0.05f, 0.05f, 0.05f}, within(1e-7f));
        assertThat(Targets.oneHot(new int[] {1}, 3)).containsExactly(0f, 1f, 0f);
        assertThat(Targets.smoothed(new int[] {1, 2, 0}, 2, 3, 0)).containsExactly(0f, 1f, 0f, 0f, 0f, 1f);
    }

    @Test
    void oneOutputTargetIsTheLabelSmoothedTowardsOneHalf() {
        assertThat(Targets.oneHot(new int[] {0, 1, 1}, 1)).containsExactly(0f, 1f, 1f);
        assertThat(Targets.smoothed(new int[] {0, 1}, 1, 0.1))
                .containsExactly(new float[] {0.05f, 0.95f}, within(1e-7f));
    }

    @Test
    void targetsRejectBadLabelsAndSmoothing() {
        assertThatThrownBy(() -> Targets.oneHot(new int[] {3}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Targets.oneHot(new int[] {2}, 1)).hasMessageContaining("labels 0 and 1");
        assertThatThrownBy(() -> Targets.smoothed(new int[] {0}, 3, -0.1)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> Targets.smoothed(new int[] {0}, 3, Double.NaN)).hasMessageContaining("smoothing");
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        float[] x = {1000f, -1000f, 0f};
        assertThat(Losses.loss(LossFunction.SOFTMAX_CROSS_ENTROPY, x, 0, 3, 0)).isCloseTo(0, within(1e-12));
        assertThat(Losses.loss(LossFunction.SOFTMAX_CROSS_ENTROPY, x, 0, 3, 1)).isCloseTo(2000, within(1e-9));
        // target [0, 1, 0]: 1000 - 0 + 0, 0 + 1000 + 0, 0 - 0 + log 2
        assertThat(Losses.loss(LossFunction.BINARY_CROSS_ENTROPY, x, 0, 3, 1))
                .isCloseTo((1000 + 1000 + Math.log(2)) / 3, within(1e-9));
        assertThat(Losses.loss(LossFunction.BINARY_CROSS_ENTROPY, x, 0, 3, 0))
                .isCloseTo(Math.log(2) / 3, within(1e-12));
    }

    @Test
    void probabilitiesPerLoss() {
        float[] x = {9f, 1f, 2f, 0f, Float.NaN};
        float[] sm = Losses.probabilities(LossFunction.SOFTMAX_CROSS_ENTROPY, x, 1, 3);
        double s = Math.exp(1) + Math.exp(2) + 1;
        assertThat(sm)
                .containsExactly(
                        new float[] {(float) (Math.E / s), (float) (Math.exp(2) / s), (float) (1 / s)}, within(1e-7f));
        float[] bce = Losses.probabilities(LossFunction.BINARY_CROSS_ENTROPY, x, 1, 3);
        assertThat(bce)
                .containsExactly(
                        new float[] {(float) (1 / (1 + Math.exp(-1))), (float) (1 / (1 + Math.exp(-2))), 0.5f},
                        within(1e-7f));
        float[] mse = Losses.probabilities(LossFunction.MSE, new float[] {1.2f, -0.1f, 1.1f}, 0, 3);
        assertThat(mse).containsExactly(1.2f, -0.1f, 1.1f);
    }

    @Test
    void oneOutputGivesTwoClassProbabilitiesAndPrediction() {
        float[] x = {2f, -3f, 0f, 60f, -60f};
        for (int i = 0; i < x.length; i++) {
            float[] p = Losses.probabilities(LossFunction.BINARY_CROSS_ENTROPY, x, i, 1);
            double p1 = 1 / (1 + Math.exp(-x[i]));
            assertThat(p).hasSize(2);
            assertThat(p[1]).isCloseTo((float) p1, within(1e-7f));
            assertThat(p[0]).isCloseTo((float) (1 - p1), within(1e-7f));
            assertThat(Losses.predict(LossFunction.BINARY_CROSS_ENTROPY, x, i, 1))
                    .isEqualTo(x[i] > 0 ? 1 : 0)
                    .isEqualTo(argMax(p));
        }
        assertThat(Losses.probabilities(LossFunction.BINARY_CROSS_ENTROPY, x, 4, 1)[1])
                .isPositive();
        float[] m = {0.7f, 0.2f, 0.5f};
        for (int i = 0; i < m.length; i++) {
            float[] p = Losses.probabilities(LossFunction.MSE, m, i, 1);
            assertThat(p).containsExactly(new float[] {1 - m[i], m[i]}, within(1e-7f));
            assertThat(Losses.predict(LossFunction.MSE, m, i, 1))
                    .isEqualTo(m[i] > 0.5 ? 1 : 0)
                    .isEqualTo(argMax(p));
        }
        assertThat(Losses.labelClasses(LossFunction.BINARY_CROSS_ENTROPY, 1)).isEqualTo(2);
        assertThat(Losses.labelClasses(LossFunction.MSE, 1)).isEqualTo(2);
        assertThat(Losses.labelClasses(LossFunction.BINARY_CROSS_ENTROPY, 5)).isEqualTo(5);
        assertThat(Losses.labelClasses(LossFunction.SOFTMAX_CROSS_ENTROPY, 5)).isEqualTo(5);
    }

    @Test
    void predictionIsTheArgMaxOfOutputsAndOfProbabilities() {
        float[] x = {0.1f, 3f, -2f, 2.9f, 1.5f, 1.4f};
        for (LossFunction f : CLASSIFIER_LOSSES) {
            for (int i = 0; i < 2; i++) {
                int predicted = Losses.predict(f, x, i * 3, 3);
                assertThat(predicted).isEqualTo(i == 0 ? 1 : 0);
                assertThat(argMax(Losses.probabilities(f, x, i * 3, 3)))
                        .as("%s", f)
                        .isEqualTo(predicted);
            }
        }
    }

    /** The losses a classifier takes; MAE and Huber are regression-only and have no class probabilities. */
    private static final LossFunction[] CLASSIFIER_LOSSES = {
        LossFunction.SOFTMAX_CROSS_ENTROPY, LossFunction.BINARY_CROSS_ENTROPY, LossFunction.MSE
    };

    /**
     * MAE and Huber by hand: PyTorch's {@code L1Loss} and {@code HuberLoss(delta=1)} of outputs {@code [0.5, 3, -1]}
     * against targets {@code [0, 0, -1.5]} are {@code (0.5 + 3 + 0.5) / 3} and {@code (0.125 + 2.5 + 0.125) / 3}, and
     * the gradients of the batch mean agree with central differences.
     */
    @Test
    void regressionLossesByHandAndAgainstFiniteDifferences() {
        float[] x = {0.5f, 3f, -1f};
        float[] t = {0f, 0f, -1.5f};
        assertThat(Losses.loss(LossFunction.MAE, x, 0, 3, t, 0)).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(Losses.loss(LossFunction.HUBER, x, 0, 3, t, 0)).isCloseTo(2.75 / 3, within(1e-12));
        assertThat(Losses.logitsGradient(LossFunction.MAE, x, t, 1, 3)).containsExactly(1f / 3, 1f / 3, 1f / 3);
        assertThat(Losses.logitsGradient(LossFunction.HUBER, x, t, 1, 3)).containsExactly(0.5f / 3, 1f / 3, 0.5f / 3);
        java.util.Random r = new java.util.Random(8);
        for (LossFunction f : new LossFunction[] {LossFunction.MSE, LossFunction.MAE, LossFunction.HUBER}) {
            int n = 4;
            int k = 2;
            float[] logits = new float[n * k];
            float[] target = new float[n * k];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (r.nextGaussian() * 2);
                target[i] = logits[i] + (float) ((0.2 + r.nextDouble() * 2) * (r.nextBoolean() ? 1 : -1));
            }
            float[] g = Losses.logitsGradient(f, logits, target, n, k);
            for (int i = 0; i < logits.length; i++) {
                float[] up = logits.clone();
                float[] down = logits.clone();
                up[i] += 1e-2f;
                down[i] -= 1e-2f;
                double numeric = (mean(f, up, target, n, k) - mean(f, down, target, n, k)) / (up[i] - down[i]);
                assertThat(g[i]).as("%s d/dx[%d]", f, i).isCloseTo((float) numeric, within(1e-4f));
            }
        }
    }

    private static double mean(LossFunction f, float[] logits, float[] target, int n, int k) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Losses.loss(f, logits, i * k, k, target, i * k);
        }
        return sum / n;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The fused pass gives what the separate calls give, for every loss, smoothed targets and large logits. */
    @Test
    void meanLossAndGradientEqualsTheSeparateCalls() {
        java.util.Random r = new java.util.Random(3);
        for (LossFunction f : LossFunction.values()) {
            int n = 7;
            int k = 5;
            float[] logits = new float[n * k];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (r.nextGaussian() * (i % 9 == 0 ? 60 : 2));
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(k);
            }
            float[] target = Targets.smoothed(labels, n, k, 0.1);
            double separate = 0;
            for (int i = 0; i < n; i++) {
                separate += Losses.loss(f, logits, i * k, k, target, i * k);
            }
            float[] gradient = new float[n * k];
            assertThat(Losses.meanLossAndGradient(f, logits, target, n, k, gradient))
                    .as("%s", f)
                    .isCloseTo(separate / n, within(1e-12));
            float[] expected = Losses.logitsGradient(f, logits, target, n, k);
            for (int i = 0; i < gradient.length; i++) {
                assertThat(gradient[i]).as("%s, gradient %d", f, i).isCloseTo(expected[i], within(1e-7f));
            }
        }
    }

    /** The batch loop gives exactly the per-sample probabilities and adds exactly the per-sample losses, in order. */
    @Test
    void probabilitiesAndLossesOfABatchAreThePerSampleOnes() {
        java.util.Random r = new java.util.Random(4);
        for (LossFunction f : CLASSIFIER_LOSSES) {
            for (int k : new int[] {1, 2, 5}) {
                if (k == 1 && f == LossFunction.SOFTMAX_CROSS_ENTROPY) {
                    continue;
                }
                int n = 6;
                float[] logits = new float[n * k];
                for (int i = 0; i < logits.length; i++) {
                    logits[i] = (float) (r.nextGaussian() * 5);
                }
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = r.nextInt(Losses.labelClasses(f, k));
                }
                float[] target = Targets.smoothed(labels, n, k, 0.05);
                float[][] out = new float[n + 2][];
                double sum = Losses.probabilitiesAndLosses(f, logits, n, k, target, out, 2, 0.25);
                double expected = 0.25;
                for (int i = 0; i < n; i++) {
                    expected += Losses.loss(f, logits, i * k, k, target, i * k);
                    assertThat(out[2 + i])
                            .as("%s, %d classes, sample %d", f, k, i)
                            .containsExactly(Losses.probabilities(f, logits, i * k, k));
                }
                assertThat(sum).as("%s, %d classes", f, k).isEqualTo(expected);
                assertThat(out[0]).isNull();
            }
        }
    }
}
