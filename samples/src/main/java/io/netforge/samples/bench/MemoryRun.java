package io.netforge.samples.bench;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.samples.MnistCnnTrainer;
import io.netforge.train.Trainer;
import io.netforge.train.progress.EpochResult;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The memory part of the performance benchmark: the tutorial CNN trained for many epochs in one process (the
 * generated trainer, batch 64, Adam), its resident set printed after every epoch. Run by
 * {@link PerformanceBenchmark} {@code --memory N}.
 *
 * <p>{@code MemoryRun EPOCHS [TRAIN_LIMIT]}.
 */
public final class MemoryRun {
    private MemoryRun() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = Quiet.install();
        int epochs = Integer.parseInt(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Splits data = BenchRun.data("cnn", limit);
        Dataset train = data.train();
        double first = 0;
        double max = 0;
        Trainer trainer = MnistCnnTrainer.builder().epochs(1).verbose(false).create();
        for (int e = 1; e <= epochs; e++) {
            EpochResult r = trainer.fit(train).last();
            double rss = currentRssMb();
            first = e == 1 ? rss : first;
            max = Math.max(max, rss);
            out.printf(
                    Locale.ROOT,
                    "epoch %2d/%d  %5.1f s  loss %.4f  RSS %,6.0f MB  peak %,6.0f MB%n",
                    e,
                    epochs,
                    r.seconds(),
                    r.loss(),
                    rss,
                    BenchRun.peakRssMb());
        }
        out.printf(
                Locale.ROOT,
                "RSS after epoch 1: %,.0f MB; highest after any epoch: %,.0f MB (%.2fx); peak of the process: %,.0f MB;"
                        + " test accuracy %.2f%%%n",
                first,
                max,
                max / first,
                BenchRun.peakRssMb(),
                100 * trainer.evaluate(data.test()).accuracy());
        out.flush();
        System.exit(0);
    }

    static double currentRssMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
