package io.netforge.samples;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.report.ReportCallback;
import io.netforge.train.History;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import io.netforge.train.inference.Evaluation;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains a named sample model and prints its test accuracy. */
@Command(
        name = "netforge-samples",
        mixinStandardHelpOptions = true,
        version = "NetForge samples 0.1.0",
        description = "Trains one of the tutorial models, prints its summary and test accuracy, and writes a run report"
                + " (runs/<model>-<time>/report.html).",
        subcommands = {Sweep.class, Compare.class})
public final class Main implements Callable<Integer> {
    @Parameters(
            index = "0",
            defaultValue = "digits-mlp",
            paramLabel = "SAMPLE",
            description =
                    "digits-mlp (default; embedded data), or on Fashion-MNIST: mnist-cnn, mnist-cnn-tuned, keras-mlp, batchnorm-cnn, deep-cnn, resnet18, fashion-lstm; digits-resnet (embedded data); spam-bow, spam-embedding, spam-cnn, spam-lstm, spam-gru, spam-transformer (the SpamAssassin corpus); sunspots (a forecaster, statsmodels' series); moby-lstm, moby-transformer (character-level language models of Moby Dick)")
    String sample;

    @Option(names = "--epochs", description = "override the annotated number of epochs")
    Integer epochs;

    @Option(names = "--batch-size", description = "override the annotated batch size")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "override the annotated learning rate")
    Double learningRate;

    @Option(names = "--seed", description = "override the annotated seed")
    Long seed;

    @Option(
            names = "--validation",
            defaultValue = "0.1",
            description = "fraction of the training data held out for validation (default: ${DEFAULT-VALUE})")
    double validation;

    @Option(
            names = "--data",
            description =
                    "directory with the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist), or for"
                            + " the spam samples the SpamAssassin corpus (default: ~/.local/share/netforge/datasets/spam-assassin)")
    Path dataDir;

    @Option(names = "--quiet", description = "no summary, progress or report")
    boolean quiet;

    @Option(
            names = "--limit",
            description = "train on a seeded random subset of this many training samples (quick runs)")
    Integer limit;

    @Option(
            names = "--eval-limit",
            description = "validate and test on seeded random subsets of this many samples (quick runs)")
    Integer evalLimit;

    @Option(
            names = "--no-augment",
            description = "train without the sample's augmentation (mnist-cnn: random flip and crop)")
    boolean noAugment;

    @Option(
            names = "--prefetch",
            description = "training batches prepared ahead on a background thread (default: 2; 0: off)")
    Integer prefetch;

    @Option(names = "--drop-last", description = "drop each epoch's last, incomplete batch")
    boolean dropLast;

    @Option(names = "--runs", defaultValue = "runs", description = "folder for run reports (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--no-report", description = "do not write a run report")
    boolean noReport;

    @Option(
            names = "--checkpoints",
            description = "write a checkpoint after every epoch to this folder (last 3 and the best kept)"
                    + " and, if it already holds some, resume from the newest")
    Path checkpointDir;

    @Option(
            names = "--export-safetensors",
            description = "after training, write the weights with PyTorch state_dict names to this file")
    Path safetensorsFile;

    @Option(
            names = "--export-onnx",
            description = "after training, write the model as ONNX (opset 13, raw input, logits and"
                    + " probabilities) to this file for ONNX Runtime, TensorRT, OpenVINO (docs/deploy.md)")
    Path onnxFile;

    @Option(
            names = "--history",
            description = "write the per-epoch history to this file: CSV, or JSON if it ends in .json")
    Path historyFile;

    private final PrintStream out;

    Main(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(Quiet.install(), args));
    }

    /** Runs the command line, printing progress and results to {@code out}. */
    static int run(PrintStream out, String... args) {
        return new CommandLine(new Main(out)).execute(args);
    }

    @Override
    public Integer call() {
        Sample s = Sample.byId(sample);
        TrainConfig.Builder cfg = s.defaults.toBuilder().verbose(!quiet);
        if (epochs != null) {
            cfg.epochs(epochs);
        }
        if (batchSize != null) {
            cfg.batchSize(batchSize);
        }
        if (learningRate != null) {
            cfg.learningRate(learningRate);
        }
        applyOverrides(cfg);
        train(s, cfg.build());
        return 0;
    }

    /** The options every run takes, sweeps included: seed, prefetch, drop-last. */
    void applyOverrides(TrainConfig.Builder cfg) {
        if (seed != null) {
            cfg.seed(seed);
        }
        if (prefetch != null) {
            cfg.prefetch(prefetch);
        }
        if (dropLast) {
            cfg.dropLast(true);
        }
        if (checkpointDir != null) {
            cfg.checkpoints(io.netforge.train.Checkpoints.in(checkpointDir));
        }
    }

    PrintStream out() {
        return out;
    }

    /** The file a text sample's vocabulary is saved to, in the run's report folder beside {@code weights.nfw}. */
    static final String VOCABULARY_FILE = "vocabulary.txt";

    /** What a language model sample's text after each epoch continues: the book's first words. */
    static final String PROMPT = "Call me Ishmael. ";

    /** The name of a series sample's baseline. */
    static final String NAIVE = "naive forecast";

    /** What one training run produced. */
    record Outcome(History history, Evaluation test, Path report, double seconds) {}

    /** A file the run writes when its option is given. */
    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    /** Writes {@code file} if the option gave one, then says so; a file error ends the run with its message. */
    private void write(Path file, String what, FileWriter writer) {
        if (file == null) {
            return;
        }
        try {
            writer.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(what + " written to " + file);
    }

    /** A seeded random subset of {@code n} samples of {@code data}, or {@code data} when it is no larger (or null). */
    private static Dataset subset(Dataset data, int n, long seed) {
        return data == null || n >= data.size()
                ? data
                : data.split((double) n / data.size(), seed).first();
    }

    /** Loads the sample's data as the options say, trains, evaluates, prints, and writes the run report unless {@code --no-report}. */
    Outcome train(Sample s, TrainConfig config) {
        long runStart = System.nanoTime();
        Sample.Data loaded = s.data.apply(dataDir);
        Splits data = loaded.splits();
        if (validation > 0 && !loaded.presplit()) {
            data = data.withValidation(validation, config.seed());
        }
        if (limit != null && limit < data.train().size()) {
            Dataset subset = data.train()
                    .split((double) limit / data.train().size(), config.seed())
                    .first();
            data = new Splits(subset, data.validation(), data.test());
        }
        if (evalLimit != null) {
            data = new Splits(
                    data.train(),
                    subset(data.validation(), evalLimit, config.seed()),
                    subset(data.test(), evalLimit, config.seed()));
        }
        if (s.standardize() && !loaded.isText() && !loaded.presplit()) {
            data = data.standardize();
        }
        data = s.reshape(data);
        if (s.augmentation() != null && !noAugment) {
            data = data.augment(s.augmentation());
        }
        // the run report is written by a callback when fit ends: the trained model on the test set, curves, pictures
        io.netforge.metrics.RegressionReport naive =
                loaded.series() ? io.netforge.datasets.Windows.naiveForecast(data.test()) : null;
        ReportCallback report = noReport
                ? null
                : ReportCallback.to(runs, data.test())
                        .classNames(
                                loaded.classNames() != null
                                        ? loaded.classNames()
                                        : loaded.isText() ? java.util.List.of() : s.classNames())
                        .title(s.description + "; " + data.train().size() + " training samples");
        if (report != null && naive != null) {
            report.baseline(NAIVE, naive);
        }
        // a language model writes text after each epoch, on the console and in the report
        io.netforge.report.GeneratedText text = loaded.characters() == null
                ? null
                : new io.netforge.report.GeneratedText(PROMPT, 200, 0.8, 0, quiet ? null : out);
        if (report != null && text != null) {
            report.text(text);
        }
        java.util.List<io.netforge.train.Callback> callbacks = new java.util.ArrayList<>();
        if (text != null) {
            callbacks.add(text);
        }
        if (report != null) {
            callbacks.add(report);
        }
        Trainer trainer = s.trainer.apply(
                callbacks.isEmpty()
                        ? config
                        : config.toBuilder()
                                .callbacks(callbacks.toArray(new io.netforge.train.Callback[0]))
                                .build());
        if (loaded.characters() != null) {
            trainer.characters(loaded.characters());
        }
        trainer.progressTo(out);
        out.printf(
                Locale.ROOT,
                "NetForge: %s — %,d parameters; %,d train, %,d validation, %,d test samples; %d epochs, batch %d, %s%n",
                s.description,
                trainer.parameterCount(),
                data.train().size(),
                data.validation() == null ? 0 : data.validation().size(),
                data.test().size(),
                config.epochs(),
                config.batchSize(),
                config.optimizer());
        if (!quiet) {
            out.println("Backend: " + io.netforge.util.Backend.describe());
            if (!data.train().normalization().isNone()) {
                out.println(
                        "Input normalization (training split): " + data.train().normalization());
            }
            if (data.train().augmentation() != null) {
                out.println("Augmentation (training batches): " + data.train().augmentation());
            }
            out.print(trainer.summary());
        }
        if (checkpointDir != null) {
            try {
                java.util.Optional<Path> from = trainer.resume(checkpointDir);
                if (from.isPresent()) {
                    out.printf(Locale.ROOT, "Resuming from %s (epoch %d done)%n", from.get(), trainer.epochsDone());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        History history = trainer.fit(data.train(), data.validation());
        double trainingSeconds = Arrays.stream(history.seconds()).sum();
        Evaluation test = report == null
                ? trainer.evaluate(data.test())
                : report.evaluation().orElseThrow();
        long trained = (long) history.size() * data.train().size();
        if (trainer.graph().perStep()) {
            out.printf(
                    Locale.ROOT,
                    "Test loss: %.4f nats per character (%.3f bits), next-character accuracy %.2f%% on %,d characters;"
                            + " training took %.1f s (%,.0f characters/s)%n",
                    test.loss(),
                    test.loss() / Math.log(2),
                    test.accuracy() * 100,
                    test.count(),
                    trainingSeconds,
                    history.size() * (double) data.train().size() * data.train().labelSteps() / trainingSeconds);
        } else if (test.regression() != null) {
            out.printf(
                    Locale.ROOT,
                    "Test RMSE: %.4g, MAE %.4g, R² %.3f on %d samples%s; test loss %.4f, training took %.1f s (%,.0f"
                            + " samples/s)%n",
                    test.rmse(),
                    test.mae(),
                    test.r2(),
                    test.count(),
                    naive == null ? "" : String.format(Locale.ROOT, " (%s: RMSE %.4g)", NAIVE, naive.rmse()),
                    test.loss(),
                    trainingSeconds,
                    trained / trainingSeconds);
        } else {
            out.printf(
                    Locale.ROOT,
                    "Test accuracy: %.2f%% (%d/%d), test loss %.4f, training took %.1f s (%,.0f samples/s)%n",
                    test.accuracy() * 100,
                    test.correct(),
                    test.count(),
                    test.loss(),
                    trainingSeconds,
                    trained / trainingSeconds);
        }
        double dataSeconds = Arrays.stream(history.dataSeconds()).sum();
        out.printf(
                Locale.ROOT,
                "Data pipeline: the training loop waited %.2f s for batches in %.1f s of epochs (%.1f%%)%n",
                dataSeconds,
                trainingSeconds,
                100 * dataSeconds / trainingSeconds);
        if (!quiet) {
            out.printf(Locale.ROOT, "Learning rate per epoch: %s%n", Arrays.toString(history.learningRate()));
            out.print(test.report() != null ? test.report() : test + "\n");
        }
        write(safetensorsFile, "Weights for PyTorch", trainer::exportSafetensors);
        write(onnxFile, "ONNX model", trainer::exportOnnx);
        write(historyFile, "History", f -> {
            if (f.toString().endsWith(".json")) {
                history.writeJson(f);
            } else {
                history.writeCsv(f);
            }
        });
        Path folder = report == null ? null : report.folder().orElseThrow();
        if (folder != null) {
            if (loaded.vocabulary() != null) {
                write(folder.resolve(VOCABULARY_FILE), "Vocabulary", loaded.vocabulary()::save);
            }
            out.println("Report: " + folder.resolve("report.html"));
        }
        return new Outcome(history, test, folder, (System.nanoTime() - runStart) / 1e9);
    }
}
