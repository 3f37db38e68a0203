package io.netforge.train;

import io.netforge.io.CheckpointFile;
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
 * {@code epoch-0007.nfc} after every {@link #every(int)} epochs, keeping the last {@link #keepLast(int)}, and
 * {@code best.nfc} whenever the monitored metric improves. Every file is a complete checkpoint written
 * atomically; {@link Trainer#resume(Path)} continues from the newest one that loads.
 *
 * <pre>{@code
 * trainer.checkpoints(Checkpoints.in(Path.of("checkpoints")).keepLast(3));
 * trainer.resume(Path.of("checkpoints"));   // no-op the first time
 * trainer.fit(train, validation);          // after a crash: continues where the last checkpoint left off
 * }</pre>
 */
public final class Checkpoints {
    /** The name of the best checkpoint in the directory. */
    public static final String BEST = "best" + CheckpointFile.EXTENSION;
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d{4,9})\\" + CheckpointFile.EXTENSION);

    private final Path dir;
    private final int keepLast;
    private final int every;
    private final String monitor;

    private Checkpoints(Path dir, int keepLast, int every, String monitor) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.keepLast = keepLast;
        this.every = every;
        this.monitor = monitor;
    }

    /** Checkpoints in {@code dir} (created when needed): every epoch, the last 3 kept, and the best. */
    public static Checkpoints in(Path dir) {
        return new Checkpoints(dir, 3, 1, null);
    }

    /** How many epoch checkpoints to keep (older ones are deleted once a newer one is complete); at least 1. */
    public Checkpoints keepLast(int n) {
        Checks.positive("keepLast", n);
        return new Checkpoints(dir, n, every, monitor);
    }

    /** Write a checkpoint after every {@code epochs} epochs (and after the run's last epoch). */
    public Checkpoints every(int epochs) {
        Checks.positive("every", epochs);
        return new Checkpoints(dir, keepLast, epochs, monitor);
    }

    /**
     * The metric that decides {@link #BEST}: one of {@code val_loss}, {@code val_accuracy}, {@code loss},
     * {@code accuracy}. Default: the early-stopping monitor if there is one, else {@code val_loss} with validation
     * data and {@code loss} without.
     */
    public Checkpoints monitor(String metric) {
        if (!EarlyStopping.METRICS.contains(metric)) {
            throw new IllegalArgumentException("Invalid value for `monitor`. Expected one of " + String.join(", ", EarlyStopping.METRICS)
                    + ". Received: monitor=" + metric);
        }
        return new Checkpoints(dir, keepLast, every, metric);
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

    /** The configured monitor, or null for the default. */
    public String monitor() {
        return monitor;
    }

    /** The file of the checkpoint after epoch {@code epoch}. */
    public Path epochFile(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d%s", epoch, CheckpointFile.EXTENSION));
    }

    public Path bestFile() {
        return dir.resolve(BEST);
    }

    /** The epoch checkpoints in {@code dir}, oldest first (by epoch number); empty if the directory does not exist. */
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
        files.sort((a, b) -> Long.compare(epochOf(a), epochOf(b)));
        return files;
    }

    private static long epochOf(Path p) {
        Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
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
        return "Checkpoints(" + dir + ", every=" + every + ", keepLast=" + keepLast + ", monitor=" + (monitor == null ? "default" : monitor) + ")";
    }
}
