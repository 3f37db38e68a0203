package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.datasets.MobyDick;
import io.netforge.text.Characters;
import io.netforge.text.TextDatasets;
import io.netforge.train.inference.Evaluation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character-level LSTM language model on Moby Dick as scripts/setup.sh installs it, trained briefly: it must learn
 * far below a guess of the letter frequencies, write text from text, and the CLI must report it. The long run's figure
 * (validation loss per character after 15 minutes) is in docs/attention.md.
 */
class MobyDickLstmTest {
    @Test
    void countsPyTorchsParameters() {
        // nn.Embedding(82, 32), nn.LSTM(32, 256) with two biases, nn.Linear(256, 82)
        assertThat(new MobyDickLstmTrainer().parameterCount())
                .isEqualTo(82 * 32 + 4 * 256 * (32 + 256) + 2 * 4 * 256 + 256 * 82 + 82);
    }

    @Test
    void learnsTheBooksCharactersAndWritesText() throws Exception {
        String text = MobyDick.text();
        Characters chars = Characters.of(text);
        assertThat(chars.size()).isEqualTo(MobyDickLstm.VOCABULARY);
        int[] ids = chars.encode(text);
        // one pass over the first 500,000 characters; validation on 50,000 from the book's end
        Dataset train = TextDatasets.nextToken("moby/train", Arrays.copyOf(ids, 500_001), 100, chars.size());
        Dataset validation =
                TextDatasets.nextToken("moby/val", Arrays.copyOfRange(ids, ids.length - 50_001, ids.length), 100, 82);
        MobyDickLstmTrainer trainer =
                MobyDickLstmTrainer.builder().epochs(1).verbose(false).create();
        trainer.characters(chars);
        Evaluation before = trainer.evaluate(validation);
        trainer.fit(train, validation);
        Evaluation after = trainer.evaluate(validation);
        String greedy = trainer.predictor().generate("Call me Ishmael. ", 80, 0, 0, 1);
        String sampled = trainer.predictor().generate("The whale ", 120, 0.8, 0, 42);
        System.out.printf(
                "moby-lstm after 500,000 characters: validation %.3f nats per character (before %.3f), accuracy"
                        + " %.1f%%%n  greedy: %s%n  sampled: %s%n",
                after.loss(),
                before.loss(),
                after.accuracy() * 100,
                greedy.replace('\n', ' '),
                sampled.replace('\n', ' '));
        assertThat(before.loss()).isGreaterThan(4.0); // about log 82 untrained
        // the letters' own frequencies give about 3.1 nats; one pass learns letter pairs and common words
        assertThat(after.loss()).isLessThan(2.6);
        assertThat(after.accuracy()).isGreaterThan(0.28);
        assertThat(greedy).hasSize(80);
        assertThat(sampled).hasSize(120).isEqualTo(trainer.predictor().generate("The whale ", 120, 0.8, 0, 42));
        assertThat(sampled).contains(" "); // words, not one repeated character
        // the cache (the LSTM's state kept between characters) gives the window's text while it fits
        int[] prompt = chars.encode("The whale ");
        assertThat(trainer.predictor().generateWithoutCache(prompt, 60, 0.8, 5, 7))
                .containsExactly(trainer.predictor().generate(prompt, 60, 0.8, 5, 7));
    }

    @Test
    void theCommandLineWritesTextAfterEachEpochAndReportsNatsPerCharacter(@TempDir Path runs) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "moby-lstm",
                        "--epochs",
                        "1",
                        "--limit",
                        "640",
                        "--runs",
                        runs.toString()))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("Generated after epoch 1: Call me Ishmael. ")
                .containsPattern("Test loss: [\\d.]+ nats per character \\([\\d.]+ bits\\), next-character accuracy")
                .contains("tokens/s");
        Path report;
        try (var dirs = Files.list(runs)) {
            report = dirs.findFirst().orElseThrow();
        }
        String html = Files.readString(report.resolve("report.html"));
        assertThat(html).contains("Generated text").contains("bits per token").contains("<b>Call me Ishmael. </b>");
        assertThat(report.resolve("loss.png")).exists();
        assertThat(report.resolve("confusion_matrix.png")).doesNotExist();
        MobyDickLstmTrainer saved = new MobyDickLstmTrainer();
        saved.loadWeights(report.resolve("weights.nfw"));
        assertThat(saved.characters().size()).isEqualTo(82); // the vocabulary travelled with the weights
        assertThat(saved.predictor().generate("Call", 20, 0, 0, 1)).hasSize(20);
    }
}
