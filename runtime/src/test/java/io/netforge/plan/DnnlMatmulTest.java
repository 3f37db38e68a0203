package io.netforge.plan;

import static io.netforge.plan.HostGemmTest.assertClose;
import static io.netforge.plan.HostGemmTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import io.netforge.util.Dnnl;
import java.util.Random;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link DnnlMatmul} against ND4J's products on arrays that start inside a larger buffer, transposed operands, bias and
 * accumulation (the helpers are HostGemmTest's). Default run only: oneDNN is on there ({@link DnnlTest}).
 */
class DnnlMatmulTest {
    @Test
    void theProductsOfADenseLayerMatchNd4j() {
        Random r = new Random(5);
        int n = 7;
        int in = 13;
        int out = 5;
        INDArray x = random(r, n, in);
        INDArray w = random(r, in, out);
        INDArray bias = random(r, 1, out);
        INDArray g = random(r, n, out);
        assertThat(x.offset()).isEqualTo(5);
        try (stream s = new stream(Dnnl.engine())) {
            INDArray y = random(r, n, out);
            new DnnlMatmul(
                            n,
                            in,
                            out,
                            false,
                            HostGemm.pointer(x),
                            false,
                            HostGemm.pointer(w),
                            HostGemm.pointer(bias),
                            HostGemm.pointer(y),
                            DnnlMatmul.After.WRITE)
                    .run(s);
            assertClose(y, x.mmul(w).addRowVector(bias));

            INDArray dW = random(r, in, out);
            new DnnlMatmul(
                            in,
                            n,
                            out,
                            true,
                            HostGemm.pointer(x),
                            false,
                            HostGemm.pointer(g),
                            null,
                            HostGemm.pointer(dW),
                            DnnlMatmul.After.WRITE)
                    .run(s);
            assertClose(dW, x.transpose().mmul(g));

            INDArray dx = random(r, n, in);
            INDArray before = dx.dup();
            new DnnlMatmul(
                            n,
                            out,
                            in,
                            false,
                            HostGemm.pointer(g),
                            true,
                            HostGemm.pointer(w),
                            null,
                            HostGemm.pointer(dx),
                            DnnlMatmul.After.ACCUMULATE)
                    .run(s);
            assertClose(dx, before.add(g.mmul(w.transpose())));
        }
    }

    /**
     * Why no ReLU is fused into the dense and convolution primitives as an eltwise post-op: oneDNN's ReLU turns a NaN
     * into 0 (its JIT kernel computes a maximum), where PyTorch's and libnd4j's ReLU pass it on, so a NaN would vanish
     * from the forward pass (TrainingTechniquesTest's NaN batch then stopped at a gradient instead of the loss), and
     * the fusion measured no gain (docs/performance.md).
     */
    @Test
    void oneDnnsReluTurnsNaNIntoZero() {
        try (stream s = new stream(Dnnl.engine());
                memory.desc d = new memory.desc(new long[] {16}, memory.data_type.f32, memory.format_tag.x)) {
            INDArray x = Nd4j.valueArrayOf(new long[] {16}, Float.NaN, DataType.FLOAT);
            INDArray y = Nd4j.create(DataType.FLOAT, 16);
            eltwise_forward relu = new eltwise_forward(new eltwise_forward.primitive_desc(
                    new eltwise_forward.desc(prop_kind.forward_inference, algorithm.eltwise_relu, d, 0f, 0f),
                    Dnnl.engine()));
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, new memory(d, Dnnl.engine(), DnnlMatmul.at(HostGemm.pointer(x))));
            args.put(DNNL_ARG_DST, new memory(d, Dnnl.engine(), DnnlMatmul.at(HostGemm.pointer(y))));
            relu.execute(s, args);
            s._wait();
            assertThat(y.getFloat(0)).as("oneDNN's relu(NaN)").isZero();
            assertThat(Transforms.relu(x, true).getFloat(0))
                    .as("libnd4j's relu(NaN)")
                    .isNaN();
        }
    }
}
