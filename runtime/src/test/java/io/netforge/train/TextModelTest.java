package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Padding;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.io.Safetensors;
import io.netforge.onnx.OnnxRuntimeCheck;
import io.netforge.train.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A text model of the runtime's sequence layers — token ids, an embedding, the mean over the steps that are not
 * padding, dense layers — trained on both engines: it learns, padding never changes a prediction, a bad id is an
 * error naming it, and it travels to ONNX Runtime and under PyTorch's names.
 */
class TextModelTest {
    static final int VOCABULARY = 30;

    @TempDir
    Path dir;

    /** The layers between the embedding and the classifier. */
    enum Kind {
        /** Dropout, the masked mean, a dense layer with ReLU. */
        MEAN,
        /** A 1-D convolution, ReLU, the masked max. */
        CNN,
        /** A bidirectional LSTM's last states side by side. */
        LSTM,
        /** A GRU over every step, then the masked mean. */
        GRU,
        /**
         * Two 1-D convolutions (a sigmoid between them, the second with stride 2), max pooling over windows of 2 steps,
         * a GRU's last state on the shrunk mask.
         */
        WINDOWS,
        /**
         * A valid convolution (its mask moved to each window's last step), a sigmoid, a causal one, a dense layer on each
         * step, the masked max.
         */
        VALID_CAUSAL,
        /**
         * Sinusoidal positions, self-attention with two heads over the words (padding never attended to), layer norm,
         * the masked mean.
         */
        ATTENTION
    }

    static LongFunction<NetGraph> model(int length) {
        return model(length, Kind.MEAN);
    }

    static LongFunction<NetGraph> model(int length, Kind kind) {
        return seed -> {
            GraphBuilder g = new GraphBuilder("TinyText" + kind, seed);
            Node x = g.tokenInput(length, VOCABULARY);
            x = g.embedding("embed", x, 8);
            switch (kind) {
                case CNN -> {
                    x = g.conv1d("conv", x, 12, length >= 3 ? 3 : 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.relu("conv", x);
                    x = g.globalMaxPool("pool", x);
                }
                case LSTM ->
                    x = g.lstm("rnn", x, 8, false, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
                case GRU -> {
                    x = g.gru("rnn", x, 8, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.globalAvgPool("pool", x);
                }
                case WINDOWS -> {
                    // a sigmoid writes 0.5 at padding steps: the strided convolution must read them as zeros
                    x = g.conv1d("conv0", x, 6, length >= 3 ? 3 : 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.sigmoid("conv0", x);
                    x = g.conv1d( // kernel 5: the last real centre's window reaches past a full text's end
                            "conv", x, 12, length >= 5 ? 5 : 1, 2, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.relu("conv", x);
                    x = g.maxPool("pool", x, x.shape()[0] >= 2 ? 2 : 1, 0, 0);
                    x = g.gru("rnn", x, 8, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
                }
                case VALID_CAUSAL -> {
                    x = g.conv1d(
                            "valid",
                            x,
                            10,
                            length >= 3 ? 3 : 1,
                            1,
                            1,
                            Padding.VALID,
                            true,
                            ParamInit.pytorchDefault(),
                            Penalty.NONE);
                    x = g.sigmoid("valid", x);
                    x = g.conv1d(
                            "causal",
                            x,
                            12,
                            length >= 3 ? 2 : 1,
                            1,
                            1,
                            Padding.CAUSAL,
                            true,
                            ParamInit.pytorchDefault(),
                            Penalty.NONE);
                    x = g.relu("causal", x);
                    x = g.dense("perStep", x, 8, true, ParamInit.pytorchDefault(), Penalty.NONE); // each step
                    x = g.layerNorm("perStep", x, 1e-5);
                    x = g.globalMaxPool("pool", x);
                }
                case ATTENTION -> {
                    x = g.positionEmbedding("positions", x, 0, true); // sinusoids: the same first rows at any length
                    x = g.multiHeadAttention("attn", x, 2, 0, 0.1, false, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.layerNorm("attn", x, 1e-5);
                    x = g.gelu("attn", x); // ONNX: Div, Erf, Add, Mul, Mul
                    x = g.globalAvgPool("pool", x);
                }
                case MEAN -> {
                    x = g.dropout("embed", x, 0.1);
                    x = g.globalAvgPool("pool", x);
                    x = g.dense("fc", x, 16, true, ParamInit.pytorchDefault(), Penalty.NONE);
                    x = g.relu("fc", x);
                }
            }
            x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
        };
    }

    /**
     * Sequences of {@code length} ids whose class is which of three word groups (ids 1-9, 10-19, 20-29) most of their
     * words come from; each a random number of words (at least 3), the rest padding.
     */
    static Dataset sequences(int n, int length, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            int words = 3 + r.nextInt(length - 2);
            for (int j = 0; j < words; j++) {
                int group = r.nextDouble() < 0.7 ? y[i] : r.nextInt(3);
                x[i * length + j] = Math.max(1, group * 10 + r.nextInt(10));
            }
        }
        return new Dataset("sequences", x, y, new int[] {length}, 3);
    }

    private static Trainer trainer(Engine engine, LongFunction<NetGraph> graph) {
        TrainConfig config = TrainConfig.builder()
                .verbose(false)
                .epochs(10)
                .learningRate(0.01)
                .batchSize(32)
                .seed(5)
                .engine(engine)
                .build();
        return TinyModels.trainer(config, graph);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void learnsOnBothEnginesAlike(Kind kind) {
        Dataset train = sequences(640, 12, 1);
        Dataset test = sequences(200, 12, 2);
        double[] accuracy = new double[2];
        Engine[] engines = {Engine.PLANNED, Engine.SAMEDIFF};
        for (int e = 0; e < 2; e++) {
            Trainer t = trainer(engines[e], model(12, kind));
            History h = t.fit(train);
            accuracy[e] = t.evaluate(test).accuracy();
            assertThat(h.last().loss()).as("%s", engines[e]).isLessThan(h.loss()[0] / 2);
            assertThat(t.graph().array("embed/embedding").getRow(0).toFloatVector())
                    .as("the padding row after training on %s", engines[e])
                    .containsOnly(0f);
        }
        assertThat(accuracy[0]).isGreaterThan(0.9);
        assertThat(accuracy[1]).isCloseTo(accuracy[0], within(0.02));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void paddingNeverChangesAPrediction(Kind kind) throws Exception {
        Dataset train = sequences(96, 12, 3);
        for (Engine engine : new Engine[] {Engine.PLANNED, Engine.SAMEDIFF}) {
            Trainer shortModel = trainer(engine, model(12, kind));
            shortModel.fit(train);
            Trainer longModel = trainer(engine, model(62, kind));
            Path weights = dir.resolve(engine + "-" + kind + ".nfw");
            shortModel.saveWeights(weights);
            longModel.loadWeights(weights);
            float[][] ids = new float[4][12];
            float[][] padded = new float[4][62];
            for (int i = 0; i < 4; i++) {
                ids[i] = train.features(i);
                if (i == 3) { // a text that fills the short model: its last steps meet the end, not padding
                    for (int l = 0; l < 12; l++) {
                        ids[i][l] = ids[i][l] == 0 ? 7 : ids[i][l];
                    }
                }
                System.arraycopy(ids[i], 0, padded[i], 0, 12); // 50 more steps of padding
            }
            float[][] a = shortModel.predictor().logits(ids);
            float[][] b = longModel.predictor().logits(padded);
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(b[i][k])
                            .as("%s sample %d class %d", engine, i, k)
                            .isCloseTo(a[i][k], within(1e-6f));
                }
            }
        }
    }

    /** A one-step sequence (SameDiff cannot sum over its length, docs/samediff.md fact 22) on both engines. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aOneStepSequenceIsItsStepOrZeros(Kind kind) {
        Dataset data = sequences(64, 4, 6);
        float[] x = new float[64];
        int[] y = new int[64];
        for (int i = 0; i < 64; i++) {
            x[i] = data.features(i)[0] * (i % 5 == 0 ? 0 : 1);
            y[i] = data.label(i);
        }
        Dataset oneStep = new Dataset("one step", x, y, new int[] {1}, 3);
        float[][] logits = new float[2][];
        Engine[] engines = {Engine.PLANNED, Engine.SAMEDIFF};
        for (int e = 0; e < 2; e++) {
            Trainer t = trainer(engines[e], model(1, kind));
            t.fit(oneStep);
            logits[e] = t.predictor().logits(new float[][] {{0f}})[0];
            assertThat(t.evaluate(oneStep).loss()).as("%s", engines[e]).isFinite();
        }
        for (int k = 0; k < 3; k++) {
            assertThat(logits[0][k]).isCloseTo(logits[1][k], within(1e-4f));
        }
    }

    @Test
    void anIdOutsideTheVocabularyIsAnErrorNamingIt() {
        Trainer t = trainer(Engine.PLANNED, model(12));
        float[] sample = new float[12];
        sample[0] = 4;
        sample[3] = VOCABULARY;
        assertThatThrownBy(() -> t.predictor().logits(new float[][] {sample}))
                .hasMessageContaining("token id 30.0 at step 3")
                .hasMessageContaining("0..29");
        sample[3] = 2.5f;
        assertThatThrownBy(() -> t.predictor().logits(new float[][] {sample}))
                .hasMessageContaining("token id 2.5 at step 3");
    }

    @Test
    void travelsToOnnxRuntimeAndUnderPyTorchsNames() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("text.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx);

        // PyTorch: embed = nn.Embedding(30, 8, padding_idx=0); fc = nn.Linear(8, 16); out = nn.Linear(16, 3)
        assertThat(t.torchNames())
                .containsExactly(
                        Map.entry("embed/embedding", "embed.weight"),
                        Map.entry("fc/W", "fc.weight"),
                        Map.entry("fc/b", "fc.bias"),
                        Map.entry("out/W", "out.weight"),
                        Map.entry("out/b", "out.bias"));
        assertThat(t.parameterCount()).isEqualTo(30 * 8 + 8 * 16 + 16 + 16 * 3 + 3);
        Path file = dir.resolve("text.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("embed.weight").shape())
                .as("nn.Embedding's [num_embeddings, embedding_dim]")
                .containsExactly(30, 8);
        assertThat(c.get("embed.weight").floats())
                .containsExactly(t.graph().array("embed/embedding").dup().data().asFloat());
        Trainer fresh = TinyModels.trainer(
                TrainConfig.builder().verbose(false).build(), seed -> model(12).apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    @Test
    void aTextCnnTravelsToOnnxRuntimeAndUnderPyTorchsNames() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12, Kind.CNN));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("textcnn.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx);
        // PyTorch: conv = nn.Conv1d(8, 12, 3, padding=1), whose weight is [out, in, kernel]
        assertThat(t.torchNames()).containsEntry("conv/W", "conv.weight").containsEntry("conv/b", "conv.bias");
        assertThat(t.parameterCount()).isEqualTo(30 * 8 + 3 * 8 * 12 + 12 + 12 * 3 + 3);
        Path file = dir.resolve("textcnn.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("conv.weight").shape()).containsExactly(12, 8, 3);
        // ours [k, in, out]: weight[o, i, j] in PyTorch is ours [j, i, o]
        assertThat(c.get("conv.weight").floats()[(5 * 8 + 2) * 3 + 1])
                .isEqualTo(t.graph().array("conv/W").getFloat(1, 2, 5));
        Trainer fresh = TinyModels.trainer(
                TrainConfig.builder().verbose(false).build(),
                seed -> model(12, Kind.CNN).apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    /**
     * A strided convolution and pooling windows over time in ONNX Runtime: {@code Conv} with {@code strides}, the
     * shrunk mask as a product with a constant window matrix, {@code MaxPool} with {@code ceil_mode}.
     */
    @Test
    void windowsOverTimeTravelToOnnxRuntime() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12, Kind.WINDOWS));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("windows.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx);
        Trainer oneSided = trainer(Engine.PLANNED, model(12, Kind.VALID_CAUSAL));
        oneSided.fit(data);
        Path valid = dir.resolve("valid-causal.onnx");
        oneSided.exportOnnx(valid);
        assertOnnxRuntimeAgrees(oneSided, data, valid);
    }

    /**
     * A bidirectional LSTM in ONNX Runtime (its {@code LSTM} with the gates reordered and {@code sequence_lens}) and
     * under {@code nn.LSTM}'s names and layouts.
     */
    @Test
    void anLstmTravelsToOnnxRuntimeAndUnderPyTorchsNames() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12, Kind.LSTM));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("lstm.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx);
        // PyTorch: rnn = nn.LSTM(8, 8, batch_first=True, bidirectional=True)
        assertThat(t.torchNames())
                .containsEntry("rnn/Wx", "rnn.weight_ih_l0")
                .containsEntry("rnn/Wr", "rnn.weight_hh_l0")
                .containsEntry("rnn/bx", "rnn.bias_ih_l0")
                .containsEntry("rnn/br", "rnn.bias_hh_l0")
                .containsEntry("rnn/Wx_reverse", "rnn.weight_ih_l0_reverse")
                .containsEntry("rnn/br_reverse", "rnn.bias_hh_l0_reverse");
        assertThat(t.parameterCount()).isEqualTo(30 * 8 + 2 * (4 * 8 * (8 + 8) + 2 * 4 * 8) + 16 * 3 + 3);
        Path file = dir.resolve("lstm.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("rnn.weight_ih_l0").shape()).as("[4·hidden, input]").containsExactly(32, 8);
        assertThat(c.get("rnn.weight_hh_l0_reverse").shape()).containsExactly(32, 8);
        // ours [in, 4h]: weight_ih[r, i] in PyTorch is ours [i, r]
        assertThat(c.get("rnn.weight_ih_l0").floats()[17 * 8 + 3])
                .isEqualTo(t.graph().array("rnn/Wx").getFloat(3, 17));
        Trainer fresh = TinyModels.trainer(
                TrainConfig.builder().verbose(false).build(),
                seed -> model(12, Kind.LSTM).apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    /** A GRU in ONNX Runtime ({@code GRU} with {@code linear_before_reset = 1}) and under {@code nn.GRU}'s names. */
    @Test
    void aGruTravelsToOnnxRuntimeAndUnderPyTorchsNames() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12, Kind.GRU));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("gru.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx);
        // PyTorch: rnn = nn.GRU(8, 8, batch_first=True)
        assertThat(t.torchNames())
                .containsEntry("rnn/Wx", "rnn.weight_ih_l0")
                .containsEntry("rnn/Wr", "rnn.weight_hh_l0")
                .containsEntry("rnn/bx", "rnn.bias_ih_l0")
                .containsEntry("rnn/br", "rnn.bias_hh_l0");
        assertThat(t.parameterCount()).isEqualTo(30 * 8 + 3 * 8 * (8 + 8) + 2 * 3 * 8 + 8 * 3 + 3);
        Path file = dir.resolve("gru.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("rnn.weight_hh_l0").shape()).as("[3·hidden, hidden]").containsExactly(24, 8);
        Trainer fresh = TinyModels.trainer(
                TrainConfig.builder().verbose(false).build(),
                seed -> model(12, Kind.GRU).apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    /** ONNX Runtime's logits of six training samples and one of padding only equal the model's (1e-5); the checker passes. */
    @Test
    void attentionTravelsToOnnxRuntimeAndUnderPyTorchsNames() throws Exception {
        Trainer t = trainer(Engine.PLANNED, model(12, Kind.ATTENTION));
        Dataset data = sequences(96, 12, 4);
        t.fit(data);
        Path onnx = dir.resolve("attention.onnx");
        t.exportOnnx(onnx);
        assertOnnxRuntimeAgrees(t, data, onnx); // opset 13 has no attention: Split, MatMul, Softmax, masks
        // PyTorch: attn = nn.MultiheadAttention(8, 2, batch_first=True), called as attn(x, x, x, key_padding_mask=…)
        assertThat(t.torchNames())
                .containsEntry("attn/in_W", "attn.in_proj_weight")
                .containsEntry("attn/in_b", "attn.in_proj_bias")
                .containsEntry("attn/out_W", "attn.out_proj.weight")
                .containsEntry("attn/out_b", "attn.out_proj.bias");
        // torch.nn.MultiheadAttention(8, 2): 3·8·8 + 3·8 in, 8·8 + 8 out; the embedding, the norm, the classifier
        assertThat(t.parameterCount()).isEqualTo(30 * 8 + (3 * 8 * 8 + 3 * 8) + (8 * 8 + 8) + 2 * 8 + 8 * 3 + 3);
        Path file = dir.resolve("attention.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("attn.in_proj_weight").shape()).as("[3·embed, embed]").containsExactly(24, 8);
        assertThat(c.get("attn.out_proj.weight").shape()).containsExactly(8, 8);
        // ours [in, 3·inner]: in_proj_weight[r, i] in PyTorch is ours [i, r]
        assertThat(c.get("attn.in_proj_weight").floats()[17 * 8 + 3])
                .isEqualTo(t.graph().array("attn/in_W").getFloat(3, 17));
        Trainer fresh = TinyModels.trainer(
                TrainConfig.builder().verbose(false).build(),
                seed -> model(12, Kind.ATTENTION).apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    private static void assertOnnxRuntimeAgrees(Trainer t, Dataset data, Path onnx) throws Exception {
        float[][] raw = new float[7][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = data.features(i);
        }
        raw[6] = new float[12]; // padding only
        float[][][] out = OnnxRuntimeCheck.run(onnx, raw, t.graph().inputShape());
        float[][] logits = t.predictor().logits(raw);
        for (int i = 0; i < raw.length; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(out[0][i][k]).as("sample %d class %d", i, k).isCloseTo(logits[i][k], within(1e-5f));
            }
        }
        OnnxRuntimeCheck.checker(List.of(onnx));
    }
}
