package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's spam-bow run saves its vocabulary beside its weights, and the two classify held-out mail files. */
class SpamFilterTest {
    @Test
    void aRunsWeightsAndVocabularyClassifyHeldOutMail(@TempDir Path runs) throws Exception {
        classifiesHeldOutMail("spam-bow", runs, Spam.bagOfWords(null, 42));
    }

    @Test
    void theEmbeddingModelsRunDoesToo(@TempDir Path runs) throws Exception {
        classifiesHeldOutMail("spam-embedding", runs, Spam.wordIds(null, 42));
    }

    @Test
    void theTextCnnsRunDoesToo(@TempDir Path runs) throws Exception {
        classifiesHeldOutMail("spam-cnn", runs, Spam.wordIds(null, 42));
    }

    @Test
    void theLstmsRunDoesToo(@TempDir Path runs) throws Exception {
        classifiesHeldOutMail("spam-lstm", runs, Spam.wordIds(null, 42));
    }

    private static void classifiesHeldOutMail(String sample, Path runs, Spam spam) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = Main.run(
                new PrintStream(captured, true, StandardCharsets.UTF_8),
                sample,
                "--epochs",
                "3",
                "--quiet",
                "--runs",
                runs.toString());
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(out).isZero();
        Path run;
        try (Stream<Path> folders = Files.list(runs)) {
            run = folders.findFirst().orElseThrow();
        }
        assertThat(out).contains("Vocabulary written to " + run.resolve(Main.VOCABULARY_FILE));
        SpamFilter filter = SpamFilter.load(run);
        assertThat(filter.vocabulary())
                .as("the vocabulary of the training split")
                .isEqualTo(spam.vocabulary());
        // the first 20 held-out mails of each class, read from their files
        int[] right = new int[2];
        int[] seen = new int[2];
        List<String> files = spam.test().sources();
        for (int i = 0; i < files.size() && (seen[0] < 20 || seen[1] < 20); i++) {
            int label = spam.test().label(i);
            if (seen[label] == 20) {
                continue;
            }
            seen[label]++;
            float p = filter.spamProbability(Path.of(files.get(i)));
            // the file read as the filter reads it is the very sample the data pipeline made of it
            assertThat(p)
                    .as("%s read from its file", files.get(i))
                    .isCloseTo(
                            filter.predictor()
                                    .probabilities(
                                            new float[][] {spam.splits().test().features(i)})[0][1],
                            org.assertj.core.data.Offset.offset(1e-6f));
            boolean saysSpam = p >= 0.5f;
            right[label] += saysSpam == (label == 1) ? 1 : 0;
        }
        assertThat(right[0]).as("ham recognised of 20").isGreaterThanOrEqualTo(18);
        assertThat(right[1]).as("spam recognised of 20").isGreaterThanOrEqualTo(18);
    }
}
