package io.netforge.data;

import java.util.Arrays;

/**
 * A batch: features {@code [size * featureSize]} row-major, labels {@code [size]} (or {@code [size * steps]} for a
 * per-step dataset), and for a regression dataset its
 * float targets {@code [size * targetWidth]} ({@code null} for labelled data, whose labels then count).
 *
 * <p>The arrays are not copied: each batch gets fresh ones from {@link Dataset#batches}, and the trainer
 * copies them into device memory anyway, so a second copy here would only double the garbage per step.
 */
@SuppressWarnings(
        "ArrayRecordComponent") // the arrays are handed over without copies on purpose (see above); equality is not
// used
public record Batch(float[] features, int[] labels, int size, int[] sampleShape, float[] targets) {
    /** A batch of labelled samples. */
    public Batch(float[] features, int[] labels, int size, int[] sampleShape) {
        this(features, labels, size, sampleShape, null);
    }

    public Batch {
        if (features == null || labels == null || sampleShape == null) {
            throw new IllegalArgumentException("batch arrays must not be null");
        }
        int featureSize = Shapes.product(sampleShape, "batch");
        if (size < 1
                || labels.length < size
                || labels.length % size != 0
                || (long) size * featureSize != features.length) {
            throw new IllegalArgumentException(
                    "batch of size " + size + " with sample shape " + Arrays.toString(sampleShape)
                            + " needs " + size + " labels (or a whole number per sample) and "
                            + (long) size * featureSize + " features, got "
                            + labels.length + " and " + features.length);
        }
        if (targets != null && (targets.length == 0 || targets.length % size != 0)) {
            throw new IllegalArgumentException(
                    "batch of size " + size + " needs a whole row of targets per sample, got " + targets.length);
        }
    }

    /** Labels per sample: 1, or a per-step batch's steps (labels {@code [size * steps]}, -1 for no target). */
    public int labelsPerSample() {
        return labels.length / size;
    }

    /** Float targets per sample, 0 for labelled data. */
    public int targetWidth() {
        return targets == null ? 0 : targets.length / size;
    }

    /** Summarizes instead of printing every pixel. */
    @Override
    public String toString() {
        return "Batch[size=" + size + ", sampleShape=" + Arrays.toString(sampleShape) + "]";
    }
}
