package io.netforge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.Param;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.util.NdArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native memory safety of the planned engine's element-wise, reduction and broadcast kernels at every ResNet stage
 * shape: a composed BatchNorm backward (with reduce3 {@code Dot}) once corrupted the native heap at small spatial
 * sizes. A 3×3 convolution of a 3-channel image to the stage's channels (its weight gradient alone: im2col, a
 * batched matrix product and the channels-first reordering), two
 * BatchNorms (the second one's backward computes the full input gradient), a ReLU in place, a residual
 * add, global average pooling and a dense layer run forward and backward 1,000 times on one batch without an
 * update, then the evaluation plan (libnd4j's batchnorm op) forward 1,000 times; every repetition must give
 * bit-identical gradients and logits, and the JVM must survive.
 */
class PlanStressTest {
    @ParameterizedTest(name = "{0}×{1}×{1}")
    @CsvSource({"64, 32", "128, 16", "256, 8", "512, 4", "512, 1"})
    void kernelsRepeatExactlyAtResNetStageShapes(int channels, int size) {
        GraphBuilder g = new GraphBuilder("Stress" + channels + "x" + size, 3);
        Node x = g.imageInput(3, size, size);
        Node c = g.conv2d("conv", x, channels, 3, 1, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        Node a = g.batchNorm("bn1", c, 0.1, 1e-5);
        Node b = g.batchNorm("bn2", a, 0.1, 1e-5);
        b = g.relu("bn2", b);
        Node sum = g.add("res", b, a);
        Node pooled = g.globalAvgPool("gap", sum);
        Node out = g.dense("out", pooled, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        NetGraph graph = g.build(out, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (Param p : graph.params()) {
            grads.put(p.name(), Nd4j.zeros(p.shape()));
        }
        int n = 4;
        Random r = new Random(channels * 31L + size);
        float[] input = new float[n * 3 * size * size];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        float[] dz = new float[n * 10];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) r.nextGaussian() / n;
        }
        try (Plan plan = Plan.training(graph, n, grads)) {
            Map<String, float[]> first = null;
            for (int rep = 0; rep < 1000; rep++) {
                NdArrays.copy(input, plan.input());
                plan.forward();
                NdArrays.copy(dz, plan.logitsGradient());
                plan.backward();
                if (rep == 0 || rep == 999) {
                    Map<String, float[]> now = new LinkedHashMap<>();
                    grads.forEach((k, v) -> now.put(k, NdArrays.toFloats(v)));
                    if (first == null) {
                        first = now;
                        assertThat(now.get("bn1/gamma"))
                                .as("a gradient reaches the first BatchNorm")
                                .isNotEqualTo(new float[channels]);
                    } else {
                        for (String k : first.keySet()) {
                            assertThat(now.get(k))
                                    .as("%s after 1,000 repetitions", k)
                                    .isEqualTo(first.get(k));
                        }
                    }
                }
            }
        }
        try (Plan plan = Plan.inference(graph, n)) {
            float[] first = null;
            for (int rep = 0; rep < 1000; rep++) {
                NdArrays.copy(input, plan.input());
                plan.forward();
                if (rep == 0) {
                    first = NdArrays.toFloats(plan.logits());
                } else if (rep == 999) {
                    assertThat(NdArrays.toFloats(plan.logits()))
                            .as("evaluation logits after 1,000 repetitions")
                            .isEqualTo(first);
                }
            }
        }
    }
}
