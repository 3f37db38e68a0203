package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.WeightInit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each init scheme's distribution, checked on 200,000 draws against its defining formula. */
class ParamInitTest {
    private static final int N = 200_000;
    private static final long FAN_IN = 300;
    private static final long FAN_OUT = 100;

    private static double[] moments(float[] v) {
        double sum = 0;
        double sq = 0;
        double maxAbs = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), maxAbs};
    }

    private static double[] draw(ParamInit init) {
        return moments(init.drawWeights(new Random(1), N, FAN_IN, FAN_OUT));
    }

    @Test
    void normalSchemesHaveTheirStandardDeviations() {
        assertThat(draw(ParamInit.of(WeightInit.XAVIER_NORMAL, 0, 0, 0))[1])
                .isCloseTo(Math.sqrt(2.0 / (FAN_IN + FAN_OUT)), within(0.001));
        assertThat(draw(ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0))[1])
                .isCloseTo(Math.sqrt(2.0 / FAN_IN), within(0.001));
        double[] normal = draw(ParamInit.of(WeightInit.NORMAL, 0.5, 0.02, 0));
        assertThat(normal[0]).isCloseTo(0.5, within(0.001));
        assertThat(normal[1]).isCloseTo(0.02, within(0.001));
    }

    @Test
    void uniformSchemesStayInTheirBoundsAndFillThem() {
        double xavier = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        double he = Math.sqrt(6.0 / FAN_IN);
        double torch = 1 / Math.sqrt(FAN_IN);
        for (double[] c : new double[][] {
            {WeightInit.XAVIER_UNIFORM.ordinal(), xavier},
            {WeightInit.HE_UNIFORM.ordinal(), he},
            {WeightInit.PYTORCH_DEFAULT.ordinal(), torch}
        }) {
            double[] m = draw(ParamInit.of(WeightInit.values()[(int) c[0]], 0, 0, 0));
            assertThat(m[2]).isLessThanOrEqualTo(c[1]).isGreaterThan(c[1] * 0.999);
            assertThat(m[1]).as("std of U(-b, b) is b/sqrt(3)").isCloseTo(c[1] / Math.sqrt(3), within(c[1] * 0.01));
            assertThat(m[0]).isCloseTo(0, within(c[1] * 0.01));
        }
    }

    @Test
    void biasesAreConstantUnlessPyTorchsDefault() {
        float[] constant = ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0.1).drawBiases(new Random(1), 10, FAN_IN);
        assertThat(constant).containsOnly(0.1f);
        float[] zeros = ParamInit.of(WeightInit.XAVIER_UNIFORM, 0, 0, 0).drawBiases(new Random(1), 10, FAN_IN);
        assertThat(zeros).containsOnly(0f);
        double[] torch = moments(ParamInit.pytorchDefault().drawBiases(new Random(1), N, FAN_IN));
        assertThat(torch[2]).isLessThanOrEqualTo(1 / Math.sqrt(FAN_IN)).isGreaterThan(0.999 / Math.sqrt(FAN_IN));
        assertThat(ParamInit.of(WeightInit.ZEROS, 0, 0, 0).drawWeights(new Random(1), 10, FAN_IN, FAN_OUT))
                .containsOnly(0f);
    }

    @Test
    void sameSeedSameWeightsInAGraph() {
        GraphBuilder a = new GraphBuilder("A", 3);
        GraphBuilder b = new GraphBuilder("B", 3);
        ParamInit init = ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0);
        NetGraph ga = a.build(
                a.dense("fc", a.flatInput(4), 3, true, init, Penalty.NONE),
                3,
                io.netforge.annotations.LossFunction.SOFTMAX_CROSS_ENTROPY);
        NetGraph gb = b.build(
                b.dense("fc", b.flatInput(4), 3, true, init, Penalty.NONE),
                3,
                io.netforge.annotations.LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertThat(ga.array("fc/W")).isEqualTo(gb.array("fc/W"));
    }

    @Test
    void normalNeedsAPositiveStd() {
        assertThatThrownBy(() -> ParamInit.of(WeightInit.NORMAL, 0, 0, 0)).hasMessageContaining("std=0.0");
    }

    /** The chunked draw into an ND4J array gives exactly the values, in the order, of the draw into a Java array. */
    @org.junit.jupiter.api.Test
    void fillingTheArrayDrawsWhatTheJavaArrayDraw() {
        int n = 2 * 8192 + 5;
        for (WeightInit w : WeightInit.values()) {
            ParamInit init = ParamInit.of(w, 0.1, 0.5, 0.25);
            float[] expected = init.drawWeights(new Random(9), n, FAN_IN, FAN_OUT);
            org.nd4j.linalg.api.ndarray.INDArray a =
                    org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {n}, 'c');
            init.fillWeights(new Random(9), a, FAN_IN, FAN_OUT);
            org.assertj.core.api.Assertions.assertThat(io.netforge.util.NdArrays.toFloats(a))
                    .as("weights, %s", w)
                    .containsExactly(expected);
            float[] biases = init.drawBiases(new Random(4), 100, FAN_IN);
            org.nd4j.linalg.api.ndarray.INDArray b = org.nd4j.linalg.factory.Nd4j.create(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {100}, 'c');
            init.fillBiases(new Random(4), b, FAN_IN);
            org.assertj.core.api.Assertions.assertThat(io.netforge.util.NdArrays.toFloats(b))
                    .as("biases, %s", w)
                    .containsExactly(biases);
        }
    }
}
