package io.netforge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link HostGemm} against ND4J's own products and reductions, on arrays that start inside a larger buffer. */
class HostGemmTest {
    static INDArray random(Random r, long rows, long cols) {
        // a view starting 5 elements into a larger buffer, as a plan's tensors share their slots
        INDArray big = Nd4j.create(DataType.FLOAT, rows * cols + 11);
        for (long i = 0; i < big.length(); i++) {
            big.putScalar(i, (float) r.nextGaussian());
        }
        return big.get(NDArrayIndex.interval(5, 5 + rows * cols)).reshape('c', rows, cols);
    }

    static void assertClose(INDArray actual, INDArray expected) {
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double worst = maxDifference(actual, expected);
        assertThat(worst / scale).as("%s vs %s", actual, expected).isLessThan(1e-5);
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void theThreeProductsOfADenseLayerMatchNd4j() {
        Random r = new Random(3);
        int n = 7;
        int in = 13;
        int out = 5;
        INDArray x = random(r, n, in);
        INDArray w = random(r, in, out);
        INDArray g = random(r, n, out);
        assertThat(x.offset()).isEqualTo(5);
        assertThat(HostGemm.usable(x, w, g)).isTrue();

        INDArray y = random(r, n, out);
        HostGemm.gemm(
                false,
                false,
                n,
                out,
                in,
                HostGemm.pointer(x),
                in,
                HostGemm.pointer(w),
                out,
                0f,
                HostGemm.pointer(y),
                out);
        assertClose(y, x.mmul(w));

        INDArray dW = random(r, in, out);
        HostGemm.gemm(
                true,
                false,
                in,
                out,
                n,
                HostGemm.pointer(x),
                in,
                HostGemm.pointer(g),
                out,
                0f,
                HostGemm.pointer(dW),
                out);
        assertClose(dW, x.transpose().mmul(g));

        INDArray dx = random(r, n, in);
        INDArray before = dx.dup();
        HostGemm.gemm(
                false,
                true,
                n,
                in,
                out,
                HostGemm.pointer(g),
                out,
                HostGemm.pointer(w),
                out,
                1f,
                HostGemm.pointer(dx),
                in);
        assertClose(dx, before.add(g.mmul(w.transpose())));
    }

    @Test
    void biasRowsAndColumnSumsMatchNd4j() {
        Random r = new Random(4);
        INDArray y = random(r, 6, 4);
        INDArray b = random(r, 1, 4).reshape(4);
        INDArray expected = y.addRowVector(b);
        HostGemm.addRows(HostGemm.pointer(y), HostGemm.pointer(b), HostGemm.ones(6), 6, 4);
        assertClose(y, expected);
        INDArray sums = random(r, 1, 4).reshape(4);
        HostGemm.columnSums(HostGemm.pointer(y), HostGemm.pointer(sums), HostGemm.ones(6), 6, 4);
        assertClose(sums, y.sum(0));
    }

    @Test
    void otherTypesAndLayoutsKeepTheExecPath() {
        assertThat(HostGemm.usable(Nd4j.create(DataType.DOUBLE, 2, 2))).isFalse();
        assertThat(HostGemm.usable(Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f')))
                .isFalse();
        assertThat(HostGemm.usable(
                        Nd4j.create(DataType.FLOAT, 4, 4).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))))
                .isFalse();
    }
}
