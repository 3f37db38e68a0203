package io.netforge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;

import io.netforge.util.Dnnl;
import java.util.Random;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * oneDNN's BatchNorm primitives as {@link DnnlBatchNormKernel} calls them, against the formulas in double precision,
 * and the one way oneDNN 2.5 differs from its documentation. Default run only: oneDNN is on there ({@link DnnlTest}).
 */
class DnnlBatchNormTest {
    private static final int N = 5;
    private static final int C = 3;
    private static final float EPS = 1e-5f;

    /** The backward pass does not read the shift, but refuses to run without it ("invalid arguments"). */
    @Test
    void theBackwardPassWantsTheShift() {
        try (Case c = new Case(new Random(1))) {
            c.forward();
            IntMemoryMap args = c.backwardArgs();
            assertThatThrownBy(() -> c.backward(args))
                    .isInstanceOf(RuntimeException.class)
                    .hasMessageContaining("status = 2");
            args.put(DNNL_ARG_SHIFT, c.shift);
            c.backward(args);
        }
    }

    /** Output, batch statistics (variance biased), and the three gradients of the textbook BatchNorm. */
    @Test
    void forwardAndBackwardAreBatchNorm() {
        try (Case c = new Case(new Random(2))) {
            c.forward();
            IntMemoryMap args = c.backwardArgs();
            args.put(DNNL_ARG_SHIFT, c.shift);
            c.backward(args);
            float[] x = c.get(c.src, N * C);
            float[] gamma = c.get(c.scale, C);
            float[] beta = c.get(c.shift, C);
            float[] dy = c.get(c.diffDst, N * C);
            for (int j = 0; j < C; j++) {
                double mean = 0;
                for (int i = 0; i < N; i++) {
                    mean += x[i * C + j] / (double) N;
                }
                double var = 0;
                for (int i = 0; i < N; i++) {
                    var += Math.pow(x[i * C + j] - mean, 2) / N;
                }
                double inv = 1 / Math.sqrt(var + EPS);
                double dBeta = 0;
                double dGamma = 0;
                for (int i = 0; i < N; i++) {
                    double xhat = (x[i * C + j] - mean) * inv;
                    assertThat(c.get(c.dst, N * C)[i * C + j])
                            .isCloseTo((float) (gamma[j] * xhat + beta[j]), within(1e-5f));
                    dBeta += dy[i * C + j];
                    dGamma += dy[i * C + j] * xhat;
                }
                assertThat(c.get(c.mean, C)[j]).isCloseTo((float) mean, within(1e-6f));
                assertThat(c.get(c.variance, C)[j]).isCloseTo((float) var, within(1e-5f));
                assertThat(c.get(c.diffShift, C)[j]).isCloseTo((float) dBeta, within(1e-5f));
                assertThat(c.get(c.diffScale, C)[j]).isCloseTo((float) dGamma, within(1e-5f));
                for (int i = 0; i < N; i++) {
                    double xhat = (x[i * C + j] - mean) * inv;
                    double dx = gamma[j] * inv * (dy[i * C + j] - dBeta / N - xhat * dGamma / N);
                    assertThat(c.get(c.diffSrc, N * C)[i * C + j]).isCloseTo((float) dx, within(1e-5f));
                }
            }
        }
    }

    /** Primitives for an [N, C] input with scale and shift, and their memories filled with random values. */
    private static final class Case implements AutoCloseable {
        final DnnlSteps dnnl = new DnnlSteps();
        final stream s = dnnl.own(new stream(Dnnl.engine()));
        final memory.desc data = dnnl.desc(new long[] {N, C}, memory.format_tag.nc);
        final memory.desc channels = dnnl.desc(new long[] {C}, memory.format_tag.x);
        final batch_normalization_forward.primitive_desc fpd;
        final batch_normalization_backward.primitive_desc bpd;
        final memory src = mem(data);
        final memory dst = mem(data);
        final memory scale = mem(channels);
        final memory shift = mem(channels);
        final memory mean = mem(channels);
        final memory variance = mem(channels);
        final memory diffDst = mem(data);
        final memory diffSrc = mem(data);
        final memory diffScale = mem(channels);
        final memory diffShift = mem(channels);

        Case(Random r) {
            int flags = dnnl_use_scale | dnnl_use_shift;
            fpd = dnnl.own(new batch_normalization_forward.primitive_desc(
                    dnnl.own(new batch_normalization_forward.desc(prop_kind.forward_training.value, data, EPS, flags)),
                    Dnnl.engine()));
            bpd = dnnl.own(new batch_normalization_backward.primitive_desc(
                    dnnl.own(new batch_normalization_backward.desc(prop_kind.backward.value, data, data, EPS, flags)),
                    Dnnl.engine(),
                    fpd));
            for (memory m : new memory[] {src, scale, shift, diffDst}) {
                FloatPointer p = new FloatPointer(m.get_data_handle());
                for (long i = 0; i < m.get_desc().get_size() / Float.BYTES; i++) {
                    p.put(i, (float) r.nextGaussian() * 2 + 0.5f);
                }
            }
        }

        private memory mem(memory.desc d) {
            return dnnl.own(new memory(d, Dnnl.engine()));
        }

        float[] get(memory m, int n) {
            float[] v = new float[n];
            new FloatPointer(m.get_data_handle()).get(v);
            return v;
        }

        void forward() {
            IntMemoryMap args =
                    dnnl.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift);
            args.put(DNNL_ARG_MEAN, mean);
            args.put(DNNL_ARG_VARIANCE, variance);
            dnnl.own(new batch_normalization_forward(fpd)).execute(s, args);
            s._wait();
        }

        IntMemoryMap backwardArgs() {
            IntMemoryMap args = dnnl.args(
                    DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance);
            args.put(DNNL_ARG_SCALE, scale);
            args.put(DNNL_ARG_DIFF_SRC, diffSrc);
            args.put(DNNL_ARG_DIFF_SCALE, diffScale);
            args.put(DNNL_ARG_DIFF_SHIFT, diffShift);
            return args;
        }

        void backward(IntMemoryMap args) {
            dnnl.own(new batch_normalization_backward(bpd)).execute(s, args);
            s._wait();
        }

        @Override
        public void close() {
            dnnl.close();
        }
    }
}
