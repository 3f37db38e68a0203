package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path runs;

    @Test
    void trainsTheDefaultSampleAndPrintsItsTestAccuracy() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "--epochs",
                        "2",
                        "--runs",
                        runs.toString()))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("37,810 parameters")
                .contains("Backend: CPU backend (CpuBackend)")
                .contains("Epoch 2/2")
                .contains("val_accuracy")
                .containsPattern("Test accuracy: \\d+\\.\\d\\d%")
                .containsPattern("Report: " + java.util.regex.Pattern.quote(runs.toString())
                        + "/DigitsMlp-\\d{8}-\\d{6}/report.html");
    }

    /**
     * The tuned sample (Adam, ReduceLROnPlateau, early stopping, label smoothing) on a subset of Fashion-MNIST:
     * the summary, a line per epoch with its learning rate, the classification report, and the history file.
     */
    @Test
    void tunedSampleWritesItsHistory(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Path history = dir.resolve("history.csv");
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "mnist-cnn-tuned",
                        "--limit",
                        "1500",
                        "--epochs",
                        "2",
                        "--validation",
                        "0.02",
                        "--history",
                        history.toString(),
                        "--no-report"))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("Trainable params: 338,006")
                .contains("Epoch 2/2")
                .contains("lr: 0.001")
                .contains("Learning rate per epoch: [0.001, 0.001]")
                .contains("precision    recall  f1-score   support")
                .contains("History written to " + history);
        List<String> lines = Files.readAllLines(history);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,data_seconds");
        assertThat(lines.get(2)).startsWith("2,");
    }

    /** The tutorial CNN's pipeline: standardized with the training split's statistics, flipped and cropped per epoch. */
    @Test
    void mnistCnnTrainsFromTheAugmentedPipeline() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "mnist-cnn",
                        "--limit",
                        "1200",
                        "--epochs",
                        "1",
                        "--validation",
                        "0.02",
                        "--no-report"))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("Input normalization (training split): Standardize(mean=[0.28")
                .contains(
                        "Augmentation (training batches): Compose(RandomHorizontalFlip(p=0.5), RandomCrop(size=(28, 28), padding=2))")
                .containsPattern(
                        "Data pipeline: the training loop waited \\d+\\.\\d\\d s for batches in \\d+\\.\\d s of epochs");
    }

    @Test
    void digitsResNetTrainsFromTheCommandLine() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "digits-resnet",
                        "--epochs",
                        "1",
                        "--no-report"))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("19,706 parameters")
                .contains("layer2.0 (ResidualBlock: Downsample+Add+Relu)")
                .containsPattern("Test accuracy: \\d+\\.\\d\\d% .*samples/s\\)");
    }

    /** A run stopped after 2 epochs, started again with --epochs 4, continues from its checkpoint and ends as one run of 4. */
    @Test
    void theSameCommandResumesFromItsCheckpoints(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(
                        sink,
                        "--epochs",
                        "4",
                        "--no-report",
                        "--checkpoints",
                        dir.resolve("full").toString(),
                        "--export-safetensors",
                        dir.resolve("full.safetensors").toString()))
                .isZero();
        assertThat(Main.run(sink, "--epochs", "2", "--no-report", "--checkpoints", ckpt.toString()))
                .isZero();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "--epochs",
                        "4",
                        "--no-report",
                        "--checkpoints",
                        ckpt.toString(),
                        "--export-safetensors",
                        dir.resolve("resumed.safetensors").toString()))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("Resuming from " + ckpt.resolve("epoch-0002.nfc") + " (epoch 2 done)")
                .contains("Epoch 3/4")
                .contains("Epoch 4/4")
                .doesNotContain("Epoch 1/4")
                .contains("Weights for PyTorch written to");
        assertThat(Files.readAllBytes(dir.resolve("resumed.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("full.safetensors")));
    }

    @Test
    void unknownSampleIsAClearError() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(Main.run(
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "resnet-1000"))
                    .isNotZero();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("Unknown sample 'resnet-1000'")
                .contains("digits-mlp");
    }
}
