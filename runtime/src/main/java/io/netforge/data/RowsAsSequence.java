package io.netforge.data;

import java.util.random.RandomGenerator;

/**
 * A one-channel image {@code [1, height, width]} read row by row: a sequence of {@code height} steps of {@code width}
 * values ({@code [height, width]}), as PyTorch's recurrent-network tutorials feed MNIST to an LSTM
 * ({@code images.reshape(-1, 28, 28)}). The values are unchanged; only the shape is.
 */
final class RowsAsSequence implements Transform {
    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != 1) {
            throw new IllegalArgumentException(this + " reads a one-channel image [1, height, width], not "
                    + java.util.Arrays.toString(inputShape));
        }
        return new int[] {inputShape[1], inputShape[2]};
    }

    @Override
    public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
        return sample.clone();
    }

    @Override
    public String toString() {
        return "rowsAsSequence()";
    }
}
