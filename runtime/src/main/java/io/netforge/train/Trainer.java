package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.graph.GraphFactory;
import io.netforge.graph.NetGraph;
import io.netforge.summary.RuntimeSummary;
import io.netforge.summary.Summary;
import io.netforge.train.checkpoint.TorchStateDict;
import io.netforge.train.checkpoint.WeightsCodec;
import io.netforge.train.engine.SameDiffEngine;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.inference.Predictor;
import io.netforge.train.progress.ProgressBar;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.LoadOption;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.OffHeapCollector;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
    private final Parts parts;
    private final ManualTraining steps;
    private final Summary summary;
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
        this.summary = summary;
        this.console = Quiet.install();
        this.consoleIsTerminal = ProgressBar.isTerminal();
        this.config = config;
        this.parts = Parts.of(config, graphFactory.build(config.seed(), config.loss()));
        this.model = parts.model();
        this.steps = new ManualTraining(parts);
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
        return parts.engine();
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
                : new Run(parts, epochsDone(), epochsDone() + config.epochs());
        continueRun = false;
        TrainingContext context =
                new TrainingContext(this, run, parts, console, validation != null, epochs.batchesPerEpoch());
        return run.fit(context, run.loop(console, consoleIsTerminal, collector), epochs, validation);
    }

    /** Steps taken one at a time, for custom loops and data-parallel training (Lightning's manual optimization). */
    public ManualTraining manual() {
        return steps;
    }

    /** Evaluation-mode loss (no penalties) and metrics over {@code data}: accuracy, top-k, per-class report, confusion matrix. */
    public Evaluation evaluate(Dataset data) {
        return parts.inference().evaluate(data);
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

    /** Writes the weights as safetensors under PyTorch {@code state_dict} names and layouts (docs/checkpoints.md). */
    public void exportSafetensors(Path file) throws IOException {
        exportSafetensors(file, Map.of());
    }

    /** {@link #exportSafetensors(Path)} with module renames, e.g. {@code Map.of("conv1", "layer.0", "bn1", "layer.1")}. */
    public void exportSafetensors(Path file, Map<String, String> renames) throws IOException {
        TorchStateDict.export(model, parts.optimizer(), architectureHash(), file, renames);
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
            model.requireExportable(globalStep() > 0 || parts.optimizer().stepped());
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
        return new Predictor(model, parts.inference());
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

    /** A SHA-256 (hex) of what makes the model what it is: input, classes, loss, operations and state variables. */
    public String architectureHash() {
        return model.architectureHash();
    }

    /** Where progress and messages go ({@link #progressTo}); strategies print their notes here. */
    public PrintStream console() {
        return console;
    }
}
