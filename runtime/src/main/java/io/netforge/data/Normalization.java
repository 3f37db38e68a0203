package io.netforge.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The per-channel input transform a dataset's features went through: none, standardization
 * {@code (x - mean[c]) / std[c]} (torchvision's {@code Normalize}), or min-max scaling
 * {@code (x - min[c]) / (max[c] - min[c])} to [0, 1] (scikit-learn's {@code MinMaxScaler}).
 *
 * <p>A dataset remembers its normalization, and a trainer adopts the one of the data it is trained on and
 * stores it with the weights, so raw inputs given for prediction later get exactly the same transform. This
 * is the point of keeping it as data instead of a loop in user code: the statistics of the training split
 * travel with the model.
 *
 * @param kind   what was applied
 * @param first  per channel: the mean (STANDARDIZE) or minimum (MIN_MAX); empty for NONE
 * @param second per channel: the standard deviation (STANDARDIZE) or maximum (MIN_MAX); empty for NONE
 */
@SuppressWarnings("ArrayRecordComponent") // the arrays are copied in and out and equals/hashCode compare contents
public record Normalization(Kind kind, float[] first, float[] second) {
    /** The transforms there are. */
    public enum Kind {
        NONE,
        STANDARDIZE,
        MIN_MAX
    }

    private static final Normalization NONE = new Normalization(Kind.NONE, new float[0], new float[0]);

    public Normalization {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        first = first.clone();
        second = second.clone();
        if (kind == Kind.NONE) {
            if (first.length != 0 || second.length != 0) {
                throw new IllegalArgumentException("Normalization NONE has no statistics");
            }
        } else {
            if (first.length == 0 || first.length != second.length) {
                throw new IllegalArgumentException(kind + " needs one value per channel in both arrays, got "
                        + Arrays.toString(first) + " and " + Arrays.toString(second));
            }
            for (int c = 0; c < first.length; c++) {
                float scale = kind == Kind.STANDARDIZE ? second[c] : second[c] - first[c];
                if (!Float.isFinite(first[c]) || !Float.isFinite(second[c]) || !(scale > 0) || !Float.isFinite(scale)) {
                    throw new IllegalArgumentException(
                            kind == Kind.STANDARDIZE
                                    ? "channel " + c
                                            + ": standardization needs a finite mean and a positive finite std, got mean "
                                            + first[c] + ", std " + second[c]
                                    : "channel " + c + ": min-max scaling needs finite min < max, got min " + first[c]
                                            + ", max " + second[c] + " (a constant channel cannot be scaled)");
                }
            }
        }
    }

    /** No transform: the features are used as they are. */
    public static Normalization none() {
        return NONE;
    }

    /** {@code (x - mean[c]) / std[c]}. */
    public static Normalization standardize(float[] mean, float[] std) {
        return new Normalization(Kind.STANDARDIZE, mean, std);
    }

    /** {@code (x - min[c]) / (max[c] - min[c])}, mapping each channel's range to [0, 1]. */
    public static Normalization minMax(float[] min, float[] max) {
        return new Normalization(Kind.MIN_MAX, min, max);
    }

    /** The statistics of a single channel, repeated for {@code channels} identical channels. */
    public Normalization repeat(int channels) {
        if (kind == Kind.NONE) {
            return this;
        }
        if (first.length != 1) {
            throw new IllegalArgumentException(this + " is not for one channel");
        }
        float[] a = new float[channels];
        float[] b = new float[channels];
        java.util.Arrays.fill(a, first[0]);
        java.util.Arrays.fill(b, second[0]);
        return new Normalization(kind, a, b);
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** Number of channels the statistics are for; 0 for NONE, which fits any data. */
    public int channels() {
        return first.length;
    }

    @Override
    public float[] first() {
        return first.clone();
    }

    @Override
    public float[] second() {
        return second.clone();
    }

    /**
     * Applies the transform in place to {@code count} consecutive samples starting at {@code offset}; each
     * sample is {@code channels()} planes of {@code plane} values.
     */
    public void applyInPlace(float[] values, int offset, int count, int plane) {
        if (kind == Kind.NONE) {
            return;
        }
        int channels = first.length;
        Objects.checkFromIndexSize(
                offset, Math.multiplyExact(Math.multiplyExact(count, channels), plane), values.length);
        int k = offset;
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < channels; c++) {
                float shift = first[c];
                // (x - mean) / std, computed as a division like the eager path so both give identical floats
                float divisor = divisor(c);
                for (int end = k + plane; k < end; k++) {
                    values[k] = (values[k] - shift) / divisor;
                }
            }
        }
    }

    /**
     * Undoes {@link #applyInPlace} on {@code count} samples of {@code channels()} values each (one value per channel, as
     * a regression model's outputs): {@code x * divisor + shift}, in double, rounded once.
     */
    public void invertInPlace(float[] values, int count) {
        if (kind == Kind.NONE) {
            return;
        }
        int channels = first.length;
        Objects.checkFromIndexSize(0, Math.multiplyExact(count, channels), values.length);
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < channels; c++) {
                int k = s * channels + c;
                values[k] = (float) ((double) values[k] * divisor(c) + first[c]);
            }
        }
    }

    /** What a zero (black) input value becomes, per channel: the padding value for transforms after normalization. */
    public float[] zero(int channels) {
        float[] z = new float[channels];
        if (kind != Kind.NONE) {
            checkChannels(channels);
            for (int c = 0; c < channels; c++) {
                z[c] = (0f - first[c]) / divisor(c);
            }
        }
        return z;
    }

    /** What channel {@code c} is divided by: the std, or the range max - min. */
    public float divisor(int c) {
        return kind == Kind.STANDARDIZE ? second[c] : second[c] - first[c];
    }

    /** Checks the statistics are for {@code channels} channels; {@link IllegalArgumentException} if not. */
    public void checkChannels(int channels) {
        if (kind != Kind.NONE && first.length != channels) {
            throw new IllegalArgumentException(
                    this + " has statistics for " + first.length + " channel(s), the data has " + channels);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n
                && kind == n.kind
                && Arrays.equals(first, n.first)
                && Arrays.equals(second, n.second);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(first)) + Arrays.hashCode(second);
    }

    /** {@code Standardize(mean=[0.2860], std=[0.3530])}, {@code MinMax(min=[0.0], max=[1.0])} or {@code None}. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "None";
            case STANDARDIZE -> "Standardize(mean=" + Arrays.toString(first) + ", std=" + Arrays.toString(second) + ")";
            case MIN_MAX -> "MinMax(min=" + Arrays.toString(first) + ", max=" + Arrays.toString(second) + ")";
        };
    }
}
