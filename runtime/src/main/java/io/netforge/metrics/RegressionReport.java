package io.netforge.metrics;

import java.util.Locale;

/**
 * The error of a regression model over a dataset, in the targets' own units (the scaling the model trained with
 * undone): mean absolute error and root mean squared error over all samples and outputs pooled (scikit-learn's {@code
 * mean_absolute_error} and {@code root_mean_squared_error} for one output; with several, the MAE equals its uniform
 * average, the RMSE is the pooled one), and R² as {@code r2_score} (the uniform average over outputs), plus the
 * predictions and targets themselves for a predicted-vs-actual plot.
 *
 * @param mae mean of {@code |predicted - actual|}
 * @param rmse square root of the mean of {@code (predicted - actual)²} over all samples and outputs
 * @param r2 {@code 1 - SS_res / SS_tot} per output, averaged over outputs; 1 is perfect, 0 is as good as predicting
 *     each output's mean, negative is worse than that; NaN for an output whose targets are all equal
 * @param predicted {@code count × width} predictions, row-major, raw units
 * @param actual {@code count × width} targets, row-major, raw units
 */
@SuppressWarnings("ArrayRecordComponent") // the values are what the report plots; copying them would double the memory
public record RegressionReport(
        double mae, double rmse, double r2, int count, int width, float[] predicted, float[] actual) {

    /**
     * The metrics of {@code predicted} against {@code actual} ({@code width} values per sample, raw units), summed in
     * double.
     */
    public static RegressionReport of(float[] predicted, float[] actual, int width) {
        if (width < 1 || predicted.length != actual.length || predicted.length % width != 0 || predicted.length == 0) {
            throw new IllegalArgumentException("need as many predictions as targets, a whole number of rows of " + width
                    + ", got " + predicted.length + " and " + actual.length);
        }
        int n = predicted.length / width;
        double abs = 0;
        double squares = 0;
        double r2 = 0;
        for (int j = 0; j < width; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += actual[i * width + j];
            }
            mean /= n;
            double residual = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                double d = (double) predicted[i * width + j] - actual[i * width + j];
                double t = actual[i * width + j] - mean;
                abs += Math.abs(d);
                residual += d * d;
                total += t * t;
            }
            squares += residual;
            r2 += total > 0 ? 1 - residual / total : Double.NaN;
        }
        return new RegressionReport(
                abs / predicted.length, Math.sqrt(squares / predicted.length), r2 / width, n, width, predicted, actual);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MAE %.4g, RMSE %.4g, R² %.4f (%d samples)", mae, rmse, r2, count);
    }
}
