package io.netforge.graph;

import static io.netforge.graph.GradientCheck.oneHot;
import static io.netforge.graph.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference gradient checks, one per layer helper, through the real training loss. */
class LayerGradientTest {
    private static final int N = 3;
    private static final int K = 3;
    private static final ParamInit INIT = ParamInit.of(WeightInit.XAVIER_NORMAL, 0, 0, 0.1);

    private static double checkFlat(int features, BiFunction<GraphBuilder, Node, Node> body) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = body.apply(g, g.flatInput(features));
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        return check(net, randn(1, N, features));
    }

    private static double checkImage(int c, int h, int w, BiFunction<GraphBuilder, Node, Node> body) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = body.apply(g, g.imageInput(c, h, w));
        x = g.flatten("flat", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        return check(net, randn(1, N, c, h, w));
    }

    private static double check(NetGraph net, INDArray input) {
        return check(net, input, 12);
    }

    /** As {@link #check(NetGraph, INDArray)} with {@code perParam} entries of each parameter. */
    private static double check(NetGraph net, INDArray input, int perParam) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GraphBuilder.INPUT, input);
        feed.put(GraphBuilder.LABELS, oneHot(N, K, 2));
        int seed = 3;
        for (DropoutMask m : net.dropoutMasks()) {
            long[] shape = net.sameDiff()
                    .getVariable(m.placeholder())
                    .placeholderShape()
                    .clone();
            shape[0] = N;
            INDArray mask = Nd4j.rand(seed++, shape)
                    .gt(m.p())
                    .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .muli(1 / (1 - m.p()));
            feed.put(m.placeholder(), mask);
        }
        return GradientCheck.maxRelativeError(net, feed, perParam, 11);
    }

    /**
     * Embedding and the masked mean over time: ids repeated within a sequence and across the batch (their gradients
     * must add, docs/samediff.md fact 18), padding 0 at the ends, and a sequence of padding only.
     */
    @Test
    void embeddingAndMaskedMean() {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 4);
        x = g.tanh("embed", x);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 0, 0}, {2, 2, 2, 6, 1}, {0, 0, 0, 0, 0}});
        assertThat(check(net, ids)).isLessThan(1e-4);
        // the padding row: zero, and no gradient
        assertThat(net.array("embed/embedding").getRow(0).toDoubleVector()).containsOnly(0.0);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GraphBuilder.INPUT, ids);
        feed.put(GraphBuilder.LABELS, oneHot(N, K, 2));
        INDArray grad =
                net.sameDiff().calculateGradients(feed, "embed/embedding").get("embed/embedding");
        assertThat(grad.getRow(0).toDoubleVector()).containsOnly(0.0);
        assertThat(grad.getRow(2).toDoubleVector()).as("id 2, three times").doesNotContain(0.0);
    }

    /**
     * Multi-head self-attention in double precision against finite differences: padding at the end, a sequence of
     * padding only (every key masked: uniform weights, finite), two heads of the default size and three of an explicit
     * one, with and without the causal mask, with and without attention dropout (its mask fed); then a layer norm and
     * the masked mean.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2, 0, 0, false", "3, 2, 0.3, true", "1, 0, 0.5, true"})
    void multiHeadAttention(int heads, int keyDimension, double dropout, boolean causal) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 4);
        x = g.multiHeadAttention("attn", x, heads, keyDimension, dropout, causal, INIT, Penalty.NONE);
        x = g.layerNorm("attn", x, 1e-5);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 0, 0}, {2, 6, 2, 6, 1}, {0, 0, 0, 0, 0}});
        assertThat(check(net, ids)).isLessThan(1e-4);
    }

    /**
     * Transformer encoder layers (post-norm stacked twice, and pre-norm causal) with dropout masks fed, over padded
     * words: attention, residual adds, layer norms and the feed-forward network on each step.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void transformerEncoder(boolean normFirst) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 4);
        x = g.transformerEncoder(
                "enc", x, 2, 6, 0.2, normFirst, normFirst, normFirst, normFirst ? 1 : 2, INIT, Penalty.NONE);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 0, 0}, {2, 6, 2, 6, 1}, {4, 5, 0, 0, 0}});
        assertThat(check(net, ids, 6)).isLessThan(1e-4);
    }

    /** Learned positions (more rows than steps: the extra rows get no gradient) and the sinusoids, before attention. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void positionEmbedding(boolean sinusoidal) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 4);
        x = g.positionEmbedding("positions", x, 8, sinusoidal);
        x = g.multiHeadAttention("attn", x, 2, 0, 0, true, INIT, Penalty.NONE);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 0, 0}, {2, 6, 2, 6, 1}, {4, 5, 0, 0, 0}});
        assertThat(check(net, ids, 40)).isLessThan(1e-4);
        assertThat(net.parameterCount())
                .isEqualTo(7 * 4 + (sinusoidal ? 0 : 8 * 4) + 3 * 4 * 4 + 3 * 4 + 4 * 4 + 4 + 4 * K + K);
    }

    /** A 1-D convolution (odd kernel, the length kept) and the masked max over time, with padding and repeated ids. */
    @Test
    void conv1dAndMaskedMax() {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 3);
        x = g.conv1d("conv", x, 4, 3, true, INIT, Penalty.NONE);
        x = g.tanh("conv", x);
        x = g.globalMaxPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 5, 0}, {2, 6, 2, 6, 1}, {4, 0, 0, 0, 0}});
        assertThat(check(net, ids)).isLessThan(1e-4);
    }

    /**
     * LSTMs with padding at the end, in the middle and a sequence of padding only: one direction's last state, both
     * directions' steps side by side into a second LSTM, and both directions' last states added.
     */
    @ParameterizedTest
    @EnumSource(Bidirectional.class)
    void lstm(Bidirectional bidirectional) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 3);
        x = g.lstm("rnn", x, 4, true, bidirectional, INIT, Penalty.NONE);
        x = g.lstm("rnn2", x, 3, false, bidirectional, INIT, Penalty.NONE);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 5, 0}, {2, 6, 0, 6, 1}, {0, 0, 0, 0, 0}});
        // 4 entries of each of the 11 to 19 arrays: the unrolled graph costs ~70 ms a pass in double
        assertThat(check(net, ids, 4)).isLessThan(1e-4);
    }

    /** GRUs as {@link #lstm}: PyTorch's cell, {@code b_hn} inside the reset product. */
    @ParameterizedTest
    @EnumSource(Bidirectional.class)
    void gru(Bidirectional bidirectional) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 3);
        x = g.gru("rnn", x, 4, true, bidirectional, INIT, Penalty.NONE);
        x = g.gru("rnn2", x, 3, false, bidirectional, INIT, Penalty.NONE);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 5, 0}, {2, 6, 0, 6, 1}, {0, 0, 0, 0, 0}});
        assertThat(check(net, ids, 4)).isLessThan(1e-4);
    }

    /** A sequence input (no token ids, every step real): recurrent layers, a dilated 1-D convolution, both poolings. */
    @Test
    void sequenceInput() {
        for (boolean max : new boolean[] {false, true}) {
            GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            Node x = g.sequenceInput(5, 2);
            x = g.gru("rnn", x, 3, true, Bidirectional.SUM, INIT, Penalty.NONE);
            x = g.conv1d("conv", x, 2, 3, 2, true, INIT, Penalty.NONE); // dilation 2: spans all 5 steps
            x = g.lstm("rnn2", x, 2, true, Bidirectional.NONE, INIT, Penalty.NONE);
            x = max ? g.globalMaxPool("pool", x) : g.globalAvgPool("pool", x);
            x = g.dense("out", x, K, true, INIT, Penalty.NONE);
            NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
            assertThat(check(net, randn(1, N, 5, 2), 4)).as("max=%s", max).isLessThan(1e-4);
        }
    }

    /**
     * A strided 1-D convolution and pooling windows over time on padded texts (padding at the end, in the middle, a text
     * of padding only): the mask shrinks with the sequence, and the LSTM after them reads the shrunk one.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void stridedConv1dAndPoolingOverTime(boolean max) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(9, 7);
        x = g.embedding("embed", x, 3);
        x = g.conv1d("conv", x, 4, 3, 2, 1, true, INIT, Penalty.NONE); // 9 steps -> 5
        x = g.tanh("conv", x);
        x = max ? g.maxPool("pool", x, 2, 0, 0) : g.avgPool("pool", x, 2, 0, 0); // 5 -> 3, the last window clipped
        x = g.lstm("rnn", x, 3, false, Bidirectional.NONE, INIT, Penalty.NONE);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(
                new double[][] {{1, 3, 3, 5, 2, 0, 0, 0, 0}, {2, 6, 0, 0, 0, 6, 1, 4, 4}, {0, 0, 0, 0, 0, 0, 0, 0, 0}});
        assertThat(check(net, ids, 6)).as("max=%s", max).isLessThan(1e-4);
    }

    /**
     * Valid and causal convolutions (an even kernel, a stride) on padded texts: a valid output step is real where its
     * window's last step is, a causal one where its own step is.
     */
    @Test
    void validAndCausalConv1d() {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(9, 7);
        x = g.embedding("embed", x, 3);
        x = g.conv1d("valid", x, 4, 3, 2, 1, io.netforge.annotations.Padding.VALID, true, INIT, Penalty.NONE); // -> 4
        x = g.sigmoid("valid", x);
        x = g.conv1d("causal", x, 3, 2, 1, 1, io.netforge.annotations.Padding.CAUSAL, true, INIT, Penalty.NONE);
        x = g.conv1d("dilated", x, 3, 2, 1, 2, io.netforge.annotations.Padding.VALID, true, INIT, Penalty.NONE); // -> 5
        x = g.gru("rnn", x, 3, false, Bidirectional.NONE, INIT, Penalty.NONE);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(
                new double[][] {{1, 3, 3, 5, 2, 0, 0, 0, 0}, {2, 6, 0, 0, 0, 6, 1, 4, 4}, {0, 0, 0, 0, 0, 0, 0, 0, 0}});
        assertThat(check(net, ids, 6)).isLessThan(1e-4);
    }

    /**
     * {@code @Dense} and {@code @LayerNorm} on a sequence, each step through the same weights (Keras' {@code Dense} on a
     * 3-D input, {@code nn.LayerNorm} on the last axis), on a padded text and on a sequence input.
     */
    @Test
    void denseOnEachStep() {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.tokenInput(5, 7);
        x = g.embedding("embed", x, 3);
        x = g.dense("perStep", x, 4, true, INIT, Penalty.NONE);
        x = g.layerNorm("perStep", x, 1e-5); // each step over its 4 features; a padding step's row is the bias
        x = g.tanh("perStep", x);
        x = g.gru("rnn", x, 3, true, Bidirectional.NONE, INIT, Penalty.NONE);
        x = g.globalMaxPool("pool", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 3, 3, 5, 0}, {2, 6, 0, 6, 1}, {0, 0, 0, 0, 0}});
        assertThat(check(net, ids, 6)).isLessThan(1e-4);
        GraphBuilder s = new GraphBuilder("S", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node y = s.sequenceInput(4, 2);
        y = s.dense("perStep", y, 3, false, INIT, Penalty.NONE);
        y = s.layerNorm("norm", y, 1e-5);
        y = s.globalAvgPool("mean", y);
        y = s.dense("out", y, K, true, INIT, Penalty.NONE);
        assertThat(check(s.build(y, K, LossFunction.SOFTMAX_CROSS_ENTROPY), randn(1, N, 4, 2)))
                .isLessThan(1e-4);
    }

    /** The same on a sequence input (every step real): stride 3 with dilation 2, windows of 3 over 3 steps. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void stridedConv1dAndPoolingOverTimeOnASequenceInput(boolean max) {
        GraphBuilder g = new GraphBuilder("T", 7, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Node x = g.sequenceInput(8, 2);
        x = g.conv1d("conv", x, 3, 3, 3, 2, true, INIT, Penalty.NONE); // 8 steps -> 3
        x = max ? g.maxPool("pool", x, 2, 0, 0) : g.avgPool("pool", x, 2, 0, 0); // 3 -> 2
        x = g.globalAvgPool("mean", x);
        x = g.dense("out", x, K, true, INIT, Penalty.NONE);
        NetGraph net = g.build(x, K, LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertThat(check(net, randn(1, N, 8, 2))).as("max=%s", max).isLessThan(1e-4);
    }

    @Test
    void dense() {
        assertThat(checkFlat(5, (g, x) -> g.dense("fc", x, 4, true, INIT, Penalty.NONE)))
                .isLessThan(1e-4);
    }

    @Test
    void denseWithoutBias() {
        assertThat(checkFlat(5, (g, x) -> g.dense("fc", x, 4, false, INIT, Penalty.NONE)))
                .isLessThan(1e-4);
    }

    @Test
    void activations() {
        assertThat(checkFlat(5, (g, x) -> g.relu("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
        assertThat(checkFlat(5, (g, x) -> g.leakyRelu("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE), 0.1)))
                .isLessThan(1e-4);
        assertThat(checkFlat(5, (g, x) -> g.sigmoid("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
        assertThat(checkFlat(5, (g, x) -> g.tanh("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
        assertThat(checkFlat(5, (g, x) -> g.softmax("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
        // x (1 + erf(x/√2)) / 2 composed of SameDiff ops: erf's gradient included
        assertThat(checkFlat(5, (g, x) -> g.gelu("a", g.dense("fc", x, 6, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
    }

    @Test
    void conv2dWithPaddingAndStride() {
        checkImage(2, 5, 5, (g, x) -> g.conv2d("c", x, 3, 3, 1, 1, true, INIT, Penalty.NONE));
        checkImage(2, 6, 6, (g, x) -> g.conv2d("c", x, 2, 3, 2, 0, false, INIT, Penalty.NONE));
    }

    @Test
    void maxPooling() {
        checkImage(2, 4, 4, (g, x) -> g.maxPool("p", g.conv2d("c", x, 2, 3, 1, 1, true, INIT, Penalty.NONE), 2, 0, 0));
    }

    @Test
    void avgPoolingWithPadding() {
        checkImage(2, 5, 5, (g, x) -> g.avgPool("p", g.conv2d("c", x, 2, 3, 1, 1, true, INIT, Penalty.NONE), 3, 2, 1));
    }

    @Test
    void batchNormDenseAndConv() {
        checkFlat(5, (g, x) -> g.batchNorm("bn", g.dense("fc", x, 4, true, INIT, Penalty.NONE), 0.1, 1e-5));
        checkImage(
                2,
                4,
                4,
                (g, x) -> g.batchNorm("bn", g.conv2d("c", x, 3, 3, 1, 1, true, INIT, Penalty.NONE), 0.1, 1e-5));
    }

    @Test
    void layerNorm() {
        assertThat(checkFlat(
                        5,
                        (g, x) -> g.tanh("fc", g.layerNorm("fc", g.dense("fc", x, 4, true, INIT, Penalty.NONE), 1e-5))))
                .isLessThan(1e-4);
        assertThat(checkFlat(6, (g, x) -> g.layerNorm("ln", x, 1e-3))).isLessThan(1e-4);
    }

    @Test
    void dropoutAndSpatialDropout() {
        checkFlat(5, (g, x) -> g.dropout("d", g.dense("fc", x, 8, true, INIT, Penalty.NONE), 0.5));
        checkImage(
                4, 3, 3, (g, x) -> g.spatialDropout("d", g.conv2d("c", x, 4, 3, 1, 1, true, INIT, Penalty.NONE), 0.5));
    }

    /** A residual block with an identity shortcut: conv-BN-ReLU-conv-BN, plus the input, then ReLU. */
    @Test
    void residualAddWithIdentityShortcut() {
        assertThat(checkImage(3, 4, 4, (g, x) -> {
                    Node skip = x;
                    Node y = g.relu(
                            "b.conv1",
                            g.batchNorm(
                                    "b.conv1",
                                    g.conv2d("b.conv1", x, 3, 3, 1, 1, false, INIT, Penalty.NONE),
                                    0.1,
                                    1e-5));
                    y = g.batchNorm(
                            "b.conv2", g.conv2d("b.conv2", y, 3, 3, 1, 1, false, INIT, Penalty.NONE), 0.1, 1e-5);
                    return g.relu("b", g.add("b", y, skip));
                }))
                .isLessThan(1e-4);
    }

    /** A residual block whose main path halves the size and widens: the shortcut is a strided 1×1 conv with BatchNorm. */
    @Test
    void residualAddWithProjectionShortcut() {
        assertThat(checkImage(2, 6, 6, (g, x) -> {
                    Node y = g.relu("b.conv1", g.conv2d("b.conv1", x, 4, 3, 2, 1, false, INIT, Penalty.NONE));
                    y = g.batchNorm(
                            "b.conv2", g.conv2d("b.conv2", y, 4, 3, 1, 1, false, INIT, Penalty.NONE), 0.1, 1e-5);
                    Node s = g.batchNorm(
                            "b.downsample",
                            g.conv2d("b.downsample", x, 4, 1, 2, 0, false, INIT, Penalty.NONE),
                            0.1,
                            1e-5);
                    return g.relu("b", g.add("b", y, s));
                }))
                .isLessThan(1e-4);
    }

    @Test
    void globalAveragePooling() {
        assertThat(checkImage(
                        2,
                        4,
                        4,
                        (g, x) -> g.globalAvgPool("gap", g.conv2d("c", x, 3, 3, 1, 1, true, INIT, Penalty.NONE))))
                .isLessThan(1e-4);
    }
}
