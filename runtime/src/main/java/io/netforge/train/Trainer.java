package io.netforge.train;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.graph.GraphFactory;
import io.netforge.graph.NetGraph;
import io.netforge.summary.RuntimeSummary;
import io.netforge.summary.Summary;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
        if (graph.loss() != config.loss()) {
            throw new IllegalArgumentException(graph.modelName() + ": the graph computes " + graph.loss()
                    + " but the settings ask for " + config.loss());
        }
        if (config.batchSize() == 1 && !graph.batchNorms().isEmpty()) {
            throw new IllegalArgumentException(graph.modelName() + ": BatchNorm needs at least 2 samples per batch to"
                    + " estimate its statistics in training, but batchSize is 1; use a larger batch");
        }
        this.model = new ModelState(graph);
        this.rng = new RandomStreams(config.seed());
        this.disturb = config.disturbLabel() > 0
                ? new DisturbLabel(config.disturbLabel(), Losses.labelClasses(graph.loss(), graph.classes())) : null;
        this.scheduler = config.schedule().start(config.optimizer().learningRate());
        this.optimizer = new OptimizerState(graph, config);
        this.engine = new SameDiffEngine(model, config, optimizer, rng);
        this.inference = new Inference(model, engine, config);
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

    /**
     * The model's torchsummary-like table, computed at compile time: layers, output shapes, parameters,
     * buffers, memory and FLOPs. {@code System.out.println(trainer.summary())} prints it.
     *
     * @throws IllegalStateException for a trainer of a hand-built graph, which has none
     */
    public Summary summary() {
        if (summary == null) {
            throw new IllegalStateException(model.name() + " has no compile-time summary (its graph was not generated from a @Model class)");
        }
        return summary;
    }

    /** {@link #summary()} plus the bytes the model's arrays occupy as allocated now; printable, and its parts are data. */
    public RuntimeSummary runtimeSummary() {
        long[] bytes = model.memoryBytes();
        List<String> params = model.parameterNames();
        String type = params.isEmpty() ? "FLOAT" : model.array(params.get(0)).dataType().name();
        return new RuntimeSummary(summary(), bytes[0], bytes[1], type);
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
        if (config.earlyStopping() != null) {
            requireMetric(config.earlyStopping().monitor(), "EarlyStopping", validation);
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
        List<Callback> callbacks = callbacks(r);
        TrainingContext context = new TrainingContext(this, r, console, validation != null, epochs.batchesPerEpoch());
        callbacks.forEach(c -> c.onTrainBegin(context));
        while (epochsDone < r.lastEpoch && !context.stopRequested()) {
            int epoch = epochsDone + 1;
            Run.Position p = r.position != null ? r.position : new Run.Position(rng.shuffle.nextLong(), scheduler.learningRate());
            r.position = p;
            long start = System.nanoTime();
            double seconds = p.seconds;
            double dataSeconds = p.dataSeconds;
            callbacks.forEach(c -> c.onEpochBegin(context, epoch));
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
                    BatchLogs logs = new BatchLogs(epoch, batch, result.size(), result.loss(), result.correct(), p.loss(),
                            p.accuracy(), lr, globalStep);
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
            run.lastEpoch = Math.max(epochsDone, run.firstEpoch + config.epochs());
            if (config.verbose()) {
                console.printf(Locale.ROOT, "Resuming %s after epoch %d of %d%n", model.name(), epochsDone, run.lastEpoch);
            }
        } else {
            run = new Run(this, epochsDone, epochsDone + config.epochs());
        }
        continueRun = false;
        return run;
    }

    /** The built-ins that change state first, then the user's callbacks, then checkpoints and the off-heap collection. */
    private List<Callback> callbacks(Run r) {
        List<Callback> list = new ArrayList<>();
        if (config.verbose()) {
            list.add(new ProgressCallback(console, consoleIsTerminal));
        }
        list.add(r.history);
        list.add(new ScheduleCallback(scheduler, config.scheduleMonitor()));
        if (r.earlyStopping != null) {
            list.add(r.earlyStopping);
        }
        list.addAll(config.callbacks());
        if (r.checkpoints != null) {
            list.add(r.checkpoints);
        }
        list.add(collector);
        return list;
    }

    private void requireMetric(String metric, String who, Dataset validation) {
        if (metric.startsWith("val_") && validation == null) {
            throw new IllegalArgumentException(model.name() + ": " + who + " monitors " + metric
                    + ", which needs validation data: call fit(train, validation), or monitor " + metric.substring(4));
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

    private int[] targets(Batch b) {
        return disturb == null ? b.labels() : disturb.apply(b.labels(), rng.disturb);
    }

    /**
     * One optimizer step on {@code batch}, exactly as {@link #fit} takes it (DisturbLabel, dropout masks, BatchNorm
     * statistics, penalties, clipping, and a per-step schedule advanced); for custom loops and as the reference of
     * data-parallel training. Returns the batch's loss with weight penalties.
     */
    public double trainStep(Batch batch) {
        double loss = step(batch, epochsDone + 1, 0).loss();
        stepScheduleOfStep();
        return loss;
    }

    /**
     * Data-parallel training, worker side: the gradient sums of {@code shard} (its part of a global batch) with the
     * current weights, changing nothing but the random streams (dropout masks, DisturbLabel).
     */
    public GradientSums gradientSums(Batch shard) {
        model.lock().lock();
        try {
            return engine.gradientSums(shard, targets(shard), epochsDone + 1);
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * Data-parallel training, driver side: one optimizer step with the mean of the summed gradients of all shards and
     * a per-step schedule advanced (see {@link StepEngine#applyGradientSums}). Returns the mean loss with penalties.
     */
    public double applyGradientSums(GradientSums total) {
        double loss = applySums(total);
        stepScheduleOfStep();
        return loss;
    }

    /** {@link #applyGradientSums} without advancing the schedule: for strategies, whose loop advances it. */
    public double applySums(GradientSums total) {
        model.lock().lock();
        try {
            return engine.applyGradientSums(total, scheduler.learningRate());
        } finally {
            model.lock().unlock();
        }
    }

    private void stepScheduleOfStep() {
        if (scheduler.interval() == LrSchedule.Interval.STEP) {
            scheduler.step();
        }
    }

    /**
     * Ends an epoch of a custom loop: counts it and advances a per-epoch schedule ({@code metric}: the monitored
     * value for ReduceLROnPlateau, ignored otherwise).
     */
    public void endEpoch(double metric) {
        epochsDone++;
        if (scheduler.interval() == LrSchedule.Interval.EPOCH) {
            if (scheduler.needsMetric()) {
                scheduler.step(metric);
            } else {
                scheduler.step();
            }
        }
    }

    /**
     * Evaluation-mode loss (the training loss function, with label smoothing if configured, without weight
     * penalties) and classification metrics over {@code data}: accuracy, top-k, per-class precision, recall
     * and F1, and the confusion matrix ({@link Evaluation#report()}).
     */
    public Evaluation evaluate(Dataset data) {
        return inference.evaluate(data);
    }

    /** Class probabilities (evaluation mode), one row per sample: softmax for cross-entropy, sigmoid for BCE. */
    public float[][] predictProbabilities(Dataset data) {
        return inference.probabilities(data);
    }

    /** Predicted class per sample (evaluation mode). */
    public int[] predict(Dataset data) {
        return inference.predict(data);
    }

    /** Predicted class of one raw sample (flattened features, channels first), normalized as the training data was. */
    public int predict(float[] sample) {
        return inference.predict(sample);
    }

    /**
     * What layer {@code layer} outputs for one raw sample in evaluation mode (the tutorials' forward hook), normalized
     * first. For an image layer {@code [channel][row][column]}; for a flat layer one row {@code [1][1][features]}.
     *
     * @throws IllegalArgumentException for an unknown layer (the message lists the layers)
     */
    public float[][][] featureMaps(String layer, float[] sample) {
        return inference.featureMaps(layer, sample);
    }

    /** {@link #featureMaps(String, float[])} of sample {@code index} of {@code data}, normalized as {@code evaluate} would. */
    public float[][][] featureMaps(String layer, Dataset data, int index) {
        return inference.featureMaps(layer, data, index);
    }

    /** The filters of convolution layer {@code layer} as {@code [filter][row][column]}, averaged over input channels. */
    public float[][][] filters(String layer) {
        return inference.filters(layer);
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
    public void saveWeights(Path file) {
        model.saveWeights(file);
    }

    /**
     * Loads weights written by {@link #saveWeights} for this model.
     *
     * @throws IOException if the file cannot be read, is damaged, or belongs to another model or architecture
     */
    public void loadWeights(Path file) throws IOException {
        model.loadWeights(file);
    }

    /**
     * Writes everything needed to continue training exactly to {@code file}, atomically: the state of every
     * {@link Stateful} part (model, optimizer, schedule, random streams, loop position, history, early stopping,
     * checkpoints, the user's callbacks), the model's name and a hash of its architecture, with a SHA-256 of the content.
     *
     * @throws java.io.UncheckedIOException if it cannot be written (the previous file at {@code file}, if any, is unchanged)
     */
    public void saveCheckpoint(Path file) {
        CheckpointCodec.save(this, file);
    }

    /**
     * Restores the state written by {@link #saveCheckpoint} (or by {@link Checkpoints} during {@code fit}); the next
     * {@link #fit} continues that run, within its epoch if it was taken mid-epoch, exactly as if it had never stopped
     * (same data, settings and thread count). The file is verified completely before anything changes.
     *
     * @throws io.netforge.io.CheckpointException if the file is missing, foreign, truncated, corrupted or tampered
     *     with, or holds another model or architecture (naming the first differing variable and both shapes)
     * @throws IllegalArgumentException if it was written with another kind of optimizer or schedule
     */
    public void loadCheckpoint(Path file) throws IOException {
        CheckpointCodec.load(this, file);
    }

    /**
     * Continues from the newest checkpoint in directory {@code dir} (Keras' {@code BackupAndRestore}): a newer one that
     * does not load is reported and skipped. Does nothing when there is none (a first run).
     *
     * @return the checkpoint loaded, if any
     */
    public Optional<Path> resume(Path dir) throws IOException {
        return CheckpointCodec.resume(this, dir);
    }

    /** Writes the weights as safetensors under PyTorch {@code state_dict} names and layouts (docs/checkpoints.md). */
    public void exportSafetensors(Path file) throws IOException {
        exportSafetensors(file, Map.of());
    }

    /** {@link #exportSafetensors(Path)} with module renames, e.g. {@code Map.of("conv1", "layer.0", "bn1", "layer.1")}. */
    public void exportSafetensors(Path file, Map<String, String> renames) throws IOException {
        model.lock().lock();
        try {
            TorchStateDict.export(this, file, renames);
        } finally {
            model.lock().unlock();
        }
    }

    /** Loads a PyTorch {@code state_dict} in safetensors, strictly like {@code load_state_dict}: nothing changes on a mismatch. */
    public void importSafetensors(Path file) throws IOException {
        importSafetensors(file, Map.of());
    }

    /** {@link #importSafetensors(Path)} with module renames (see {@link #exportSafetensors(Path, Map)}). */
    public void importSafetensors(Path file, Map<String, String> renames) throws IOException {
        model.lock().lock();
        try {
            TorchStateDict.load(this, file, renames);
        } finally {
            model.lock().unlock();
        }
    }

    /** Each state variable's PyTorch {@code state_dict} name under the default conventions, in graph order. */
    public Map<String, String> torchNames() {
        return TorchStateDict.names(this, Map.of());
    }

    /** A thread-safe view for inference on new inputs (raw features, images, batches) with this trainer's weights. */
    public Predictor predictor() {
        return new Predictor(model, inference);
    }

    /**
     * Loads a saved model from {@code file}, whatever it is: a checkpoint, a weights file or safetensors with PyTorch
     * names. Returns this trainer, e.g. {@code new MnistCnnTrainer().load(file).predictor()}.
     */
    public Trainer load(Path file) throws IOException {
        CheckpointCodec.loadAny(this, file);
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

    /** Applies a loaded checkpoint's counters and run. */
    void continueFrom(Run loaded) {
        epochsDone = loaded.loadedEpochs;
        globalStep = loaded.loadedSteps;
        run = loaded;
        continueRun = true;
    }

    static int evalBatchSize(TrainConfig config) {
        return Math.max(256, config.batchSize());
    }

    static long[] batchShape(int n, long[] sampleShape) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }
}
