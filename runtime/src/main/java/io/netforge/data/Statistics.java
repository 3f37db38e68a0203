package io.netforge.data;

import java.util.Arrays;

/**
 * Per-channel mean and population standard deviation, one entry per channel (flat data: one channel).
 * The arrays are copied in and out so a record shared between splits cannot be edited by one of them.
 */
@SuppressWarnings("ArrayRecordComponent") // the arrays are copied in and out and equals compares contents
public record Statistics(float[] mean, float[] std) {
    public Statistics {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("statistics need equally long, non-empty mean and std arrays, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Compares contents: the record default would compare array identities. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Statistics other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Statistics[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
