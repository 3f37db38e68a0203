package io.netforge.graph;

import static io.netforge.graph.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code GraphBuilder.layerNorm}: PyTorch's {@code nn.LayerNorm} forward, and why it does not use SameDiff's op. */
class LayerNormTest {
    private static final ParamInit INIT = ParamInit.of(WeightInit.XAVIER_NORMAL, 0, 0, 0.25);

    /**
     * The trap this kind works around: libnd4j's {@code layer_norm} divides by the standard deviation plus 1e-12, with
     * no epsilon under the root, so a float row of equal values (what padded or saturated features produce) gives
     * Infinity or NaN. When this test fails, SameDiff's op has been fixed and could be used.
     */
    @Test
    void sameDiffsLayerNormHasNoEpsilonUnderTheRoot() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant(Nd4j.valueArrayOf(new long[] {1, 10}, 0.1f));
        SDVariable gain = sd.constant(Nd4j.ones(DataType.FLOAT, 10));
        SDVariable bias = sd.constant(Nd4j.zeros(DataType.FLOAT, 10));
        SDVariable y = sd.nn().layerNorm(x, gain, bias, false, 1);
        INDArray out = y.eval();
        boolean finite = true;
        for (float v : out.data().asFloat()) {
            finite &= Float.isFinite(v);
        }
        assertThat(finite)
                .as("SameDiff layer_norm of a constant float row: %s", out)
                .isFalse();
    }

    @Test
    void aConstantRowNormalizesToTheShiftInBothBranches() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node in = g.flatInput(10);
        Node ln = g.layerNorm("ln", in, 1e-5);
        NetGraph net = g.build(g.dense("out", ln, 2, true, INIT, Penalty.NONE), 2, LossFunction.SOFTMAX_CROSS_ENTROPY);
        net.array("ln/ln_beta").assign(0.25);
        INDArray x = Nd4j.valueArrayOf(new long[] {2, 10}, 0.1f); // Infinity through SameDiff's layer_norm
        for (boolean train : new boolean[] {true, false}) {
            String name = net.variable(ln, train);
            INDArray y =
                    net.sameDiff().output(Map.of(GraphBuilder.INPUT, x), name).get(name);
            for (float v : y.data().asFloat()) {
                assertThat(v).isCloseTo(0.25f, within(1e-3f));
            }
        }
    }

    /** {@code (x - mean) / sqrt(var + eps) * γ + β} per sample with the biased variance, as torch.nn.LayerNorm. */
    @Test
    void matchesPyTorchsDefinition() {
        GraphBuilder g = new GraphBuilder("T", 1, DataType.DOUBLE);
        Node in = g.flatInput(5);
        Node ln = g.layerNorm("ln", in, 1e-3);
        NetGraph net = g.build(g.dense("out", ln, 2, true, INIT, Penalty.NONE), 2, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray gamma = net.array("ln/ln_gamma");
        INDArray beta = net.array("ln/ln_beta");
        assertThat(gamma.data().asDouble()).containsOnly(1.0);
        assertThat(beta.data().asDouble()).containsOnly(0.0);
        gamma.assign(Nd4j.createFromArray(0.5, 1.0, 1.5, 2.0, -1.0));
        beta.assign(Nd4j.createFromArray(0.1, 0.2, 0.3, 0.4, 0.5));
        INDArray x = randn(3, 4, 5).muli(3).addi(2);
        String name = net.variable(ln, false);
        INDArray y = net.sameDiff().output(Map.of(GraphBuilder.INPUT, x), name).get(name);
        for (int n = 0; n < 4; n++) {
            double mean = 0;
            for (int j = 0; j < 5; j++) {
                mean += x.getDouble(n, j) / 5;
            }
            double var = 0;
            for (int j = 0; j < 5; j++) {
                var += Math.pow(x.getDouble(n, j) - mean, 2) / 5;
            }
            for (int j = 0; j < 5; j++) {
                double expected =
                        (x.getDouble(n, j) - mean) / Math.sqrt(var + 1e-3) * gamma.getDouble(j) + beta.getDouble(j);
                assertThat(y.getDouble(n, j)).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void parametersAreNamedAndCountedAsPyTorch() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node x = g.dense("fc1", g.flatInput(8), 6, true, INIT, Penalty.NONE);
        x = g.layerNorm("fc1", x, 1e-5);
        Node alone = g.layerNorm("norm", x, 1e-5);
        NetGraph net =
                g.build(g.dense("out", alone, 2, true, INIT, Penalty.NONE), 2, LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertThat(net.parameterCount()).isEqualTo(8 * 6 + 6 + 2 * 6 + 2 * 6 + 6 * 2 + 2);
        assertThat(net.bufferCount()).isZero();
        assertThat(net.ops().list().stream()
                        .flatMap(op -> op.variables().stream())
                        .map(LayerOp.Variable::torchName)
                        .toList())
                .containsExactly(
                        "fc1.weight",
                        "fc1.bias",
                        "fc1_ln.weight",
                        "fc1_ln.bias",
                        "norm.weight",
                        "norm.bias",
                        "out.weight",
                        "out.bias");
    }

    @Test
    void refusesAnImageOneFeatureAndABadEpsilon() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node image = g.imageInput(1, 4, 4);
        assertThatThrownBy(() -> g.layerNorm("ln", image, 1e-5))
                .hasMessageContaining("ln: @LayerNorm needs a flat input");
        Node one = g.dense("one", g.flatten("flat", image), 1, true, INIT, Penalty.NONE);
        assertThatThrownBy(() -> g.layerNorm("one", one, 1e-5)).hasMessageContaining("a single feature");
        Node two = g.dense("two", one, 2, true, INIT, Penalty.NONE);
        assertThatThrownBy(() -> g.layerNorm("two", two, 0)).hasMessageContaining("Invalid value for `eps`");
        assertThatThrownBy(() -> g.layerNorm("two", two, Double.NaN)).hasMessageContaining("Invalid value for `eps`");
    }
}
