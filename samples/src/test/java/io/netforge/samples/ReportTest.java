package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.report.Comparison;
import io.netforge.report.RunReport;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run reports of a real training run (the small residual net on the digits): every file, every plot and
 * picture (size, not blank, the expected number of tiles), the comparison of two runs, and both HTML pages
 * loaded in headless Chromium, which must decode every image and fail to load nothing.
 */
class ReportTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    static Path runs;

    static Path first;
    static Path second;
    static Path comparison;
    static Evaluation firstTest;

    @BeforeAll
    static void trainTwoRuns() throws IOException {
        Splits data = Digits.imageSplits(42).withValidation(0.1, 42).standardize();
        DigitsResNetTrainer a =
                DigitsResNetTrainer.builder().epochs(2).verbose(false).create();
        History ha = a.fit(data.train(), data.validation());
        firstTest = a.evaluate(data.test());
        first = RunReport.of(a, ha)
                .test(data.test(), firstTest)
                .classNames(Sample.DIGITS_RESNET.classNames())
                .title("digits")
                .write(runs);
        DigitsResNetTrainer b = DigitsResNetTrainer.builder()
                .epochs(1)
                .learningRate(1e-4)
                .verbose(false)
                .create();
        History hb = b.fit(data.train(), data.validation());
        second = RunReport.of(b, hb).test(data.test(), b.evaluate(data.test())).write(runs);
        comparison = Comparison.write(
                runs.resolve("compare"), List.of(first, second), List.of("lr=0.003, 2 epochs", "lr=1e-4, 1 epoch"));
    }

    @Test
    void theRunFolderHasEveryFile() throws IOException {
        assertThat(first.getFileName().toString()).matches("DigitsResNet-\\d{8}-\\d{6}(-\\d+)?");
        for (String f : RunReport.FILES) {
            assertThat(first.resolve(f)).as(f).isNotEmptyFile();
        }
        for (String f : List.of("misclassified.png", "filters.png", "feature_maps.png")) {
            assertThat(first.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(first.resolve("history.csv"))).hasSize(3);
        Comparison.Run run = Comparison.read(first);
        assertThat(run.metrics()).containsEntry("model", "DigitsResNet").containsEntry("epochs", "2");
        assertThat(Double.parseDouble(run.metrics().get("test_accuracy"))).isEqualTo(firstTest.accuracy());
        assertThat(Files.readString(first.resolve("summary.txt")))
                .contains("Trainable params: 19,706")
                .contains(
                        "Arrays in memory (float): parameters 0.08 MiB (78,824 bytes), BatchNorm buffers 0.00 MiB (1,152 bytes)");
        String html = Files.readString(first.resolve("report.html"));
        assertThat(html)
                .contains("<h1>DigitsResNet</h1>")
                .contains("Test metrics")
                .contains("Configuration")
                .contains(String.format(java.util.Locale.ROOT, "%.2f%%", firstTest.accuracy() * 100))
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void curvesArePngAndSvgOfTheirSizeAndNotBlank() throws IOException {
        for (String chart : List.of("loss", "accuracy", "learning_rate")) {
            BufferedImage png = ImageIO.read(first.resolve(chart + ".png").toFile());
            assertThat(png.getWidth()).as(chart).isEqualTo(960); // 720×420 at 96 dpi
            assertThat(png.getHeight()).as(chart).isEqualTo(560);
            assertThat(colours(png)).as(chart + " has lines, text and a legend").isGreaterThan(20);
            assertThat(Files.readString(first.resolve(chart + ".svg")))
                    .as(chart)
                    .contains("<svg")
                    .contains("viewBox=\"0 0 720 420\"")
                    .contains("<path");
        }
    }

    @Test
    void picturesHaveTheExpectedTiles() throws IOException {
        // 16 stem filters of 3×3 drawn 16× in an 8-column grid with 2-pixel gaps: 2 rows
        BufferedImage filters = ImageIO.read(first.resolve("filters.png").toFile());
        assertThat(filters.getWidth()).isEqualTo(8 * (3 * 16 + 2) + 2);
        assertThat(filters.getHeight()).isEqualTo(2 * (3 * 16 + 2) + 2);
        assertThat(colours(filters)).isGreaterThan(16);
        // 16 feature maps of 8×8 drawn 12×
        BufferedImage maps = ImageIO.read(first.resolve("feature_maps.png").toFile());
        assertThat(maps.getWidth()).isEqualTo(8 * (8 * 12 + 2) + 2);
        assertThat(maps.getHeight()).isEqualTo(2 * (8 * 12 + 2) + 2);
        assertThat(colours(maps)).isGreaterThan(16);
        // 10 classes: 110-pixel labels, 44-pixel cells
        BufferedImage matrix =
                ImageIO.read(first.resolve("confusion_matrix.png").toFile());
        assertThat(matrix.getWidth()).isEqualTo(110 + 10 * 44 + 20);
        assertThat(colours(matrix)).isGreaterThan(10);
        BufferedImage wrong = ImageIO.read(first.resolve("misclassified.png").toFile());
        long misclassified = firstTest.count() - firstTest.correct();
        int tiles = (int) Math.min(16, misclassified);
        int rows = (tiles + 7) / 8;
        assertThat(wrong.getHeight()).isEqualTo(rows * (8 * 10 + 16 + 8));
        assertThat(colours(wrong)).isGreaterThan(10);
    }

    @Test
    void theComparisonOverlaysTheRunsAndHighlightsTheBest() throws IOException {
        String html = Files.readString(comparison);
        assertThat(html)
                .contains("lr=0.003, 2 epochs")
                .contains("lr=1e-4, 1 epoch")
                .contains("2 runs compared");
        assertThat(Pattern.compile("<tr class=\"best\"><td>lr=0.003, 2 epochs</td>")
                        .matcher(html)
                        .find())
                .isTrue();
        assertThat(html.split("class=\"best\"", -1)).hasSize(2);
        BufferedImage loss =
                ImageIO.read(comparison.resolveSibling("compare_loss.png").toFile());
        assertThat(colours(loss)).isGreaterThan(20);
        assertThat(comparison.resolveSibling("compare_accuracy.svg")).isNotEmptyFile();
    }

    /** Both pages in headless Chromium: every image decoded, nothing failed to load. */
    @Test
    void chromiumLoadsEveryImageOfBothPages() throws Exception {
        for (Path page : List.of(first.resolve("report.html"), comparison)) {
            String check = loadInChromium(page);
            Matcher m = Pattern.compile("images=(\\d+) decoded=(\\d+) failed=(\\d+)")
                    .matcher(check);
            assertThat(m.find())
                    .as("Chromium's check of " + page + ": " + check)
                    .isTrue();
            assertThat(Integer.parseInt(m.group(1)))
                    .as("images on " + page)
                    .isGreaterThanOrEqualTo(page.endsWith("report.html") ? 7 : 2);
            assertThat(m.group(2)).as("decoded images on " + page).isEqualTo(m.group(1));
            assertThat(m.group(3)).as("failed loads on " + page).isEqualTo("0");
        }
    }

    /** The sample CLI writes a report by default and prints its path; sweep trains a grid and compares it. */
    @Test
    void theCliWritesReportsAndSweeps() throws IOException {
        Path dir = runs.resolve("cli");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "--runs",
                        dir.toString(),
                        "--quiet",
                        "sweep",
                        "digits-mlp",
                        "--learning-rate",
                        "0.01,0.001",
                        "--epochs",
                        "1"))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("Sweep run 1/2: lr=0.01, epochs=1")
                .contains("Sweep run 2/2: lr=0.001, epochs=1")
                .containsPattern("Report: .*DigitsMlp-.*report.html")
                .contains("Comparison: ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("DigitsMlp-")))
                    .hasSize(2);
        }
        Matcher m = Pattern.compile("Comparison: (\\S+)").matcher(out);
        assertThat(m.find()).isTrue();
        assertThat(Files.readString(Path.of(m.group(1))))
                .contains("lr=0.01, epochs=1")
                .contains("class=\"best\"");

        // saved runs of two different models, compared afterwards
        ByteArrayOutputStream compared = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(compared, true, StandardCharsets.UTF_8),
                        "--runs",
                        dir.toString(),
                        "compare",
                        first.toString(),
                        second.toString()))
                .isZero();
        Matcher c = Pattern.compile("Comparison: (\\S+)").matcher(compared.toString(StandardCharsets.UTF_8));
        assertThat(c.find()).isTrue();
        assertThat(Files.readString(Path.of(c.group(1))))
                .contains(first.getFileName().toString())
                .contains(second.getFileName().toString());
    }

    static String loadInChromium(Path page) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium)
                .as("Debian's chromium (installed by scripts/setup.sh: apt-get install chromium)")
                .isExecutable();
        String html = Files.readString(page);
        String probe = """
                <script>
                window.__failed = [];
                document.addEventListener('error', function (e) { window.__failed.push(String(e.target.src || e.target.href)); }, true);
                window.addEventListener('load', function () {
                  var imgs = Array.prototype.slice.call(document.images);
                  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
                  document.body.setAttribute('data-check', 'images=' + imgs.length + ' decoded=' + ok + ' failed=' + window.__failed.length);
                });
                </script>
                """;
        Path checked = page.resolveSibling(".chromium-check.html");
        Files.writeString(checked, html.replaceFirst("<head>\n", "<head>\n" + Matcher.quoteReplacement(probe)));
        Process p = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        checked.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("data-check=\"([^\"]*)\"").matcher(dom);
        return m.find()
                ? m.group(1)
                : "no result in the DOM (exit " + p.exitValue() + "): " + dom.substring(0, Math.min(300, dom.length()));
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
