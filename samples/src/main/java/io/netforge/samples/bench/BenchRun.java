package io.netforge.samples.bench;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.data.Transforms;
import io.netforge.datasets.FashionMnist;
import io.netforge.samples.KerasMlpTrainer;
import io.netforge.samples.MnistCnnTrainer;
import io.netforge.samples.ResNet18Trainer;
import io.netforge.train.Trainer;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One measurement of the performance benchmark in its own JVM, so that its peak resident set is its own: the
 * generated trainer or the hand-written SameDiff baseline, one model, training steps at the given batch sizes,
 * optionally a whole epoch and inference (the median of {@value #INFERENCE_PASSES} passes over the test set, for
 * {@code evaluate} and for {@code predictor().probabilities}). Prints one JSON line, as {@code scripts/bench_torch.py} does for
 * PyTorch. Run by {@link PerformanceBenchmark}.
 *
 * <p>{@code BenchRun VARIANT MODEL BATCHES WARMUP STEPS EPOCH INFERENCE [TRAIN_LIMIT]}, e.g.
 * {@code BenchRun generated cnn 64,256 20 60 true true}.
 */
public final class BenchRun {
    private BenchRun() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = Quiet.install();
        String variant = args[0];
        String model = args[1];
        int[] batches = java.util.Arrays.stream(args[2].split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        boolean epoch = Boolean.parseBoolean(args[5]);
        boolean inference = Boolean.parseBoolean(args[6]);
        int limit = args.length > 7 ? Integer.parseInt(args[7]) : 0;

        Splits data = data(model, limit);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", variant);
        r.put("model", model);
        Random rng = new Random(42);
        Variant v = null;
        for (int batch : batches) {
            v = variant.equals("generated") ? new Generated(model, batch) : new Baseline(model);
            r.put("parameters", v.parameters());
            v.train(randomBatches(data.train(), batch, warmup, rng));
            List<Batch> timed = randomBatches(data.train(), batch, steps, rng);
            long t0 = System.nanoTime();
            v.train(timed);
            r.put("train_samples_per_s_" + batch, (double) steps * batch / ((System.nanoTime() - t0) / 1e9));
        }
        if (epoch) {
            long t0 = System.nanoTime();
            v.epoch(data.train(), batches[batches.length - 1]);
            r.put("epoch_s", (System.nanoTime() - t0) / 1e9);
        }
        if (inference || epoch) {
            Dataset test = data.test();
            Dataset warmUp = test.subset(range(Math.min(1024, test.size())), "warm-up");
            v.accuracy(warmUp);
            double[] rates = new double[INFERENCE_PASSES];
            double accuracy = 0;
            for (int pass = 0; pass < rates.length; pass++) {
                long t0 = System.nanoTime();
                accuracy = v.accuracy(test);
                rates[pass] = test.size() / ((System.nanoTime() - t0) / 1e9);
            }
            r.put("inference_samples_per_s", median(rates));
            r.put("test_accuracy", accuracy);
            if (v.probabilities(warmUp)) {
                for (int pass = 0; pass < rates.length; pass++) {
                    long t0 = System.nanoTime();
                    v.probabilities(test);
                    rates[pass] = test.size() / ((System.nanoTime() - t0) / 1e9);
                }
                r.put("probabilities_samples_per_s", median(rates));
            }
        }
        r.put("peak_rss_mb", peakRssMb());
        out.println(json(r));
        out.flush();
        System.exit(0);
    }

    /** Fashion-MNIST standardized with the training set's statistics; ResNet-18's padded to 32x32 in 3 channels. */
    static Splits data(String model, int limit) throws IOException {
        if (PerformanceBenchmark.LANGUAGE_MODELS.contains(model)) {
            return io.netforge.samples.MobyWindows.load(null).splits(); // the samples' next-character windows
        }
        if (PerformanceBenchmark.TEXT_MODELS.contains(model)) {
            return io.netforge.samples.Spam.wordIds(null, 42).splits(); // the spam samples' split and word ids
        }
        Splits all = FashionMnist.load();
        Dataset train =
                limit > 0 && limit < all.train().size() ? all.train().subset(range(limit), "train") : all.train();
        Dataset test = limit > 0 && limit < all.test().size() ? all.test().subset(range(limit), "test") : all.test();
        Splits s = new Splits(train, null, test).standardize();
        return model.equals("resnet18") ? s.map(Transforms.compose(Transforms.pad(2), Transforms.grayscale(3))) : s;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** {@code count} batches of random training samples (with replacement, as the PyTorch script draws them). */
    static List<Batch> randomBatches(Dataset d, int batch, int count, Random rng) {
        // the sample indices are drawn up front, each batch gathered when the loop asks for it, as the PyTorch side's
        // xs[idx] does inside its timed step: holding 600 gathered batches of 256 (480 MB) inflated the peak RSS row
        int[][] indices = new int[count][batch];
        for (int[] ids : indices) {
            for (int i = 0; i < batch; i++) {
                ids[i] = rng.nextInt(d.size());
            }
        }
        // one array for every batch, as malloc hands the block freed by one step's xs[idx] to the next on the PyTorch
        // side (a new 800 KB Java array per step is a G1 humongous object); a batch is used before the next is
        // gathered, and both variants copy it into arrays of their own
        float[] f = new float[batch * d.featureSize()];
        int steps = d.labelSteps(); // a language model's windows: a label per step
        return new java.util.AbstractList<>() {
            @Override
            public Batch get(int k) {
                int[] labels = new int[batch * Math.max(1, steps)];
                for (int i = 0; i < batch; i++) {
                    d.copyFeatures(indices[k][i], f, i * d.featureSize());
                    if (steps > 0) {
                        d.copyStepLabels(indices[k][i], labels, i * steps);
                    } else {
                        labels[i] = d.label(indices[k][i]);
                    }
                }
                return new Batch(f, labels, batch, d.sampleShape());
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static String json(Map<String, Object> m) {
        return m.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": "
                        + (e.getValue() instanceof String s
                                ? "\"" + s + "\""
                                : String.format(Locale.ROOT, "%s", e.getValue())))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Timed passes over the test set for each inference row; the row is their median. */
    static final int INFERENCE_PASSES = 5;

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    private interface Variant {
        long parameters();

        void train(List<Batch> batches);

        void epoch(Dataset train, int batch);

        double accuracy(Dataset test);

        /** Every test sample's class probabilities, as a user would ask for them; false if the variant has no such call. */
        boolean probabilities(Dataset test);
    }

    /** The generated trainer: {@code trainStep} per batch (what {@code fit} runs per step), {@code fit} for the epoch. */
    private static final class Generated implements Variant {
        private final Trainer trainer;

        Generated(String model, int batch) {
            trainer = switch (model) {
                case "mlp" ->
                    KerasMlpTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "cnn" ->
                    MnistCnnTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "resnet18" ->
                    ResNet18Trainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "textcnn" ->
                    io.netforge.samples.SpamTextCnnTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "lstm" ->
                    io.netforge.samples.SpamLstmTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "transformer" ->
                    io.netforge.samples.SpamTransformerTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "embedding" ->
                    io.netforge.samples.SpamEmbeddingTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "moby-lstm" ->
                    io.netforge.samples.MobyDickLstmTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                case "moby-transformer" ->
                    io.netforge.samples.MobyDickTransformerTrainer.builder()
                            .batchSize(batch)
                            .epochs(1)
                            .verbose(false)
                            .create();
                default -> throw new IllegalArgumentException("unknown model " + model);
            };
        }

        @Override
        public long parameters() {
            return trainer.parameterCount();
        }

        @Override
        public void train(List<Batch> batches) {
            for (Batch b : batches) {
                trainer.manual().trainStep(b);
            }
        }

        @Override
        public void epoch(Dataset train, int batch) {
            trainer.fit(train);
        }

        @Override
        public double accuracy(Dataset test) {
            return trainer.evaluate(test).accuracy();
        }

        @Override
        public boolean probabilities(Dataset test) {
            if (trainer.graph().perStep()) { // a language model has scores per step, no class per sample
                return false;
            }
            return trainer.predictor().probabilities(test).length == test.size();
        }
    }

    /** The hand-written SameDiff network, trained with {@code SameDiff.fit}. */
    private static final class Baseline implements Variant {
        private final HandWritten net;

        Baseline(String model) {
            net = new HandWritten(model);
        }

        @Override
        public long parameters() {
            return net.parameters();
        }

        @Override
        public void train(List<Batch> batches) {
            net.fit(batches);
        }

        @Override
        public void epoch(Dataset train, int batch) {
            net.fit(train.batches(batch, true, 42));
        }

        @Override
        public double accuracy(Dataset test) {
            long correct = 0;
            for (Batch b : test.batches(256, false, 0)) {
                INDArray logits = net.logits(b);
                INDArray predicted = logits.argMax(1);
                for (int i = 0; i < b.size(); i++) {
                    if (predicted.getInt(i) == b.labels()[i]) {
                        correct++;
                    }
                }
            }
            return (double) correct / test.size();
        }

        @Override
        public boolean probabilities(Dataset test) {
            return false;
        }
    }
}
