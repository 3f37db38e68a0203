package io.netforge.train.state;

/** Argument checks with Keras-style messages: what was expected, what was received. */
public final class Checks {
    private Checks() {}

    public static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(
                    "Invalid value for `" + name + "`. Expected a positive number. Received: " + name + "=" + v);
        }
    }

    /**
     * The largest learning rate a trainer takes: far above any rate that trains (a rate of 10 already diverges almost
     * everywhere), so that a checkpoint holding a larger one can only have been edited (docs/checkpoints.md).
     */
    public static final double MAX_LEARNING_RATE = 1e6;

    /** A learning rate: positive, finite, at most {@link #MAX_LEARNING_RATE}. */
    public static void learningRate(String name, double v) {
        if (!(v > 0) || !(v <= MAX_LEARNING_RATE)) {
            throw new IllegalArgumentException(
                    "Invalid value for `" + name + "`. Expected a number in (0, 1000000]. Received: " + name + "=" + v);
        }
    }

    public static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(
                    "Invalid value for `" + name + "`. Expected a number >= 0. Received: " + name + "=" + v);
        }
    }

    public static void inRange(String name, double v, double lo, double hiExclusive) {
        if (!(v >= lo && v < hiExclusive)) {
            throw new IllegalArgumentException("Invalid value for `" + name + "`. Expected a number in [" + lo + ", "
                    + hiExclusive + "). Received: " + name + "=" + v);
        }
    }

    public static void inClosedRange(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("Invalid value for `" + name + "`. Expected a number in [" + lo + ", "
                    + hi + "]. Received: " + name + "=" + v);
        }
    }

    public static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `" + name + "`. Expected a positive integer. Received: " + name + "=" + v);
        }
    }
}
