package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.train.Checkpoints;
import io.netforge.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "write your own callback" example of docs/training.md, as printed there, on the embedded digits. */
class StopAtAccuracyTest {
    @Test
    void logsEveryEpochAndStopsAtTheTarget(@TempDir Path dir) throws IOException {
        Splits data = Digits.splits(42).withValidation(0.2, 42);
        Path csv = dir.resolve("epochs.csv");
        DigitsMlpTrainer trainer = DigitsMlpTrainer.builder()
                .epochs(100)
                .callbacks(new StopAtAccuracy(csv, 0.90))
                .verbose(false)
                .create();
        History history = trainer.fit(data.train(), data.validation());

        System.out.println("StopAtAccuracy: stopped after epoch " + history.size() + " at val_accuracy "
                + history.last().valAccuracy());
        assertThat(history.size()).as("stopped early").isLessThan(100);
        assertThat(history.last().valAccuracy()).isGreaterThanOrEqualTo(0.90);
        for (int e = 0; e < history.size() - 1; e++) {
            assertThat(history.epochs().get(e).valAccuracy())
                    .as("epoch %d", e + 1)
                    .isLessThan(0.90);
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(history.size() + 1);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,val_accuracy,learning_rate");
        assertThat(lines.get(history.size())).startsWith(history.size() + ",");
    }

    @Test
    void aResumedRunAppendsToTheSameFile(@TempDir Path dir) throws IOException {
        Splits data = Digits.splits(42).withValidation(0.2, 42);
        Path csv = dir.resolve("epochs.csv");
        Path ckpt = dir.resolve("ckpt");
        DigitsMlpTrainer first = DigitsMlpTrainer.builder()
                .epochs(2)
                .verbose(false)
                .callbacks(new StopAtAccuracy(csv, 0.99))
                .checkpoints(Checkpoints.in(ckpt))
                .create();
        first.fit(data.train(), data.validation());
        DigitsMlpTrainer second = DigitsMlpTrainer.builder()
                .epochs(4)
                .verbose(false)
                .callbacks(new StopAtAccuracy(csv, 0.99))
                .checkpoints(Checkpoints.in(ckpt))
                .create();
        assertThat(second.resume(ckpt)).isPresent();
        second.fit(data.train(), data.validation());
        assertThat(Files.readAllLines(csv)).hasSize(1 + 4).element(4).asString().startsWith("4,");
    }

    @Test
    void docsTrainingMdShowsThisExampleAsItIs() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "training.md"));
        String source =
                Files.readString(Path.of("src", "main", "java", "io", "netforge", "samples", "StopAtAccuracy.java"));
        String body = source.substring(source.indexOf("/** Logs every epoch"));
        assertThat(doc).contains(body);
    }
}
