package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
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
    /** Epochs and optimizer steps done by the trainer over its life: one object per trainer, shared by its runs. */
    static final class Counters {
        int epochsDone;
        long globalStep;
    }

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
    private final Network.Parts parts;

    Run(Network.Parts parts, int firstEpoch, int lastEpoch) {
        this.parts = parts;
        this.firstEpoch = firstEpoch;
        this.lastEpoch = lastEpoch;
        TrainConfig config = parts.config();
        this.earlyStopping = config.earlyStopping()
                .map(rule -> new EarlyStoppingCallback(rule, parts.model()))
                .orElse(null);
        this.checkpoints = config.checkpoints().isNone() ? null : new CheckpointCallback(config.checkpoints());
    }

    /**
     * The callbacks of one {@code fit}, in the order they are called: the built-ins that change state first (progress,
     * history, schedule, early stopping), then the user's, then checkpoints and the off-heap collection.
     */
    CallbackList loop(PrintStream console, boolean terminal, OffHeapCollector collector) {
        TrainConfig config = parts.config();
        List<Callback> list = new ArrayList<>();
        if (config.verbose()) {
            list.add(new ProgressCallback(
                    console, terminal, parts.model().graph().perStep() ? "tokens" : "samples"));
        }
        list.add(history);
        list.add(new ScheduleCallback(parts.scheduler(), config.scheduleMonitor()));
        if (earlyStopping != null) {
            list.add(earlyStopping);
        }
        list.addAll(config.callbacks());
        if (checkpoints != null) {
            list.add(checkpoints);
        }
        list.add(new Collect(collector));
        return new CallbackList(list);
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

        /** The epoch's metrics; a regression model has no accuracy (NaN) but its validation errors. */
        EpochResult result(int epoch, Evaluation validation, boolean regression) {
            return new EpochResult(
                    epoch,
                    loss(),
                    regression ? Double.NaN : accuracy(),
                    validation == null ? Double.NaN : validation.loss(),
                    validation == null ? Double.NaN : validation.accuracy(),
                    learningRate,
                    seconds,
                    dataSeconds,
                    validation == null ? Double.NaN : validation.mae(),
                    validation == null ? Double.NaN : validation.rmse(),
                    validation == null ? Double.NaN : validation.r2());
        }
    }

    @Override
    public String stateKey() {
        return "loop";
    }

    @Override
    public void saveState(State state) {
        state.put("epoch", parts.counters().epochsDone)
                .put("global_step", parts.counters().globalStep)
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

    /**
     * Checks {@code train} and {@code validation} (may be null) against the model and the settings before a fit, adopts
     * the training data's normalization on a first fit, and returns the normalization to apply to training batches.
     */
    static Normalization checkData(Network.Parts parts, Dataset train, Dataset validation) {
        parts.inference().checkCompatible(train);
        if (validation != null) {
            parts.inference().checkCompatible(validation);
        }
        TrainConfig config = parts.config();
        config.earlyStopping().ifPresent(e -> requireMetric(parts, e.monitor(), "EarlyStopping", validation));
        if (parts.scheduler().needsMetric()) {
            requireMetric(parts, config.scheduleMonitor(), "ReduceLROnPlateau", validation);
        }
        if (parts.model().normalization().isNone() && parts.counters().epochsDone == 0) {
            parts.model().normalization(train.normalization());
        }
        if (train.isRegression()) {
            if (parts.counters().epochsDone == 0) {
                parts.model().targetScaling(train.targetScaling());
            } else if (!train.targetScaling().equals(parts.model().targetScaling())) {
                throw new IllegalArgumentException("dataset '" + train.name() + "' has targets scaled with "
                        + train.targetScaling() + " but " + parts.model().name() + " trained on targets scaled with "
                        + parts.model().targetScaling() + "; train on targets scaled the same way");
            }
        }
        Normalization input = parts.inference().inputTransform(train);
        if (validation != null) {
            parts.inference().inputTransform(validation);
        }
        return input;
    }

    private static void requireMetric(Network.Parts parts, Metric metric, String who, Dataset validation) {
        boolean regression = parts.model().graph().regression();
        boolean regressionMetric = metric == Metric.VAL_MAE || metric == Metric.VAL_RMSE;
        if (regression ? metric.isAccuracy() : regressionMetric) {
            throw new IllegalArgumentException(parts.model().name() + ": " + who + " monitors " + metric + ", which "
                    + (regression
                            ? "a regression model does not have: monitor val_loss, val_mae or val_rmse"
                            : "only a regression model has: monitor val_loss or val_accuracy"));
        }
        if (metric.needsValidation() && validation == null) {
            throw new IllegalArgumentException(parts.model().name() + ": " + who + " monitors " + metric
                    + ", which needs validation data: call fit(train, validation), or monitor "
                    + (regressionMetric ? "loss" : metric.key().substring(4)));
        }
    }

    /**
     * This run, loaded from a checkpoint, continued by the next fit: as Keras' BackupAndRestore, it lasts
     * {@code epochs} from its start, and at least to the end of an epoch a step checkpoint was taken in.
     */
    Run resumed(PrintStream console) {
        int done = parts.counters().epochsDone;
        lastEpoch = Math.max(
                done + (position != null ? 1 : 0), firstEpoch + parts.config().epochs());
        if (parts.config().verbose()) {
            console.printf(
                    java.util.Locale.ROOT,
                    "Resuming %s after epoch %d of %d%n",
                    parts.model().name(),
                    done,
                    lastEpoch);
        }
        return this;
    }

    /** Makes the counters this run's checkpoint held the trainer's (the last step of restoring a checkpoint). */
    void applyLoadedCounters() {
        parts.counters().epochsDone = loadedEpochs;
        parts.counters().globalStep = loadedSteps;
    }

    /**
     * The loop: epochs until the run's last or a stop request, each drawing its shuffle seed (or continuing a
     * checkpoint's position), taking the strategy's steps, validating, and calling every hook of {@code callbacks}.
     */
    History fit(TrainingContext context, CallbackList callbacks, TrainingStrategy.Epochs epochs, Dataset validation) {
        Counters counters = parts.counters();
        LrScheduler scheduler = parts.scheduler();
        callbacks.onTrainBegin(context);
        while (counters.epochsDone < lastEpoch && !context.stopRequested()) {
            int epoch = counters.epochsDone + 1;
            Position p = position != null
                    ? position
                    : new Position(parts.rng().shuffle.nextLong(), scheduler.learningRate());
            position = p;
            long start = System.nanoTime();
            double seconds = p.seconds;
            double dataSeconds = p.dataSeconds;
            callbacks.onEpochBegin(context, epoch);
            if (context.stopRequested()) {
                break; // asked before the epoch's first step: the epoch does not count
            }
            if (p.batches > epochs.batchesPerEpoch()) {
                throw new IllegalArgumentException(parts.model().name() + ": the checkpoint was taken after batch "
                        + p.batches + " of epoch " + epoch + ", but this data has " + epochs.batchesPerEpoch()
                        + " batches per epoch; resume with the same data and batch size");
            }
            try (TrainingStrategy.Steps steps = epochs.epoch(p.seed)) {
                steps.skip(p.batches);
                long skippedWait = steps.waitNanos();
                while (steps.hasNext() && !context.stopRequested()) {
                    int batch = p.batches + 1;
                    callbacks.onBatchBegin(context, batch);
                    double lr = scheduler.learningRate();
                    StepResult result = steps.next(epoch, batch);
                    counters.globalStep++;
                    p.add(result);
                    p.seconds = seconds + (System.nanoTime() - start) / 1e9;
                    p.dataSeconds = dataSeconds + (steps.waitNanos() - skippedWait) / 1e9;
                    callbacks.onBatchEnd(
                            context,
                            new BatchLogs(
                                    epoch,
                                    batch,
                                    result.size(),
                                    result.loss(),
                                    result.correct(),
                                    p.loss(),
                                    parts.model().graph().regression() ? Double.NaN : p.accuracy(),
                                    lr,
                                    counters.globalStep));
                }
                p.dataSeconds = dataSeconds + (steps.waitNanos() - skippedWait) / 1e9;
            }
            Evaluation val = validation == null ? null : parts.inference().evaluate(validation);
            if (val != null) {
                callbacks.onValidationEnd(context, val);
            }
            p.seconds = seconds + (System.nanoTime() - start) / 1e9;
            counters.epochsDone++;
            position = null;
            callbacks.onEpochEnd(
                    context,
                    p.result(counters.epochsDone, val, parts.model().graph().regression()));
        }
        callbacks.onTrainEnd(context, history);
        return history;
    }

    /** Keras' {@code CallbackList}: the callbacks of one {@code fit}, each hook called on all of them in order. */
    static final class CallbackList {
        private final List<Callback> callbacks;

        CallbackList(List<Callback> callbacks) {
            this.callbacks = List.copyOf(callbacks);
        }

        void onTrainBegin(TrainingContext c) {
            callbacks.forEach(cb -> cb.onTrainBegin(c));
        }

        void onEpochBegin(TrainingContext c, int epoch) {
            callbacks.forEach(cb -> cb.onEpochBegin(c, epoch));
        }

        void onBatchBegin(TrainingContext c, int batch) {
            callbacks.forEach(cb -> cb.onBatchBegin(c, batch));
        }

        void onBatchEnd(TrainingContext c, BatchLogs logs) {
            callbacks.forEach(cb -> cb.onBatchEnd(c, logs));
        }

        void onValidationEnd(TrainingContext c, Evaluation validation) {
            callbacks.forEach(cb -> cb.onValidationEnd(c, validation));
        }

        void onEpochEnd(TrainingContext c, EpochResult logs) {
            callbacks.forEach(cb -> cb.onEpochEnd(c, logs));
        }

        void onTrainEnd(TrainingContext c, History h) {
            callbacks.forEach(cb -> cb.onTrainEnd(c, h));
        }
    }

    /** The progress bar as a callback: a Keras-like bar on a terminal, one line per epoch elsewhere ({@link ProgressBar}). */
    private static final class ProgressCallback implements Callback {
        private final ProgressBar bar;
        private long samples;

        /** @param unit what the rate counts: samples, or a per-step model's tokens with a target */
        ProgressCallback(PrintStream out, boolean terminal, String unit) {
            this.bar = new ProgressBar(out, terminal).unit(unit);
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
