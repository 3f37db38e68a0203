package io.netforge.spark;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.samples.MnistCnnTrainer;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The sample: the tutorial CNN ({@code MnistCnn}) trained on Fashion-MNIST through Spark, then evaluated on the
 * test set. Locally: {@code local[2]}; on a cluster: {@code spark-submit} (docs/spark.md).
 *
 * <pre>
 * Options: --master URL (default: spark-submit's, else local[2]) --partitions N (default: the default parallelism)
 *          --epochs N (default: the model's) --limit N (train on the first N images) --test N (evaluate on the first N)
 *          --data DIR (default: /usr/share/datasets/fashion-mnist) --save FILE (write the trained model's checkpoint)
 * </pre>
 */
public final class SparkMnistCnn {
    private SparkMnistCnn() {}

    /** The outcome of a run, for tests. */
    record Outcome(History history, Evaluation test) {}

    public static void main(String[] args) throws IOException {
        run(System.out, args);
    }

    static Outcome run(PrintStream out, String... args) throws IOException {
        // Spark logs through SLF4J here (slf4j-simple); users see NetForge's lines and Spark's errors only
        System.setProperty(
                "org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "error"));
        String master = null;
        Integer partitions = null;
        Integer epochs = null;
        int limit = -1;
        int testLimit = -1;
        Path dataDir = FashionMnist.DEBIAN_DIR;
        Path save = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--master" -> master = v;
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--limit" -> limit = Integer.parseInt(v);
                case "--test" -> testLimit = Integer.parseInt(v);
                case "--data" -> dataDir = Path.of(v);
                case "--save" -> save = Path.of(v);
                default ->
                    throw new IllegalArgumentException("unknown option " + a
                            + "; options: --master, --partitions, --epochs, --limit, --test, --data, --save");
            }
        }
        Splits data = FashionMnist.load(dataDir);
        Dataset train = limit > 0 ? first(data.train(), limit) : data.train();
        Dataset test = testLimit > 0 ? first(data.test(), testLimit) : data.test();
        SparkConf conf = new SparkConf().setAppName("netforge-mnist-cnn");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[2]");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        Integer epochsFinal = epochs;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int p = partitions != null ? partitions : sc.defaultParallelism();
            TrainerFactory<MnistCnnTrainer> factory = epochsFinal == null
                    ? MnistCnnTrainer::new
                    : () -> new MnistCnnTrainer(MnistCnnTrainer.defaults().toBuilder()
                            .epochs(epochsFinal)
                            .build());
            SparkTrainer<MnistCnnTrainer> spark = new SparkTrainer<>(sc, factory, p).progressTo(out);
            out.printf(
                    Locale.ROOT,
                    "NetForge on Spark %s (%s): MnistCnn, %,d parameters; %,d training images in %d partitions;"
                            + " %d epochs of global batch %d%n",
                    sc.version(),
                    sc.master(),
                    spark.trainer().parameterCount(),
                    train.size(),
                    p,
                    spark.trainer().config().epochs(),
                    spark.trainer().config().batchSize());
            long start = System.nanoTime();
            History history = spark.fit(train, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation eval = spark.trainer().evaluate(test);
            out.printf(
                    Locale.ROOT,
                    "Test accuracy: %.2f%% (%d/%d), test loss %.4f; training took %.1f s (%,.0f samples/s)%n",
                    eval.accuracy() * 100,
                    eval.correct(),
                    eval.count(),
                    eval.loss(),
                    seconds,
                    history.size() * train.size() / seconds);
            if (save != null) {
                try {
                    spark.trainer().saveCheckpoint(save);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.println("Checkpoint written to " + save);
            }
            spark.close();
            return new Outcome(history, eval);
        }
    }

    private static Dataset first(Dataset d, int n) {
        return d.subset(IntStream.range(0, Math.min(n, d.size())).toArray(), d.name() + "[:" + n + "]");
    }
}
