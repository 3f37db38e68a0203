package io.netforge.report;

import io.netforge.train.History;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several runs "at a glance", as the tutorials compare them: their curves overlaid (validation loss and
 * accuracy when every run has them, else training), a table of final metrics and wall time, the best run
 * (highest test accuracy, else validation accuracy) highlighted, each linking to its own report. Reads the
 * run folders {@link RunReport} writes, so saved runs of different models can be compared too.
 */
public final class Comparison {
    private Comparison() {}

    /** One run folder as read back. */
    public record Run(String name, Path dir, History history, Map<String, String> metrics) {
        double number(String key) {
            String v = metrics.get(key);
            return v == null || v.equals("null") ? Double.NaN : Double.parseDouble(v);
        }
    }

    /** Reads {@code history.csv} and {@code metrics.json} of a run folder. */
    public static Run read(Path dir) throws IOException {
        Path history = dir.resolve("history.csv");
        Path metrics = dir.resolve("metrics.json");
        if (!Files.isRegularFile(history) || !Files.isRegularFile(metrics)) {
            throw new IOException(
                    dir + " is not a run folder: it needs history.csv and metrics.json (written by RunReport)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\": (\"(?:[^\"\\\\]|\\\\.)*\"|[-+0-9.eE]+|null)")
                .matcher(Files.readString(metrics));
        while (m.find()) {
            String v = m.group(2);
            values.putIfAbsent(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return new Run(dir.getFileName().toString(), dir, History.readCsv(history), values);
    }

    /**
     * Writes {@code compare.html} and its charts into {@code dir} for {@code runDirs}; returns the HTML file.
     *
     * @param labels one label per run (its varied settings), or null to use the folder names
     */
    public static Path write(Path dir, List<Path> runDirs, List<String> labels) throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: no run folders");
        }
        Files.createDirectories(dir);
        List<Run> runs = new ArrayList<>();
        for (Path r : runDirs) {
            runs.add(read(r));
        }
        Map<String, History> histories = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            histories.put(
                    labels == null ? runs.get(i).name() : labels.get(i),
                    runs.get(i).history());
        }
        boolean validation = runs.stream().allMatch(r -> Double.isFinite(r.number("val_loss")));
        String lossMetric = validation ? "val_loss" : "loss";
        String accuracyMetric = validation ? "val_accuracy" : "accuracy";
        Charts.save(Charts.compare(lossMetric, histories), dir, "compare_loss");
        Charts.save(Charts.compare(accuracyMetric, histories), dir, "compare_accuracy");
        int best = best(runs);

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>NetForge — ")
                .append(runs.size())
                .append(" runs compared</title>\n")
                .append(Html.STYLE)
                .append("</head>\n<body>\n<h1>")
                .append(runs.size())
                .append(" runs compared</h1>\n");
        if (best >= 0) {
            h.append("<p class=\"sub\">Best: <b>")
                    .append(Html.escape(label(runs, labels, best)))
                    .append("</b></p>\n");
        }
        h.append("<div class=\"row\">\n");
        for (String chart : List.of("compare_loss", "compare_accuracy")) {
            h.append("<figure><a href=\"")
                    .append(chart)
                    .append(".svg\"><img src=\"")
                    .append(chart)
                    .append(".png\" alt=\"")
                    .append(chart.replace('_', ' '))
                    .append("\"></a><figcaption>")
                    .append(chart.equals("compare_loss") ? lossMetric : accuracyMetric)
                    .append(" of every run per epoch</figcaption></figure>\n");
        }
        h.append(
                "</div>\n<h2>Final metrics</h2>\n<table>\n<tr><th>run</th><th>model</th><th>epochs</th><th>loss</th><th>val_loss</th>"
                        + "<th>val_accuracy</th><th>test_accuracy</th><th>time (s)</th><th>report</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            h.append(i == best ? "<tr class=\"best\">" : "<tr>")
                    .append("<td>")
                    .append(Html.escape(label(runs, labels, i)))
                    .append("</td><td>")
                    .append(Html.escape(r.metrics().getOrDefault("model", "?")))
                    .append("</td><td>")
                    .append(r.history().size())
                    .append("</td>");
            for (String key : List.of("loss", "val_loss")) {
                h.append("<td>").append(format(r.number(key), "%.4f")).append("</td>");
            }
            for (String key : List.of("val_accuracy", "test_accuracy")) {
                double v = r.number(key);
                h.append("<td>")
                        .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "")
                        .append("</td>");
            }
            h.append("<td>")
                    .append(format(r.number("seconds"), "%.1f"))
                    .append("</td><td><a href=\"")
                    .append(Html.escape(dir.toAbsolutePath()
                            .relativize(r.dir().toAbsolutePath())
                            .resolve("report.html")
                            .toString()))
                    .append("\">report</a></td></tr>\n");
        }
        h.append("</table>\n<p class=\"sub\">Written by NetForge on ")
                .append(LocalDateTime.now(java.time.ZoneId.systemDefault())
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)))
                .append(".</p>\n</body>\n</html>\n");
        Path html = dir.resolve("compare.html");
        Files.writeString(html, h.toString(), StandardCharsets.UTF_8);
        return html;
    }

    /** Highest test accuracy, else highest validation accuracy, else lowest final loss; -1 if none is known. */
    static int best(List<Run> runs) {
        for (String key : List.of("test_accuracy", "val_accuracy")) {
            int best = -1;
            for (int i = 0; i < runs.size(); i++) {
                double v = runs.get(i).number(key);
                if (Double.isFinite(v) && (best < 0 || v > runs.get(best).number(key))) {
                    best = i;
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        int best = -1;
        for (int i = 0; i < runs.size(); i++) {
            double v = runs.get(i).number("loss");
            if (Double.isFinite(v) && (best < 0 || v < runs.get(best).number("loss"))) {
                best = i;
            }
        }
        return best;
    }

    private static String label(List<Run> runs, List<String> labels, int i) {
        return labels == null ? runs.get(i).name() : labels.get(i);
    }

    private static String format(double v, String pattern) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, pattern, v) : "";
    }
}
