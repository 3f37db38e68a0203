package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void trainsTheDefaultSampleAndPrintsItsTestAccuracy() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(new PrintStream(captured, true, StandardCharsets.UTF_8), "--epochs", "2")).isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("37,810 parameters").contains("Epoch 2/2").contains("val_accuracy")
                .containsPattern("Test accuracy: \\d+\\.\\d\\d%");
    }

    @Test
    void unknownSampleIsAClearError() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "resnet-1000")).isNotZero();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Unknown sample 'resnet-1000'").contains("digits-mlp");
    }
}
