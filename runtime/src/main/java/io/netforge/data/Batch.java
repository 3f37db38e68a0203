package io.netforge.data;

import java.util.Arrays;

/**
 * A batch: features {@code [size * featureSize]} row-major, labels {@code [size]}.
 *
 * <p>The arrays are not copied: each batch gets fresh ones from {@link Dataset#batches}, and the trainer
 * copies them into device memory anyway, so a second copy here would only double the garbage per step.
 */
@SuppressWarnings(
        "ArrayRecordComponent") // the arrays are handed over without copies on purpose (see above); equality is not
// used
public record Batch(float[] features, int[] labels, int size, int[] sampleShape) {
    public Batch {
        if (features == null || labels == null || sampleShape == null) {
            throw new IllegalArgumentException("batch arrays must not be null");
        }
        int featureSize = Shapes.product(sampleShape, "batch");
        if (size < 1 || labels.length != size || (long) size * featureSize != features.length) {
            throw new IllegalArgumentException(
                    "batch of size " + size + " with sample shape " + Arrays.toString(sampleShape)
                            + " needs " + size + " labels and " + (long) size * featureSize + " features, got "
                            + labels.length + " and " + features.length);
        }
    }

    /** Summarizes instead of printing every pixel. */
    @Override
    public String toString() {
        return "Batch[size=" + size + ", sampleShape=" + Arrays.toString(sampleShape) + "]";
    }
}
