package io.netforge.plan;

import static io.netforge.plan.HostGemmTest.assertClose;
import static io.netforge.plan.HostGemmTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.util.Backend;
import io.netforge.util.Dnnl;
import java.util.Random;
import org.bytedeco.dnnl.stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN is the planned engine's default on the CPU and {@code -Dnetforge.noDnnl=true} turns it off (the default
 * run and the {@code nd4j-kernels} execution of runtime/pom.xml each run this test); {@link DnnlMatmul} against
 * ND4J's products on arrays that start inside a larger buffer, transposed operands, bias and accumulation (the helpers are HostGemmTest's).
 */
class DnnlTest {
    private static final boolean TURNED_OFF = Boolean.getBoolean("netforge.noDnnl");

    @Test
    void oneDnnIsTheDefaultOnTheCpuAndCanBeTurnedOff() {
        assertThat(Dnnl.available()).isEqualTo(!TURNED_OFF);
        if (TURNED_OFF) {
            assertThat(Dnnl.describe()).isEqualTo("ND4J kernels (oneDNN turned off by -Dnetforge.noDnnl=true)");
            assertThat(Backend.describe())
                    .endsWith("planned engine on ND4J kernels (oneDNN turned off by -Dnetforge.noDnnl=true)");
        } else {
            assertThat(Dnnl.describe()).isEqualTo("oneDNN 2.5.2 primitives");
            assertThat(Backend.describe()).endsWith("planned engine on oneDNN 2.5.2 primitives");
        }
    }

    @Test
    void theProductsOfADenseLayerMatchNd4j() {
        Assumptions.assumeTrue(Dnnl.available(), "oneDNN turned off");
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
                            false)
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
                            false)
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
                            true)
                    .run(s);
            assertClose(dx, before.add(g.mmul(w.transpose())));
        }
    }
}
