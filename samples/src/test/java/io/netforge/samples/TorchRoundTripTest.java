package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netforge.data.Dataset;
import io.netforge.train.inference.Predictor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights cross between NetForge and PyTorch in both directions and give the same predictions: DigitsResNet (conv,
 * BatchNorm, residual blocks with a projection shortcut, global average pooling, dense) against the same network
 * written in PyTorch with torchvision's names ({@code scripts/torch_roundtrip.py}). Needs Debian's
 * {@code python3-torch}, which {@code scripts/setup.sh} installs.
 */
class TorchRoundTripTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "scripts", "torch_roundtrip.py");
    private static final int N = 64;

    @BeforeAll
    static void torchIsInstalled() throws Exception {
        boolean ok = Files.isExecutable(PYTHON)
                && run(PYTHON.toString(), "-c", "import torch").isEmpty();
        assumeTrue(ok, "Debian's python3-torch is not installed (bash scripts/setup.sh installs it)");
    }

    /** Runs a command; returns "" on success, else its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    private static float[][] inputs(Path file) throws IOException {
        Dataset test = Digits.imageSplits(42).test();
        float[][] x = new float[N][];
        ByteBuffer b = ByteBuffer.allocate(N * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            x[i] = test.features(i);
            for (float v : x[i]) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
        return x;
    }

    private static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static void assertSame(float[][] ours, float[] theirs) {
        assertThat(theirs).hasSize(N * 10);
        int agree = 0;
        for (int i = 0; i < N; i++) {
            int a = 0;
            int b = 0;
            for (int k = 0; k < 10; k++) {
                assertThat(ours[i][k])
                        .as("sample %d class %d", i, k)
                        .isCloseTo(theirs[i * 10 + k], org.assertj.core.data.Offset.offset(2e-5f));
                a = ours[i][k] > ours[i][a] ? k : a;
                b = theirs[i * 10 + k] > theirs[i * 10 + b] ? k : b;
            }
            agree += a == b ? 1 : 0;
        }
        assertThat(agree).isEqualTo(N);
    }

    @Test
    void weightsMadeByPyTorchPredictTheSameInNetForge(@TempDir Path dir) throws Exception {
        float[][] x = inputs(dir.resolve("inputs.f32"));
        Path weights = dir.resolve("torch.safetensors");
        Path probs = dir.resolve("torch.f32");
        assertThat(run(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        "export",
                        weights.toString(),
                        dir.resolve("inputs.f32").toString(),
                        Integer.toString(N),
                        probs.toString()))
                .isEmpty();
        DigitsResNetTrainer trainer =
                DigitsResNetTrainer.builder().verbose(false).create();
        Predictor p = trainer.load(weights).predictor();
        assertSame(p.probabilities(x), read(probs));
    }

    @Test
    void weightsTrainedInNetForgePredictTheSameInPyTorch(@TempDir Path dir) throws Exception {
        float[][] x = inputs(dir.resolve("inputs.f32"));
        DigitsResNetTrainer trainer =
                DigitsResNetTrainer.builder().epochs(1).verbose(false).create();
        trainer.fit(Digits.imageSplits(42).train());
        Path weights = dir.resolve("netforge.safetensors");
        trainer.exportSafetensors(weights);
        Path probs = dir.resolve("netforge.f32");
        assertThat(run(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        "predict",
                        weights.toString(),
                        dir.resolve("inputs.f32").toString(),
                        Integer.toString(N),
                        probs.toString()))
                .isEmpty();
        assertSame(trainer.predictor().probabilities(x), read(probs));
    }
}
