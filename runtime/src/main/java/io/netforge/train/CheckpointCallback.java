package io.netforge.train;

import io.netforge.io.CheckpointFile;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.State;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the trainer's {@link Checkpoints} during {@code fit}: every few epochs or steps, at the run's last epoch, and
 * {@code best.nfc} whenever the monitored metric improves; prunes to the last K. Runs after every other callback,
 * so a checkpoint holds what they did in the epoch. Checkpointed under {@code checkpoints}: the monitor's name and
 * its best value so far.
 */
final class CheckpointCallback implements Callback {
    private final Checkpoints checkpoints;
    private Metric monitor;
    private EarlyStopping.Tracker best;

    CheckpointCallback(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        TrainConfig config = context.trainer().config();
        Metric wanted = checkpoints
                .monitor()
                .orElse(config.earlyStopping()
                        .map(EarlyStopping::monitor)
                        .orElse(context.hasValidation() ? Metric.VAL_LOSS : Metric.LOSS));
        if (best == null || !wanted.equals(monitor)) {
            monitor = wanted;
            best = tracker(monitor);
        }
    }

    @Override
    public void onBatchEnd(TrainingContext context, BatchLogs logs) {
        if (checkpoints.everySteps() > 0 && logs.globalStep() % checkpoints.everySteps() == 0) {
            write(context, checkpoints.stepFile(logs.epoch(), logs.globalStep()), false);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        boolean improved = best.update(logs.epoch(), monitor.of(logs));
        boolean due = checkpoints.everySteps() == 0 && logs.epoch() % checkpoints.every() == 0;
        if (due || context.isLastEpoch()) {
            write(context, checkpoints.epochFile(logs.epoch()), improved);
        } else if (improved) {
            write(context, null, true);
        }
    }

    private void write(TrainingContext context, java.nio.file.Path file, boolean alsoBest) {
        byte[] bytes = CheckpointCodec.encode(context.parts(), context.run());
        try {
            if (file != null) {
                CheckpointFile.write(file, bytes);
            }
            if (alsoBest) {
                CheckpointFile.write(checkpoints.bestFile(), bytes);
            }
            checkpoints.prune();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EarlyStopping.Tracker tracker(Metric metric) {
        return new EarlyStopping(
                        metric,
                        io.netforge.annotations.Mode.AUTO,
                        Integer.MAX_VALUE,
                        0,
                        false,
                        java.util.Optional.empty())
                .start();
    }

    @Override
    public String stateKey() {
        return "checkpoints";
    }

    @Override
    public void saveState(State state) {
        if (best != null) {
            state.put("monitor", monitor.key());
            best.save(state);
        }
    }

    /** An empty state (saved before any fit with checkpoints) leaves the monitor to be chosen by the next fit. */
    @Override
    public void loadState(State state) {
        if (state.isEmpty()) {
            monitor = null;
            best = null;
            return;
        }
        Metric m = Metric.of(state.getString("monitor"));
        EarlyStopping.Tracker t = tracker(m);
        t.load(state);
        monitor = m;
        best = t;
    }
}
