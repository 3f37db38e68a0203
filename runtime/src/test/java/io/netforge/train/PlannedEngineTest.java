package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Padding;
import io.netforge.annotations.Task;
import io.netforge.annotations.WeightInit;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.train.engine.Engine;
import io.netforge.train.engine.GradientSums;
import io.netforge.train.engine.PlannedEngine;
import io.netforge.train.engine.SameDiffEngine;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.optim.OptimizerState;
import io.netforge.util.NdArrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planned engine computes what the SameDiff engine computes: two trainers with the same seed and settings, one
 * per engine, train on the same batches; every step's loss and correct count, and after the steps every parameter,
 * every optimizer buffer, every BatchNorm running statistic and the evaluation logits agree within 1e-5 relative
 * (dropout masks and DisturbLabel drawn from the same streams). One model per row exercises every kind of
 * operation the planned engine has a kernel for, with every loss.
 */
class PlannedEngineTest {
    static final double TOLERANCE = 1e-5;
    /** After six steps of Adam or momentum, differences of 1e-7 in the gradients have become up to 1e-6 of the weights. */
    static final double AFTER_STEPS = 1e-5;

    record Case(String name, LongFunction<NetGraph> graph, int channels, int size, TrainConfig.Builder config) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(
                        "mlp: dense, relu, batchnorm 2-d, dropout, L2, label smoothing",
                        PlannedEngineTest::mlp,
                        0,
                        12,
                        TrainConfig.builder().labelSmoothing(0.1)),
                new Case(
                        "cnn: conv, batchnorm, relu, maxpool, spatial dropout, flatten",
                        PlannedEngineTest::cnn,
                        1,
                        8,
                        TrainConfig.builder()),
                new Case(
                        "residual: conv without bias, add, avgpool padded, global average pool, leaky relu",
                        PlannedEngineTest::residual,
                        2,
                        8,
                        TrainConfig.builder().optimizer(new Optimizer.Sgd(0.05, 0.9, false, 0))),
                new Case(
                        "activations: sigmoid, tanh, softmax layer, binary cross-entropy",
                        PlannedEngineTest::activationsBce,
                        0,
                        6,
                        TrainConfig.builder().loss(LossFunction.BINARY_CROSS_ENTROPY)),
                new Case(
                        "layernorm: dense, layer norm after dense and on the input, relu, dropout",
                        PlannedEngineTest::layerNorm,
                        0,
                        10,
                        TrainConfig.builder()),
                new Case(
                        "text: embedding, dropout on the sequence, masked mean, dense",
                        PlannedEngineTest::text,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "text CNN: embedding, conv1d, relu, masked max, dense",
                        PlannedEngineTest::textCnn,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "LSTM: embedding, bidirectional LSTM over every step, masked max, LSTM last state, dense",
                        PlannedEngineTest::lstm,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "LSTM: bidirectional sum of the last states, dropout on the sequence",
                        PlannedEngineTest::lstmSum,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "GRU: bidirectional GRU over every step, GRU last state, dense",
                        PlannedEngineTest::gru,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "sequence input: LSTM over every step, dilated conv1d, GRU, masked pools without a mask",
                        PlannedEngineTest::sequenceInput,
                        0,
                        0,
                        TrainConfig.builder()),
                new Case(
                        "strided text: embedding, conv1d stride 2, valid conv1d, max pool over time, LSTM on the mask",
                        PlannedEngineTest::stridedText,
                        -9,
                        12,
                        TrainConfig.builder()),
                new Case(
                        "sequence windows: conv1d stride 3 dilated, causal and valid conv1d, average pool over time, max",
                        PlannedEngineTest::sequenceWindows,
                        0,
                        0,
                        TrainConfig.builder()),
                new Case(
                        "per step: embedding, LSTM over every step, dense and layer norm on each step, padding unscored",
                        PlannedEngineTest::perStep,
                        -9,
                        -12,
                        TrainConfig.builder().labelSmoothing(0.1)),
                new Case(
                        "attention: embedding, two heads over padded words, layer norm, masked mean, dense",
                        PlannedEngineTest::attention,
                        -9,
                        12,
                        // SGD: the key bias's gradient is exactly 0 in theory (a shift of every key leaves the softmax
                        // unchanged), float noise of 1e-8 in both engines, which Adam would blow up to whole steps
                        TrainConfig.builder().optimizer(new Optimizer.Sgd(0.05, 0.9, false, 0))),
                new Case(
                        "causal attention per step: embedding, learned positions, causal attention, dense on each step",
                        PlannedEngineTest::causalAttention,
                        -9,
                        -12,
                        TrainConfig.builder().optimizer(new Optimizer.Sgd(0.05, 0.9, false, 0))),
                new Case(
                        "transformer: two post-norm encoder layers with dropout over padded words, masked mean",
                        PlannedEngineTest::transformer,
                        -9,
                        12,
                        TrainConfig.builder().optimizer(new Optimizer.Sgd(0.05, 0.9, false, 0))),
                new Case(
                        "transformer per step: learned positions, a causal pre-norm encoder layer, dense on each step",
                        PlannedEngineTest::causalTransformer,
                        -9,
                        -12,
                        TrainConfig.builder().optimizer(new Optimizer.Sgd(0.05, 0.9, false, 0))),
                new Case(
                        "mse with DisturbLabel and clipping",
                        PlannedEngineTest::mse,
                        0,
                        6,
                        TrainConfig.builder()
                                .loss(LossFunction.MSE)
                                .disturbLabel(0.2)
                                .clipping(GradientClipping.byNorm(1.0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plannedEngineTrainsLikeSameDiff(Case c) {
        TrainConfig base = c.config().verbose(false).batchSize(16).seed(7).build();
        Trainer planned =
                TinyModels.trainer(base.toBuilder().engine(Engine.PLANNED).build(), c.graph());
        Trainer reference =
                TinyModels.trainer(base.toBuilder().engine(Engine.SAMEDIFF).build(), c.graph());
        assertThat(planned.engine()).isInstanceOf(PlannedEngine.class);
        assertThat(reference.engine()).isInstanceOf(SameDiffEngine.class);
        int classes = planned.graph().classes();
        Dataset data = data(c, 16 * 5 + 7, Math.max(classes, 2));
        Batch first = data.batches(16, false, 0).iterator().next();
        GradientSums pg = planned.manual().gradientSums(first);
        GradientSums rg = reference.manual().gradientSums(first);
        assertThat(pg.lossSum)
                .as("loss")
                .isCloseTo(rg.lossSum, org.assertj.core.api.Assertions.within(TOLERANCE * Math.abs(rg.lossSum)));
        assertThat(pg.correct).isEqualTo(rg.correct);
        // a true 0 (the bias of a convolution before BatchNorm) is float noise in both engines: values are compared
        // relative to the larger of their array's and a tenth of the largest gradient's magnitude
        double largest = rg.gradients.values().stream()
                .mapToDouble(PlannedEngineTest::maxAbs)
                .max()
                .orElse(0);
        rg.gradients.forEach(
                (name, g) -> assertClose("gradient of " + name, pg.gradients.get(name), g, TOLERANCE, 0.1 * largest));
        Iterator<Batch> a = data.batches(16, true, 3).iterator();
        Iterator<Batch> b = data.batches(16, true, 3).iterator();
        int step = 0;
        while (a.hasNext()) {
            Batch x = a.next();
            double p = planned.manual().trainStep(x);
            double r = reference.manual().trainStep(b.next());
            assertThat(p)
                    .as("loss of step %d", step)
                    .isCloseTo(r, org.assertj.core.api.Assertions.within(TOLERANCE * Math.max(1, Math.abs(r))));
            step++;
        }
        assertThat(step).isEqualTo(6); // the last batch is smaller: a second plan
        java.util.Map<String, float[]> expected = reference.modelState().snapshot();
        planned.modelState()
                .snapshot()
                .forEach((name, values) -> assertClose(name, values, expected.get(name), AFTER_STEPS));
        for (OptimizerState.Trained t : optimizer(planned).trained()) {
            for (var buffer : t.updater().buffers().entrySet()) {
                OptimizerState.Trained r = optimizer(reference).trained().stream()
                        .filter(u -> u.param().name().equals(t.param().name()))
                        .findFirst()
                        .orElseThrow();
                assertClose(
                        t.param().name() + "/" + buffer.getKey(),
                        NdArrays.toFloats(buffer.getValue()),
                        NdArrays.toFloats(r.updater().buffers().get(buffer.getKey())),
                        AFTER_STEPS);
            }
        }
        Batch eval = data.batches(37, false, 0).iterator().next();
        assertClose(
                "evaluation logits",
                planned.engine().logits(eval),
                reference.engine().logits(eval),
                AFTER_STEPS);
        StepEngine.Output po = planned.engine()
                .output(eval, planned.graph().layerOutputs().values().iterator().next());
        assertThat(po.values()).isNotEmpty();
    }

    static OptimizerState optimizer(Trainer t) {
        try {
            java.lang.reflect.Field f = Network.class.getDeclaredField("parts");
            f.setAccessible(true);
            return ((Network.Parts) f.get(t)).optimizer();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every value within {@code relative} of the array's largest magnitude: float rounding of sums taken in another
     * order is relative to the terms summed, not to a result that cancels to near zero.
     */
    static void assertClose(String what, float[] actual, float[] expected, double relative) {
        assertClose(what, actual, expected, relative, 0);
    }

    static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void assertClose(String what, float[] actual, float[] expected, double relative, double minScale) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = Math.max(maxAbs(expected), minScale);
        for (int i = 0; i < expected.length; i++) {
            double tol = relative * Math.max(scale, 1e-3);
            assertThat((double) actual[i])
                    .as("%s[%d] (planned vs SameDiff)", what, i)
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol));
        }
    }

    static Dataset data(Case c, int n, int classes) {
        Random r = new Random(11);
        if (c.channels() < 0 && c.size() < 0) {
            return nextTokens(c.name(), n, -c.size(), -c.channels(), r);
        }
        if (c.channels() < 0) {
            return tokens(c.name(), n, c.size(), -c.channels(), classes, r);
        }
        long[] input = c.graph().apply(0).inputShape();
        boolean sequence = input.length == 2; // [steps, features]: a sequence input
        int features = sequence
                ? (int) (input[0] * input[1])
                : c.channels() == 0 ? c.size() : c.channels() * c.size() * c.size();
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (r.nextGaussian() + (j % classes == y[i] ? 1.0 : 0.0));
            }
        }
        int[] shape = sequence
                ? new int[] {(int) input[0], (int) input[1]}
                : c.channels() == 0 ? new int[] {features} : new int[] {c.channels(), c.size(), c.size()};
        return new Dataset(c.name(), x, y, shape, classes);
    }

    /**
     * {@code n} sequences of {@code length} token ids below {@code vocabulary}: each a random number of ids (the rest
     * padding 0, some sequences padding only), repeated ids common, the class favouring ids of its own residue.
     */
    static Dataset tokens(String name, int n, int length, int vocabulary, int classes, Random r) {
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            int used = i % 9 == 0 ? 0 : 1 + r.nextInt(length);
            for (int j = 0; j < used; j++) {
                int id = 1 + r.nextInt(vocabulary - 1);
                x[i * length + j] = r.nextBoolean() ? id : Math.max(1, (id / classes) * classes + y[i]) % vocabulary;
            }
        }
        return new Dataset(name, x, y, new int[] {length}, classes);
    }

    /**
     * {@code n} sequences of {@link #tokens}' kind whose step labels are the next id ({@code vocabulary} classes), -1
     * at padding steps and at each sequence's last real step.
     */
    static Dataset nextTokens(String name, int n, int length, int vocabulary, Random r) {
        Dataset ids = tokens(name, n, length, vocabulary, 2, r);
        float[] x = new float[n * length];
        int[] y = new int[n * length];
        for (int i = 0; i < n; i++) {
            float[] sample = ids.features(i);
            System.arraycopy(sample, 0, x, i * length, length);
            for (int j = 0; j < length; j++) {
                boolean next = j + 1 < length && sample[j] != 0 && sample[j + 1] != 0;
                y[i * length + j] = next ? (int) sample[j + 1] : -1;
            }
        }
        return Dataset.perStep(name, x, new int[] {length}, y, length, vocabulary);
    }

    static NetGraph perStep(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedPerStep", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.lstm("rnn", x, 7, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dropout("rnn", x, 0.2);
        x = g.dense("fc", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("norm", x, 1e-5);
        x = g.dense("out", x, 9, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 9, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
    }

    static NetGraph attention(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedAttention", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 8);
        x = g.positionEmbedding("positions", x, 0, true);
        x = g.multiHeadAttention("attn", x, 2, 0, 0, false, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("attn", x, 1e-5);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph causalAttention(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedCausalAttention", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.positionEmbedding("positions", x, 15, false); // more positions than steps: the last rows learn nothing
        x = g.multiHeadAttention("attn", x, 3, 4, 0.25, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("out", x, 9, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 9, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
    }

    static NetGraph transformer(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedTransformer", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 8);
        x = g.transformerEncoder(
                "encoder", x, 2, 16, 0.1, false, false, false, 2, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.globalAvgPool("pool", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph causalTransformer(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedCausalTransformer", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 8);
        x = g.positionEmbedding("positions", x, 0, false);
        x = g.transformerEncoder("block", x, 4, 12, 0.2, true, true, true, 1, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("out", x, 9, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 9, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
    }

    static NetGraph text(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedText", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.dropout("embed", x, 0.2);
        x = g.globalAvgPool("pool", x);
        x = g.dense("fc", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("fc", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph textCnn(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedTextCnn", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.conv1d("conv", x, 8, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("conv", x);
        x = g.globalMaxPool("pool", x);
        x = g.dropout("pool", x, 0.2);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph lstm(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedLstm", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.lstm("rnn", x, 5, true, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
        Node pooled = g.globalMaxPool("pool", x);
        x = g.dense("out", pooled, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph lstmSum(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedLstmSum", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.dropout("embed", x, 0.2);
        x = g.lstm("rnn", x, 7, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.lstm("rnn2", x, 4, false, Bidirectional.SUM, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph gru(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedGru", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.gru("rnn", x, 5, true, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.gru("rnn2", x, 4, false, Bidirectional.SUM, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph sequenceInput(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedSequence", seed);
        Node x = g.sequenceInput(7, 3);
        x = g.lstm("rnn", x, 5, true, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.conv1d("conv", x, 4, 3, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.gru("rnn2", x, 4, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.globalMaxPool("pool", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph stridedText(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedStridedText", seed);
        Node x = g.tokenInput(12, 9);
        x = g.embedding("embed", x, 6);
        x = g.conv1d("conv", x, 8, 3, 2, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("conv", x);
        x = g.conv1d("valid", x, 6, 2, 1, 1, Padding.VALID, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("perStep", x, 6, false, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.maxPool("pool", x, 2, 0, 0);
        x = g.lstm("rnn", x, 5, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph sequenceWindows(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedSequenceWindows", seed);
        Node x = g.sequenceInput(11, 3);
        x = g.conv1d("conv", x, 6, 3, 3, 2, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.tanh("conv", x);
        x = g.conv1d("causal", x, 5, 2, 1, 1, Padding.CAUSAL, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.conv1d("valid", x, 5, 2, 1, 1, Padding.VALID, false, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("perStep", x, 7, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("perStep", x, 1e-5);
        x = g.relu("perStep", x);
        x = g.avgPool("pool", x, 3, 0, 0);
        x = g.globalMaxPool("max", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph mlp(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedMlp", seed);
        Node x = g.flatInput(12);
        x = g.dense("fc1", x, 20, true, ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0), Penalty.of(1e-3, 1e-3));
        x = g.relu("fc1", x);
        x = g.batchNorm("fc1", x, 0.1, 1e-5);
        x = g.dropout("fc1", x, 0.3);
        x = g.dense("fc2", x, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.relu("fc2", x);
        x = g.dense("out", x, 4, false, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 4, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * {@code TinyModels.cnn} without the convolution's bias: a bias before BatchNorm has a true gradient of 0, which
     * both engines compute as float noise, and Adam turns noise into steps of the full learning rate either way.
     */
    static NetGraph cnn(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedCnn", seed);
        Node x = g.imageInput(1, 8, 8);
        x = g.conv2d("conv1", x, 4, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.batchNorm("conv1", x, 0.1, 1e-5);
        x = g.relu("conv1", x);
        x = g.maxPool("pool1", x, 2, 0, 0);
        x = g.spatialDropout("pool1", x, 0.2);
        x = g.conv2d("conv2", x, 6, 3, 1, 0, true, ParamInit.pytorchDefault(), Penalty.of(0, 1e-3));
        x = g.relu("conv2", x);
        x = g.flatten("flat", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph residual(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedResidual", seed);
        Node x = g.imageInput(2, 8, 8);
        x = g.conv2d("stem", x, 4, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.of(0, 1e-4));
        x = g.batchNorm("stem", x, 0.1, 1e-5);
        x = g.relu("stem", x);
        Node shortcut = x;
        Node y = g.conv2d("b1c1", x, 4, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.NONE);
        y = g.batchNorm("b1c1", y, 0.1, 1e-5);
        y = g.relu("b1c1", y);
        y = g.conv2d("b1c2", y, 4, 3, 1, 1, false, ParamInit.pytorchDefault(), Penalty.NONE);
        y = g.batchNorm("b1c2", y, 0.1, 1e-5);
        x = g.add("b1", y, shortcut);
        x = g.leakyRelu("b1", x, 0.1);
        Node proj = g.conv2d("b2proj", x, 6, 1, 2, 0, false, ParamInit.pytorchDefault(), Penalty.NONE);
        Node z = g.conv2d("b2c1", x, 6, 3, 2, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        z = g.relu("b2c1", z);
        x = g.add("b2", z, proj);
        x = g.avgPool("pool", x, 3, 1, 1);
        x = g.globalAvgPool("gap", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph layerNorm(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedLayerNorm", seed);
        Node x = g.flatInput(10);
        x = g.layerNorm("in", x, 1e-5);
        x = g.dense("fc1", x, 12, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("fc1", x, 1e-3);
        x = g.relu("fc1", x);
        x = g.dropout("fc1", x, 0.2);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    static NetGraph activationsBce(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedBce", seed);
        Node x = g.flatInput(6);
        x = g.dense("fc1", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.sigmoid("fc1", x);
        x = g.dense("fc2", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.tanh("fc2", x);
        x = g.dense("fc3", x, 5, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.softmax("fc3", x);
        x = g.dense("out", x, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 1, LossFunction.BINARY_CROSS_ENTROPY);
    }

    static NetGraph mse(long seed) {
        GraphBuilder g = new GraphBuilder("PlannedMse", seed);
        Node x = g.flatInput(6);
        x = g.dense("fc1", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.tanh("fc1", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.MSE);
    }
}
