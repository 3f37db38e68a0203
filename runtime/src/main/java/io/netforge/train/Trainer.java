package io.netforge.train;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.graph.GraphFactory;
import io.netforge.graph.NetGraph;
import io.netforge.summary.RuntimeSummary;
import io.netforge.summary.Summary;
import io.netforge.train.checkpoint.TorchStateDict;
import io.netforge.train.checkpoint.WeightsCodec;
import io.netforge.train.engine.DisturbLabel;
import io.netforge.train.engine.Engine;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.PlannedEngine;
import io.netforge.train.engine.SameDiffEngine;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.engine.StepResult;
import io.netforge.train.engine.StepSettings;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.inference.Inference;
import io.netforge.train.inference.Predictor;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.progress.ProgressBar;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.LoadOption;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.OffHeapCollector;
import io.netforge.train.state.RandomStreams;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Trains, evaluates and runs one model: the training loop, and the doors to everything else. Generated
 * {@code <Model>Trainer} classes extend it with the model's graph and annotated defaults.
 *
 * <p>The loop ({@link #fit(Dataset, Dataset, TrainingStrategy)}) only counts epochs and batches and calls
 * {@link Callback}s; every feature of training is one: the progress bar, the {@link History}, the learning-rate
 * schedule, early stopping, checkpoints, the off-heap collection, and the user's own. The arithmetic of a step is the
 * {@link StepEngine}'s ({@link SameDiffEngine}); the model's arrays and normalization are the {@link ModelState}'s;
 * inference goes through {@link Predictor}; files through {@link CheckpointCodec}, {@link TorchStateDict} and
 * {@link ModelState#saveWeights}. A checkpoint holds the state of every {@link Stateful} part under its key. How the
 * pieces fit: docs/architecture.md.
 */
public class Trainer {
    private final TrainConfig config;
    private final ModelState model;
    private final OptimizerState optimizer;
    private final RandomStreams rng;
    private final LrScheduler scheduler;
    private final DisturbLabel disturb;
    private final StepEngine engine;
    private final Inference inference;
    private final Summary summary;
    private final OffHeapCollector collector = new OffHeapCollector();
    private PrintStream console;
    private boolean consoleIsTerminal;
    private int epochsDone;
    private long globalStep;
    /** The current run (a fit, or a run continued from a checkpoint); null before the first. */
    Run run;
    /** Set by {@link #loadCheckpoint}: the next fit continues {@link #run} instead of starting a new one. */
    boolean continueRun;

    /** A trainer without a compile-time summary (hand-built graphs, tests); the graph must compute {@code config.loss()}. */
    protected Trainer(TrainConfig config, LongFunction<NetGraph> graphFactory) {
        this(config, (seed, loss) -> graphFactory.apply(seed), null);
    }

    /**
     * @param graphFactory builds the graph for the configured seed and loss
     * @param summary the processor's summary of the model, returned by {@link #summary()}
     */
    protected Trainer(TrainConfig config, GraphFactory graphFactory, Summary summary) {
        this.summary = summary;
        this.console = Quiet.install();
        this.consoleIsTerminal = ProgressBar.isTerminal();
        this.config = config;
        NetGraph graph = graphFactory.build(config.seed(), config.loss());
        this.model = new ModelState(graph, config.loss(), config.batchSize());
        this.rng = new RandomStreams(config.seed());
        this.disturb = config.disturbLabel() > 0
                ? new DisturbLabel(config.disturbLabel(), Losses.labelClasses(graph.loss(), graph.classes()))
                : null;
        this.scheduler = config.schedule().start(config.optimizer().learningRate());
        this.optimizer = new OptimizerState(graph, config.optimizer(), config.clipping(), config.decayBiasesAndNorms());
        StepSettings settings = new StepSettings(config.batchSize(), config.evalBatchSize(), config.labelSmoothing());
        this.engine = config.engine() == Engine.SAMEDIFF
                ? new SameDiffEngine(model, settings, optimizer, rng)
                : new PlannedEngine(model, settings, optimizer, rng);
        this.inference = new Inference(model, engine, settings);
    }

    /** Where progress goes (default: the console, with a redrawn bar when it is a terminal); one line per epoch. */
    public Trainer progressTo(PrintStream out) {
        this.console = Objects.requireNonNull(out, "out");
        this.consoleIsTerminal = false;
        return this;
    }

    public TrainConfig config() {
        return config;
    }

    public NetGraph graph() {
        return model.graph();
    }

    /** The model's state: its arrays, normalization and lock. */
    public ModelState modelState() {
        return model;
    }

    /** The engine that computes this trainer's steps. */
    public StepEngine engine() {
        return engine;
    }

    /** The model's torchsummary-like table, computed at compile time; {@link IllegalStateException} for a hand-built graph. */
    public Summary summary() {
        if (summary == null) {
            throw new IllegalStateException(
                    model.name() + " has no compile-time summary (its graph was not generated from a @Model class)");
        }
        return summary;
    }

    /** {@link #summary()} plus the bytes the model's arrays occupy as allocated now; printable, and its parts are data. */
    public RuntimeSummary runtimeSummary() {
        return model.runtimeSummary(summary());
    }

    /** Trainable parameter count (BatchNorm running statistics are buffers, not parameters). */
    public long parameterCount() {
        return model.graph().parameterCount();
    }

    /** The learning rate the next step will use. */
    public double learningRate() {
        return scheduler.learningRate();
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
        inference.checkCompatible(train);
        if (validation != null) {
            inference.checkCompatible(validation);
        }
        if (config.earlyStopping().isPresent()) {
            requireMetric(config.earlyStopping().get().monitor(), "EarlyStopping", validation);
        }
        if (scheduler.needsMetric()) {
            requireMetric(config.scheduleMonitor(), "ReduceLROnPlateau", validation);
        }
        if (model.normalization().isNone() && epochsDone == 0) {
            model.normalization(train.normalization());
        }
        Normalization input = inference.inputTransform(train);
        if (validation != null) {
            inference.inputTransform(validation);
        }
        TrainingStrategy.Epochs epochs = strategy.prepare(this, train, input);
        Run r = startRun();
        List<Callback> callbacks = r.loop(console, consoleIsTerminal, collector);
        TrainingContext context = new TrainingContext(this, r, console, validation != null, epochs.batchesPerEpoch());
        callbacks.forEach(c -> c.onTrainBegin(context));
        while (epochsDone < r.lastEpoch && !context.stopRequested()) {
            int epoch = epochsDone + 1;
            Run.Position p = r.position != null
                    ? r.position
                    : new Run.Position(rng.shuffle.nextLong(), scheduler.learningRate());
            r.position = p;
            long start = System.nanoTime();
            double seconds = p.seconds;
            double dataSeconds = p.dataSeconds;
            callbacks.forEach(c -> c.onEpochBegin(context, epoch));
            if (context.stopRequested()) {
                break; // asked before the epoch's first step: the epoch does not count
            }
            if (p.batches > epochs.batchesPerEpoch()) {
                throw new IllegalArgumentException(
                        model.name() + ": the checkpoint was taken after batch " + p.batches + " of epoch "
                                + epoch + ", but this data has " + epochs.batchesPerEpoch()
                                + " batches per epoch; resume with the same"
                                + " data and batch size");
            }
            try (TrainingStrategy.Steps steps = epochs.epoch(p.seed)) {
                steps.skip(p.batches);
                long skippedWait = steps.waitNanos();
                while (steps.hasNext() && !context.stopRequested()) {
                    int batch = p.batches + 1;
                    callbacks.forEach(c -> c.onBatchBegin(context, batch));
                    double lr = scheduler.learningRate();
                    StepResult result = steps.next(epoch, batch);
                    globalStep++;
                    p.add(result);
                    p.seconds = seconds + (System.nanoTime() - start) / 1e9;
                    p.dataSeconds = dataSeconds + (steps.waitNanos() - skippedWait) / 1e9;
                    BatchLogs logs = new BatchLogs(
                            epoch,
                            batch,
                            result.size(),
                            result.loss(),
                            result.correct(),
                            p.loss(),
                            p.accuracy(),
                            lr,
                            globalStep);
                    callbacks.forEach(c -> c.onBatchEnd(context, logs));
                }
                p.dataSeconds = dataSeconds + (steps.waitNanos() - skippedWait) / 1e9;
            }
            Evaluation val = validation == null ? null : evaluate(validation);
            if (val != null) {
                callbacks.forEach(c -> c.onValidationEnd(context, val));
            }
            p.seconds = seconds + (System.nanoTime() - start) / 1e9;
            epochsDone++;
            r.position = null;
            EpochResult result = p.result(epochsDone, val);
            callbacks.forEach(c -> c.onEpochEnd(context, result));
        }
        callbacks.forEach(c -> c.onTrainEnd(context, r.history));
        return r.history;
    }

    /** A new run, or the one a checkpoint continues (lasting {@code config().epochs()} from its start, as Keras' BackupAndRestore). */
    private Run startRun() {
        if (continueRun && run != null) {
            // at least to the end of an epoch a step checkpoint was taken in
            run.lastEpoch = Math.max(epochsDone + (run.position != null ? 1 : 0), run.firstEpoch + config.epochs());
            if (config.verbose()) {
                console.printf(
                        Locale.ROOT, "Resuming %s after epoch %d of %d%n", model.name(), epochsDone, run.lastEpoch);
            }
        } else {
            run = new Run(this, epochsDone, epochsDone + config.epochs());
        }
        continueRun = false;
        return run;
    }

    private void requireMetric(Metric metric, String who, Dataset validation) {
        if (metric.needsValidation() && validation == null) {
            throw new IllegalArgumentException(model.name() + ": " + who + " monitors " + metric
                    + ", which needs validation data: call fit(train, validation), or monitor "
                    + metric.key().substring(4));
        }
    }

    /** One optimizer step of the loop at the current learning rate (strategies call it; the loop steps the schedule). */
    StepResult step(Batch b, int epoch, int stepNo) {
        model.lock().lock();
        try {
            return engine.trainStep(b, targets(b), scheduler.learningRate(), epoch, stepNo);
        } finally {
            model.lock().unlock();
        }
    }

    int[] targets(Batch b) {
        return disturb == null ? b.labels() : disturb.apply(b.labels(), rng.disturb);
    }

    /** Steps taken one at a time, for custom loops and data-parallel training (Lightning's manual optimization). */
    public ManualTraining manual() {
        return new ManualTraining(this);
    }

    /** Evaluation-mode loss (no penalties) and metrics over {@code data}: accuracy, top-k, per-class report, confusion matrix. */
    public Evaluation evaluate(Dataset data) {
        return inference.evaluate(data);
    }

    /** The input normalization this model was trained with (from the first fit's data, or a loaded file); none if none. */
    public Normalization normalization() {
        return model.normalization();
    }

    /** Sets the input normalization, for data normalized outside NetForge (checked against the input channels). */
    public void normalization(Normalization n) {
        model.normalization(n);
    }

    /** Writes the weights, BatchNorm statistics and normalization to {@code file} (atomically: a crash keeps the previous file). */
    public void saveWeights(Path file) throws IOException {
        WeightsCodec.save(model, file);
    }

    /**
     * Loads weights written by {@link #saveWeights} for this model; all or nothing: on any exception the model is
     * exactly as it was (docs/checkpoints.md, "What a loader accepts").
     *
     * @throws io.netforge.io.WeightsFormatException if the file is not a regular file of a plausible size, is damaged,
     *     belongs to another model or architecture, or holds values that are not finite (unless
     *     {@link LoadOption#ALLOW_NON_FINITE})
     * @throws IOException if it cannot be read at all ({@link java.nio.file.NoSuchFileException} when it is missing)
     */
    public void loadWeights(Path file, LoadOption... options) throws IOException {
        WeightsCodec.load(model, file, LoadChecks.allowNonFinite(options));
    }

    /**
     * Writes the state of every {@link Stateful} part to {@code file}, atomically (docs/checkpoints.md). During
     * {@code fit}, call it from a callback (the training thread) for a checkpoint that resumes exactly.
     */
    public void saveCheckpoint(Path file) throws IOException {
        CheckpointCodec.save(this, file);
    }

    /**
     * Restores a checkpoint, verified completely before anything changes; the next {@link #fit} continues its run
     * exactly (within its epoch for a step checkpoint). Every problem is an {@link io.netforge.io.CheckpointException}
     * naming the file and what is wrong ({@code problem()}); on any exception the trainer is exactly as it was.
     */
    public void loadCheckpoint(Path file, LoadOption... options) throws IOException {
        CheckpointCodec.load(this, file, LoadChecks.allowNonFinite(options));
    }

    /**
     * Keras' {@code BackupAndRestore}: loads the newest checkpoint in {@code dir} that loads, skipping (with a warning)
     * newer ones that fail any check; empty when there is none.
     */
    public Optional<Path> resume(Path dir, LoadOption... options) throws IOException {
        return CheckpointCodec.resume(this, dir, LoadChecks.allowNonFinite(options));
    }

    /** Writes the weights as safetensors under PyTorch {@code state_dict} names and layouts (docs/checkpoints.md). */
    public void exportSafetensors(Path file) throws IOException {
        exportSafetensors(file, Map.of());
    }

    /** {@link #exportSafetensors(Path)} with module renames, e.g. {@code Map.of("conv1", "layer.0", "bn1", "layer.1")}. */
    public void exportSafetensors(Path file, Map<String, String> renames) throws IOException {
        TorchStateDict.export(model, optimizer, architectureHash(), file, renames);
    }

    /**
     * Loads a PyTorch {@code state_dict} in safetensors, strictly like {@code load_state_dict}: nothing changes on a
     * mismatch or any other exception, every problem a {@link io.netforge.io.SafetensorsFormatException} naming the file.
     */
    public void importSafetensors(Path file, LoadOption... options) throws IOException {
        importSafetensors(file, Map.of(), options);
    }

    /** {@link #importSafetensors(Path, LoadOption...)} with module renames (see {@link #exportSafetensors(Path, Map)}). */
    public void importSafetensors(Path file, Map<String, String> renames, LoadOption... options) throws IOException {
        TorchStateDict.load(model, architectureHash(), file, renames, LoadChecks.allowNonFinite(options));
    }

    /**
     * Writes the evaluation graph as an ONNX model (opset 13) that ONNX Runtime, TensorRT, OpenVINO or DJL can serve:
     * input {@code input} takes raw features (the normalization is folded in), output {@code logits}, and a second
     * output {@code probabilities} with what {@link #predictor()}'s {@code probabilities} returns (docs/deploy.md).
     * Written atomically: a failed export leaves no partial file and the previous one intact.
     *
     * @throws io.netforge.onnx.OnnxExportException when the model was neither trained nor loaded, or holds weights
     *     that are not finite
     */
    public void exportOnnx(Path file) throws IOException {
        exportOnnx(file, true);
    }

    /** {@link #exportOnnx(Path)}, with or without the {@code probabilities} output. */
    public void exportOnnx(Path file, boolean probabilities) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        io.netforge.onnx.proto.Onnx.ModelProto onnx;
        model.readLock().lock();
        try {
            boolean stepped = globalStep > 0
                    || optimizerState().trained().stream()
                            .anyMatch(t -> t.updater().steps() > 0);
            if (!stepped && !model.loaded()) {
                throw new io.netforge.onnx.OnnxExportException(
                        graph().modelName() + " has not been trained or loaded: its"
                                + " weights are the random initial ones. Call fit(…), loadWeights(…), loadCheckpoint(…) or"
                                + " importSafetensors(…) before exportOnnx");
            }
            for (String name : model.stateNames()) {
                double bad = io.netforge.util.HostLoops.nonFinite(graph().array(name));
                if (bad != 0) {
                    throw new io.netforge.onnx.OnnxExportException(
                            graph().modelName() + ": " + name + " holds " + bad
                                    + " values; a model whose weights are not finite cannot be exported (did training diverge?)");
                }
            }
            onnx = io.netforge.onnx.OnnxExporter.model(
                    graph(), model.normalization(), probabilities, Map.of("netforge.architecture", architectureHash()));
        } finally {
            model.readLock().unlock();
        }
        io.netforge.onnx.OnnxExporter.write(onnx, file);
    }

    /** Each state variable's PyTorch {@code state_dict} name under the default conventions, in graph order. */
    public Map<String, String> torchNames() {
        return TorchStateDict.names(model, Map.of());
    }

    /** A thread-safe view for inference on new inputs (raw features, images, batches) with this trainer's weights. */
    public Predictor predictor() {
        return new Predictor(model, inference);
    }

    /** Loads a checkpoint, a weights file or PyTorch safetensors, whichever {@code file} is; returns this trainer. */
    public Trainer load(Path file, LoadOption... options) throws IOException {
        CheckpointCodec.loadAny(this, file, options);
        return this;
    }

    /** A copy of every parameter and BatchNorm statistic by variable name (float32, graph order). */
    public Map<String, float[]> weights() {
        return model.snapshot();
    }

    /** Sets parameters and BatchNorm statistics from {@link #weights()} of a trainer of the same model. */
    public void weights(Map<String, float[]> values) {
        model.restore(values);
    }

    /** Restarts the dropout-mask and DisturbLabel streams from {@code seed} (data-parallel workers seed theirs apart). */
    public void seedStreams(long seed) {
        rng.reseed(seed);
    }

    /** Epochs trained so far by this trainer (restored by {@link #loadCheckpoint}). */
    public int epochsDone() {
        return epochsDone;
    }

    /** Optimizer steps taken by {@link #fit} so far over this trainer's life (restored by {@link #loadCheckpoint}). */
    public long globalStep() {
        return globalStep;
    }

    /** A SHA-256 (hex) of what makes the model what it is: input, classes, loss, operations and state variables. */
    public String architectureHash() {
        return model.architectureHash();
    }

    // For the checkpoint codec, strategies and built-in callbacks.
    PrintStream console() {
        return console;
    }

    LrScheduler scheduler() {
        return scheduler;
    }

    RandomStreams randomStreams() {
        return rng;
    }

    OptimizerState optimizerState() {
        return optimizer;
    }

    void countEpoch() {
        epochsDone++;
    }

    /** Applies a loaded checkpoint's counters and run. */
    void continueFrom(Run loaded) {
        epochsDone = loaded.loadedEpochs;
        globalStep = loaded.loadedSteps;
        run = loaded;
        continueRun = true;
    }
}
