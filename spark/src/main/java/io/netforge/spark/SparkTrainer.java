package io.netforge.spark;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.train.History;
import io.netforge.train.Trainer;
import io.netforge.train.TrainingStrategy;
import io.netforge.train.engine.GradientSums;
import io.netforge.train.engine.StepResult;
import io.netforge.util.SplitMix;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains a generated model data-parallel on Apache Spark, synchronously: the training data is split into one
 * contiguous shard per partition (sent once to each executor as a broadcast); for every global batch the driver broadcasts the
 * current weights and the batch's sample indices, each partition computes the gradient sums of the samples it
 * holds ({@link io.netforge.train.ManualTraining#gradientSums}, through {@link Trainer#manual()}), {@code treeAggregate} adds them up, and the driver applies one optimizer
 * step with their mean ({@link io.netforge.train.ManualTraining#applyGradientSums}). The result equals single-process training on the same
 * global batches (to float rounding) for models without BatchNorm; with BatchNorm each partition normalizes with
 * its own shard's statistics, as PyTorch's DistributedDataParallel does without SyncBatchNorm, while the running
 * statistics are updated with the pooled statistics of the whole batch.
 *
 * <pre>{@code
 * try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("mnist-cnn"))) {
 *     SparkTrainer<MnistCnnTrainer> spark = new SparkTrainer<>(sc, MnistCnnTrainer::new, sc.defaultParallelism());
 *     spark.fit(data.train(), data.validation());
 *     System.out.println(spark.trainer().evaluate(data.test()).accuracy());
 * }
 * }</pre>
 *
 * <p>The driver's trainer ({@link #trainer()}) holds the model and runs the loop ({@link #strategy()} takes its steps):
 * its settings (batch size = the global batch, optimizer, schedule, penalties, clipping, seed), callbacks, early
 * stopping and checkpoints apply as in single-process training.
 */
public final class SparkTrainer<T extends Trainer> {
    /** Each executor JVM's trainers, one per (job, shard): graphs are built once, not per step. */
    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

    private final JavaSparkContext sc;
    private final TrainerFactory<T> factory;
    private final T driver;
    private final int partitions;
    private final String job = UUID.randomUUID().toString();
    private JavaRDD<Integer> shards;
    private Broadcast<Shard[]> shardData;
    private Dataset distributed;
    private long version;

    /**
     * @param factory makes a trainer of the model with its annotated settings, e.g. {@code MnistCnnTrainer::new};
     *     called once on the driver and once per partition on the executors
     * @param partitions how many shards the training data is split into (e.g. the executors' cores)
     */
    public SparkTrainer(JavaSparkContext sc, TrainerFactory<T> factory, int partitions) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.factory = Objects.requireNonNull(factory, "factory");
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "Invalid value for `partitions`. Expected an integer >= 1. Received: partitions=" + partitions);
        }
        this.partitions = partitions;
        this.driver = factory.get();
    }

    /** The model on the driver: evaluate, predict, save or export it after training. */
    public T trainer() {
        return driver;
    }

    /** Where the progress bar and messages go (the driver's {@link Trainer#progressTo}). */
    public SparkTrainer<T> progressTo(PrintStream out) {
        driver.progressTo(out);
        return this;
    }

    /** Splits {@code train} into one cached shard per partition (done once per dataset). */
    private void distribute(Dataset train) {
        if (train == distributed) {
            return;
        }
        if (train.augmentation() != null) {
            throw new IllegalArgumentException(
                    "dataset '" + train.name() + "' has augmentation, which Spark training does not"
                            + " apply; use withoutAugmentation(), or map() the transform before training");
        }
        if (shardData != null) {
            shardData.destroy();
        }
        List<Shard> list = new ArrayList<>();
        int n = train.size();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            list.add(Shard.of(train, p, from, to));
        }
        // the data travels once per executor as a broadcast; tasks carry only their shard's number
        shardData = sc.broadcast(list.toArray(new Shard[0]));
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        shards = sc.parallelize(ids, partitions);
        distributed = train;
        if (driver.normalization().isNone() && driver.epochsDone() == 0) {
            driver.normalization(train.normalization());
        }
    }

    /** What every partition needs for one step. */
    @SuppressWarnings("ArrayRecordComponent") // a broadcast message, never compared
    private record StepInput(long version, Map<String, float[]> weights, int[] batch) implements Serializable {}

    /** One executor-side trainer and the weights version it holds. */
    private static final class Worker {
        final Trainer trainer;
        long version = -1;

        Worker(Trainer trainer) {
            this.trainer = trainer;
        }
    }

    /**
     * One synchronous data-parallel step on the samples {@code batch} (indices into {@code train}), a per-step schedule
     * advanced as {@link Trainer#trainStep} does: returns the batch's mean loss with weight penalties.
     */
    public double step(Dataset train, int[] batch) {
        distribute(train);
        return driver.manual().applyGradientSums(sums(batch));
    }

    /** The summed gradients of {@code batch} over all partitions, at the driver's current weights. */
    private GradientSums sums(int[] batch) {
        StepInput input = new StepInput(++version, driver.weights(), batch.clone());
        Broadcast<StepInput> shared = sc.broadcast(input);
        String job = this.job;
        TrainerFactory<T> factory = this.factory;
        long seed = driver.config().seed();
        Broadcast<Shard[]> data = shardData;
        try {
            return shards.treeAggregate(
                    GradientSums.empty(),
                    (acc, id) -> {
                        StepInput in = shared.value();
                        Shard shard = data.value()[id];
                        Worker w = WORKERS.computeIfAbsent(job + ":" + shard.index, k -> {
                            Trainer t = factory.get();
                            t.seedStreams(seed * 31 + shard.index + 1);
                            return new Worker(t);
                        });
                        synchronized (w) {
                            if (w.version != in.version()) {
                                w.trainer.weights(in.weights());
                                w.version = in.version();
                            }
                            Batch b = shard.select(in.batch());
                            return b == null ? acc : acc.add(w.trainer.manual().gradientSums(b));
                        }
                    },
                    GradientSums::add,
                    2);
        } finally {
            shared.destroy();
        }
    }

    /**
     * Trains as {@link Trainer#fit(Dataset, Dataset)} does — the same loop, with the driver's callbacks, early stopping,
     * learning-rate schedule (ReduceLROnPlateau on its configured monitor), checkpoints and progress bar — with each
     * step taken data-parallel: {@code config().epochs()} epochs of shuffled global batches of
     * {@code config().batchSize()} samples (the last, smaller batch included), validation evaluated on the driver.
     */
    public History fit(Dataset train, Dataset validation) {
        return driver.fit(train, validation, strategy());
    }

    /** This trainer's steps as a {@link TrainingStrategy} of the driver's loop. */
    public TrainingStrategy strategy() {
        return (trainer, train, input) -> {
            if (train.isRegression()) {
                throw new IllegalArgumentException("dataset '" + train.name() + "' holds regression targets; Spark"
                        + " training sends class labels to its executors, so train a regression model with fit() on one"
                        + " machine");
            }
            if (train.labelSteps() > 0) {
                throw new IllegalArgumentException("dataset '" + train.name() + "' has a label per step; Spark training"
                        + " sends one class label per sample to its executors, so train a per-step model with fit() on one"
                        + " machine");
            }
            if (!input.isNone()) {
                throw new IllegalArgumentException(
                        "dataset '" + train.name() + "' is raw but the model was trained on data normalized" + " with "
                                + trainer.normalization() + "; normalize it the same way before Spark training");
            }
            distribute(train);
            int batchSize = trainer.config().batchSize();
            int batches = (train.size() + batchSize - 1) / batchSize;
            return new TrainingStrategy.Epochs() {
                @Override
                public int batchesPerEpoch() {
                    return batches;
                }

                @Override
                public TrainingStrategy.Steps epoch(long seed) {
                    int[] perm = permutation(train.size(), seed);
                    return new TrainingStrategy.Steps() {
                        private int from;

                        @Override
                        public boolean hasNext() {
                            return from < perm.length;
                        }

                        @Override
                        public StepResult next(int epoch, int step) {
                            int[] batch = Arrays.copyOfRange(perm, from, Math.min(perm.length, from + batchSize));
                            from += batch.length;
                            GradientSums total = sums(batch);
                            return new StepResult(driver.manual().applySums(total), total.correct(), batch.length);
                        }

                        @Override
                        public void skip(int n) {
                            from = Math.min(perm.length, from + n * batchSize);
                        }

                        @Override
                        public long waitNanos() {
                            return 0;
                        }

                        @Override
                        public void close() {}
                    };
                }
            };
        };
    }

    /** Fisher-Yates with a SplitMix stream. */
    static int[] permutation(int n, long seed) {
        SplitMix r = new SplitMix(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Drops this job's executor-side trainers in this JVM (local mode); executors of a cluster drop theirs on exit. */
    public void close() {
        WORKERS.keySet().removeIf(k -> k.startsWith(job + ":"));
        if (shardData != null) {
            shardData.destroy();
            shardData = null;
            distributed = null;
        }
    }
}
