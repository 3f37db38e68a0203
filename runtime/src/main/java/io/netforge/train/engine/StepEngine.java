package io.netforge.train.engine;

import io.netforge.data.Batch;

/**
 * The computation under the training loop: given a batch, compute the loss, the outputs and the gradients and
 * apply an update; evaluate a batch. The loop ({@link Trainer#fit}), the data-parallel strategy and inference
 * reach the model's arithmetic only through this interface, so another executor can replace the first one,
 * {@link SameDiffEngine}, without a change to the loop or to any callback.
 *
 * <p>An engine computes on the model's own arrays (parameters and BatchNorm running statistics, updated in place)
 * and draws dropout masks from the trainer's random streams. Calls are serialized by the model's lock
 * ({@link ModelState#lock()}); only {@link #logits} may run on several threads at once, under the model's read lock,
 * when the engine says so ({@link #concurrentLogits()}).
 */
public interface StepEngine {
    /**
     * One optimizer step on {@code batch}: forward and backward pass in training mode with {@code targets} as the
     * classes to learn (the batch's labels, or DisturbLabel's), BatchNorm running statistics updated, weight
     * penalties, gradient clipping and the optimizer at {@code learningRate}.
     *
     * @param epoch the epoch and {@code step} the step within it, for error messages
     * @throws NonFiniteException before anything is updated when the loss or a gradient is not finite
     */
    StepResult trainStep(Batch batch, int[] targets, double learningRate, int epoch, int step);

    /** Data-parallel worker: the gradient sums of {@code shard} at the current weights; nothing is updated. */
    GradientSums gradientSums(Batch shard, int[] targets, int epoch);

    /**
     * Data-parallel driver: one optimizer step with the mean of the summed gradients, BatchNorm running statistics
     * from the pooled batch statistics. Returns the mean loss with weight penalties.
     */
    double applyGradientSums(GradientSums total, double learningRate);

    /** Evaluation-mode logits of {@code batch}: {@code size × classes} values, row by row. */
    float[] logits(Batch batch);

    /**
     * Evaluation-mode logits of samples {@code first .. first + n - 1} of {@code data} as they are (no normalization):
     * by default through a {@link Batch}; an engine may copy them straight into its input.
     */
    default float[] logits(io.netforge.data.Dataset data, int first, int n) {
        int size = data.featureSize();
        java.nio.FloatBuffer features = java.nio.FloatBuffer.allocate(n * size);
        data.copyFeaturesTo(first, n, features);
        return logits(new Batch(features.array(), new int[n], n, data.sampleShape()));
    }

    /**
     * Whether {@link #logits} is thread-safe, so that predictions take the model's read lock and run concurrently
     * (between training steps and weight changes, which take the write lock); false unless an engine says so.
     */
    default boolean concurrentLogits() {
        return false;
    }

    /**
     * How many evaluation batches are worth running at once on this machine, each on a thread of its own ({@link
     * #logits} must be {@link #concurrentLogits() concurrent} for more than 1): 1 unless an engine says so.
     */
    default int concurrentBatches() {
        return 1;
    }

    /** Evaluation-mode output of graph variable {@code variable} for {@code batch}. */
    Output output(Batch batch, String variable);

    /**
     * An array read out of the engine.
     *
     * @param shape batch dimension first
     * @param values row-major
     */
    @SuppressWarnings("ArrayRecordComponent") // one layer output handed to its caller; never compared
    record Output(long[] shape, float[] values) {}
}
