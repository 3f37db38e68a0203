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
        if (train.isRegression() != other.isRegression() || train.targetWidth() != other.targetWidth()) {
            throw new IllegalArgumentException("'" + other.name() + "' ("
                    + (other.isRegression() ? other.targetWidth() + " regression targets" : "class labels")
                    + ") does not match '" + train.name() + "' ("
                    + (train.isRegression() ? train.targetWidth() + " regression targets" : "class labels") + ")");
        }
        if (!Arrays.equals(train.sampleShape(), other.sampleShape()) || train.classes() != other.classes()) {
            throw new IllegalArgumentException("'" + other.name() + "' (shape " + Arrays.toString(other.sampleShape())
                    + ", " + other.classes() + " classes) does not match '" + train.name() + "' (shape "
                    + Arrays.toString(train.sampleShape()) + ", " + train.classes() + " classes)");
        }
    }

    /**
     * Carves {@code round(fraction * train.size())} randomly chosen (seeded) training samples into a
     * validation set; train keeps the rest. Refuses if there already is a validation set, since silently
     * replacing it would change which data a reported validation score refers to.
     */
    public Splits withValidation(double fraction, long seed) {
        if (validation != null) {
            throw new IllegalStateException(
                    "'" + train.name() + "' already has a validation set ('" + validation.name() + "')");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), was " + fraction);
        }
        Split split = train.split(fraction, seed);
        return new Splits(
                split.second().renamed(train.name()), split.first().renamed(validationName(train.name())), test);
    }

    private static String validationName(String trainName) {
        return trainName.endsWith("/train")
                ? trainName.substring(0, trainName.length() - "train".length()) + "validation"
                : trainName + "/validation";
    }

    /**
     * Per-channel mean and std measured on train only, applied to all three (torchvision's
     * {@code Normalize} with the training split's statistics). The datasets record it, and a trainer fitted
     * on them keeps it with the model.
     */
    public Splits standardize() {
        return normalize(train.fitStandardization());
    }

    /** Given constants (e.g. MNIST's 0.1307 / 0.3081), applied to all three. */
    public Splits standardize(float mean, float std) {
        return new Splits(
                train.standardize(mean, std),
                validation == null ? null : validation.standardize(mean, std),
                test.standardize(mean, std));
    }

    /** Given per-channel constants (e.g. CIFAR-10's), applied to all three. */
    public Splits standardize(float[] channelMean, float[] channelStd) {
        return new Splits(
                train.standardize(channelMean, channelStd),
                validation == null ? null : validation.standardize(channelMean, channelStd),
                test.standardize(channelMean, channelStd));
    }

    /**
     * Per-channel min-max scaling to [0, 1] with the range of train only (scikit-learn's
     * {@code MinMaxScaler} fitted on the training split); validation and test values outside that range map
     * outside [0, 1], as they do there.
     */
    public Splits minMaxScale() {
        return normalize(train.fitMinMax());
    }

    /** Applies {@code n} to all three. */
    public Splits normalize(Normalization n) {
        return new Splits(train.normalize(n), validation == null ? null : validation.normalize(n), test.normalize(n));
    }

    /** A deterministic transform (resize, pad, center crop) applied to every sample of all three, see {@link Dataset#map}. */
    public Splits map(Transform transform) {
        return new Splits(
                train.map(transform), validation == null ? null : validation.map(transform), test.map(transform));
    }

    /** Training-time augmentation on the training split only; validation and test stay as they are. */
    public Splits augment(Transform transform) {
        return new Splits(train.augment(transform), validation, test);
    }
}
