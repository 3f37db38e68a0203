package io.netforge.train.state;

import io.netforge.data.Normalization;
import io.netforge.io.WeightsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stores a model's input normalization in its weights file as two extra named arrays, {@code input/mean}
 * and {@code input/std} (standardization) or {@code input/min} and {@code input/max} (min-max scaling), so
 * the statistics of the training data travel with the weights without a new file format.
 */
public final class InputNormalization {
    static final String MEAN = "input/mean";
    static final String STD = "input/std";
    static final String MIN = "input/min";
    static final String MAX = "input/max";
    /** The four names, which are entries of a model file but not variables of the model. */
    public static final java.util.Set<String> NAMES = java.util.Set.of(MEAN, STD, MIN, MAX);

    private InputNormalization() {}

    public static List<WeightsFile.Entry> entries(Normalization n) {
        long[] shape = {n.channels()};
        return switch (n.kind()) {
            case NONE -> List.of();
            case STANDARDIZE ->
                List.of(new WeightsFile.Entry(MEAN, shape, n.first()), new WeightsFile.Entry(STD, shape, n.second()));
            case MIN_MAX ->
                List.of(new WeightsFile.Entry(MIN, shape, n.first()), new WeightsFile.Entry(MAX, shape, n.second()));
        };
    }

    /** Removes the normalization entries from {@code byName} and returns what they describe. */
    public static Normalization take(Map<String, WeightsFile.Entry> byName, Path file)
            throws io.netforge.io.WeightsFormatException {
        WeightsFile.Entry mean = byName.remove(MEAN);
        WeightsFile.Entry std = byName.remove(STD);
        WeightsFile.Entry min = byName.remove(MIN);
        WeightsFile.Entry max = byName.remove(MAX);
        for (WeightsFile.Entry e : java.util.Arrays.asList(mean, std, min, max)) {
            if (e != null && e.shape().length != 1) {
                throw new io.netforge.io.WeightsFormatException(
                        file,
                        "input normalization " + e.name() + " has shape " + java.util.Arrays.toString(e.shape())
                                + "; expected one value per channel, [channels]");
            }
        }
        try {
            if (mean != null || std != null) {
                if (mean == null || std == null || min != null || max != null) {
                    throw new io.netforge.io.WeightsFormatException(
                            file,
                            "incomplete input normalization (" + MEAN + " and " + STD
                                    + " must both be present, without " + MIN + "/" + MAX + ")");
                }
                return Normalization.standardize(mean.values(), std.values());
            }
            if (min != null || max != null) {
                if (min == null || max == null) {
                    throw new io.netforge.io.WeightsFormatException(
                            file, "incomplete input normalization (" + MIN + " and " + MAX + " must both be present)");
                }
                return Normalization.minMax(min.values(), max.values());
            }
            return Normalization.none();
        } catch (IllegalArgumentException e) {
            throw new io.netforge.io.WeightsFormatException(file, "invalid input normalization: " + e.getMessage());
        }
    }
}
