package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
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
import io.netforge.train.engine.StepSettings;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.inference.Inference;
import io.netforge.train.inference.Predictor;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.LoadOption;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.RandomStreams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A network and what can be done with it apart from training, as DJL's {@code Model}: its graph and arrays, its
 * compile-time summary, evaluation and predictions, and its files — weights, PyTorch safetensors, ONNX. A
 * {@link Trainer} is one that also trains: generated {@code <Model>Trainer} classes extend {@code Trainer}, so every
 * method here is one of theirs.
 */
public class Network {
    final Parts parts;
    final ModelState model;
    private final Summary summary;

    Network(Parts parts, Summary summary) {
        this.parts = parts;
        this.model = parts.model();
        this.summary = summary;
    }

    /** The model's graph: its operations, parameters and SameDiff form. */
    public NetGraph graph() {
        return model.graph();
    }

    /** The model's state: its arrays, normalization and lock. */
    public ModelState modelState() {
        return model;
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

    /**
     * A language model's character vocabulary, which travels with it in weights files and checkpoints so that it
     * generates text from text ({@code predictor().generate(String, …)}); null until set.
     */
    public io.netforge.text.Characters characters() {
        return parts.model().characters();
    }

    /**
     * Sets the character vocabulary the model's token ids stand for (the one its data was encoded with).
     *
     * @throws IllegalArgumentException when the model does not score {@code characters.size()} classes at each step
     */
    public void characters(io.netforge.text.Characters characters) {
        parts.model().characters(characters);
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
     * output {@code probabilities} with what {@link #predictor()}'s {@code probabilities} returns (docs/deploy.md); a
     * regression model's second output is {@code values}, what {@code predictValues} returns (its outputs in the
     * targets' units).
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
            model.requireExportable(
                    parts.counters().globalStep > 0 || parts.optimizer().stepped());
            onnx = io.netforge.onnx.OnnxExporter.model(
                    graph(),
                    model.normalization(),
                    model.targetScaling(),
                    probabilities,
                    Map.of("netforge.architecture", architectureHash()));
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

    /** A copy of every parameter and BatchNorm statistic by variable name (float32, graph order). */
    public Map<String, float[]> weights() {
        return model.snapshot();
    }

    /** Sets parameters and BatchNorm statistics from {@link #weights()} of a trainer of the same model. */
    public void weights(Map<String, float[]> values) {
        model.restore(values);
    }

    /** A SHA-256 (hex) of what makes the model what it is: input, classes, loss, operations and state variables. */
    public String architectureHash() {
        return model.architectureHash();
    }

    /**
     * The working parts of one trainer, made once by {@link Trainer} and handed to what needs them (the run, the steps,
     * the checkpoint codec) so that none of them reaches back into the trainer.
     *
     * @param disturb DisturbLabel's label noise, or null without it
     * @param counters epochs and optimizer steps done over the trainer's life (checkpointed with the run)
     */
    static record Parts(
            TrainConfig config,
            ModelState model,
            OptimizerState optimizer,
            LrScheduler scheduler,
            RandomStreams rng,
            StepEngine engine,
            Inference inference,
            DisturbLabel disturb,
            Run.Counters counters) {

        /** The parts of a trainer of {@code graph} with {@code config}: the model's state, its optimizer, engine and rest. */
        static Parts of(TrainConfig config, NetGraph graph) {
            ModelState model = new ModelState(graph, config.loss(), config.batchSize());
            if (graph.regression() && (config.labelSmoothing() > 0 || config.disturbLabel() > 0)) {
                throw new IllegalArgumentException(graph.modelName() + " is a regression model: label smoothing and"
                        + " DisturbLabel change class labels, and it has none; turn them off");
            }
            RandomStreams rng = new RandomStreams(config.seed());
            DisturbLabel disturb = config.disturbLabel() > 0
                    ? new DisturbLabel(config.disturbLabel(), Losses.labelClasses(graph.loss(), graph.classes()))
                    : null;
            OptimizerState optimizer =
                    new OptimizerState(graph, config.optimizer(), config.clipping(), config.decayBiasesAndNorms());
            StepSettings settings =
                    new StepSettings(config.batchSize(), config.evalBatchSize(), config.labelSmoothing());
            StepEngine engine = config.engine() == Engine.SAMEDIFF
                    ? new SameDiffEngine(model, settings, optimizer, rng)
                    : new PlannedEngine(model, settings, optimizer, rng);
            LrScheduler scheduler = config.schedule().start(config.optimizer().learningRate());
            return new Parts(
                    config,
                    model,
                    optimizer,
                    scheduler,
                    rng,
                    engine,
                    new Inference(model, engine, settings),
                    disturb,
                    new Run.Counters());
        }
    }
}
