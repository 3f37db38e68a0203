package io.netforge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample trains the tutorial CNN on real Fashion-MNIST through Spark (local[2]) and reports its test accuracy. */
class SparkMnistCnnTest {
    @Test
    void theTutorialCnnLearnsFashionMnistThroughSpark(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SparkMnistCnn.Outcome o = SparkMnistCnn.run(
                new PrintStream(captured, true, StandardCharsets.UTF_8),
                "--master",
                "local[2]",
                "--limit",
                "3000",
                "--test",
                "2000",
                "--epochs",
                "1",
                "--save",
                dir.resolve("cnn.nfc").toString());
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(out)
                .contains(
                        "NetForge on Spark 3.5.3 (local[2]): MnistCnn, 338,006 parameters; 3,000 training images in 2 partitions")
                .contains("Epoch 1/1 - 47/47 - ")
                .containsPattern("Test accuracy: \\d+\\.\\d\\d% \\(\\d+/2000\\)")
                .contains("Checkpoint written to");
        assertThat(o.test().accuracy())
                .as("one epoch on 3,000 images (chance: 10%)")
                .isGreaterThan(0.6);
        assertThat(dir.resolve("cnn.nfc")).exists();
    }
}
