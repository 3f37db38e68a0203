package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The gradient graph of BatchNorm and channel dropout uses none of libnd4j's slow backprop kernels
 * (docs/performance.md, finding 6): no {@code multiply_bp} of a full tensor by a per-channel factor, no
 * {@code _powderivative} ({@code divide_bp} only of per-channel factors). A structural check, not a timing: the speed is
 * measured by scripts/bench-performance.sh; LayerGradientTest checks the values.
 */
class GradientOpsTest {
    private static final ParamInit INIT = ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0.1);

    @Test
    void batchNormAndChannelDropoutTrainWithFastKernels() {
        GraphBuilder g = new GraphBuilder("T", 7);
        Node x = g.imageInput(3, 8, 8);
        x = g.relu("c1", g.batchNorm("c1", g.conv2d("c1", x, 4, 3, 1, 1, false, INIT, Penalty.NONE), 0.1, 1e-5));
        x = g.spatialDropout("sd", x, 0.2);
        x = g.flatten("flat", x);
        x = g.relu("fc", g.batchNorm("fc", g.dense("fc", x, 6, true, INIT, Penalty.NONE), 0.1, 1e-5));
        NetGraph net = g.build(g.dense("out", x, 3, true, INIT, Penalty.NONE), 3, LossFunction.SOFTMAX_CROSS_ENTROPY);

        SameDiff sd = net.sameDiff();
        sd.createGradFunction();
        SameDiff grad = sd.getFunction("grad");
        List<String> ops =
                Arrays.stream(grad.ops()).map(DifferentialFunction::opName).toList();

        assertThat(ops).contains("conv2d_bp", "multiply_bp", "add_bp", "reduce_mean_bp");
        assertThat(ops).doesNotContain("_powderivative");
        // every multiply that is differentiated multiplies two tensors of one shape: neither input is a per-channel
        // factor (a reshaped parameter, a square root, a quotient of those) or a channel mask placeholder; those are
        // expanded by an add first
        for (DifferentialFunction op : grad.ops()) {
            if (op.opName().equals("multiply_bp")) {
                String[] in = grad.getInputsForOp(op);
                for (String operand : List.of(in[0], in[1])) {
                    DifferentialFunction producer = grad.getVariableOutputOp(operand);
                    assertThat(producer == null ? "placeholder" : producer.opName())
                            .as("input %s of %s", operand, op.getOwnName())
                            .isNotIn("reshape", "sqrt", "divide", "placeholder");
                }
            }
        }
    }
}
