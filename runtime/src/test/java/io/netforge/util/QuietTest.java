package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

class QuietTest {
    @Test
    void dropsSameDiffsDebugLinesAndKeepsEverythingElse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream filtered = new PrintStream(
                new Quiet.LineFilter(new PrintStream(sink, true, StandardCharsets.UTF_8)),
                true,
                StandardCharsets.UTF_8);
        filtered.println("Epoch 1/2 - loss: 0.5");
        filtered.println("Added differentiated op mmul");
        filtered.print("partial ");
        filtered.println("line");
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("Epoch 1/2 - loss: 0.5\npartial line\n");
    }

    @Test
    void theFilterMatchesWhatSameDiffReallyPrints() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
            SameDiff sd = SameDiff.create();
            SDVariable w = sd.var("w", Nd4j.rand(3, 2));
            SDVariable x = sd.placeHolder("x", org.nd4j.linalg.api.buffer.DataType.FLOAT, -1, 3);
            sd.setLossVariables(sd.sum("loss", x.mmul(w).mul(x.mmul(w))));
            sd.calculateGradients(java.util.Map.of("x", Nd4j.rand(2, 3)), List.of("w"));
        } finally {
            System.setOut(original);
        }
        String printed = raw.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .as("SameDiff 1.0.0-M2.1 prints one line per differentiated op")
                .contains("Added differentiated op");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream filtered = new PrintStream(
                new Quiet.LineFilter(new PrintStream(sink, true, StandardCharsets.UTF_8)),
                true,
                StandardCharsets.UTF_8);
        filtered.print(printed);
        assertThat(sink.toString(StandardCharsets.UTF_8)).doesNotContain("Added differentiated op");
    }
}
