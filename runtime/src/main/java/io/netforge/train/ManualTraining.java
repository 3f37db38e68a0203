package io.netforge.train;

import io.netforge.data.Batch;
import io.netforge.train.engine.GradientSums;
import io.netforge.train.state.ModelState;

/**
 * A trainer's steps taken one at a time, outside {@link Trainer#fit} (Lightning's manual optimization): for custom
 * loops, as the reference of data-parallel training, and for data-parallel strategies. Every call takes the model's
 * lock; {@code trainer.manual()} returns one.
 */
public final class ManualTraining {
    private final Trainer trainer;

    ManualTraining(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * One optimizer step on {@code batch}, exactly as {@code fit} takes it (DisturbLabel, dropout masks, BatchNorm
     * statistics, penalties, clipping, and a per-step schedule advanced). Returns the batch's loss with weight penalties.
     */
    public double trainStep(Batch batch) {
        double loss = trainer.step(batch, trainer.epochsDone() + 1, 0).loss();
        stepPerStepSchedule();
        return loss;
    }

    /**
     * Data-parallel training, worker side: the gradient sums of {@code shard} (its part of a global batch) with the
     * current weights, changing nothing but the random streams (dropout masks, DisturbLabel).
     */
    public GradientSums gradientSums(Batch shard) {
        ModelState model = trainer.modelState();
        model.lock().lock();
        try {
            return trainer.engine().gradientSums(shard, trainer.targets(shard), trainer.epochsDone() + 1);
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
        stepPerStepSchedule();
        return loss;
    }

    /** {@link #applyGradientSums} without advancing the schedule: for strategies, whose loop advances it. */
    public double applySums(GradientSums total) {
        ModelState model = trainer.modelState();
        model.lock().lock();
        try {
            return trainer.engine().applyGradientSums(total, trainer.learningRate());
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * Ends an epoch of a custom loop: counts it and advances a per-epoch schedule ({@code metric}: the monitored
     * value for ReduceLROnPlateau, ignored otherwise).
     */
    public void endEpoch(double metric) {
        trainer.countEpoch();
        trainer.scheduler().afterEpoch(() -> metric);
    }

    private void stepPerStepSchedule() {
        trainer.scheduler().afterStep();
    }
}
