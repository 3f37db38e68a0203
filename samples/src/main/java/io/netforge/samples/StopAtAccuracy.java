package io.netforge.samples;

import io.netforge.train.Callback;
import io.netforge.train.TrainingContext;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Logs every epoch to a CSV file of its own and stops training once the validation accuracy reaches a target. */
public final class StopAtAccuracy implements Callback {
    private final Path csv;
    private final double target;
    private int rows;

    public StopAtAccuracy(Path csv, double target) {
        this.csv = csv;
        this.target = target;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (rows == 0) {
            write("epoch,loss,val_accuracy,learning_rate\n", StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        write(
                String.format(
                        Locale.ROOT,
                        "%d,%.6f,%.6f,%s%n",
                        logs.epoch(),
                        logs.loss(),
                        logs.valAccuracy(),
                        logs.learningRate()),
                StandardOpenOption.APPEND);
        rows++;
        if (logs.valAccuracy() >= target) {
            context.requestStop(
                    String.format(Locale.ROOT, "val_accuracy %.4f reached %.4f", logs.valAccuracy(), target));
            if (context.verbose()) {
                context.console().printf(Locale.ROOT, "Target reached after epoch %d%n", logs.epoch());
            }
        }
    }

    /** The rows written so far travel with checkpoints, so a resumed run appends to the same file. */
    @Override
    public void saveState(State state) {
        state.put("rows", rows);
    }

    @Override
    public void loadState(State state) {
        rows = state.getInt("rows");
    }

    private void write(String text, StandardOpenOption mode) {
        try {
            Files.writeString(csv, text, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
        }
    }
}
