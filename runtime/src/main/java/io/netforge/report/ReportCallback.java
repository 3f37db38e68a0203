package io.netforge.report;

import io.netforge.data.Dataset;
import io.netforge.train.Callback;
import io.netforge.train.History;
import io.netforge.train.TrainingContext;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the run's {@link RunReport} when {@code fit} ends: the trained model evaluated on {@code test}, the run's
 * history, curves, confusion matrix, pictures and weights, in a new folder under {@code runs}.
 *
 * <pre>{@code
 * ReportCallback report = ReportCallback.to(Path.of("runs"), data.test());
 * MnistCnnTrainer trainer = MnistCnnTrainer.builder().callbacks(report).create();
 * trainer.fit(data.train(), data.validation());
 * System.out.println(report.folder().orElseThrow());
 * }</pre>
 */
public final class ReportCallback implements Callback {
    private final Path runs;
    private final Dataset test;
    private List<String> classNames = List.of();
    private String title = "";
    private long start;
    private Path folder;
    private Evaluation evaluation;
    private String baselineName;
    private io.netforge.metrics.RegressionReport baseline;
    private GeneratedText text;

    private ReportCallback(Path runs, Dataset test) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.test = Objects.requireNonNull(test, "test");
    }

    /** Reports under {@code runs}, evaluated on {@code test}. */
    public static ReportCallback to(Path runs, Dataset test) {
        return new ReportCallback(runs, test);
    }

    /** Class names for the confusion matrix and captions (default: 0, 1, …). */
    public ReportCallback classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /** A regression model's baseline on the test set, shown beside it ({@link RunReport#baseline}). */
    public ReportCallback baseline(String name, io.netforge.metrics.RegressionReport errors) {
        this.baselineName = Objects.requireNonNull(name, "name");
        this.baseline = Objects.requireNonNull(errors, "errors");
        return this;
    }

    /** A language model's text after each epoch, listed in the report ({@link RunReport#generated}). */
    public ReportCallback text(GeneratedText generated) {
        this.text = Objects.requireNonNull(generated, "generated");
        return this;
    }

    /** A line under the report's heading, e.g. the data set. */
    public ReportCallback title(String text) {
        this.title = Objects.requireNonNull(text, "text");
        return this;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        start = System.nanoTime();
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        evaluation = context.trainer().evaluate(test);
        RunReport report = RunReport.of(context.trainer(), history).test(test, evaluation);
        if (!classNames.isEmpty()) {
            report.classNames(classNames);
        }
        if (!title.isEmpty()) {
            report.title(title);
        }
        if (baseline != null) {
            report.baseline(baselineName, baseline);
        }
        if (text != null) {
            report.generated(text.samples());
        }
        try {
            folder = report.seconds((System.nanoTime() - start) / 1e9).write(runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report under " + runs + ": " + e.getMessage(), e);
        }
    }

    /** The folder of the last report written. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** The test evaluation of the last report written. */
    public Optional<Evaluation> evaluation() {
        return Optional.ofNullable(evaluation);
    }
}
