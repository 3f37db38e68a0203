package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.onnx.OnnxRuntimeCheck;
import io.netforge.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's acceptance on real data (docs/deploy.md): the digits MLP, the tutorial CNN, the BatchNorm CNN and the
 * residual network, trained briefly, exported with {@code trainer.exportOnnx}, loaded by ONNX Runtime for Java and run
 * on 256 raw test samples each give NetForge's logits and probabilities within 1e-5 of the largest value and the
 * same classes, and pass {@code onnx.checker.check_model(full_check=True)}; {@code --export-onnx} works for every
 * sample of the CLI; the deploy page's example runs as printed.
 */
class OnnxSamplesTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void theFourSampleModelsGiveNetForgesOutputsInOnnxRuntime() throws Exception {
        Splits fashion = FashionMnist.load();
        Dataset fashionTrain =
                fashion.train().split(2_000.0 / fashion.train().size(), 1).first();
        Dataset fashionTest =
                fashion.test().split(256.0 / fashion.test().size(), 2).first();
        Splits digits = Digits.splits(42);
        Splits digitImages = Digits.imageSplits(42);

        List<Path> files = new ArrayList<>();
        StringBuilder summary = new StringBuilder("ONNX Runtime vs NetForge, 256 raw test samples each:");
        record Case(String name, Trainer trainer, Dataset train, Dataset rawTest) {}
        List<Case> cases = List.of(
                new Case(
                        "DigitsMlp",
                        DigitsMlpTrainer.builder().epochs(3).verbose(false).create(),
                        digits.train(),
                        digits.test()),
                new Case(
                        "MnistCnn",
                        MnistCnnTrainer.builder().epochs(1).verbose(false).create(),
                        fashionTrain,
                        fashionTest),
                new Case(
                        "BatchNormCnn",
                        BatchNormCnnTrainer.builder().epochs(1).verbose(false).create(),
                        fashionTrain,
                        fashionTest),
                new Case(
                        "DigitsResNet",
                        DigitsResNetTrainer.builder().epochs(2).verbose(false).create(),
                        digitImages.train(),
                        digitImages.test()));
        for (Case c : cases) {
            Dataset train = c.name().equals("DigitsMlp") ? c.train() : c.train().standardize();
            c.trainer().fit(train);
            Path file = dir.resolve(c.name() + ".onnx");
            c.trainer().exportOnnx(file);
            files.add(file);

            int n = Math.min(256, c.rawTest().size());
            float[][] raw = new float[n][];
            for (int i = 0; i < n; i++) {
                raw[i] = c.rawTest().features(i);
            }
            float[][][] onnx = run(file, raw, c.trainer().graph().inputShape());
            float[][] logits = c.trainer().predictor().logits(raw);
            float[][] probabilities = c.trainer().predictor().probabilities(raw);
            int[] classes = c.trainer().predictor().predict(raw);
            double worst = 0;
            int correct = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, difference(c.name() + " logits of test sample " + i, onnx[0][i], logits[i]));
                worst = Math.max(
                        worst,
                        difference(c.name() + " probabilities of test sample " + i, onnx[1][i], probabilities[i]));
                assertThat(argmax(onnx[1][i]))
                        .as(c.name() + " class of test sample " + i)
                        .isEqualTo(classes[i]);
                correct += classes[i] == c.rawTest().label(i) ? 1 : 0;
            }
            summary.append(String.format(
                    Locale.ROOT,
                    "%n  %-12s %s of %,d bytes, worst difference %.1e of the largest value,"
                            + " same class for all %d (accuracy %.1f%%)",
                    c.name(),
                    file.getFileName(),
                    Files.size(file),
                    worst,
                    n,
                    100.0 * correct / n));
        }
        OnnxRuntimeCheck.checker(files);
        System.out.println(summary);
    }

    /** {@code --export-onnx FILE} on every sample the CLI trains: each file passes the checker and runs in ONNX Runtime. */
    @Test
    void theCliExportsEverySample() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Sample s : Sample.values()) {
            Path file = dir.resolve(s.id + ".onnx");
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int rc = Main.run(
                    new PrintStream(captured, true, StandardCharsets.UTF_8),
                    s.id,
                    "--limit",
                    "128",
                    "--eval-limit",
                    "64",
                    "--epochs",
                    "1",
                    "--validation",
                    "0.02",
                    "--quiet",
                    "--no-report",
                    "--export-onnx",
                    file.toString());
            String out = captured.toString(StandardCharsets.UTF_8);
            assertThat(rc).as("%s:%n%s", s.id, out).isZero();
            assertThat(out).contains("ONNX model written to " + file);
            files.add(file);
        }
        OnnxRuntimeCheck.checker(files);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (Path file : files) {
            try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
                long[] shape = ((ai.onnxruntime.TensorInfo)
                                session.getInputInfo().get("input").getInfo())
                        .getShape();
                float[][] zeros =
                        new float[2][(int) Arrays.stream(shape).skip(1).reduce(1, (a, b) -> a * b)];
                float[][][] out = run(file, zeros, Arrays.copyOfRange(shape, 1, shape.length));
                assertThat(out[1]).as(file.getFileName().toString()).hasNumberOfRows(2);
                if (file.getFileName().toString().equals(Sample.SUNSPOTS.id + ".onnx")) {
                    // a regression model's second output is `values`, its forecast in sunspots
                    assertThat(out[1][0]).hasSize(1);
                    assertThat(out[1][0][0]).isBetween(-500f, 500f);
                    continue;
                }
                // a language model's probabilities: the next character's at each of its steps, each summing to 1
                int classes = file.getFileName().toString().startsWith("moby-") ? MobyDickLstm.VOCABULARY : 0;
                for (float[] p : out[1]) {
                    int rows = classes == 0 ? 1 : p.length / classes;
                    int width = p.length / rows;
                    for (int t = 0; t < rows; t++) {
                        assertThat((double) sum(Arrays.copyOfRange(p, t * width, (t + 1) * width)))
                                .as("probabilities of " + file.getFileName() + " at step " + t)
                                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
            }
        }
    }

    /** docs/deploy.md's ONNX Runtime example, as printed there, gives the trainer's probabilities. */
    @Test
    void theDeployPagesExampleRunsAsPrinted() throws Exception {
        Splits digits = Digits.splits(42);
        DigitsMlpTrainer trainer =
                DigitsMlpTrainer.builder().epochs(2).verbose(false).create();
        trainer.fit(digits.train());
        Path file = dir.resolve("digits.onnx");
        trainer.exportOnnx(file);
        for (int i = 0; i < 5; i++) {
            float[] sample = digits.test().features(i);
            float[] served = ServeOnnx.probabilities(file.toString(), sample, 64);
            difference(
                    "the example's probabilities of test sample " + i,
                    served,
                    trainer.predictor().probabilities(sample));
        }
        String doc = Files.readString(Path.of("..", "docs", "deploy.md"));
        String source = Files.readString(Path.of("src", "test", "java", "io", "netforge", "samples", "ServeOnnx.java"));
        assertThat(doc).contains(source.substring(source.indexOf("import ai.onnxruntime")));
    }

    // ---- helpers

    static float[][][] run(Path file, float[][] raw, long[] sample) throws OrtException {
        return OnnxRuntimeCheck.run(file, raw, sample);
    }

    /** The largest difference relative to the largest expected value, asserted to be within the tolerance. */
    private static double difference(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int j = 0; j < expected.length; j++) {
            worst = Math.max(worst, Math.abs(actual[j] - expected[j]) / scale);
        }
        assertThat(worst)
                .as("%s: ONNX Runtime %s, NetForge %s", what, Arrays.toString(actual), Arrays.toString(expected))
                .isLessThanOrEqualTo(TOLERANCE);
        return worst;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
