package io.netforge.train.state;

import io.netforge.data.Normalization;
import io.netforge.io.WeightsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stores a model's input normalization in its weights file as two extra named arrays, {@code input/mean}
 * and {@code input/std} (standardization) or {@code input/min} and {@code input/max} (min-max scaling), so
 * the statistics of the training data travel with the weights without a new file format. A regression model's target
 * scaling travels the same way as {@code target/mean} and {@code target/std} ({@link #targetEntries}, {@link
 * #takeTarget}): its predictions come back in the targets' own units.
 */
public final class InputNormalization {
    static final String MEAN = "input/mean";
    static final String STD = "input/std";
    static final String MIN = "input/min";
    static final String MAX = "input/max";
    static final String TARGET = "target/";
    /**
     * The names, which are entries of a model file but not variables of the model (input and target scaling, a
     * language model's characters).
     */
    public static final java.util.Set<String> NAMES = java.util.Set.of(
            MEAN, STD, MIN, MAX, TARGET + "mean", TARGET + "std", TARGET + "min", TARGET + "max", TokenCharacters.NAME);

    private InputNormalization() {}

    public static List<WeightsFile.Entry> entries(Normalization n) {
        return entries(n, "input/");
    }

    /** A regression model's target scaling as {@code target/mean} and {@code target/std} (or min and max). */
    public static List<WeightsFile.Entry> targetEntries(Normalization n) {
        return entries(n, TARGET);
    }

    private static List<WeightsFile.Entry> entries(Normalization n, String prefix) {
        long[] shape = {n.channels()};
        return switch (n.kind()) {
            case NONE -> List.of();
            case STANDARDIZE ->
                List.of(
                        new WeightsFile.Entry(prefix + "mean", shape, n.first()),
                        new WeightsFile.Entry(prefix + "std", shape, n.second()));
            case MIN_MAX ->
                List.of(
                        new WeightsFile.Entry(prefix + "min", shape, n.first()),
                        new WeightsFile.Entry(prefix + "max", shape, n.second()));
        };
    }

    /** Removes the normalization entries from {@code byName} and returns what they describe. */
    public static Normalization take(Map<String, WeightsFile.Entry> byName, Path file)
            throws io.netforge.io.WeightsFormatException {
        return take(byName, file, "input/");
    }

    /** Removes the target scaling entries from {@code byName} and returns what they describe. */
    public static Normalization takeTarget(Map<String, WeightsFile.Entry> byName, Path file)
            throws io.netforge.io.WeightsFormatException {
        return take(byName, file, TARGET);
    }

    private static Normalization take(Map<String, WeightsFile.Entry> byName, Path file, String prefix)
            throws io.netforge.io.WeightsFormatException {
        String what = prefix.equals(TARGET) ? "target scaling" : "input normalization";
        String meanName = prefix + "mean";
        String stdName = prefix + "std";
        String minName = prefix + "min";
        String maxName = prefix + "max";
        WeightsFile.Entry mean = byName.remove(meanName);
        WeightsFile.Entry std = byName.remove(stdName);
        WeightsFile.Entry min = byName.remove(minName);
        WeightsFile.Entry max = byName.remove(maxName);
        for (WeightsFile.Entry e : java.util.Arrays.asList(mean, std, min, max)) {
            if (e != null && e.shape().length != 1) {
                throw new io.netforge.io.WeightsFormatException(
                        file,
                        what + " " + e.name() + " has shape " + java.util.Arrays.toString(e.shape())
                                + "; expected one value per channel, [channels]");
            }
        }
        try {
            if (mean != null || std != null) {
                if (mean == null || std == null || min != null || max != null) {
                    throw new io.netforge.io.WeightsFormatException(
                            file,
                            "incomplete " + what + " (" + meanName + " and " + stdName
                                    + " must both be present, without " + minName + "/" + maxName + ")");
                }
                return Normalization.standardize(mean.values(), std.values());
            }
            if (min != null || max != null) {
                if (min == null || max == null) {
                    throw new io.netforge.io.WeightsFormatException(
                            file, "incomplete " + what + " (" + minName + " and " + maxName + " must both be present)");
                }
                return Normalization.minMax(min.values(), max.values());
            }
            return Normalization.none();
        } catch (IllegalArgumentException e) {
            throw new io.netforge.io.WeightsFormatException(file, "invalid " + what + ": " + e.getMessage());
        }
    }
}
