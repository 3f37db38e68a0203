package io.netforge.data;

import java.util.Arrays;

/** Shape arithmetic shared by {@link Dataset} and {@link Batch}, so both reject the same bad shapes. */
public final class Shapes {
    private Shapes() {}

    /**
     * Product of the dimensions; checked because a silent int overflow would let a mismatched features
     * array pass validation.
     */
    public static int product(int[] shape, String owner) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException(owner + ": sample shape must have at least one dimension");
        }
        long product = 1;
        for (int dim : shape) {
            if (dim <= 0) {
                throw new IllegalArgumentException(
                        owner + ": sample shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
            product *= dim;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        owner + ": sample shape " + Arrays.toString(shape) + " holds more than 2^31 values");
            }
        }
        return (int) product;
    }

    /**
     * Images are channels-first (CHW); a flat vector, and a sequence {@code [steps, features]}, are treated as a single
     * channel (one mean and deviation over all their values).
     */
    static int channels(int[] shape) {
        return shape.length == 3 ? shape[0] : 1;
    }
}
