package io.netforge.train;

import io.netforge.io.CheckpointFile;
import io.netforge.train.state.Checks;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how often {@link Trainer#fit} writes checkpoints (Keras' {@code ModelCheckpoint} +
 * {@code BackupAndRestore}, Lightning's {@code ModelCheckpoint(save_last, save_top_k=1)}):
 * {@code epoch-0007.nfc} after every {@link #every(int)} epochs (or {@link #everySteps(int)} steps), keeping the last {@link #keepLast(int)}, and
 * {@code best.nfc} whenever the monitored metric improves. Every file is a complete checkpoint written
 * atomically; {@link Trainer#resume(Path)} continues from the newest one that loads.
 *
 * <pre>{@code
 * Trainer trainer = MnistCnnTrainer.builder().checkpoints(Checkpoints.in(Path.of("checkpoints")).keepLast(3)).create();
 * trainer.resume(Path.of("checkpoints"));   // no-op the first time
 * trainer.fit(train, validation);          // after a crash: continues where the last checkpoint left off
 * }</pre>
 */
public final class Checkpoints {
    /** The name of the best checkpoint in the directory. */
    public static final String BEST = "best" + CheckpointFile.EXTENSION;

    private static final Pattern EPOCH_FILE =
            Pattern.compile("epoch-(\\d{4,9})(?:-step-(\\d{8,18}))?\\" + CheckpointFile.EXTENSION);

    private final Path dir;
    private final int keepLast;
    private final int every;
    private final int everySteps;
    private final Metric monitor;

    private Checkpoints(Path dir, int keepLast, int every, int everySteps, Metric monitor) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.keepLast = keepLast;
        this.every = every;
        this.everySteps = everySteps;
        this.monitor = monitor;
    }

    private static final Checkpoints NONE = new Checkpoints(Path.of(""), 1, 1, 0, null);

    /** No checkpoints (the default). */
    public static Checkpoints none() {
        return NONE;
    }

    /** Whether this is {@link #none()}. */
    public boolean isNone() {
        return this == NONE;
    }

    /** Checkpoints in {@code dir} (created when needed): every epoch, the last 3 kept, and the best. */
    public static Checkpoints in(Path dir) {
        return new Checkpoints(dir, 3, 1, 0, null);
    }

    /** How many epoch checkpoints to keep (older ones are deleted once a newer one is complete); at least 1. */
    public Checkpoints keepLast(int n) {
        Checks.positive("keepLast", n);
        return new Checkpoints(dir, n, every, everySteps, monitor);
    }

    /** Write a checkpoint after every {@code epochs} epochs (and after the run's last epoch). */
    public Checkpoints every(int epochs) {
        Checks.positive("every", epochs);
        return new Checkpoints(dir, keepLast, epochs, 0, monitor);
    }

    /**
     * Write a checkpoint after every {@code steps} optimizer steps instead of every few epochs (Keras'
     * {@code save_freq=N}, Lightning's {@code every_n_train_steps}), named {@code epoch-0003-step-00000120.nfc} for
     * step 120, taken during epoch 3; and after the run's last epoch. A run resumed from one continues within its
     * epoch, at the next batch, exactly as if it had not stopped.
     */
    public Checkpoints everySteps(int steps) {
        Checks.positive("everySteps", steps);
        return new Checkpoints(dir, keepLast, Integer.MAX_VALUE, steps, monitor);
    }

    /**
     * The metric that decides {@link #BEST}: one of {@code val_loss}, {@code val_accuracy}, {@code loss},
     * {@code accuracy}. Default: the early-stopping monitor if there is one, else {@code val_loss} with validation
     * data and {@code loss} without.
     */
    public Checkpoints monitor(Metric metric) {
        java.util.Objects.requireNonNull(metric, "metric");
        return new Checkpoints(dir, keepLast, every, everySteps, metric);
    }

    public Path dir() {
        return dir;
    }

    public int keepLast() {
        return keepLast;
    }

    public int every() {
        return every;
    }

    /** Optimizer steps between two checkpoints; 0 when they are written every few epochs. */
    public int everySteps() {
        return everySteps;
    }

    /** The configured monitor; empty for the default. */
    public java.util.Optional<Metric> monitor() {
        return java.util.Optional.ofNullable(monitor);
    }

    /** The file of the checkpoint after epoch {@code epoch}. */
    public Path epochFile(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d%s", epoch, CheckpointFile.EXTENSION));
    }

    /** The file of the checkpoint after global step {@code step}, taken during epoch {@code epoch}. */
    public Path stepFile(int epoch, long step) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d-step-%08d%s", epoch, step, CheckpointFile.EXTENSION));
    }

    public Path bestFile() {
        return dir.resolve(BEST);
    }

    /**
     * The epoch and step checkpoints in {@code dir}, oldest first (by epoch, a step checkpoint before the end of its
     * epoch); empty if the directory does not exist.
     */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (EPOCH_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(java.util.Comparator.comparingLong((Path p) -> order(p)[0]).thenComparingLong(p -> order(p)[1]));
        return files;
    }

    /** Epoch, then the step within it (an epoch's end after all its steps). */
    private static long[] order(Path p) {
        Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return new long[] {-1, -1};
        }
        return new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? Long.MAX_VALUE : Long.parseLong(m.group(2))
        };
    }

    /** Deletes epoch checkpoints beyond the newest {@link #keepLast()} and temp files left by interrupted writes. */
    void prune() throws IOException {
        List<Path> files = list(dir);
        for (int i = 0; i < files.size() - keepLast; i++) {
            Files.deleteIfExists(files.get(i));
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + "*" + CheckpointFile.EXTENSION + ".*.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        return "Checkpoints(" + dir + (everySteps > 0 ? ", everySteps=" + everySteps : ", every=" + every)
                + ", keepLast=" + keepLast + ", monitor=" + (monitor == null ? "default" : monitor) + ")";
    }
}
