package io.netforge.processor.model;

/**
 * The {@code @Train} defaults of a model.
 *
 * @param loss the {@code LossFunction} constant's name
 */
public record TrainSpec(int epochs, int batchSize, long seed, String loss) {
    /** {@code @Train}'s own defaults, used when a model declares none. */
    public static final TrainSpec DEFAULT = new TrainSpec(10, 32, 42, "SOFTMAX_CROSS_ENTROPY");
}
