package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.data.Split;
import io.netforge.data.Splits;
import io.netforge.metrics.RegressionReport;
import java.util.Arrays;

/**
 * Windows over a time series for forecasting, as Keras' {@code timeseries_dataset_from_array}: each sample is
 * {@code window} consecutive values (a sequence of {@code window} steps of one feature, for
 * {@code @Input(steps = window, features = 1)}) and its target the value {@code horizon} steps after the window's last
 * one (horizon 1: the next value). Windows start every {@code stride} values.
 *
 * <p>{@link #split} cuts the series in time, never at random: the training windows are those whose target lies in the
 * first {@code trainFraction} of the series, the test windows those whose target lies after it (their inputs may reach
 * back into the training part, as a forecast made at that time would). Both are standardized with the mean and
 * standard deviation of the training part alone, recorded as the datasets' normalization and target scaling, so
 * nothing of the future leaks into training, and a model trained on them predicts in the series' own units
 * ({@code Predictor.predictValues}).
 */
public final class Windows {
    private Windows() {}

    /**
     * The training and test windows of {@code values} ({@link Split#first()} and {@link Split#second()}), each a
     * {@link Dataset#regression} dataset of samples {@code [window, 1]} and one target: {@link #splits} without a
     * validation part.
     */
    public static Split split(String name, double[] values, int window, int horizon, int stride, double trainFraction) {
        Splits s = splits(name, values, window, horizon, stride, trainFraction, 0);
        return new Split(s.train(), s.test());
    }

    /**
     * Training, validation and test windows of {@code values}, cut in time: a window belongs to the part its target
     * lies in. The test part is the series after its first {@code trainFraction}; the validation part the last
     * {@code validationFraction} of the series before that; the training part what comes first. Every part is
     * standardized with the mean and standard deviation of the training part's values alone.
     *
     * @param name names the datasets ({@code name/train}, {@code name/validation}, {@code name/test})
     * @param validationFraction 0 for no validation part ({@link Splits#validation()} null)
     * @throws IllegalArgumentException for a window, horizon or stride below 1, fractions outside their ranges, a
     *     series too short for a window in each part, or a constant training part
     */
    public static Splits splits(
            String name,
            double[] values,
            int window,
            int horizon,
            int stride,
            double trainFraction,
            double validationFraction) {
        check(window, "window");
        check(horizon, "horizon");
        check(stride, "stride");
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("Invalid value for `trainFraction`. Expected a number in (0, 1)."
                    + " Received: trainFraction=" + trainFraction);
        }
        if (!(validationFraction >= 0 && validationFraction < trainFraction)) {
            throw new IllegalArgumentException("Invalid value for `validationFraction`. Expected a number in [0, "
                    + trainFraction + "), a part of the training fraction. Received: validationFraction="
                    + validationFraction);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "series '" + name + "': value " + i + " is " + values[i] + "; fill missing values first");
            }
        }
        int testStart = (int) Math.round(trainFraction * values.length);
        int validationStart = (int) Math.round((trainFraction - validationFraction) * values.length);
        Normalization scaling = statistics(name, values, validationStart);
        int span = window + horizon - 1; // from a window's first value to its target
        int[][] parts = new int[3][values.length];
        int[] counts = new int[3];
        for (int start = 0; start + span < values.length; start += stride) {
            int target = start + span;
            int part = target < validationStart ? 0 : target < testStart ? 1 : 2;
            parts[part][counts[part]++] = start;
        }
        boolean validation = validationFraction > 0;
        if (counts[0] == 0 || counts[2] == 0 || (validation && counts[1] == 0)) {
            throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values: too few for"
                    + " windows of " + window + " with a horizon of " + horizon + " in every part (" + counts[0]
                    + " training, " + counts[1] + " validation and " + counts[2] + " test windows)");
        }
        return new Splits(
                windows(name + "/train", values, Arrays.copyOf(parts[0], counts[0]), window, horizon, scaling),
                validation
                        ? windows(
                                name + "/validation",
                                values,
                                Arrays.copyOf(parts[1], counts[1]),
                                window,
                                horizon,
                                scaling)
                        : null,
                windows(name + "/test", values, Arrays.copyOf(parts[2], counts[2]), window, horizon, scaling));
    }

    /** Standardization by the mean and population standard deviation of the first {@code end} values. */
    private static Normalization statistics(String name, double[] values, int end) {
        double mean = 0;
        for (int i = 0; i < end; i++) {
            mean += values[i];
        }
        mean /= Math.max(end, 1);
        double squares = 0;
        for (int i = 0; i < end; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        double std = Math.sqrt(squares / Math.max(end, 1));
        if (!(std > 0)) {
            throw new IllegalArgumentException("series '" + name + "': its training part (the first " + end
                    + " values) is constant, so it has no standard deviation to scale by");
        }
        return Normalization.standardize(new float[] {(float) mean}, new float[] {(float) std});
    }

    private static void check(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "Invalid value for `" + what + "`. Expected an integer >= 1. Received: " + what + "=" + value);
        }
    }

    private static Dataset windows(
            String name, double[] values, int[] starts, int window, int horizon, Normalization scaling) {
        float[] features = new float[Math.multiplyExact(starts.length, window)];
        float[] targets = new float[starts.length];
        for (int k = 0; k < starts.length; k++) {
            for (int t = 0; t < window; t++) {
                features[k * window + t] = (float) values[starts[k] + t];
            }
            targets[k] = (float) values[starts[k] + window + horizon - 1];
        }
        scaling.applyInPlace(features, 0, starts.length, window);
        scaling.applyInPlace(targets, 0, starts.length, 1);
        return Dataset.regression(name, features, new int[] {window, 1}, targets, 1, scaling, scaling);
    }

    /**
     * The naive forecast on {@code windows}: each target predicted by the window's last value (for a horizon of 1, "it
     * will be as it is"), in raw units. What a forecaster has to beat: a model whose RMSE is not below this one has
     * learned nothing the last value did not already say.
     *
     * @throws IllegalArgumentException for data that are not windows of one series ({@code [steps, 1]}, one target)
     */
    public static RegressionReport naiveForecast(Dataset windows) {
        int[] shape = windows.sampleShape();
        if (!windows.isRegression() || windows.targetWidth() != 1 || shape.length != 2 || shape[1] != 1) {
            throw new IllegalArgumentException("dataset '" + windows.name() + "' is not windows of one series ("
                    + Arrays.toString(shape) + " samples, " + windows.targetWidth() + " targets)");
        }
        int n = windows.size();
        int steps = shape[0];
        float[] predicted = new float[n];
        float[] actual = new float[n];
        float[] sample = new float[steps];
        for (int i = 0; i < n; i++) {
            windows.copyFeatures(i, sample, 0);
            predicted[i] = sample[steps - 1];
            windows.copyTargets(i, actual, i);
        }
        windows.normalization().invertInPlace(predicted, n);
        windows.targetScaling().invertInPlace(actual, n);
        return RegressionReport.of(predicted, actual, 1);
    }
}
