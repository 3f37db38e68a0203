package io.netforge.report;

import io.netforge.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as the tutorials draw them with matplotlib — loss and accuracy per epoch, train against
 * validation, and the learning rate — written as PNG and SVG with XChart, headless.
 */
public final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;

    private Charts() {}

    /** Train and validation loss per epoch (validation only where it was measured). */
    public static XYChart loss(History h) {
        return loss(h, "loss");
    }

    /** {@link #loss(History)} with the y axis named, e.g. "loss (nats per character)" for a language model. */
    public static XYChart loss(History h, String axis) {
        return curves("Loss", axis, Map.of("train", h.loss(), "validation", h.valLoss()), h, false);
    }

    /** Train and validation accuracy per epoch. */
    public static XYChart accuracy(History h) {
        return curves("Accuracy", "accuracy", Map.of("train", h.accuracy(), "validation", h.valAccuracy()), h, false);
    }

    /** A regression model's validation MAE and RMSE per epoch, in the targets' units (its accuracy chart). */
    public static XYChart errors(History h) {
        XYChart chart = chart("Validation error", "error (target units)");
        double[] x = epochs(h);
        addSeries(chart, "val_mae", x, h.valMae());
        addSeries(chart, "val_rmse", x, h.valRmse());
        return chart;
    }

    /**
     * Each test sample's prediction against its target (first output), with the diagonal a perfect model would lie on:
     * matplotlib's {@code plt.scatter(y_test, y_pred)} of every regression tutorial.
     */
    public static XYChart predictedVsActual(io.netforge.metrics.RegressionReport r) {
        XYChart chart = new XYChartBuilder()
                .width(HEIGHT + 120)
                .height(HEIGHT)
                .title("Predicted vs actual (test)")
                .xAxisTitle("actual")
                .yAxisTitle("predicted")
                .build();
        style(chart);
        double[] actual = column(r.actual(), r.width());
        double[] predicted = column(r.predicted(), r.width());
        double lo = Math.min(min(actual), min(predicted));
        double hi = Math.max(max(actual), max(predicted));
        chart.addSeries("perfect", new double[] {lo, hi}, new double[] {lo, hi}).setMarker(SeriesMarkers.NONE);
        chart.addSeries("test samples", actual, predicted)
                .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /**
     * The test targets in their order (for windows of a series: time) with the model's predictions and, when given,
     * a baseline's (the naive forecast), first output only.
     */
    public static XYChart forecast(
            io.netforge.metrics.RegressionReport r,
            String baselineName,
            io.netforge.metrics.RegressionReport baseline) {
        XYChart chart = chart("Test targets and predictions in order", "value");
        chart.setXAxisTitle("test sample");
        double[] x = new double[r.count()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        chart.addSeries("actual", x, column(r.actual(), r.width())).setMarker(SeriesMarkers.NONE);
        chart.addSeries("model", x, column(r.predicted(), r.width())).setMarker(SeriesMarkers.NONE);
        if (baseline != null && baseline.count() == r.count()) {
            chart.addSeries(baselineName, x, column(baseline.predicted(), baseline.width()))
                    .setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static double[] column(float[] values, int width) {
        double[] c = new double[values.length / width];
        for (int i = 0; i < c.length; i++) {
            c[i] = values[i * width];
        }
        return c;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(1);
    }

    /** The learning rate of each epoch, on a log axis when it spans more than a factor of 10. */
    public static XYChart learningRate(History h) {
        double[] lr = h.learningRate();
        double min = java.util.Arrays.stream(lr).min().orElse(1);
        double max = java.util.Arrays.stream(lr).max().orElse(1);
        return curves("Learning rate", "learning rate", Map.of("learning rate", lr), h, min > 0 && max / min > 10);
    }

    /**
     * Several runs' curves of one metric overlaid, one series per run ({@code loss}, {@code val_loss},
     * {@code accuracy} or {@code val_accuracy}).
     */
    public static XYChart compare(String metric, Map<String, History> runs) {
        XYChart chart = chart(metric + " per epoch", metric);
        for (Map.Entry<String, History> run : runs.entrySet()) {
            double[] y = switch (metric) {
                case "loss" -> run.getValue().loss();
                case "val_loss" -> run.getValue().valLoss();
                case "accuracy" -> run.getValue().accuracy();
                case "val_accuracy" -> run.getValue().valAccuracy();
                default ->
                    throw new IllegalArgumentException(
                            "unknown metric " + metric + "; expected loss, val_loss, accuracy or val_accuracy");
            };
            addSeries(chart, run.getKey(), epochs(run.getValue()), y);
        }
        return chart;
    }

    /** Writes {@code name.png} and {@code name.svg} into {@code dir}; returns the PNG. */
    public static Path save(XYChart chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path base = dir.resolve(name);
        BitmapEncoder.saveBitmapWithDPI(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG, 96);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return dir.resolve(name + ".png");
    }

    private static XYChart curves(String title, String yTitle, Map<String, double[]> series, History h, boolean logY) {
        XYChart chart = chart(title, yTitle);
        chart.getStyler().setYAxisLogarithmic(logY);
        double[] x = epochs(h);
        for (String name : List.of("train", "validation", "learning rate")) {
            double[] y = series.get(name);
            if (y != null) {
                addSeries(chart, name, x, y);
            }
        }
        return chart;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        style(chart);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static void style(XYChart chart) {
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
    }

    /** Adds the finite points only (a NaN is an epoch without validation); a series without any is left out. */
    private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static double[] epochs(History h) {
        return h.epochs().stream().mapToDouble(e -> e.epoch()).toArray();
    }
}
