package io.netforge.train.engine;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * DisturbLabel (Xie et al., "DisturbLabel: Regularizing CNN on the Loss Layer", CVPR 2016): each training label,
 * independently with probability {@code alpha}, is replaced by a class drawn uniformly from all {@code classes}
 * classes, the true one included. A label therefore stays correct with probability
 * {@code 1 - alpha * (classes - 1) / classes} and becomes each other class with probability {@code alpha / classes}.
 *
 * <p>The caller supplies the random generator (e.g. a {@code SplittableRandom} derived from the model's seed), so
 * the same generator state gives the same labels. Labels are disturbed per step, on a copy; the dataset's own
 * labels are never changed.
 */
public final class DisturbLabel {
    private final double alpha;
    private final int classes;

    /**
     * @param alpha   the disturbance probability, in {@code [0, 1]}
     * @param classes how many classes labels range over (at least 2; for a one-output binary model 2, see
     *                {@link Losses#labelClasses})
     */
    public DisturbLabel(double alpha, int classes) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(
                    "DisturbLabel: Invalid value for `alpha`. Expected a number in [0, 1]. Received: alpha=" + alpha);
        }
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "DisturbLabel: Invalid value for `classes`. Expected at least 2 (a one-output binary model has 2). Received: classes="
                            + classes);
        }
        this.alpha = alpha;
        this.classes = classes;
    }

    public double alpha() {
        return alpha;
    }

    public int classes() {
        return classes;
    }

    /** The probability that a label stays correct: {@code 1 - alpha * (classes - 1) / classes}. */
    public double keepProbability() {
        return 1 - alpha * (classes - 1) / classes;
    }

    /**
     * A disturbed copy of {@code labels}; {@code labels} is not changed. With {@code alpha == 0} the copy is
     * equal to {@code labels} and {@code rng} is not used.
     *
     * @throws IllegalArgumentException for a label outside {@code [0, classes)}
     */
    public int[] apply(int[] labels, RandomGenerator rng) {
        int[] out = labels.clone();
        applyInPlace(out, rng);
        return out;
    }

    /** Disturbs {@code labels} in place (see {@link #apply}); a per-step label -1 (no target) stays -1. */
    public void applyInPlace(int[] labels, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < -1 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "DisturbLabel: label " + labels[i] + " at index " + i + " is outside [0, " + classes + ")");
            }
        }
        if (alpha == 0) {
            return;
        }
        for (int i = 0; i < labels.length; i++) {
            if (rng.nextDouble() < alpha && labels[i] >= 0) {
                labels[i] = rng.nextInt(classes);
            }
        }
    }

    @Override
    public String toString() {
        return "DisturbLabel(alpha=" + alpha + ", classes=" + classes + ")";
    }
}
