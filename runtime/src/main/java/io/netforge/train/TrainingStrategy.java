package io.netforge.train;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Loader;
import io.netforge.data.Normalization;
import io.netforge.train.engine.StepResult;
import java.util.Locale;

/**
 * How the steps of an epoch are taken (Lightning's {@code Strategy}): on this machine from the trainer's own loader
 * ({@link #local()}), or data-parallel on a cluster (the Spark module's strategy). The loop around the steps —
 * epochs, validation, callbacks, early stopping, schedules, checkpoints — is {@link Trainer#fit(Dataset, Dataset,
 * TrainingStrategy)}, the same for every strategy.
 */
public interface TrainingStrategy {
    /**
     * Prepares training {@code trainer} on {@code train}.
     *
     * @param input the normalization to apply to training batches ({@link Normalization#none()} when the data is
     *     already normalized as the model expects)
     */
    Epochs prepare(Trainer trainer, Dataset train, Normalization input);

    /** The epochs of one prepared training set. */
    interface Epochs {
        /** Optimizer steps per epoch, at least 1. */
        int batchesPerEpoch();

        /** The steps of one epoch, in the sample order drawn from {@code seed}. */
        Steps epoch(long seed);
    }

    /** The steps of one epoch; close it when done (or when stopping early). */
    public interface Steps extends AutoCloseable {
        boolean hasNext();

        /**
         * Takes the next optimizer step (the learning rate is the trainer's current one; per-step schedules are
         * advanced by the loop, not here).
         */
        StepResult next(int epoch, int step);

        /** Passes over {@code n} batches without training on them (resuming within an epoch). */
        void skip(int n);

        /** Nanoseconds spent waiting for data so far. */
        long waitNanos();

        @Override
        void close();
    }

    /**
     * Steps on this machine, from the trainer's loader: shuffled, augmented, prefetched, one {@link
     * ManualTraining#step} each.
     */
    static TrainingStrategy local() {
        return new TrainingStrategy() {
            @Override
            public Epochs prepare(Trainer trainer, Dataset train, Normalization input) {
                TrainConfig config = trainer.config();
                int batchSize = config.batchSize();
                // BatchNorm cannot estimate statistics from one sample (PyTorch raises); skip such a last batch.
                boolean skipSingle = !config.dropLast()
                        && !trainer.graph().batchNorms().isEmpty()
                        && train.size() > 1
                        && train.size() % batchSize == 1;
                Loader loader = train.loader(batchSize)
                        .dropLast(config.dropLast())
                        .prefetch(config.prefetch())
                        .normalize(input);
                int batches = loader.batchesPerEpoch() - (skipSingle ? 1 : 0);
                if (batches == 0) {
                    throw new IllegalArgumentException("dataset '" + train.name() + "' has " + train.size()
                            + " samples, fewer than" + " one batch of " + batchSize
                            + " with dropLast; lower the batch size or keep the last batch");
                }
                if (skipSingle && config.verbose()) {
                    trainer.console()
                            .printf(
                                    Locale.ROOT,
                                    "Note: %s has BatchNorm, which needs 2 samples or more per batch; the last batch"
                                            + " of each epoch (1 of %,d samples) is skipped, as PyTorch's drop_last would%n",
                                    trainer.graph().modelName(),
                                    train.size());
                }
                return new Epochs() {
                    @Override
                    public int batchesPerEpoch() {
                        return batches;
                    }

                    @Override
                    public Steps epoch(long seed) {
                        Loader.BatchIterator it = loader.shuffle(seed).iterator();
                        return new Steps() {
                            private int taken;

                            @Override
                            public boolean hasNext() {
                                return taken < batches;
                            }

                            @Override
                            public StepResult next(int epoch, int step) {
                                taken++;
                                Batch b = it.next();
                                try {
                                    return trainer.manual().step(b, epoch, step);
                                } finally {
                                    it.recycle(b); // the step copied what it needed: the array may hold a later batch
                                }
                            }

                            @Override
                            public void skip(int n) {
                                for (int i = 0; i < n; i++) {
                                    it.next();
                                    taken++;
                                }
                            }

                            @Override
                            public long waitNanos() {
                                return it.waitNanos();
                            }

                            @Override
                            public void close() {
                                it.close();
                            }
                        };
                    }
                };
            }
        };
    }
}
