package io.netforge.train.progress;

import io.netforge.train.state.Numbers;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A Keras-like per-epoch progress display, driven by the training loop:
 * {@link #start} before an epoch's first batch, {@link #step} after every batch, {@link #end} once the epoch's
 * metrics (validation included) are known.
 *
 * <p>On an interactive terminal ({@code terminal = true}) it prints {@code Epoch 3/10}, then redraws one line in
 * place with {@code '\r'} (at most every {@value #REDRAW_INTERVAL_MILLIS} ms, and always for the last batch):
 * <pre>
 *  37/1688 [..............................] - 2.1s - ETA: 1:05 - 17,622 samples/s - loss: 0.4321 - accuracy: 0.8765
 * </pre>
 * and ends the epoch with the final line and a newline:
 * <pre>
 * 1688/1688 [==============================] - 5.2s 3ms/step - 10,385 samples/s - loss: 0.0689 - accuracy: 0.9789 - val_loss: 0.0712 - val_accuracy: 0.9771 - lr: 0.001
 * </pre>
 * Otherwise (logs, CI, IDE consoles) {@code step} prints nothing and {@code end} prints exactly one line:
 * <pre>
 * Epoch 3/10 - 1688/1688 - 5.2s 3ms/step - 10,385 samples/s - loss: 0.0689 - accuracy: 0.9789 - val_loss: 0.0712 - val_accuracy: 0.9771 - lr: 0.001
 * </pre>
 *
 * <p>Durations: elapsed time with one decimal under 10 s ({@code 5.2s}), whole seconds under a minute
 * ({@code 42s}), then {@code m:ss} and {@code h:mm:ss}; the ETA in whole seconds the same way ({@code 7s},
 * {@code 1:05}, {@code 1:02:03}). Time per step as Keras ({@code 3ms/step}, {@code 850us/step},
 * {@code 2s/step}). Metrics with 4 decimals; validation values are shown when either is not NaN; the learning rate
 * to 4 significant digits. Everything is formatted with {@link Locale#ROOT}, lines end with {@code '\n'}, and the
 * stream is flushed after every write. Not thread-safe: one training loop drives one bar.
 */
public final class ProgressBar {
    /** Minimum time between two redraws of the running line. */
    public static final long REDRAW_INTERVAL_MILLIS = 100;

    private static final long REDRAW_INTERVAL_NANOS = REDRAW_INTERVAL_MILLIS * 1_000_000L;
    private static final int BAR_WIDTH = 30;
    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;

    private boolean started;
    private int epoch;
    private int epochs;
    private int batches;
    private long startNanos;
    private long lastDrawNanos;
    private int done;
    private long samples;
    private String unit = "samples";
    private double loss = Double.NaN;
    private double accuracy = Double.NaN;
    /** Length of the line currently shown (terminal mode), so a shorter redraw can blank the rest. */
    private int shownWidth;

    /**
     * What the rate counts ({@code "samples"} unless set; a per-step model's bar counts {@code "tokens"}, the steps
     * with a target).
     */
    public ProgressBar unit(String unit) {
        this.unit = Objects.requireNonNull(unit, "unit");
        return this;
    }

    /** Terminal mode if {@link #isTerminal()}, system clock. */
    public ProgressBar(PrintStream out) {
        this(out, isTerminal());
    }

    /** System clock. */
    public ProgressBar(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    /**
     * @param out where lines go
     * @param terminal redraw in place per batch; else one line per epoch
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests inject their own)
     */
    public ProgressBar(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Whether standard output looks like an interactive terminal: a console that is one (on Java 17 to 21
     * {@code System.console()} is null when standard input or output is redirected; from Java 22 on it is never null
     * and {@code Console.isTerminal()} tells) and the environment variable {@code TERM} is not {@code dumb} (Emacs
     * shells and some CI runners set it).
     */
    public static boolean isTerminal() {
        return isTerminal(consoleIsTerminal(System.console()), System.getenv("TERM"));
    }

    private static boolean consoleIsTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console); // Java 22+
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a console is only there for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    public static boolean isTerminal(boolean console, String term) {
        return console && !"dumb".equals(term);
    }

    /** Whether this bar redraws in place. */
    public boolean terminal() {
        return terminal;
    }

    /**
     * Starts an epoch. In terminal mode prints {@code Epoch <epoch>/<epochs>} and an empty bar.
     *
     * @param epoch 1-based, at most {@code epochs}
     * @param batches batches in the epoch, at least 1
     */
    public void start(int epoch, int epochs, int batches) {
        if (epochs < 1 || epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("expected 1 <= epoch <= epochs, got epoch " + epoch + " of " + epochs);
        }
        if (batches < 1) {
            throw new IllegalArgumentException("batches must be at least 1, got " + batches);
        }
        if (terminal && shownWidth > 0) { // previous epoch never ended: keep its line
            out.print('\n');
        }
        this.started = true;
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.done = 0;
        this.samples = 0;
        this.loss = Double.NaN;
        this.accuracy = Double.NaN;
        this.shownWidth = 0;
        this.startNanos = nanoTime.getAsLong();
        if (terminal) {
            out.print("Epoch " + epoch + "/" + epochs + "\n");
            draw(runningLine(startNanos));
            lastDrawNanos = startNanos;
        }
    }

    /**
     * Records progress after a batch; cheap enough for every batch. In terminal mode redraws when
     * {@value #REDRAW_INTERVAL_MILLIS} ms have passed since the last redraw, or when {@code batchesDone} is the
     * last batch.
     *
     * @param batchesDone batches finished in this epoch, in [0, batches]
     * @param samplesDone samples in those batches
     * @param runningLoss mean training loss so far this epoch
     * @param runningAccuracy training accuracy so far this epoch
     */
    public void step(int batchesDone, long samplesDone, double runningLoss, double runningAccuracy) {
        if (!started) {
            throw new IllegalStateException("step(...) before start(...)");
        }
        if (batchesDone < 0 || batchesDone > batches) {
            throw new IllegalArgumentException("batchesDone must be in [0, " + batches + "], got " + batchesDone);
        }
        done = batchesDone;
        samples = samplesDone;
        loss = runningLoss;
        accuracy = runningAccuracy;
        if (terminal) {
            long now = nanoTime.getAsLong();
            if (batchesDone == batches || now - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
                draw(runningLine(now));
                lastDrawNanos = now;
            }
        }
    }

    /**
     * Ends the epoch with its final metrics and prints the final line: in place of the bar in terminal mode, as the
     * epoch's only line otherwise. Batches and samples are those of the last {@link #step}.
     *
     * @param valLoss NaN without validation
     * @param valAccuracy NaN without validation
     * @param learningRate NaN to leave it out
     */
    public void end(double loss, double accuracy, double valLoss, double valAccuracy, double learningRate) {
        end(loss, accuracy, valLoss, valAccuracy, Double.NaN, Double.NaN, learningRate);
    }

    /**
     * {@link #end(double, double, double, double, double)} for a regression model too: its accuracy is NaN and left
     * out, its validation MAE and RMSE (in the targets' units) shown when not NaN.
     */
    public void end(
            double loss,
            double accuracy,
            double valLoss,
            double valAccuracy,
            double valMae,
            double valRmse,
            double learningRate) {
        if (!started) {
            throw new IllegalStateException("end(...) before start(...)");
        }
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            sb.append(counter()).append(' ').append(bar()).append(" - ");
        } else {
            sb.append("Epoch ")
                    .append(epoch)
                    .append('/')
                    .append(epochs)
                    .append(" - ")
                    .append(done)
                    .append('/')
                    .append(batches)
                    .append(" - ");
        }
        sb.append(elapsed(seconds));
        if (done > 0) {
            sb.append(' ').append(perStep(seconds / done));
        }
        appendRate(sb, seconds);
        appendLossAndAccuracy(sb, loss, accuracy);
        if (!Double.isNaN(valLoss) || !Double.isNaN(valAccuracy)) {
            sb.append(" - val_loss: ").append(metric(valLoss));
            if (!Double.isNaN(valAccuracy) || Double.isNaN(valMae)) {
                sb.append(" - val_accuracy: ").append(metric(valAccuracy));
            }
        }
        if (!Double.isNaN(valMae)) {
            sb.append(" - val_mae: ")
                    .append(metric(valMae))
                    .append(" - val_rmse: ")
                    .append(metric(valRmse));
        }
        if (!Double.isNaN(learningRate)) {
            sb.append(" - lr: ").append(learningRate(learningRate));
        }
        if (terminal) {
            draw(sb.toString());
        } else {
            out.print(sb);
        }
        out.print('\n');
        out.flush();
        started = false;
        shownWidth = 0;
    }

    /**
     * {@link #end(double, double, double, double, double)} with {@code r}'s loss, accuracy, validation values and
     * learning rate. Its {@code epoch} and {@code seconds} are not used: the epoch is {@link #start}'s, the time this
     * bar's own clock.
     */
    public void end(EpochResult r) {
        end(r.loss(), r.accuracy(), r.valLoss(), r.valAccuracy(), r.valMae(), r.valRmse(), r.learningRate());
    }

    private String runningLine(long now) {
        double seconds = (now - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(counter()).append(' ').append(bar()).append(" - ").append(elapsed(seconds));
        if (done > 0) {
            sb.append(" - ETA: ").append(eta(seconds / done * (batches - done)));
            appendRate(sb, seconds);
            appendLossAndAccuracy(sb, loss, accuracy);
        }
        return sb.toString();
    }

    /** {@code - loss: … - accuracy: …}; a regression model's NaN accuracy is left out. */
    private static void appendLossAndAccuracy(StringBuilder sb, double loss, double accuracy) {
        sb.append(" - loss: ").append(metric(loss));
        if (!Double.isNaN(accuracy)) {
            sb.append(" - accuracy: ").append(metric(accuracy));
        }
    }

    /** {@code done/total}, done right-aligned to the width of total as Keras does. */
    private String counter() {
        String total = Integer.toString(batches);
        String d = Integer.toString(done);
        return " ".repeat(Math.max(0, total.length() - d.length())) + d + "/" + total;
    }

    /** Keras' bar: {@code [=====>........]}, all {@code =} when complete. */
    private String bar() {
        int filled = (int) ((long) BAR_WIDTH * done / batches);
        StringBuilder sb = new StringBuilder(BAR_WIDTH + 2).append('[');
        if (filled > 0) {
            sb.append("=".repeat(filled - 1)).append(done < batches ? '>' : '=');
        }
        return sb.append(".".repeat(BAR_WIDTH - filled)).append(']').toString();
    }

    private void appendRate(StringBuilder sb, double seconds) {
        if (seconds > 0 && samples > 0) {
            sb.append(String.format(Locale.ROOT, " - %,.0f %s/s", samples / seconds, unit));
        }
    }

    /** Carriage return, the line, blanks over what is left of a longer previous line. */
    private void draw(String line) {
        StringBuilder sb = new StringBuilder(Math.max(line.length(), shownWidth) + 1)
                .append('\r')
                .append(line);
        if (shownWidth > line.length()) {
            sb.append(" ".repeat(shownWidth - line.length()));
        }
        shownWidth = line.length();
        out.print(sb);
        out.flush();
    }

    /** Elapsed time: {@code 5.2s} under 10 s, then as {@link #eta}. */
    public static String elapsed(double seconds) {
        if (seconds < 9.95) {
            return String.format(Locale.ROOT, "%.1fs", Math.max(0, seconds));
        }
        return eta(seconds);
    }

    /** Whole seconds: {@code 42s}, {@code 1:05}, {@code 1:02:03}. */
    public static String eta(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** Keras' time per step: {@code 2s/step}, {@code 3ms/step}, {@code 850us/step}. */
    public static String perStep(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    public static String metric(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Numbers.repr(v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** 4 significant digits, shortest form: {@code 0.001}, {@code 0.0003}, {@code 1e-05}, {@code 0.1235}. */
    public static String learningRate(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return Numbers.repr(v);
        }
        return Numbers.repr(new BigDecimal(v).round(FOUR_DIGITS).doubleValue());
    }
}
