package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.train.progress.EpochResult;
import io.netforge.train.progress.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long MS = 1_000_000L;
    private static final double NAN = Double.NaN;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, false, StandardCharsets.UTF_8);
    /** Starts far from 0 so no code can rely on the clock starting at zero. */
    private final AtomicLong clock = new AtomicLong(987_654_321_000L);

    private ProgressBar bar(boolean terminal) {
        return new ProgressBar(out, terminal, clock::get);
    }

    private String output() {
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    private static String bar(int equals, boolean arrow, int dots) {
        return "[" + "=".repeat(equals) + (arrow ? ">" : "") + ".".repeat(dots) + "]";
    }

    @Test
    void logModePrintsExactlyOneLinePerEpochAndNothingPerBatch() {
        ProgressBar p = bar(false);
        assertThat(p.terminal()).isFalse();
        p.start(3, 10, 4);
        for (int b = 1; b <= 4; b++) {
            advance(500 * MS);
            p.step(b, b * 25L, 1.0 / b, 0.5);
        }
        assertThat(output()).isEmpty();
        advance(500 * MS); // validation
        p.end(0.5, 0.75, 0.6, 0.7, 0.001);
        assertThat(output())
                .isEqualTo(
                        "Epoch 3/10 - 4/4 - 2.5s 625ms/step - 40 samples/s - loss: 0.5000 - accuracy: 0.7500 - val_loss: 0.6000 - val_accuracy: 0.7000 - lr: 0.001\n");

        buffer.reset();
        p.start(4, 10, 1688);
        for (int b = 1; b <= 1688; b++) {
            p.step(b, Math.min(54_000L, b * 32L), 0.1, 0.9);
        }
        advance(4000 * MS);
        p.end(new EpochResult(99, 0.0689, 0.9789, NAN, NAN, 1e-4, 123.0)); // its epoch and seconds are not used
        assertThat(output())
                .isEqualTo(
                        "Epoch 4/10 - 1688/1688 - 4.0s 2ms/step - 13,500 samples/s - loss: 0.0689 - accuracy: 0.9789 - lr: 0.0001\n");
    }

    @Test
    void terminalModeRedrawsInPlaceThrottledAndPadsShorterLines() {
        ProgressBar p = bar(true);
        p.start(1, 2, 4);
        advance(50 * MS);
        p.step(1, 32, 1.0, 0.5); // 50 ms after the first draw: skipped
        advance(70 * MS);
        p.step(2, 64, 0.8, 0.6); // 120 ms: drawn
        advance(80 * MS);
        p.step(3, 96, 0.75, 0.6); // 80 ms after the last draw: skipped
        advance(10 * MS);
        p.step(4, 100, NAN, 0.65); // last batch: always drawn; "nan" is shorter than "0.8000", so 3 blanks follow
        advance(90 * MS);
        p.end(0.7, 0.65, NAN, NAN, 0.001);
        assertThat(output())
                .isEqualTo("Epoch 1/2\n"
                        + "\r0/4 " + bar(0, false, 30) + " - 0.0s"
                        + "\r2/4 " + bar(14, true, 15)
                        + " - 0.1s - ETA: 0s - 533 samples/s - loss: 0.8000 - accuracy: 0.6000"
                        + "\r4/4 " + bar(30, false, 0)
                        + " - 0.2s - ETA: 0s - 476 samples/s - loss: nan - accuracy: 0.6500   "
                        + "\r4/4 " + bar(30, false, 0)
                        + " - 0.3s 75ms/step - 333 samples/s - loss: 0.7000 - accuracy: 0.6500 - lr: 0.001\n");
    }

    @Test
    void terminalModeRedrawsAtMostEveryHundredMilliseconds() {
        ProgressBar p = bar(true);
        p.start(1, 1, 1000);
        for (int b = 1; b <= 1000; b++) {
            advance(MS);
            p.step(b, b * 10L, 0.5, 0.5);
        }
        String running = output();
        // the empty bar at start, then t = 100, 200, ..., 1000 ms (the last also being the last batch)
        assertThat(running.chars().filter(c -> c == '\r').count()).isEqualTo(11);
        assertThat(running.chars().filter(c -> c == '\n').count()).isEqualTo(1); // only after "Epoch 1/1"
        assertThat(running)
                .startsWith("Epoch 1/1\n\r   0/1000 [")
                .contains("\r 100/1000 [==>.")
                .endsWith("\r1000/1000 " + bar(30, false, 0)
                        + " - 1.0s - ETA: 0s - 10,000 samples/s - loss: 0.5000 - accuracy: 0.5000");
        p.end(0.5, 0.5, 0.4, 0.6, 0.01);
        String all = output();
        assertThat(all.chars().filter(c -> c == '\r').count()).isEqualTo(12);
        assertThat(all).endsWith(" - val_loss: 0.4000 - val_accuracy: 0.6000 - lr: 0.01\n");
        assertThat(all.chars().filter(c -> c == '\n').count()).isEqualTo(2);
    }

    @Test
    void runningLineShowsElapsedEtaAndSamplesPerSecond() {
        ProgressBar p = bar(true);
        p.start(2, 5, 75);
        advance(10_000 * MS);
        p.step(10, 320, 0.25, 0.875);
        assertThat(output())
                .endsWith("\r10/75 " + bar(3, true, 26)
                        + " - 10s - ETA: 1:05 - 32 samples/s - loss: 0.2500 - accuracy: 0.8750");
    }

    @Test
    void terminalEpochsFollowEachOtherOnFreshLines() {
        ProgressBar p = bar(true);
        p.start(1, 2, 1);
        p.step(1, 8, 0.5, 0.5);
        advance(100 * MS);
        p.end(0.5, 0.5, NAN, NAN, NAN);
        p.start(2, 2, 1);
        p.start(2, 2, 1); // the first start(2) never ended: its line is kept, the new one starts below
        String s = output();
        assertThat(s)
                .startsWith("Epoch 1/2\n")
                .contains("accuracy: 0.5000\nEpoch 2/2\n\r0/1 ")
                .contains(" - 0.0s\nEpoch 2/2\n\r0/1 ");
        assertThat(s).doesNotContain("lr:");
    }

    @Test
    void validationIsShownWhenEitherValueIsPresent() {
        ProgressBar p = bar(false);
        p.start(1, 1, 1);
        p.step(1, 4, 0.5, 0.5);
        p.end(0.5, 0.5, NAN, 0.8, NAN);
        assertThat(output())
                .isEqualTo(
                        "Epoch 1/1 - 1/1 - 0.0s 0us/step - loss: 0.5000 - accuracy: 0.5000 - val_loss: nan - val_accuracy: 0.8000\n");
    }

    @Test
    void durationsAndNumbers() {
        assertThat(ProgressBar.eta(0.4)).isEqualTo("0s");
        assertThat(ProgressBar.eta(59.4)).isEqualTo("59s");
        assertThat(ProgressBar.eta(59.6)).isEqualTo("1:00");
        assertThat(ProgressBar.eta(65)).isEqualTo("1:05");
        assertThat(ProgressBar.eta(3599)).isEqualTo("59:59");
        assertThat(ProgressBar.eta(3723)).isEqualTo("1:02:03");
        assertThat(ProgressBar.eta(-3)).isEqualTo("0s");
        assertThat(ProgressBar.elapsed(5.24)).isEqualTo("5.2s");
        assertThat(ProgressBar.elapsed(9.96)).isEqualTo("10s");
        assertThat(ProgressBar.elapsed(125)).isEqualTo("2:05");
        assertThat(ProgressBar.perStep(2.4)).isEqualTo("2s/step");
        assertThat(ProgressBar.perStep(0.003)).isEqualTo("3ms/step");
        assertThat(ProgressBar.perStep(0.00085)).isEqualTo("850us/step");
        assertThat(ProgressBar.metric(0.12345)).isEqualTo("0.1235");
        assertThat(ProgressBar.metric(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ProgressBar.learningRate(0.0009999999776482582)).isEqualTo("0.001");
        assertThat(ProgressBar.learningRate(0.123456)).isEqualTo("0.1235");
        assertThat(ProgressBar.learningRate(1e-5)).isEqualTo("1e-05");
        assertThat(ProgressBar.learningRate(3e-4)).isEqualTo("0.0003");
        assertThat(ProgressBar.learningRate(0)).isEqualTo("0.0");
    }

    @Test
    void terminalDetection() {
        assertThat(ProgressBar.isTerminal(true, "xterm-256color")).isTrue();
        assertThat(ProgressBar.isTerminal(true, null)).isTrue();
        assertThat(ProgressBar.isTerminal(true, "dumb")).isFalse();
        assertThat(ProgressBar.isTerminal(false, "xterm")).isFalse();
        ProgressBar.isTerminal(); // whatever the build's console is, it must not throw
    }

    @Test
    void rejectsMisuse() {
        ProgressBar p = bar(true);
        assertThatThrownBy(() -> p.step(1, 1, 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before start");
        assertThatThrownBy(() -> p.end(0, 0, 0, 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before start");
        assertThatThrownBy(() -> p.start(0, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 1 <= epoch <= epochs, got epoch 0 of 3");
        assertThatThrownBy(() -> p.start(4, 3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.start(1, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batches must be at least 1, got 0");
        p.start(1, 3, 5);
        assertThatThrownBy(() -> p.step(6, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchesDone must be in [0, 5], got 6");
        assertThatThrownBy(() -> new ProgressBar(null, true)).isInstanceOf(NullPointerException.class);
    }
}
