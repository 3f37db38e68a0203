package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.util.Quiet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two measured bugs of SameDiff 1.0.0-M2.1 (CPU, oneDNN build), each pinned so that its test passes while the bug
 * exists and fails once it is fixed:
 *
 * <ul>
 *   <li>Fact A: {@code lstmLayer}'s gradient ignores {@code seqLen}; the forward pass honours it.
 *   <li>Fact C (docs/samediff.md, fact 25): a dilated {@code conv1d} fails in float32 on the oneDNN build.
 *   <li>Fact B: {@code strided_slice_bp}, the gradient of {@code SDVariable.get(..., SDIndex.point(t), ...)}, fails
 *       "Op validation failed" when the point index {@code t} on an axis is {@code >=} the size of the <em>next</em>
 *       axis. So an LSTM unrolled with {@code gates.get(all, point(t), all)} on {@code [N, steps, 4h]} breaks as soon
 *       as {@code steps > 4h}. {@code sd.unstack} has a working gradient.
 * </ul>
 */
class SliceAndSeqLenFactsTest {

    @BeforeAll
    static void quiet() {
        Quiet.install(); // drops SameDiff's "Added differentiated op" lines
    }

    // ---------------------------------------------------------------- fixtures

    /** {@link RecurrentOpsFactsTest#fill}'s deterministic values. */
    private static double[] fill(int len, int offset) {
        return RecurrentOpsFactsTest.fill(len, offset);
    }

    private static INDArray arr(double[] data, long... shape) {
        return Nd4j.createFromArray(data).reshape(shape);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    // ---------------------------------------------------------------- fact A: lstmLayer seqLen

    private static final int N = 2;
    private static final int T = 3;
    private static final int IN = 2;
    private static final int H = 2;
    private static final double[] X = fill(N * T * IN, 1);
    private static final double[] WX = fill(IN * 4 * H, 0);
    private static final double[] WR = fill(H * 4 * H, 3);
    private static final double[] B = fill(4 * H, 5);
    private static final double[] OUT_W = fill(N * T * H, 2); // fixed weights of the loss on the full sequence
    private static final double[] LAST_W = fill(N * H, 4); // fixed weights of the loss on the last h

    /**
     * {@code lstmLayer} (NTS, FWD, sigmoid/tanh/tanh, all three outputs) in double with x, Wx, Wr, b as variables and
     * {@code loss = sum(out * OUT_W) + sum(lastH * LAST_W)}; seqLen {@code [3, 1]} when {@code withSeqLen}.
     */
    private static SameDiff lstmGraph(boolean withSeqLen, double[] wx) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", arr(X, N, T, IN));
        SDVariable seqLen = withSeqLen ? sd.constant("seqLen", Nd4j.createFromArray(3, 1)) : null;
        LSTMLayerWeights w = LSTMLayerWeights.builder()
                .weights(sd.var("Wx", arr(wx, IN, 4 * H)))
                .rWeights(sd.var("Wr", arr(WR, H, 4 * H)))
                .bias(sd.var("b", arr(B, 4 * H)))
                .build();
        LSTMLayerConfig conf = LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NTS)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(true)
                .retLastH(true)
                .retLastC(true)
                .build();
        SDVariable[] outs = sd.rnn().lstmLayer(x, null, null, seqLen, w, conf);
        outs[0].rename("out");
        SDVariable loss = outs[0].mul(sd.constant(arr(OUT_W, N, T, H)))
                .sum()
                .add(outs[1].mul(sd.constant(arr(LAST_W, N, H))).sum())
                .rename("loss");
        loss.markAsLoss();
        return sd;
    }

    private static double lstmLoss(boolean withSeqLen, double[] wx) {
        SameDiff sd = lstmGraph(withSeqLen, wx);
        return sd.output(new HashMap<>(), "loss").get("loss").getDouble(0);
    }

    /**
     * The forward pass of {@code lstmLayer} honours {@code seqLen} (sample 1 with length 1 of 3 gives a different
     * output), but the gradients of x, Wx, Wr and b are the same with or without seqLen (to 1e-12), and the gradient of
     * the seqLen graph disagrees with central finite differences of its own loss, while the graph without seqLen
     * agrees. Measured with these fixtures: the outputs differ by up to ~0.046; the largest |analytic - FD| over Wx is
     * ~0.042 with seqLen and ~1.5e-11 without.
     */
    @Test
    void lstmLayerGradientIgnoresSeqLen() {
        // (1) forward: seqLen changes the output
        INDArray outSeq = lstmGraph(true, WX).output(new HashMap<>(), "out").get("out");
        INDArray outAll = lstmGraph(false, WX).output(new HashMap<>(), "out").get("out");
        assertThat(maxAbsDiff(outSeq, outAll)).isGreaterThan(1e-3);

        // (2) backward: the gradients do not change
        List<String> params = List.of("x", "Wx", "Wr", "b");
        Map<String, INDArray> gSeq = lstmGraph(true, WX).calculateGradients(new HashMap<>(), params);
        Map<String, INDArray> gAll = lstmGraph(false, WX).calculateGradients(new HashMap<>(), params);
        for (String p : params) {
            assertThat(maxAbsDiff(gSeq.get(p), gAll.get(p))).as(p).isLessThan(1e-12);
        }

        // (3) and are wrong for the seqLen loss: central finite differences over every Wx entry
        assertThat(worstFdError(true, gSeq.get("Wx"))).isGreaterThan(1e-2);
        // while without seqLen the same check agrees: the error is seqLen's alone
        assertThat(worstFdError(false, gAll.get("Wx"))).isLessThan(1e-6);
    }

    /** Largest |analytic - central finite difference| over the entries of Wx. */
    private static double worstFdError(boolean withSeqLen, INDArray analyticWx) {
        double eps = 1e-6;
        double[] analytic = analyticWx.dup().data().asDouble();
        double worst = 0;
        for (int i = 0; i < WX.length; i++) {
            double[] plus = WX.clone();
            double[] minus = WX.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double fd = (lstmLoss(withSeqLen, plus) - lstmLoss(withSeqLen, minus)) / (2 * eps);
            worst = Math.max(worst, Math.abs(fd - analytic[i]));
        }
        return worst;
    }

    // ---------------------------------------------------------------- fact B: strided_slice_bp

    /**
     * The smallest form: {@code x [3, 2]}, {@code loss = sum(x.get(point(t), all()))}. The gradient works for t = 0, 1
     * (a one-hot row) and throws for t = 2, which is {@code >=} the size 2 of the next axis. The forward is fine.
     */
    @Test
    void stridedSliceBpFailsWhenPointIndexReachesNextAxisSize() {
        for (int t = 0; t < 3; t++) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", Nd4j.zeros(DataType.DOUBLE, 3, 2));
            SDVariable loss = x.get(SDIndex.point(t), SDIndex.all()).sum();
            loss.markAsLoss();
            assertThat(loss.eval().getDouble(0)).isEqualTo(0.0);
            if (t < 2) {
                INDArray g =
                        sd.calculateGradients(new HashMap<>(), List.of("x")).get("x");
                INDArray expected = Nd4j.zeros(DataType.DOUBLE, 3, 2);
                expected.getRow(t).assign(1.0);
                assertThat(g).as("t=" + t).isEqualTo(expected);
            } else {
                assertThatThrownBy(() -> sd.calculateGradients(new HashMap<>(), List.of("x")))
                        .hasMessageContaining("strided_slice_bp")
                        .hasMessageContaining("Op validation failed");
            }
        }
    }

    /** {@code sum over t of sum(tanh(v[:, t, :]))} for v {@code [2, steps, c]}, the steps sliced by get() or unstack. */
    private static Map<String, INDArray> sequenceGradient(int steps, boolean unstack, INDArray value) {
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("v", value);
        SDVariable[] parts = unstack ? sd.unstack(v, 1, steps) : null;
        SDVariable acc = null;
        for (int t = 0; t < steps; t++) {
            SDVariable s = unstack ? parts[t] : v.get(SDIndex.all(), SDIndex.point(t), SDIndex.all());
            SDVariable term = sd.math().tanh(s).sum();
            acc = acc == null ? term : acc.add(term);
        }
        acc.markAsLoss();
        return sd.calculateGradients(new HashMap<>(), List.of("v"));
    }

    /**
     * The unrolled-sequence form (how NetForge's old unrolled LSTM sliced its {@code [N, steps, 4h]} gates): per-step
     * {@code v.get(all, point(t), all)} on v {@code [2, 4, 3]} throws in {@code strided_slice_bp} (step index 3 is not
     * below c = 3), while the same 4 steps on v {@code [2, 4, 4]} work: the trigger is the step index against the
     * size of the last axis, not the number of steps. {@code sd.unstack(v, 1, steps)} gives the exact gradient
     * {@code 1 - tanh(v)^2} for the failing shape.
     */
    @Test
    void unrolledPointSlicesFailUnstackWorks() {
        INDArray bad = arr(fill(2 * 4 * 3, 1), 2, 4, 3);
        assertThatThrownBy(() -> sequenceGradient(4, false, bad)).hasMessageContaining("strided_slice_bp");

        INDArray ok = arr(fill(2 * 4 * 4, 1), 2, 4, 4);
        INDArray gOk = sequenceGradient(4, false, ok).get("v");
        INDArray expectedOk = Nd4j.ones(DataType.DOUBLE, 2, 4, 4)
                .sub(Nd4j.math().tanh(ok.dup()).mul(Nd4j.math().tanh(ok.dup())));
        assertThat(maxAbsDiff(gOk, expectedOk)).isLessThan(1e-12);

        INDArray g = sequenceGradient(4, true, bad).get("v");
        INDArray tanh = Nd4j.math().tanh(bad.dup());
        INDArray expected = Nd4j.ones(DataType.DOUBLE, 2, 4, 3).sub(tanh.mul(tanh));
        assertThat(maxAbsDiff(g, expected)).isLessThan(1e-12);
    }

    // ---------------------------------------------------------------- fact C: dilated conv1d on oneDNN

    /** {@code conv1d} NWC, kernel 3, dilation 2, padding 2, length kept, on {@code x [2, 6, 2]} of type {@code type}. */
    private static INDArray dilatedConv1d(DataType type) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", arr(fill(2 * 6 * 2, 1), 2, 6, 2).castTo(type));
        SDVariable w = sd.var("w", arr(fill(3 * 2 * 4, 2), 3, 2, 4).castTo(type));
        org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig config =
                new org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig(
                        3,
                        1,
                        2,
                        2,
                        org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig.NWC,
                        org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID);
        return sd.cnn().conv1d(x, w, config).eval();
    }

    /**
     * Fact 25: {@code conv1d} with a dilation above 1 fails in float32 on the oneDNN build ("could not create a descriptor
     * for a dilated convolution forward propagation primitive"); in double precision (libnd4j's own code) it runs and
     * keeps the length.
     */
    @Test
    void dilatedConv1dFailsInFloatOnOneDnn() {
        assertThatThrownBy(() -> dilatedConv1d(DataType.FLOAT)).hasMessageContaining("dilated convolution");
        assertThat(dilatedConv1d(DataType.DOUBLE).shape()).containsExactly(2, 6, 4);
    }
}
