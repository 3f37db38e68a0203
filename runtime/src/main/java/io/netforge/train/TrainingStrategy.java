package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.train.engine.StepResult;

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

    /** Steps on this machine, from the trainer's loader: shuffled, augmented, prefetched. */
    static TrainingStrategy local() {
        return LocalTraining.INSTANCE;
    }
}
