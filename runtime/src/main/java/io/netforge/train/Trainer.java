package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.graph.GraphFactory;
import io.netforge.graph.NetGraph;
import io.netforge.summary.Summary;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.progress.ProgressBar;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.LoadOption;
import io.netforge.train.state.OffHeapCollector;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Trains one model: its {@link Network} (graph, weights, evaluation, predictions and files) plus the training loop,
 * its settings and its checkpoints. Generated {@code <Model>Trainer} classes extend it with the model's graph and
 * annotated defaults.
 *
 * <p>{@link #fit(Dataset, Dataset, TrainingStrategy)} checks the data, lets the strategy prepare its steps and starts
 * (or continues) a {@link Run}, whose loop only counts epochs and batches and calls {@link Callback}s: the progress
 * bar, the {@link History}, the learning-rate schedule, early stopping, checkpoints, the off-heap collection, and the
 * user's own. Steps go through {@link ManualTraining} to the {@link StepEngine}; a checkpoint holds the state of every
 * {@link io.netforge.train.state.Stateful} part under its key ({@link CheckpointCodec}). How the pieces fit:
 * docs/architecture.md.
 */
public class Trainer extends Network {
    private final ManualTraining steps;
    private final OffHeapCollector collector = new OffHeapCollector();
    private PrintStream console;
    private boolean consoleIsTerminal;
    /** The current run (a fit, or a run continued from a checkpoint); null before the first. */
    private Run run;
    /** Set by {@link #loadCheckpoint}: the next fit continues {@link #run} instead of starting a new one. */
    private boolean continueRun;

    /** A trainer without a compile-time summary (hand-built graphs, tests); the graph must compute {@code config.loss()}. */
    protected Trainer(TrainConfig config, LongFunction<NetGraph> graphFactory) {
        this(config, (seed, loss) -> graphFactory.apply(seed), null);
    }

    /**
     * @param graphFactory builds the graph for the configured seed and loss
     * @param summary the processor's summary of the model, returned by {@link #summary()}
     */
    protected Trainer(TrainConfig config, GraphFactory graphFactory, Summary summary) {
        super(Network.Parts.of(config, graphFactory.build(config.seed(), config.loss())), summary);
        this.console = Quiet.install();
        this.consoleIsTerminal = ProgressBar.isTerminal();
        this.steps = new ManualTraining(parts);
    }

    /** Where progress goes (default: the console, with a redrawn bar when it is a terminal); one line per epoch. */
    public Trainer progressTo(PrintStream out) {
        this.console = Objects.requireNonNull(out, "out");
        this.consoleIsTerminal = false;
        return this;
    }

    public TrainConfig config() {
        return parts.config();
    }

    /** The engine that computes this trainer's steps. */
    public StepEngine engine() {
        return parts.engine();
    }

    /** The learning rate the next step will use. */
    public double learningRate() {
        return parts.scheduler().learningRate();
    }

    /** Trains without validation. */
    public History fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains for {@code config().epochs()} epochs on this machine, shuffling each epoch, and evaluates
     * {@code validation} (may be null) after each. Calling {@code fit} again continues from the current weights,
     * optimizer and schedule state.
     *
     * @throws NonFiniteException when a loss or gradient is NaN or infinite (the weights keep their last finite values)
     */
    public History fit(Dataset train, Dataset validation) {
        return fit(train, validation, TrainingStrategy.local());
    }

    /** {@link #fit(Dataset, Dataset)} with the steps taken by {@code strategy} (e.g. data-parallel on Spark). */
    public History fit(Dataset train, Dataset validation, TrainingStrategy strategy) {
        Normalization input = Run.checkData(parts, train, validation);
        TrainingStrategy.Epochs epochs = strategy.prepare(this, train, input);
        run = continueRun && run != null
                ? run.resumed(console)
                : new Run(parts, epochsDone(), epochsDone() + config().epochs());
        continueRun = false;
        TrainingContext context =
                new TrainingContext(this, run, parts, console, validation != null, epochs.batchesPerEpoch());
        return run.fit(context, run.loop(console, consoleIsTerminal, collector), epochs, validation);
    }

    /** Steps taken one at a time, for custom loops and data-parallel training (Lightning's manual optimization). */
    public ManualTraining manual() {
        return steps;
    }

    /**
     * Writes the state of every {@link Stateful} part to {@code file}, atomically (docs/checkpoints.md). During
     * {@code fit}, call it from a callback (the training thread) for a checkpoint that resumes exactly.
     */
    public void saveCheckpoint(Path file) throws IOException {
        CheckpointCodec.save(parts, run != null ? run : new Run(parts, epochsDone(), epochsDone()), file);
    }

    /**
     * Restores a checkpoint, verified completely before anything changes; the next {@link #fit} continues its run
     * exactly (within its epoch for a step checkpoint). Every problem is an {@link io.netforge.io.CheckpointException}
     * naming the file and what is wrong ({@code problem()}); on any exception the trainer is exactly as it was.
     */
    public void loadCheckpoint(Path file, LoadOption... options) throws IOException {
        run = CheckpointCodec.load(parts, file, LoadChecks.allowNonFinite(options));
        continueRun = true;
    }

    /**
     * Keras' {@code BackupAndRestore}: loads the newest checkpoint in {@code dir} that loads, skipping (with a warning)
     * newer ones that fail any check; empty when there is none.
     */
    public Optional<Path> resume(Path dir, LoadOption... options) throws IOException {
        Optional<CheckpointCodec.Loaded> loaded =
                CheckpointCodec.resume(parts, console, dir, LoadChecks.allowNonFinite(options));
        loaded.ifPresent(l -> {
            run = l.run();
            continueRun = true;
        });
        return loaded.map(CheckpointCodec.Loaded::file);
    }

    /** Loads a checkpoint, a weights file or PyTorch safetensors, whichever {@code file} is; returns this trainer. */
    public Trainer load(Path file, LoadOption... options) throws IOException {
        CheckpointCodec.loadAny(this, file, options);
        return this;
    }

    /** Restarts the dropout-mask and DisturbLabel streams from {@code seed} (data-parallel workers seed theirs apart). */
    public void seedStreams(long seed) {
        parts.rng().reseed(seed);
    }

    /** Epochs trained so far by this trainer (restored by {@link #loadCheckpoint}). */
    public int epochsDone() {
        return parts.counters().epochsDone;
    }

    /** Optimizer steps taken by {@link #fit} so far over this trainer's life (restored by {@link #loadCheckpoint}). */
    public long globalStep() {
        return parts.counters().globalStep;
    }

    /** Where progress and messages go ({@link #progressTo}); strategies print their notes here. */
    public PrintStream console() {
        return console;
    }
}
