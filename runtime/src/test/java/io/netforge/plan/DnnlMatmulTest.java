package io.netforge.plan;

import static io.netforge.plan.HostGemmTest.assertClose;
import static io.netforge.plan.HostGemmTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.util.Dnnl;
import java.util.Random;
import org.bytedeco.dnnl.stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link DnnlMatmul} against ND4J's products on arrays that start inside a larger buffer, transposed operands, bias,
 * a fused ReLU and accumulation (the helpers are HostGemmTest's). Default run only: oneDNN is on there ({@link DnnlTest}).
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

            INDArray activated = random(r, n, out);
            new DnnlMatmul(
                            n,
                            in,
                            out,
                            false,
                            HostGemm.pointer(x),
                            false,
                            HostGemm.pointer(w),
                            HostGemm.pointer(bias),
                            HostGemm.pointer(activated),
                            DnnlMatmul.After.RELU)
                    .run(s);
            assertClose(activated, Transforms.relu(x.mmul(w).addRowVector(bias), true));
            assertThat(activated.minNumber().doubleValue()).isZero();

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
}
