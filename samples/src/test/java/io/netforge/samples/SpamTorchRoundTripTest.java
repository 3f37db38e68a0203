package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netforge.data.Dataset;
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
 * The text spam filters cross to PyTorch and back: {@code nn.Embedding(10000, 32, padding_idx=0)} with the mean over
 * the steps that are not padding and two {@code nn.Linear}, and the text CNN's {@code nn.Conv1d(32, 64, 5,
 * padding=2)} with the masked max over time, the bidirectional {@code nn.LSTM(32, 32)} and the {@code nn.GRU(32, 32)} on packed sequences ({@code
 * scripts/torch_roundtrip.py spam-embedding | spam-cnn | spam-lstm | spam-gru}) give
 * NetForge's probabilities on real mails' word ids within 1e-5, from weights made on either side. Needs
 * Debian's {@code python3-torch}, which {@code scripts/setup.sh} installs.
 */
class SpamTorchRoundTripTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "scripts", "torch_roundtrip.py");
    private static final int N = 64;

    @BeforeAll
    static void torchIsInstalled() throws Exception {
        assumeTrue(
                Files.isExecutable(PYTHON)
                        && run(PYTHON.toString(), "-c", "import torch").isEmpty(),
                "Debian's python3-torch is not installed (bash scripts/setup.sh installs it)");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    /** The word ids of the first {@value #N} held-out mails, written for the script. */
    private static float[][] inputs(Dataset test, Path file) throws Exception {
        float[][] x = new float[N][];
        ByteBuffer b = ByteBuffer.allocate(N * SpamEmbedding.LENGTH * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            x[i] = test.features(i);
            for (float v : x[i]) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
        return x;
    }

    private static void assertSame(float[][] ours, Path theirsFile) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(theirsFile)).order(ByteOrder.LITTLE_ENDIAN);
        float[] theirs = new float[b.remaining() / 4];
        b.asFloatBuffer().get(theirs);
        assertThat(theirs).hasSize(N * 2);
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < 2; k++) {
                assertThat(ours[i][k])
                        .as("mail %d class %d", i, k)
                        .isCloseTo(theirs[i * 2 + k], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void embeddingWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-embedding", SpamEmbeddingTrainer::builder);
    }

    @Test
    void textCnnWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-cnn", SpamTextCnnTrainer::builder);
    }

    @Test
    void lstmWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-lstm", SpamLstmTrainer::builder);
    }

    @Test
    void gruWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-gru", SpamGruTrainer::builder);
    }

    /** {@code nn.TransformerEncoderLayer(32, 2, 32, batch_first=True)} with the padding as its key padding mask. */
    @Test
    void transformerWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-transformer", SpamTransformerTrainer::builder);
    }

    /** Two pre-norm GELU encoder layers ({@link SpamGeluTransformer}): exact GELU and stacked names both ways. */
    @Test
    void geluTransformerWeightsCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-transformer-gelu", SpamGeluTransformerTrainer::builder);
    }

    /** Strided, causal and valid convolutions and max pooling over time, masks included ({@link SpamWindows}). */
    @Test
    void windowsOverTimeCrossBothWays(@TempDir Path dir) throws Exception {
        crossBothWays(dir, "spam-windows", SpamWindowsTrainer::builder);
    }

    private static void crossBothWays(
            Path dir,
            String model,
            java.util.function.Supplier<io.netforge.train.TrainerBuilder<? extends io.netforge.train.Trainer>> builder)
            throws Exception {
        Spam spam = Spam.wordIds(null, 42);
        Path in = dir.resolve("inputs.f32");
        float[][] x = inputs(spam.splits().test(), in);

        Path torchWeights = dir.resolve("torch.safetensors");
        Path torchProbs = dir.resolve("torch.f32");
        assertThat(run(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        model,
                        "export",
                        torchWeights.toString(),
                        in.toString(),
                        Integer.toString(N),
                        torchProbs.toString()))
                .isEmpty();
        io.netforge.train.Trainer fromTorch = builder.get().verbose(false).create();
        assertSame(fromTorch.load(torchWeights).predictor().probabilities(x), torchProbs);

        io.netforge.train.Trainer trained =
                builder.get().epochs(1).verbose(false).create();
        trained.fit(spam.splits().train());
        Path ours = dir.resolve("netforge.safetensors");
        trained.exportSafetensors(ours);
        Path probs = dir.resolve("netforge.f32");
        assertThat(run(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        model,
                        "predict",
                        ours.toString(),
                        in.toString(),
                        Integer.toString(N),
                        probs.toString()))
                .isEmpty();
        assertSame(trained.predictor().probabilities(x), probs);
    }
}
