package io.netforge.data;

import java.util.Arrays;

/**
 * Train / validation (may be null) / test, as the tutorials hold them.
 *
 * <p>Keeping the three together lets preprocessing be done the honest way by default: statistics come
 * from the training data only and are then applied unchanged to validation and test, so nothing about the
 * held-out data leaks into what the model is trained on.
 */
public record Splits(Dataset train, Dataset validation, Dataset test) {
    public Splits {
        if (train == null || test == null) {
            throw new IllegalArgumentException("splits need a train and a test dataset (validation may be null)");
        }
        checkCompatible(train, test);
        if (validation != null) {
            checkCompatible(train, validation);
        }
    }

    private static void checkCompatible(Dataset train, Dataset other) {
        if (!Arrays.equals(train.sampleShape(), other.sampleShape()) || train.numClasses() != other.numClasses()) {
            throw new IllegalArgumentException("'" + other.name() + "' (shape " + Arrays.toString(other.sampleShape())
                    + ", " + other.numClasses() + " classes) does not match '" + train.name() + "' (shape "
                    + Arrays.toString(train.sampleShape()) + ", " + train.numClasses() + " classes)");
        }
    }

    /**
     * Carves {@code round(fraction * train.size())} randomly chosen (seeded) training samples into a
     * validation set; train keeps the rest. Refuses if there already is a validation set, since silently
     * replacing it would change which data a reported validation score refers to.
     */
    public Splits withValidation(double fraction, long seed) {
        if (validation != null) {
            throw new IllegalStateException("'" + train.name() + "' already has a validation set ('" + validation.name() + "')");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), was " + fraction);
        }
        Split split = train.split(fraction, seed);
        return new Splits(split.second().renamed(train.name()), split.first().renamed(validationName(train.name())),
                test);
    }

    private static String validationName(String trainName) {
        return trainName.endsWith("/train")
                ? trainName.substring(0, trainName.length() - "train".length()) + "validation"
                : trainName + "/validation";
    }

    /** Per-channel mean and std measured on train only, applied to all three. */
    public Splits standardize() {
        Statistics stats = train.statistics();
        float[] mean = stats.mean();
        float[] std = stats.std();
        return new Splits(train.standardize(mean, std),
                validation == null ? null : validation.standardize(mean, std),
                test.standardize(mean, std));
    }

    /** Given constants (e.g. MNIST's 0.1307 / 0.3081), applied to all three. */
    public Splits standardize(float mean, float std) {
        return new Splits(train.standardize(mean, std),
                validation == null ? null : validation.standardize(mean, std),
                test.standardize(mean, std));
    }
}
