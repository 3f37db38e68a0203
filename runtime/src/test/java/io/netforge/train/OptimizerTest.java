package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.graph.Penalty;
import io.netforge.train.optim.Penalties;
import io.netforge.train.state.Numbers;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Optimizer steps and weight penalties against updates computed by hand from PyTorch's formulas. */
class OptimizerTest {
    private static final double[] W0 = {1.0, -2.0, 0.5};
    private static final double[] G1 = {0.5, -1.0, 0.25};
    private static final double[] G2 = {-0.2, 0.4, 1.0};

    private static INDArray arr(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.createFromArray(f);
    }

    private static void assertValues(INDArray actual, double... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.getDouble(i)).as("element %d", i).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void plainSgdStep() {
        INDArray w = arr(W0);
        new Optimizer.Sgd(0.1, 0, false, 0).newUpdater(new long[] {3}).update(w, arr(G1), 0.1);
        assertValues(w, 1 - 0.05, -2 + 0.1, 0.5 - 0.025);
    }

    @Test
    void sgdMomentumTwoSteps() {
        INDArray w = arr(W0);
        io.netforge.train.optim.Updater u = new Optimizer.Sgd(0.1, 0.9, false, 0).newUpdater(new long[] {3});
        u.update(w, arr(G1), 0.1);
        u.update(w, arr(G2), 0.1);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            double buf = G1[i];
            double w1 = W0[i] - 0.1 * buf;
            buf = 0.9 * buf + G2[i];
            expected[i] = w1 - 0.1 * buf;
        }
        assertValues(w, expected);
    }

    @Test
    void sgdNesterovTwoSteps() {
        INDArray w = arr(W0);
        io.netforge.train.optim.Updater u = new Optimizer.Sgd(0.1, 0.9, true, 0).newUpdater(new long[] {3});
        u.update(w, arr(G1), 0.1);
        u.update(w, arr(G2), 0.1);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            double buf = G1[i];
            double w1 = W0[i] - 0.1 * (G1[i] + 0.9 * buf);
            buf = 0.9 * buf + G2[i];
            expected[i] = w1 - 0.1 * (G2[i] + 0.9 * buf);
        }
        assertValues(w, expected);
    }

    @Test
    void sgdWeightDecayIsAddedToTheGradient() {
        INDArray w = arr(W0);
        new Optimizer.Sgd(0.1, 0, false, 0.01).newUpdater(new long[] {3}).update(w, arr(G1), 0.1);
        assertValues(w, 1 - 0.1 * (0.5 + 0.01), -2 - 0.1 * (-1 - 0.02), 0.5 - 0.1 * (0.25 + 0.005));
    }

    @Test
    void adamTwoStepsWithWeightDecay() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.1;
        INDArray w = arr(W0);
        io.netforge.train.optim.Updater u = new Optimizer.Adam(lr, b1, b2, eps, wd).newUpdater(new long[] {3});
        u.update(w, arr(G1), lr);
        u.update(w, arr(G2), lr);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = W0[i];
            double m = 0;
            double v = 0;
            double[][] gs = {G1, G2};
            for (int t = 1; t <= 2; t++) {
                double g = gs[t - 1][i] + wd * p;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double mhat = m / (1 - Math.pow(b1, t));
                double vhat = v / (1 - Math.pow(b2, t));
                p -= lr * mhat / (Math.sqrt(vhat) + eps);
            }
            expected[i] = p;
        }
        assertValues(w, expected);
        // Adam's first step moves every weight by about lr, whatever the gradient's scale.
        assertThat(Math.abs(expected[0] - W0[0])).isGreaterThan(0.015);
    }

    @Test
    void l2PenaltyAddsToGradientAndLoss() {
        INDArray w = arr(W0);
        INDArray g = arr(G1);
        double loss = Penalties.apply(Penalty.of(0, 0.1), w, g);
        assertThat(loss).isCloseTo(0.05 * (1 + 4 + 0.25), within(1e-6));
        assertValues(g, 0.5 + 0.1, -1 - 0.2, 0.25 + 0.05);
    }

    @Test
    void l1PenaltyAddsSignToGradientAndLoss() {
        INDArray w = arr(W0);
        INDArray g = arr(G1);
        double loss = Penalties.apply(Penalty.of(0.01, 0), w, g);
        assertThat(loss).isCloseTo(0.01 * 3.5, within(1e-6));
        assertValues(g, 0.51, -1.01, 0.26);
    }

    @Test
    void invalidSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new Optimizer.Adam(-1, 0.9, 0.999, 1e-8, 0)).hasMessageContaining("learningRate=-1.0");
        assertThatThrownBy(() -> new Optimizer.Sgd(0.1, 1.5, false, 0)).hasMessageContaining("momentum=1.5");
        assertThatThrownBy(() -> new Optimizer.Sgd(0.1, 0, true, 0)).hasMessageContaining("Nesterov");
    }

    @Test
    void parseReadsBackWhatEveryOptimizerPrintsAndNothingLooser() {
        for (Optimizer o : java.util.List.of(
                Optimizer.sgd(0.1),
                new Optimizer.Sgd(0.05, 0.9, 0, true, 5e-4),
                Optimizer.adam(1e-3),
                new Optimizer.Adam(3e-4, 0.5, 0.99, 1e-7, 0.25),
                Optimizer.adamW(2e-3),
                Optimizer.adaGrad(0.01),
                new Optimizer.AdaGrad(0.01, 0.1, 0.001, 0.2, 1e-10),
                Optimizer.rmsProp(0.01),
                new Optimizer.RmsProp(0.01, 0.9, 1e-6, 0.1, 0.5, true),
                Optimizer.adam(1e6),
                Optimizer.sgd(1e-12))) {
            assertThat(Optimizer.parse(o.toString())).as(o.toString()).isEqualTo(o);
        }
        for (String bad : java.util.List.of(
                "Adam(lr=NaN)",
                "Adam(lr=nan, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr=0x1p-3, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr=0.001d, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)",
                "Adam(lr=0.001, eps=1e-08, betas=(0.9, 0.999), weight_decay=0)",
                "Adam(lr=0.001, betas=(0.9), eps=1e-08, weight_decay=0)",
                "Adam(lr=0.0010, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr=1e7, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr=0.001, betas=(1, 0.999), eps=1e-08, weight_decay=0)",
                "Adam(lr= 0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                "Lion(lr=0.001)",
                "SGD(lr=0.1, momentum=0, dampening=0," + " nesterov=yes, weight_decay=0)",
                "",
                "Adam",
                "Adam()")) {
            assertThatThrownBy(() -> Optimizer.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void decimalsAreReadStrictly() {
        assertThat(Numbers.parseDouble("1e-05", false)).isEqualTo(1e-5);
        assertThat(Numbers.parseDouble("-0.0", false)).isEqualTo(-0.0);
        assertThat(Numbers.parseDouble("Infinity", true)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Numbers.parseDouble("NaN", true)).isNaN();
        assertThat(Numbers.parseDecimal(Float.toString(0.1f))).isEqualTo(0.1f);
        for (String bad : java.util.List.of(
                "NaN", "Infinity", "0x1p3", "1.0f", "1d", " 1", "1 ", "+1", "1e", ".", "", "--1", "1e+")) {
            assertThatThrownBy(() -> Numbers.parseDouble(bad, false)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> Numbers.parseDecimal("1e39")).isInstanceOf(NumberFormatException.class);
    }
}
