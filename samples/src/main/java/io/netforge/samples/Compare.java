package io.netforge.samples;

import io.netforge.report.Comparison;
import io.netforge.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Compares saved runs (folders written by a training run or a sweep) in one report. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Writes a comparison report of saved run folders: overlaid curves, final metrics, the best highlighted.")
final class Compare implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders, e.g. runs/MnistCnn-20261122-120000")
    List<Path> runDirs;

    @Override
    public Integer call() {
        Path dir = main.runs.resolve("compare-" + RunReport.timestamp());
        try {
            main.out().println("Comparison: " + Comparison.write(dir, runDirs, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}
