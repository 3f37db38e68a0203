package io.netforge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netforge.util.Dnnl;
import java.nio.FloatBuffer;
import java.util.Random;
import org.bytedeco.dnnl.stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's LSTM primitive as {@link DnnlLstm} calls it (NetForge's layouts: {@code ntc} sequences, {@code ldigo}
 * weights with the gates i, f, g, o, one bias) against PyTorch's LSTM written out in double precision: every step's
 * state, and the gradients of {@code L = Σ dy · h} for both weights, the bias and the input against finite differences.
 * The backward pass runs twice: the primitive adds into its weight gradients, so a second step must not double them.
 */
class DnnlLstmTest {
    private static final int N = 3;
    private static final int T = 4;
    private static final int C = 2;
    private static final int H = 3;
    private static final int G = 4 * H;

    @Test
    void statesAndGradientsAreTheLstm() {
        Random r = new Random(5);
        float[] x = random(r, N * T * C);
        float[] wx = random(r, C * G);
        float[] wr = random(r, H * G);
        float[] bx = random(r, G);
        float[] br = random(r, G);
        float[] dy = random(r, N * T * H);
        INDArray states = Nd4j.zeros(N, T, H);
        INDArray dx = Nd4j.zeros(N, T, C);
        INDArray dWx = Nd4j.zeros(C, G);
        INDArray dWr = Nd4j.zeros(H, G);
        float[] dBias = new float[G];
        try (DnnlLstm lstm = new DnnlLstm(
                        N,
                        T,
                        C,
                        H,
                        array(x, N, T, C),
                        states,
                        array(wx, C, G),
                        array(wr, H, G),
                        true,
                        array(dy, N, T, H),
                        dx,
                        dWx,
                        dWr);
                stream s = new stream(Dnnl.engine())) {
            lstm.forward(FloatBuffer.wrap(bx), FloatBuffer.wrap(br), s);
            double[] expected = forward(x, wx, wr, bx, br);
            float[] got = states.data().asFloat();
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) got[i]).as("state value %d", i).isCloseTo(expected[i], within(2e-6));
            }
            lstm.backward(dBias, s);
            lstm.backward(dBias, s); // not twice the gradient
        }
        double[][] params = {toDouble(x), toDouble(wx), toDouble(wr), toDouble(bx)};
        float[][] grads = {dx.data().asFloat(), dWx.data().asFloat(), dWr.data().asFloat(), dBias};
        String[] names = {"dx", "dW_x", "dW_r", "d bias"};
        for (int p = 0; p < params.length; p++) {
            for (int i = 0; i < params[p].length; i++) {
                double[] plus = params[p].clone();
                double[] minus = params[p].clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                double numeric = (loss(p, plus, params, dy, br) - loss(p, minus, params, dy, br)) / 2e-6;
                assertThat((double) grads[p][i]).as("%s[%d]", names[p], i).isCloseTo(numeric, within(2e-5));
            }
        }
    }

    /** {@code Σ dy · h} with parameter {@code p} replaced by {@code value}. */
    private static double loss(int p, double[] value, double[][] params, float[] dy, float[] br) {
        double[][] q = params.clone();
        q[p] = value;
        double[] h = forwardDouble(q[0], q[1], q[2], q[3], toDouble(br));
        double l = 0;
        for (int i = 0; i < h.length; i++) {
            l += dy[i] * h[i];
        }
        return l;
    }

    private static double[] forward(float[] x, float[] wx, float[] wr, float[] bx, float[] br) {
        return forwardDouble(toDouble(x), toDouble(wx), toDouble(wr), toDouble(bx), toDouble(br));
    }

    /** PyTorch's LSTM, batch first: gates i, f, g, o; {@code c = f c + i g}, {@code h = o tanh(c)}. */
    private static double[] forwardDouble(double[] x, double[] wx, double[] wr, double[] bx, double[] br) {
        double[] out = new double[N * T * H];
        for (int b = 0; b < N; b++) {
            double[] h = new double[H];
            double[] c = new double[H];
            for (int t = 0; t < T; t++) {
                double[] z = new double[G];
                for (int g = 0; g < G; g++) {
                    z[g] = bx[g] + br[g];
                    for (int k = 0; k < C; k++) {
                        z[g] += x[(b * T + t) * C + k] * wx[k * G + g];
                    }
                    for (int k = 0; k < H; k++) {
                        z[g] += h[k] * wr[k * G + g];
                    }
                }
                for (int k = 0; k < H; k++) {
                    double i = sigmoid(z[k]);
                    double f = sigmoid(z[H + k]);
                    double g = Math.tanh(z[2 * H + k]);
                    double o = sigmoid(z[3 * H + k]);
                    c[k] = f * c[k] + i * g;
                    h[k] = o * Math.tanh(c[k]);
                    out[(b * T + t) * H + k] = h[k];
                }
            }
        }
        return out;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.7);
        }
        return a;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static INDArray array(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }
}
