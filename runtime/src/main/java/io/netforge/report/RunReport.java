package io.netforge.report;

import io.netforge.data.Dataset;
import io.netforge.train.History;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.progress.EpochResult;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One training run as a folder a person can open: {@code runs/<model>-<yyyyMMdd-HHmmss>/} with
 * {@code report.html} (self-contained: its images sit beside it, nothing is fetched), the model summary, the
 * configuration, loss/accuracy/learning-rate curves (PNG and SVG), final metrics, the confusion matrix, a grid
 * of misclassified test samples, the first convolution layer's filters and feature maps, {@code history.csv},
 * {@code metrics.json} (read by {@link Comparison}) and the evaluated weights ({@code weights.nfw}).
 */
public final class RunReport {
    /** Files every report folder has. */
    public static final List<String> FILES = List.of(
            "report.html",
            "history.csv",
            "metrics.json",
            "summary.txt",
            "weights.nfw",
            "loss.png",
            "loss.svg",
            "accuracy.png",
            "accuracy.svg",
            "learning_rate.png",
            "learning_rate.svg",
            "confusion_matrix.png");

    private final Trainer trainer;
    private final History history;
    private Dataset test;
    private Evaluation evaluation;
    private List<String> classNames;
    private String title;
    private double seconds = Double.NaN;
    private List<GeneratedText.Sample> generated = List.of();
    private String baselineName;
    private io.netforge.metrics.RegressionReport baseline;

    private RunReport(Trainer trainer, History history) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.history = Objects.requireNonNull(history, "history");
    }

    public static RunReport of(Trainer trainer, History history) {
        return new RunReport(trainer, history);
    }

    /** The test set and its evaluation: final metrics, confusion matrix and misclassified samples. */
    public RunReport test(Dataset data, Evaluation result) {
        this.test = Objects.requireNonNull(data, "data");
        this.evaluation = Objects.requireNonNull(result, "result");
        return this;
    }

    /** Class names for the confusion matrix and captions (default: 0, 1, …). */
    public RunReport classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /**
     * A regression model's baseline on the same test set, e.g. the naive forecast ({@code
     * io.netforge.datasets.Windows.naiveForecast}): its errors beside the model's, its predictions on the forecast chart.
     */
    public RunReport baseline(String name, io.netforge.metrics.RegressionReport errors) {
        this.baselineName = Objects.requireNonNull(name, "name");
        this.baseline = Objects.requireNonNull(errors, "errors");
        return this;
    }

    /** A line under the heading, e.g. the data set. */
    public RunReport title(String text) {
        this.title = text;
        return this;
    }

    /** Wall time of the whole run (training and evaluation), for the comparison table. */
    public RunReport generated(List<GeneratedText.Sample> samples) {
        this.generated = List.copyOf(samples);
        return this;
    }

    public RunReport seconds(double wallSeconds) {
        this.seconds = wallSeconds;
        return this;
    }

    /** Writes a new folder under {@code runsDir} and returns it. */
    public Path write(Path runsDir) throws IOException {
        String model = trainer.graph().modelName();
        Path dir = newRunDir(runsDir, model);
        List<String> names =
                classNames != null ? classNames : defaultNames(trainer.graph().classes());
        Files.writeString(dir.resolve("summary.txt"), summaryText(), StandardCharsets.UTF_8);
        history.writeCsv(dir.resolve("history.csv"));
        trainer.saveWeights(dir.resolve("weights.nfw"));
        boolean regression = trainer.graph().regression();
        Charts.save(
                Charts.loss(
                        history,
                        trainer.graph().perStep()
                                ? "loss (nats per " + (trainer.characters() != null ? "character" : "token") + ")"
                                : "loss"),
                dir,
                "loss");
        Charts.save(
                regression ? Charts.errors(history) : Charts.accuracy(history),
                dir,
                regression ? "errors" : "accuracy");
        Charts.save(Charts.learningRate(history), dir, "learning_rate");

        StringBuilder pictures = new StringBuilder();
        if (evaluation != null && evaluation.regression() != null) {
            Charts.save(Charts.predictedVsActual(evaluation.regression()), dir, "predicted_vs_actual");
            pictures.append(figure("predicted_vs_actual.png", "Test predictions against their targets"));
            Charts.save(Charts.forecast(evaluation.regression(), baselineName, baseline), dir, "forecast");
            pictures.append(figure(
                    "forecast.png",
                    "Test targets in order with the model's predictions"
                            + (baseline == null ? "" : " and the " + baselineName + "'s")));
        } else if (evaluation != null && evaluation.report() != null) {
            Pictures.save(
                    Pictures.confusionMatrix(evaluation.confusionMatrix(), names), dir.resolve("confusion_matrix.png"));
            pictures.append(figure(
                    "confusion_matrix.png", "Confusion matrix of the test set (rows: true class, columns: predicted)"));
            int shown = misclassified(dir, names);
            if (shown > 0) {
                pictures.append(figure("misclassified.png", shown + " misclassified test samples (true → predicted)"));
            }
        }
        String conv = firstConv();
        if (conv != null) {
            float[][][] filters = trainer.predictor().filters(conv);
            Pictures.save(Pictures.grid(filters, 8, Math.max(4, 48 / filters[0].length)), dir.resolve("filters.png"));
            pictures.append(
                    figure("filters.png", filters.length + " filters of " + conv + " (averaged over input channels)"));
            if (test != null) {
                float[][][] maps = trainer.predictor().featureMaps(conv, test, 0);
                Pictures.save(
                        Pictures.grid(maps, 8, Math.max(1, 96 / maps[0].length)), dir.resolve("feature_maps.png"));
                pictures.append(figure(
                        "feature_maps.png",
                        maps.length + " feature maps of " + conv + " for test sample 0"
                                + (test.isRegression() ? "" : " (" + names.get(test.label(0)) + ")")));
            }
        }
        Files.writeString(dir.resolve("metrics.json"), metricsJson(model), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(model, pictures.toString()), StandardCharsets.UTF_8);
        return dir;
    }

    /** Now as {@code yyyyMMdd-HHmmss}, the suffix of run, sweep and comparison folders. */
    public static String timestamp() {
        return LocalDateTime.now(java.time.ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    }

    private static Path newRunDir(Path runsDir, String model) throws IOException {
        String stamp = timestamp();
        Files.createDirectories(runsDir);
        for (int n = 0; ; n++) {
            Path dir = runsDir.resolve(model + "-" + stamp + (n == 0 ? "" : "-" + n));
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // two runs in one second: take the next suffix
            }
        }
    }

    /**
     * Up to 16 misclassified test samples as a labelled grid; returns how many. Predicts chunk by chunk and stops
     * once 16 are found, so a large test set (ResNet-18 evaluates ~75 samples/s here) is not run through twice.
     */
    private int misclassified(Path dir, List<String> names) throws IOException {
        int[] shape = test.sampleShape();
        if (shape.length != 3) {
            return 0;
        }
        List<float[][][]> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int chunk = 256;
        for (int start = 0; start < test.size() && images.size() < 16; start += chunk) {
            int[] indices = java.util.stream.IntStream.range(start, Math.min(test.size(), start + chunk))
                    .toArray();
            int[] predicted = trainer.predictor().predict(test.subset(indices, test.name()));
            for (int k = 0; k < indices.length && images.size() < 16; k++) {
                int i = indices[k];
                if (predicted[k] != test.label(i)) {
                    images.add(chw(test.features(i), shape));
                    captions.add(names.get(test.label(i)) + " → " + names.get(predicted[k]));
                }
            }
        }
        if (images.isEmpty()) {
            return 0;
        }
        int scale = Math.max(1, 84 / shape[1]);
        Pictures.save(Pictures.samples(images, captions, 8, scale), dir.resolve("misclassified.png"));
        return images.size();
    }

    private static float[][][] chw(float[] values, int[] shape) {
        int c = shape[0] == 3 ? 3 : 1;
        float[][][] img = new float[c][shape[1]][shape[2]];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    img[ch][y][x] = values[(ch * shape[1] + y) * shape[2] + x];
                }
            }
        }
        return img;
    }

    private String firstConv() {
        for (String layer : trainer.graph().layerOutputs().keySet()) {
            if (trainer.graph().sameDiff().hasVariable(layer + "/W")
                    && trainer.graph().array(layer + "/W").rank() == 4) {
                return layer;
            }
        }
        return null;
    }

    private String summaryText() {
        try {
            return trainer.runtimeSummary().toString();
        } catch (IllegalStateException e) {
            return trainer.graph().modelName() + ": " + String.format(Locale.ROOT, "%,d", trainer.parameterCount())
                    + " trainable parameters (no compile-time summary)\n";
        }
    }

    private static List<String> defaultNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** The configuration as name → value, from the record's components. */
    static Map<String, String> config(TrainConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            try {
                out.put(c.getName(), String.valueOf(c.getAccessor().invoke(config)));
            } catch (ReflectiveOperationException e) {
                out.put(c.getName(), "?");
            }
        }
        return out;
    }

    private String metricsJson(String model) {
        EpochResult last = history.epochs().isEmpty() ? null : history.last();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("epochs", history.size());
        m.put("loss", last == null ? Double.NaN : last.loss());
        m.put("accuracy", last == null ? Double.NaN : last.accuracy());
        m.put("val_loss", last == null ? Double.NaN : last.valLoss());
        m.put("val_accuracy", last == null ? Double.NaN : last.valAccuracy());
        m.put("test_loss", evaluation == null ? Double.NaN : evaluation.loss());
        m.put("test_accuracy", evaluation == null ? Double.NaN : evaluation.accuracy());
        if (evaluation != null && evaluation.regression() != null) {
            m.put("test_mae", evaluation.mae());
            m.put("test_rmse", evaluation.rmse());
            m.put("test_r2", evaluation.r2());
            if (baseline != null) {
                m.put("baseline", baselineName);
                m.put("baseline_rmse", baseline.rmse());
                m.put("baseline_mae", baseline.mae());
            }
        }
        m.put(
                "seconds",
                Double.isNaN(seconds)
                        ? java.util.Arrays.stream(history.seconds()).sum()
                        : seconds);
        StringBuilder sb = new StringBuilder("{\n");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append("  \"")
                    .append(e.getKey())
                    .append("\": ")
                    .append(json(e.getValue()))
                    .append(",\n");
        }
        sb.append("  \"config\": {");
        boolean first = true;
        for (Map.Entry<String, String> e : config(trainer.config()).entrySet()) {
            sb.append(first ? "\n" : ",\n")
                    .append("    \"")
                    .append(e.getKey())
                    .append("\": ")
                    .append(json(e.getValue()));
            first = false;
        }
        return sb.append("\n  }\n}\n").toString();
    }

    static String json(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? (v instanceof Integer ? v.toString() : Double.toString(d)) : "null";
        }
        return io.netforge.io.Json.write(String.valueOf(v));
    }

    private String html(String model, String pictures) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(model))
                .append(" — NetForge run</title>\n")
                .append(Html.STYLE)
                .append("</head>\n<body>\n");
        h.append("<h1>").append(Html.escape(model)).append("</h1>\n");
        if (title != null) {
            h.append("<p class=\"sub\">").append(Html.escape(title)).append("</p>\n");
        }
        h.append("<div class=\"cards\">\n");
        if (evaluation != null && evaluation.regression() != null) {
            card(h, "test RMSE", String.format(Locale.ROOT, "%.4g", evaluation.rmse()));
            if (baseline != null) {
                card(h, baselineName + " RMSE", String.format(Locale.ROOT, "%.4g", baseline.rmse()));
            }
            card(h, "test MAE", String.format(Locale.ROOT, "%.4g", evaluation.mae()));
            card(h, "test R²", String.format(Locale.ROOT, "%.3f", evaluation.r2()));
        } else if (evaluation != null && trainer.graph().perStep()) {
            card(h, "test loss (nats per token)", String.format(Locale.ROOT, "%.4f", evaluation.loss()));
            card(h, "bits per token", String.format(Locale.ROOT, "%.3f", evaluation.loss() / Math.log(2)));
            card(h, "next-token accuracy", String.format(Locale.ROOT, "%.2f%%", evaluation.accuracy() * 100));
        } else if (evaluation != null) {
            card(h, "test accuracy", String.format(Locale.ROOT, "%.2f%%", evaluation.accuracy() * 100));
            card(h, "test loss", String.format(Locale.ROOT, "%.4f", evaluation.loss()));
        }
        if (!history.epochs().isEmpty()) {
            EpochResult last = history.last();
            if (Double.isFinite(last.valAccuracy())) {
                card(h, "val accuracy", String.format(Locale.ROOT, "%.2f%%", last.valAccuracy() * 100));
            }
            if (Double.isFinite(last.valRmse())) {
                card(h, "val RMSE", String.format(Locale.ROOT, "%.4g", last.valRmse()));
            }
            if (Double.isFinite(last.accuracy())) {
                card(h, "train accuracy", String.format(Locale.ROOT, "%.2f%%", last.accuracy() * 100));
            }
            card(h, "epochs", Integer.toString(history.size()));
            card(
                    h,
                    "time",
                    String.format(
                            Locale.ROOT,
                            "%.1f s",
                            Double.isNaN(seconds)
                                    ? java.util.Arrays.stream(history.seconds()).sum()
                                    : seconds));
        }
        card(h, "parameters", String.format(Locale.ROOT, "%,d", trainer.parameterCount()));
        h.append("</div>\n<h2>Curves</h2>\n<div class=\"row\">\n");
        for (String chart : List.of("loss", trainer.graph().regression() ? "errors" : "accuracy", "learning_rate")) {
            h.append("<figure><a href=\"")
                    .append(chart)
                    .append(".svg\"><img src=\"")
                    .append(chart)
                    .append(".png\" alt=\"")
                    .append(chart.replace('_', ' '))
                    .append(" per epoch\" width=\"")
                    .append(Charts.WIDTH / 2 * 3 / 2)
                    .append("\"></a><figcaption>")
                    .append(chart.replace('_', ' '))
                    .append(" per epoch (SVG: click)</figcaption></figure>\n");
        }
        h.append("</div>\n");
        if (evaluation != null) {
            h.append("<h2>Test metrics</h2>\n<pre>")
                    .append(Html.escape(
                            evaluation.report() != null
                                    ? evaluation.report().toString()
                                    : evaluation + (baseline == null ? "" : "\n" + baselineName + ": " + baseline)))
                    .append("</pre>\n");
        }
        if (!pictures.isEmpty()) {
            h.append("<h2>Pictures</h2>\n<div class=\"row\">\n")
                    .append(pictures)
                    .append("</div>\n");
        }
        if (!generated.isEmpty()) {
            h.append("<h2>Generated text</h2>\n<table>\n<tr><th>after epoch</th><th>prompt, then the model's"
                    + " text</th></tr>\n");
            for (GeneratedText.Sample g : generated) {
                h.append("<tr><td>")
                        .append(g.epoch())
                        .append("</td><td><pre style=\"white-space: pre-wrap\"><b>")
                        .append(Html.escape(g.prompt()))
                        .append("</b>")
                        .append(Html.escape(g.text()))
                        .append("</pre></td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Per epoch</h2>\n<table>\n<tr>");
        List<String> columns = history.columns();
        for (String c : columns) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (EpochResult r : history.epochs()) {
            h.append("<tr><td>").append(r.epoch()).append("</td>");
            for (double v : java.util.Arrays.copyOf(History.values(r), columns.size() - 1)) {
                h.append("<td>")
                        .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "")
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Configuration</h2>\n<table>\n");
        for (Map.Entry<String, String> e : config(trainer.config()).entrySet()) {
            h.append("<tr><th>")
                    .append(Html.escape(e.getKey()))
                    .append("</th><td>")
                    .append(Html.escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        h.append("<tr><th>input normalization</th><td>")
                .append(Html.escape(trainer.normalization().toString()))
                .append("</td></tr>\n");
        h.append("</table>\n<h2>Model</h2>\n<pre>")
                .append(Html.escape(summaryText()))
                .append("</pre>\n");
        h.append("<h2>Files</h2>\n<ul>\n");
        for (String f : List.of("history.csv", "metrics.json", "summary.txt", "weights.nfw")) {
            h.append("<li><a href=\"").append(f).append("\">").append(f).append("</a></li>\n");
        }
        h.append("</ul>\n<p class=\"sub\">Written by NetForge on ")
                .append(LocalDateTime.now(java.time.ZoneId.systemDefault())
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)))
                .append(".</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><div class=\"value\">")
                .append(Html.escape(value))
                .append("</div><div class=\"label\">")
                .append(Html.escape(label))
                .append("</div></div>\n");
    }

    private static String figure(String file, String caption) {
        return "<figure><img src=\"" + file + "\" alt=\"" + Html.escape(caption) + "\"><figcaption>"
                + Html.escape(caption) + "</figcaption></figure>\n";
    }
}
