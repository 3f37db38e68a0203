package io.netforge.train;

import io.netforge.train.engine.StepResult;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.progress.ProgressBar;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.OffHeapCollector;
import io.netforge.train.state.State;
import io.netforge.train.state.Stateful;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link Trainer#fit} (a first fit, or one continued from a checkpoint): its epoch range, its history and
 * its stateful built-in callbacks, and, during an epoch, where the epoch stands. Checkpointed under {@code loop}:
 * epochs and optimizer steps done by the trainer, the run's range, and within an epoch the data position (the
 * epoch's shuffle seed, batches done and the metric sums so far), so a run resumed from a checkpoint taken in the
 * middle of an epoch continues at the next batch.
 */
final class Run implements Stateful {
    int firstEpoch;
    int lastEpoch;
    final History history = new History();
    final EarlyStoppingCallback earlyStopping;
    final CheckpointCallback checkpoints;
    /** Where the current epoch stands; null between epochs. */
    Position position;
    /** Read by {@link #loadState}; the trainer takes them when the checkpoint is applied. */
    int loadedEpochs;

    long loadedSteps;
    private final Trainer trainer;

    Run(Trainer trainer, int firstEpoch, int lastEpoch) {
        this.trainer = trainer;
        this.firstEpoch = firstEpoch;
        this.lastEpoch = lastEpoch;
        TrainConfig config = trainer.config();
        this.earlyStopping = config.earlyStopping()
                .map(rule -> new EarlyStoppingCallback(rule, trainer.modelState()))
                .orElse(null);
        this.checkpoints = config.checkpoints().isNone() ? null : new CheckpointCallback(config.checkpoints());
    }

    /**
     * The callbacks of one {@code fit}, in the order they are called: the built-ins that change state first (progress,
     * history, schedule, early stopping), then the user's, then checkpoints and the off-heap collection.
     */
    List<Callback> loop(PrintStream console, boolean terminal, OffHeapCollector collector) {
        TrainConfig config = trainer.config();
        List<Callback> list = new ArrayList<>();
        if (config.verbose()) {
            list.add(new ProgressCallback(console, terminal));
        }
        list.add(history);
        list.add(new ScheduleCallback(trainer.scheduler(), config.scheduleMonitor()));
        if (earlyStopping != null) {
            list.add(earlyStopping);
        }
        list.addAll(config.callbacks());
        if (checkpoints != null) {
            list.add(checkpoints);
        }
        list.add(new Collect(collector));
        return list;
    }

    /** The run's own stateful callbacks: the history, early stopping and checkpoints (those configured). */
    List<Callback> callbacks() {
        List<Callback> list = new ArrayList<>();
        list.add(history);
        if (earlyStopping != null) {
            list.add(earlyStopping);
        }
        if (checkpoints != null) {
            list.add(checkpoints);
        }
        return list;
    }

    /** The epoch in progress: its shuffle seed, learning rate, and what its batches so far added up to. */
    static final class Position {
        final long seed;
        final double learningRate;
        int batches;
        double lossSum;
        long correct;
        long seen;
        double seconds;
        double dataSeconds;

        Position(long seed, double learningRate) {
            this.seed = seed;
            this.learningRate = learningRate;
        }

        void add(StepResult r) {
            batches++;
            lossSum += r.loss() * r.size();
            correct += r.correct();
            seen += r.size();
        }

        double loss() {
            return lossSum / seen;
        }

        double accuracy() {
            return (double) correct / seen;
        }

        EpochResult result(int epoch, Evaluation validation) {
            return new EpochResult(
                    epoch,
                    loss(),
                    accuracy(),
                    validation == null ? Double.NaN : validation.loss(),
                    validation == null ? Double.NaN : validation.accuracy(),
                    learningRate,
                    seconds,
                    dataSeconds);
        }
    }

    @Override
    public String stateKey() {
        return "loop";
    }

    @Override
    public void saveState(State state) {
        state.put("epoch", trainer.epochsDone())
                .put("global_step", trainer.globalStep())
                .put("first_epoch", firstEpoch)
                .put("last_epoch", lastEpoch);
        if (position != null) {
            state.put("position/seed", position.seed)
                    .put("position/learning_rate", position.learningRate)
                    .put("position/batches", position.batches)
                    .put("position/loss_sum", position.lossSum)
                    .put("position/correct", position.correct)
                    .put("position/seen", position.seen)
                    .put("position/seconds", position.seconds)
                    .put("position/data_seconds", position.dataSeconds);
        }
    }

    @Override
    public void loadState(State state) {
        int epoch = (int) LoadChecks.inRange("loop epoch", state.getLong("epoch"), 0, LoadChecks.MAX_EPOCHS);
        long steps = LoadChecks.inRange("loop global_step", state.getLong("global_step"), 0, LoadChecks.MAX_STEPS);
        int first =
                (int) LoadChecks.inRange("loop first_epoch", state.getLong("first_epoch"), 0, LoadChecks.MAX_EPOCHS);
        int last = (int) LoadChecks.inRange("loop last_epoch", state.getLong("last_epoch"), 0, LoadChecks.MAX_EPOCHS);
        if (first > epoch || last < epoch) {
            throw new LoadChecks.OutOfRange("epoch " + epoch + " outside run " + first + ".." + last);
        }
        Position p = null;
        if (state.has("position/seed")) {
            p = new Position(
                    state.getLong("position/seed"),
                    LoadChecks.inRange(
                            "position/learning_rate", state.getDouble("position/learning_rate"), 0, Double.MAX_VALUE));
            p.batches = state.getInt("position/batches");
            p.lossSum = LoadChecks.inRange(
                    "position/loss_sum", state.getDouble("position/loss_sum"), -Double.MAX_VALUE, Double.MAX_VALUE);
            p.correct = state.getLong("position/correct");
            p.seen = state.getLong("position/seen");
            p.seconds =
                    LoadChecks.inRange("position/seconds", state.getDouble("position/seconds"), 0, Double.MAX_VALUE);
            p.dataSeconds = LoadChecks.inRange(
                    "position/data_seconds", state.getDouble("position/data_seconds"), 0, Double.MAX_VALUE);
            if (p.batches < 0 || p.seen < 0 || p.correct < 0 || p.correct > p.seen || epoch >= last) {
                throw new LoadChecks.OutOfRange("data position " + p.batches + " batches, " + p.seen + " samples");
            }
        }
        loadedEpochs = epoch;
        loadedSteps = steps;
        firstEpoch = first;
        lastEpoch = last;
        position = p;
    }

    /** The progress bar as a callback: a Keras-like bar on a terminal, one line per epoch elsewhere ({@link ProgressBar}). */
    private static final class ProgressCallback implements Callback {
        private final ProgressBar bar;
        private long samples;

        ProgressCallback(PrintStream out, boolean terminal) {
            this.bar = new ProgressBar(out, terminal);
        }

        @Override
        public void onEpochBegin(TrainingContext context, int epoch) {
            bar.start(
                    epoch - context.firstEpoch(),
                    context.lastEpoch() - context.firstEpoch(),
                    context.batchesPerEpoch());
            samples = 0;
        }

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            samples += logs.size();
            bar.step(logs.batch(), samples, logs.epochLoss(), logs.epochAccuracy());
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochResult logs) {
            bar.end(logs);
        }
    }

    /**
     * Steps the trainer's learning-rate schedule during {@code fit}: after every optimizer step and every epoch
     * (validation included), by {@link LrScheduler}'s one rule ({@code afterStep}, {@code afterEpoch}), with the
     * configured monitor's value for ReduceLROnPlateau. The schedule's state belongs to the trainer (it carries over to the next {@code fit}).
     */
    private static final class ScheduleCallback implements Callback {
        private final LrScheduler scheduler;
        private final Metric monitor;

        ScheduleCallback(LrScheduler scheduler, Metric monitor) {
            this.scheduler = scheduler;
            this.monitor = monitor;
        }

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            scheduler.afterStep();
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochResult logs) {
            scheduler.afterEpoch(() -> monitor.of(logs));
        }
    }

    /** Runs the off-heap collector after each step ({@link OffHeapCollector}). */
    private static final class Collect implements Callback {
        private final OffHeapCollector collector;

        Collect(OffHeapCollector collector) {
            this.collector = collector;
        }

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            collector.maybeCollect();
        }
    }
}
