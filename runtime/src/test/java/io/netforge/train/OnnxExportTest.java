package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.onnx.OnnxExportException;
import io.netforge.onnx.OnnxExporter;
import io.netforge.onnx.OnnxRuntimeCheck;
import io.netforge.train.inference.Inference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation the ONNX export writes, checked by real consumers: ONNX Runtime for Java runs each exported file on
 * raw inputs and must give the trainer's logits and probabilities within 1e-5 (the same argmax), and ONNX's own
 * checker ({@code onnx.checker.check_model(full_check=True)}, Debian's python3-onnx) accepts each file. The models
 * cover every {@link io.netforge.graph.LayerOp}: convolutions with stride and padding, with and without bias, max
 * and average pooling with padding, global average pooling, residual additions, every activation, BatchNorm on
 * images and features, dropout, and every loss's probabilities, with each input normalization (docs/deploy.md).
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;
    private static OrtEnvironment env;
    /** The largest difference seen, relative to the largest expected value of its sample. */
    private static double worst;

    @TempDir
    Path dir;

    @BeforeAll
    static void ort() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void close() {
        // the environment is a process-wide singleton; nothing to close
    }

    /** 2×9×9 → conv s2 p1 BN LeakyReLU → avg pool p1 → max pool p1 → residual conv → GAP → dense sigmoid → dropout → BN → dense LayerNorm softmax → dense. */
    static NetGraph everything(long seed) {
        GraphBuilder g = new GraphBuilder("Everything", seed);
        Node x = g.imageInput(2, 9, 9);
        x = g.conv2d("conv1", x, 6, 3, 2, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.batchNorm("conv1", x, 0.3, 1e-3);
        x = g.leakyRelu("conv1", x, 0.1);
        x = g.avgPool("avg", x, 3, 1, 1);
        x = g.maxPool("max", x, 2, 2, 1);
        Node skip = x;
        x = g.conv2d("res.conv", x, 6, 3, 1, 1, false, ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0), Penalty.NONE);
        x = g.tanh("res.conv", x);
        x = g.spatialDropout("res.conv", x, 0.2);
        x = g.add("res", x, skip);
        x = g.relu("res", x);
        Node flat = g.flatten("flat", x);
        x = g.globalAvgPool("gap", skip);
        x = g.dense("fc1", x, 12, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.sigmoid("fc1", x);
        x = g.dropout("fc1", x, 0.3);
        x = g.batchNorm("fc1", x, 0.5, 1e-5);
        x = g.dense("fc2", x, 8, false, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("fc2", x, 1e-3);
        x = g.softmax("fc2", x);
        x = g.dense("out", x, 4, true, ParamInit.pytorchDefault(), Penalty.NONE);
        assertThat(flat).isNotNull();
        return g.build(x, 4, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /** 5 features → dense tanh → dense with {@code outputs} units, trained with {@code loss}. */
    static LongFunction<NetGraph> flat(LossFunction loss, int outputs) {
        return seed -> {
            GraphBuilder g = new GraphBuilder("Flat" + loss.name() + outputs, seed);
            Node x = g.flatInput(5);
            x = g.dense("fc1", x, 7, true, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.tanh("fc1", x);
            x = g.dense("out", x, outputs, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, outputs, loss);
        };
    }

    static Dataset random(String name, int n, int[] shape, int classes, long seed) {
        Random r = new Random(seed);
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] f = new float[n * size];
        int[] y = new int[n];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (3 + 2 * r.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            f[i * size] += 2 * y[i];
        }
        return new Dataset(name, f, y, shape, classes);
    }

    private static Trainer trained(LongFunction<NetGraph> graph, LossFunction loss, Dataset data, Normalization n) {
        TrainConfig config = TrainConfig.builder()
                .epochs(2)
                .batchSize(16)
                .seed(3)
                .loss(loss)
                .verbose(false)
                .build();
        Trainer t = TinyModels.trainer(config, graph);
        t.fit(n == null ? data : data.normalize(n));
        return t;
    }

    @Test
    void everyOperationAndNormalizationGivesTheTrainersOutputsInOnnxRuntime() throws Exception {
        Dataset images = random("images", 96, new int[] {2, 9, 9}, 4, 1);
        List<Path> files = new ArrayList<>();
        Map<String, Trainer> models = new HashMap<>();
        models.put(
                "standardized",
                trained(
                        OnnxExportTest::everything,
                        LossFunction.SOFTMAX_CROSS_ENTROPY,
                        images,
                        images.fitStandardization()));
        models.put("raw", trained(OnnxExportTest::everything, LossFunction.SOFTMAX_CROSS_ENTROPY, images, null));
        Dataset features = random("features", 96, new int[] {5}, 2, 2);
        models.put(
                "binary",
                trained(
                        flat(LossFunction.BINARY_CROSS_ENTROPY, 1),
                        LossFunction.BINARY_CROSS_ENTROPY,
                        features,
                        features.fitMinMax()));
        Dataset three = random("three", 96, new int[] {5}, 3, 3);
        models.put(
                "multilabel",
                trained(
                        flat(LossFunction.BINARY_CROSS_ENTROPY, 3),
                        LossFunction.BINARY_CROSS_ENTROPY,
                        three,
                        three.fitStandardization()));
        models.put("mse", trained(flat(LossFunction.MSE, 1), LossFunction.MSE, features, null));
        models.put("mse3", trained(flat(LossFunction.MSE, 3), LossFunction.MSE, three, null));

        for (Map.Entry<String, Trainer> e : models.entrySet()) {
            Trainer t = e.getValue();
            Path file = dir.resolve(e.getKey() + ".onnx");
            t.exportOnnx(file);
            files.add(file);
            int size = (int) Arrays.stream(t.graph().inputShape()).reduce(1, (a, b) -> a * b);
            for (int n : new int[] {1, 7}) {
                float[][] raw = new float[n][];
                Random r = new Random(n);
                for (int i = 0; i < n; i++) {
                    raw[i] = new float[size];
                    for (int j = 0; j < size; j++) {
                        raw[i][j] = (float) (3 + 2 * r.nextGaussian());
                    }
                }
                float[][][] onnx = run(file, raw, t.graph().inputShape());
                float[][] logits = t.predictor().logits(raw);
                float[][] probabilities = t.predictor().probabilities(raw);
                assertThat(logits[0]).as("the public logits are the engine's").isEqualTo(engineLogits(t, raw[0]));
                for (int i = 0; i < n; i++) {
                    assertClose(e.getKey() + " logits, sample " + i + " of " + n, onnx[0][i], logits[i]);
                    assertClose(e.getKey() + " probabilities, sample " + i + " of " + n, onnx[1][i], probabilities[i]);
                    assertThat(argmax(onnx[1][i]))
                            .as(e.getKey() + " class of sample " + i)
                            .isEqualTo(t.predictor().predict(raw[i]));
                }
            }
        }
        OnnxRuntimeCheck.checker(files);
        System.out.printf(
                "OnnxExportTest: %d models, worst difference ONNX Runtime vs NetForge %.2e of the largest value%n",
                models.size(), worst);
    }

    /** The file's inputs, outputs and metadata as a serving runtime sees them. */
    @Test
    void theFileHasADynamicBatchNamedInputAndOutputsAndMetadata() throws Exception {
        Dataset images = random("images", 32, new int[] {2, 9, 9}, 4, 1);
        Trainer t = trained(
                OnnxExportTest::everything, LossFunction.SOFTMAX_CROSS_ENTROPY, images, images.fitStandardization());
        Path file = dir.resolve("everything.onnx");
        t.exportOnnx(file);
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactly(OnnxExporter.INPUT);
            assertThat(s.getOutputNames()).containsExactly(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES);
            NodeInfo input = s.getInputInfo().get(OnnxExporter.INPUT);
            assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, 2, 9, 9);
            assertThat(((TensorInfo) s.getOutputInfo().get(OnnxExporter.LOGITS).getInfo()).getShape())
                    .containsExactly(-1, 4);
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertThat(meta)
                    .containsEntry("netforge.model", "Everything")
                    .containsEntry("netforge.classes", "4")
                    .containsEntry("netforge.architecture", t.architectureHash())
                    .containsKey("netforge.normalization");
            assertThat(s.getMetadata().getProducerName()).isEqualTo("NetForge");
        }
        Path bare = dir.resolve("bare.onnx");
        t.exportOnnx(bare, false);
        try (OrtSession s = env.createSession(bare.toString(), new OrtSession.SessionOptions())) {
            assertThat(s.getOutputNames()).containsExactly(OnnxExporter.LOGITS);
        }
    }

    @Test
    void anUntrainedModelIsRefusedAndALoadedOneIsExported() throws IOException {
        TrainConfig config = TrainConfig.builder()
                .epochs(1)
                .batchSize(8)
                .seed(1)
                .verbose(false)
                .build();
        Trainer fresh = TinyModels.trainer(config, TinyModels::mlp);
        Path file = dir.resolve("fresh.onnx");
        assertThatThrownBy(() -> fresh.exportOnnx(file))
                .isInstanceOf(OnnxExportException.class)
                .hasMessage(
                        "TinyMlp has not been trained or loaded: its weights are the random initial ones. Call fit(…),"
                                + " loadWeights(…), loadCheckpoint(…) or importSafetensors(…) before exportOnnx");
        assertThat(file).doesNotExist();

        Trainer trained = TinyModels.trainer(config, TinyModels::mlp);
        trained.fit(TinyModels.blobs(64, 1));
        Path weights = dir.resolve("mlp.nfw");
        trained.saveWeights(weights);
        fresh.loadWeights(weights);
        fresh.exportOnnx(file);
        assertThat(file).isNotEmptyFile();
    }

    @Test
    void aFewArraysSetByHandDoNotMakeAModelExportable() throws IOException {
        TrainConfig config = TrainConfig.builder()
                .epochs(1)
                .batchSize(8)
                .seed(1)
                .verbose(false)
                .build();
        Trainer t = TinyModels.trainer(config, TinyModels::mlp);
        Map<String, float[]> all = t.weights();
        t.weights(Map.of("out/b", new float[3]));
        Path file = dir.resolve("partial.onnx");
        assertThatThrownBy(() -> t.exportOnnx(file))
                .isInstanceOf(OnnxExportException.class)
                .hasMessageStartingWith("TinyMlp has not been trained or loaded");
        t.weights(all);
        t.exportOnnx(file);
        assertThat(file).isNotEmptyFile();
    }

    /**
     * A confident one-output binary model: {@code trainer.probabilities} computes the small probability from the
     * logit (about 9e-14 here), and so must the file; {@code 1 - sigmoid(x)} would round it to 0.
     */
    @Test
    void aConfidentBinaryModelsSmallProbabilityIsNotRoundedToZero() throws Exception {
        Dataset features = random("features", 64, new int[] {5}, 2, 2);
        Trainer t =
                trained(flat(LossFunction.BINARY_CROSS_ENTROPY, 1), LossFunction.BINARY_CROSS_ENTROPY, features, null);
        t.weights(Map.of("out/W", new float[7], "out/b", new float[] {30f}));
        Path file = dir.resolve("confident.onnx");
        t.exportOnnx(file);
        float[] sample = features.features(0);
        float[] expected = t.predictor().probabilities(sample);
        float[] served = run(file, new float[][] {sample}, t.graph().inputShape())[1][0];
        assertThat(expected[0]).isGreaterThan(0f).isLessThan(1e-12f);
        assertThat((double) served[0]).isCloseTo(expected[0], org.assertj.core.data.Percentage.withPercentage(1e-3));
        assertThat(served[1]).isEqualTo(expected[1]);
    }

    @Test
    void nonFiniteWeightsAreRefusedAndTheOldFileStays() throws IOException {
        TrainConfig config = TrainConfig.builder()
                .epochs(1)
                .batchSize(8)
                .seed(1)
                .verbose(false)
                .build();
        Trainer t = TinyModels.trainer(config, TinyModels::mlp);
        t.fit(TinyModels.blobs(64, 1));
        Path file = dir.resolve("mlp.onnx");
        t.exportOnnx(file);
        byte[] good = Files.readAllBytes(file);
        Map<String, float[]> w = t.weights();
        w.get("fc1/W")[3] = Float.NaN;
        t.weights(Map.of("fc1/W", w.get("fc1/W")));
        assertThatThrownBy(() -> t.exportOnnx(file))
                .isInstanceOf(OnnxExportException.class)
                .hasMessage("TinyMlp: fc1/W holds NaN values; a model whose weights are not finite cannot be exported"
                        + " (did training diverge?)");
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
    }

    @Test
    void anUnwritablePathIsAnIOExceptionNamingItAndLeavesNoPartialFile() throws IOException {
        TrainConfig config = TrainConfig.builder()
                .epochs(1)
                .batchSize(8)
                .seed(1)
                .verbose(false)
                .build();
        Trainer t = TinyModels.trainer(config, TinyModels::mlp);
        t.fit(TinyModels.blobs(64, 1));
        Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
        Path file = notADir.resolve("model.onnx");
        assertThatThrownBy(() -> t.exportOnnx(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        file + ": cannot write the ONNX model (the previous file, if any, is unchanged)");
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        assertThat(readOnly.toFile().setWritable(false)).isTrue();
        try {
            Path target = readOnly.resolve("model.onnx");
            if (!Files.isWritable(readOnly)) { // root may write anywhere
                assertThatThrownBy(() -> t.exportOnnx(target))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining(target.toString());
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain.txt", "ro");
        }
    }

    // ---- helpers

    /** Evaluation logits of one raw sample straight from the engine, normalized here as the trainer does. */
    private static float[] engineLogits(Trainer t, float[] raw) {
        float[] features = raw.clone();
        long[] shape = t.graph().inputShape();
        int plane = shape.length == 1 ? raw.length : (int) (shape[1] * shape[2]);
        t.normalization().applyInPlace(features, 0, 1, plane);
        return t.engine().logits(new Batch(features, new int[1], 1, Inference.toInt(shape)));
    }

    static float[][][] run(Path file, float[][] raw, long[] sample) throws OrtException {
        return OnnxRuntimeCheck.run(file, raw, sample);
    }

    static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what + ": length").hasSameSizeAs(expected);
        double scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int j = 0; j < expected.length; j++) {
            worst = Math.max(worst, Math.abs(actual[j] - expected[j]) / scale);
            assertThat((double) Math.abs(actual[j] - expected[j]))
                    .as(
                            "%s [%d]: ONNX Runtime %s, NetForge %s",
                            what, j, Arrays.toString(actual), Arrays.toString(expected))
                    .isLessThanOrEqualTo(TOLERANCE * scale);
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }
}
