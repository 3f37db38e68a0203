package io.netforge.samples;

import io.netforge.report.Comparison;
import io.netforge.report.RunReport;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Trains a sample over a grid of trainer settings, one run after another, each with its run report, then
 * writes a comparison report (overlaid curves, final metrics and wall time, the best run highlighted).
 * Lists are comma-separated; every combination is trained.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Trains SAMPLE for every combination of the given settings and writes a comparison report.")
final class Sweep implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SAMPLE", description = "the sample to train, as for the main command")
    String sample;

    @Option(names = "--learning-rate", split = ",", description = "learning rates, e.g. 0.01,0.001")
    List<Double> learningRates = new ArrayList<>();

    @Option(names = "--batch-size", split = ",", description = "batch sizes, e.g. 32,64")
    List<Integer> batchSizes = new ArrayList<>();

    @Option(names = "--epochs", split = ",", description = "epoch counts, e.g. 3,5")
    List<Integer> epochs = new ArrayList<>();

    @Option(
            names = "--optimizer",
            split = ",",
            description = "optimizers: adam, adamw, sgd (momentum 0.9), rmsprop, adagrad")
    List<String> optimizers = new ArrayList<>();

    @Option(names = "--weight-decay", split = ",", description = "weight decays, e.g. 0,1e-4")
    List<Double> weightDecays = new ArrayList<>();

    @Override
    public Integer call() {
        Sample s = Sample.byId(sample);
        List<TrainConfig> grid = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String opt : orDefault(optimizers, null)) {
            for (Double lr : orDefault(learningRates, null)) {
                for (Double wd : orDefault(weightDecays, null)) {
                    for (Integer bs : orDefault(batchSizes, null)) {
                        for (Integer ep : orDefault(epochs, null)) {
                            TrainConfig base = s.defaults;
                            double rate = lr == null ? base.optimizer().learningRate() : lr;
                            TrainConfig.Builder cfg = base.toBuilder();
                            StringBuilder label = new StringBuilder();
                            if (opt != null || wd != null) {
                                cfg.optimizer(optimizer(opt == null ? "adam" : opt, rate, wd == null ? 0 : wd));
                            } else {
                                cfg.learningRate(rate);
                            }
                            append(label, "optimizer", opt);
                            append(label, "lr", lr);
                            append(label, "weight_decay", wd);
                            append(label, "batch", bs);
                            append(label, "epochs", ep);
                            if (bs != null) {
                                cfg.batchSize(bs);
                            }
                            if (ep != null) {
                                cfg.epochs(ep);
                            }
                            main.applyOverrides(cfg);
                            grid.add(cfg.verbose(!main.quiet).build());
                            labels.add(label.length() == 0 ? "defaults" : label.toString());
                        }
                    }
                }
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            main.out().printf(Locale.ROOT, "Sweep run %d/%d: %s%n", i + 1, grid.size(), labels.get(i));
            Main.Outcome o = main.train(s, grid.get(i));
            dirs.add(o.report());
        }
        Path dir = main.runs.resolve("sweep-" + s.id + "-" + RunReport.timestamp());
        try {
            Path html = Comparison.write(dir, dirs, labels);
            main.out().println("Comparison: " + html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    static Optimizer optimizer(String name, double lr, double weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> new Optimizer.Adam(lr, 0.9, 0.999, 1e-8, weightDecay);
            case "adamw" -> new Optimizer.AdamW(lr, 0.9, 0.999, 1e-8, weightDecay == 0 ? 0.01 : weightDecay);
            case "sgd" -> new Optimizer.Sgd(lr, 0.9, 0, false, weightDecay);
            case "rmsprop" -> new Optimizer.RmsProp(lr, 0.99, 1e-8, weightDecay, 0, false);
            case "adagrad" -> new Optimizer.AdaGrad(lr, 0, weightDecay, 0, 1e-10);
            default ->
                throw new IllegalArgumentException(
                        "unknown optimizer '" + name + "'; expected adam, adamw, sgd, rmsprop or adagrad");
        };
    }

    private static <T> List<T> orDefault(List<T> values, T none) {
        List<T> out = new ArrayList<>(values);
        if (out.isEmpty()) {
            out.add(none);
        }
        return out;
    }

    private static void append(StringBuilder label, String name, Object value) {
        if (value != null) {
            label.append(label.length() == 0 ? "" : ", ")
                    .append(name)
                    .append('=')
                    .append(value);
        }
    }
}
