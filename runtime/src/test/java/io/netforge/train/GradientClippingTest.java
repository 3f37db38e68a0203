package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientClippingTest {
    private static List<INDArray> gradients(double scale, long seed) {
        Random r = new Random(seed);
        List<INDArray> gs = new ArrayList<>();
        for (long[] shape : new long[][] {{4, 3}, {3}, {2, 2, 3, 3}}) {
            INDArray g = Nd4j.zeros(DataType.FLOAT, shape);
            for (long i = 0; i < g.length(); i++) {
                g.putScalar(i, r.nextGaussian() * scale);
            }
            gs.add(g);
        }
        return gs;
    }

    private static double[] flat(List<INDArray> gs) {
        int n = 0;
        for (INDArray g : gs) {
            n += g.length();
        }
        double[] v = new double[n];
        int k = 0;
        for (INDArray g : gs) {
            for (double d : g.dup().data().asDouble()) {
                v[k++] = d;
            }
        }
        return v;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void byNormScalesToMaxNormKeepingTheDirection() {
        List<INDArray> gs = gradients(3, 1);
        double[] before = flat(gs);
        double total = norm(before);
        assertThat(total).isGreaterThan(5);
        double returned = GradientClipping.byNorm(1.0).clip(gs);
        assertThat(returned).isCloseTo(total, within(1e-4 * total));
        double[] after = flat(gs);
        assertThat(norm(after)).isLessThanOrEqualTo(1.0 + 1e-5).isCloseTo(1.0, within(1e-5));
        double coef = 1.0 / (total + 1e-6);
        double dot = 0;
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i] * coef, within(1e-6));
            dot += before[i] * after[i];
        }
        assertThat(dot / (norm(before) * norm(after))).as("cosine").isCloseTo(1.0, within(1e-6));
    }

    @Test
    void byNormBelowTheThresholdChangesNothing() {
        List<INDArray> gs = gradients(0.01, 2);
        double[] before = flat(gs);
        double returned = GradientClipping.byNorm(5).clip(gs);
        assertThat(returned).isCloseTo(norm(before), within(1e-6));
        assertThat(flat(gs)).containsExactly(before);
    }

    @Test
    void byNormLeavesNonFiniteGradientsForTheCallerToSee() {
        List<INDArray> gs = gradients(1, 3);
        gs.get(1).putScalar(0, Float.NaN);
        assertThat(GradientClipping.byNorm(1).clip(gs)).isNaN();
        assertThat(gs.get(0).getDouble(0)).isEqualTo(flat(gradients(1, 3))[0]);
    }

    @Test
    void byValueBoundsEachElement() {
        List<INDArray> gs = gradients(1, 4);
        double[] before = flat(gs);
        double v = 0.5;
        double returned = GradientClipping.byValue(v).clip(gs);
        assertThat(returned).isCloseTo(norm(before), within(1e-5));
        double[] after = flat(gs);
        int clipped = 0;
        for (int i = 0; i < before.length; i++) {
            double expected = Math.max(-v, Math.min(v, before[i]));
            assertThat(after[i]).isCloseTo(expected, within(1e-7));
            if (expected != before[i]) {
                clipped++;
            }
        }
        assertThat(clipped).isPositive();
    }

    @Test
    void byValueKeepsNaNAndClampsInfinityAsTorchClamp() {
        List<INDArray> gs = gradients(1, 6);
        INDArray g = gs.get(0);
        g.putScalar(0, Float.NaN);
        g.putScalar(1, Float.POSITIVE_INFINITY);
        g.putScalar(2, Float.NEGATIVE_INFINITY);
        g.putScalar(3, 0.25f);
        g.putScalar(4, 7f);
        assertThat(GradientClipping.byValue(0.5).clip(gs)).isNaN();
        assertThat(g.getDouble(0)).isNaN();
        assertThat(g.getDouble(1)).isEqualTo(0.5);
        assertThat(g.getDouble(2)).isEqualTo(-0.5);
        assertThat(g.getDouble(3)).isEqualTo(0.25);
        assertThat(g.getDouble(4)).isEqualTo(0.5);
        for (INDArray other : gs.subList(1, gs.size())) {
            assertThat(other.amaxNumber().doubleValue()).isLessThanOrEqualTo(0.5);
        }
    }

    @Test
    void noneLeavesGradientsAndMeasuresTheNorm() {
        List<INDArray> gs = gradients(10, 5);
        double[] before = flat(gs);
        assertThat(GradientClipping.NONE.clip(gs)).isCloseTo(norm(before), within(1e-3));
        assertThat(flat(gs)).containsExactly(before);
        assertThat(GradientClipping.totalNorm(gs)).isCloseTo(norm(before), within(1e-3));
    }

    @Test
    void factoriesValidationAndText() {
        assertThat(GradientClipping.of(0, 0)).isSameAs(GradientClipping.NONE);
        assertThat(GradientClipping.of(2, 0))
                .isEqualTo(GradientClipping.byNorm(2))
                .hasToString("byNorm(maxNorm=2.0)");
        assertThat(GradientClipping.of(0, 0.5))
                .isEqualTo(GradientClipping.byValue(0.5))
                .hasToString("byValue(value=0.5)");
        assertThat(GradientClipping.NONE).hasToString("NONE");
        assertThat(GradientClipping.byNorm(1).kind()).isEqualTo(GradientClipping.Kind.NORM);
        assertThat(GradientClipping.byValue(3).threshold()).isEqualTo(3);
        assertThat(GradientClipping.byNorm(1)).isNotEqualTo(GradientClipping.byValue(1));
        assertThatThrownBy(() -> GradientClipping.of(1, 1)).hasMessageContaining("not both");
        assertThatThrownBy(() -> GradientClipping.byNorm(0)).hasMessageContaining("maxNorm");
        assertThatThrownBy(() -> GradientClipping.byNorm(Double.NaN)).hasMessageContaining("maxNorm");
        assertThatThrownBy(() -> GradientClipping.byValue(-1)).hasMessageContaining("value");
        assertThatThrownBy(() -> GradientClipping.byValue(Double.POSITIVE_INFINITY))
                .hasMessageContaining("value");
    }
}
