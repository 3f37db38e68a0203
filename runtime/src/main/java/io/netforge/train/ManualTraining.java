package io.netforge.train;

import io.netforge.data.Batch;
import io.netforge.train.engine.GradientSums;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.engine.StepResult;
import io.netforge.train.state.ModelState;

/**
 * A trainer's steps taken one at a time, outside {@link Trainer#fit} (Lightning's manual optimization): for custom
 * loops, as the reference of data-parallel training, and for data-parallel strategies. Every call takes the model's
 * lock; {@code trainer.manual()} returns one.
 */
public final class ManualTraining {
    private final Network.Parts parts;

    ManualTraining(Network.Parts parts) {
        this.parts = parts;
    }

    /**
     * One optimizer step on {@code batch} at the current learning rate, numbered {@code step} of epoch {@code epoch}
     * (the numbers name a non-finite loss), without advancing the schedule: what a {@link TrainingStrategy}'s steps
     * take, whose loop advances it. Returns the step's loss, correct count and size.
     */
    public StepResult step(Batch batch, int epoch, int step) {
        ModelState model = parts.model();
        model.lock().lock();
        try {
            return parts.engine()
                    .trainStep(batch, targets(batch), parts.scheduler().learningRate(), epoch, step);
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * One optimizer step on {@code batch}, exactly as {@code fit} takes it (DisturbLabel, dropout masks, BatchNorm
     * statistics, penalties, clipping, and a per-step schedule advanced). Returns the batch's loss with weight penalties.
     */
    public double trainStep(Batch batch) {
        double loss = step(batch, parts.counters().epochsDone + 1, 0).loss();
        parts.scheduler().afterStep();
        return loss;
    }

    /**
     * Data-parallel training, worker side: the gradient sums of {@code shard} (its part of a global batch) with the
     * current weights, changing nothing but the random streams (dropout masks, DisturbLabel).
     */
    public GradientSums gradientSums(Batch shard) {
        ModelState model = parts.model();
        model.lock().lock();
        try {
            return parts.engine().gradientSums(shard, targets(shard), parts.counters().epochsDone + 1);
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * Data-parallel training, driver side: one optimizer step with the mean of the summed gradients of all shards and
     * a per-step schedule advanced (see {@link StepEngine#applyGradientSums}). Returns the mean loss with penalties.
     */
    public double applyGradientSums(GradientSums total) {
        double loss = applySums(total);
        parts.scheduler().afterStep();
        return loss;
    }

    /** {@link #applyGradientSums} without advancing the schedule: for strategies, whose loop advances it. */
    public double applySums(GradientSums total) {
        ModelState model = parts.model();
        model.lock().lock();
        try {
            return parts.engine().applyGradientSums(total, parts.scheduler().learningRate());
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * Ends an epoch of a custom loop: counts it and advances a per-epoch schedule ({@code metric}: the monitored
     * value for ReduceLROnPlateau, ignored otherwise).
     */
    public void endEpoch(double metric) {
        parts.counters().epochsDone++;
        parts.scheduler().afterEpoch(() -> metric);
    }

    /** The labels a step trains on: {@code batch}'s, with DisturbLabel's noise when configured. */
    private int[] targets(Batch batch) {
        return parts.disturb() == null ? batch.labels() : parts.disturb().apply(batch.labels(), parts.rng().disturb);
    }
}
