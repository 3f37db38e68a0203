package io.netforge.data;

import java.util.random.RandomGenerator;

/**
 * A per-sample image transform, torchvision style: flips, crops, resizing, rotation. Factories and
 * {@code compose} are in {@link Transforms}.
 *
 * <p>Samples are channels-first ({@code {channels, height, width}}), row-major, one float per value.
 * Transforms run on the data as the dataset holds it, which may already be normalized; {@code fill} then
 * gives, per channel, the value a black (zero) pixel has in that scale, so padding and the corners a
 * rotation uncovers match torchvision's order (transform the raw image, then normalize). Flips, crops,
 * bilinear resizing and rotation commute with a per-channel affine normalization, so the result is exactly
 * what torchvision computes.
 */
public interface Transform {
    /**
     * The shape of the output for an input of {@code inputShape}.
     *
     * @throws IllegalArgumentException naming the transform if it cannot apply to that shape (e.g. a flat
     *                                  vector, or a crop larger than the image)
     */
    int[] outputShape(int[] inputShape);

    /**
     * Transforms one sample. Must not modify {@code sample}; returns a new array of
     * {@link #outputShape(int[]) outputShape(shape)}'s size.
     *
     * @param sample the values, {@code product(shape)} of them
     * @param shape  {@code {channels, height, width}}
     * @param fill   per channel, the value of a zero (black) pixel in the data's scale
     * @param random the source of randomness; deterministic transforms ignore it
     */
    float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random);

    /** Whether the output depends on {@code random}; random transforms are augmentation, applied to training batches only. */
    default boolean isRandom() {
        return false;
    }
}
