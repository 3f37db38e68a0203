package io.netforge.samples;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Loader;
import io.netforge.data.Splits;
import io.netforge.data.Transform;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.History;
import io.netforge.train.progress.EpochResult;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What the data side costs the MNIST CNN (docs/benchmarks.md): how long the training loop waits for batches,
 * as a share of the epoch, with augmentation (flip + crop, the sample's) built on demand and prefetched,
 * against a baseline without augmentation measured in the same run, interleaved. Also the pipeline alone
 * (no training), in samples per second. Not a test; run with {@code scripts/bench-data.sh}.
 *
 * <p>Usage: {@code DataBenchmark [samplesPerEpoch (default 6400)] [rounds (default 2)]}.
 */
public final class DataBenchmark {
    private DataBenchmark() {}

    private record Setting(String name, boolean augment, int prefetch) {}

    public static void main(String[] args) throws IOException {
        PrintStream out = Quiet.install();
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 6400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Splits all = FashionMnist.load().standardize();
        Transform augmentation = Sample.MNIST_CNN.augmentation();
        Dataset train =
                all.train().split((double) samples / all.train().size(), 1).first();
        out.printf(
                Locale.ROOT,
                "Data pipeline benchmark: MnistCnn, %,d Fashion-MNIST training samples per epoch, batch 64,"
                        + " augmentation %s, %d rounds, %d cores%n",
                train.size(),
                augmentation,
                rounds,
                Runtime.getRuntime().availableProcessors());

        // the pipeline alone: what one epoch of batches costs to build, without training
        Loader plain = train.loader(64).shuffle(1);
        Loader augmented = train.augment(augmentation).loader(64).shuffle(1);
        for (int warm = 0; warm < 3; warm++) {
            drain(plain);
            drain(augmented);
        }
        double plainRate = train.size() / drain(plain);
        double augmentedRate = train.size() / drain(augmented);
        out.printf(
                Locale.ROOT,
                "Pipeline alone: %,.0f samples/s plain, %,.0f samples/s with augmentation%n",
                plainRate,
                augmentedRate);

        List<Setting> settings = List.of(
                new Setting("no augmentation, prefetch 2 (baseline)", false, 2),
                new Setting("augmentation, built on demand (prefetch 0)", true, 0),
                new Setting("augmentation, prefetch 2 (default)", true, 2));
        double[] epoch = new double[settings.size()];
        double[] waited = new double[settings.size()];
        MnistCnnTrainer.builder()
                .epochs(1)
                .verbose(false)
                .create()
                .fit(train.split(0.1, 2).first()); // JIT and native warm-up
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < settings.size(); i++) {
                Setting s = settings.get(i);
                MnistCnnTrainer trainer = MnistCnnTrainer.builder()
                        .epochs(1)
                        .verbose(false)
                        .prefetch(s.prefetch())
                        .create();
                History h = trainer.fit(s.augment() ? train.augment(augmentation) : train);
                EpochResult r = h.last();
                epoch[i] += r.seconds() / rounds;
                waited[i] += r.dataSeconds() / rounds;
                out.printf(
                        Locale.ROOT,
                        "  round %d  %-45s epoch %6.2f s, waited for data %6.3f s (%.2f%%)%n",
                        round + 1,
                        s.name(),
                        r.seconds(),
                        r.dataSeconds(),
                        100 * r.dataSeconds() / r.seconds());
            }
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "%-45s %10s %12s %10s %14s%n",
                "setting",
                "epoch (s)",
                "waited (s)",
                "waited %",
                "epoch / base");
        for (int i = 0; i < settings.size(); i++) {
            out.printf(
                    Locale.ROOT,
                    "%-45s %10.2f %12.3f %9.2f%% %14.3f%n",
                    settings.get(i).name(),
                    epoch[i],
                    waited[i],
                    100 * waited[i] / epoch[i],
                    epoch[i] / epoch[0]);
        }
    }

    /** Seconds to build one epoch of batches. */
    private static double drain(Loader loader) {
        long start = System.nanoTime();
        long checksum = 0;
        for (Batch b : loader) {
            checksum += b.size();
        }
        if (checksum == 0) {
            throw new IllegalStateException("empty epoch");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
