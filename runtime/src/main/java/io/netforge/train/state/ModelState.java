package io.netforge.train.state;

import io.netforge.data.Normalization;
import io.netforge.graph.BatchNormState;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import io.netforge.io.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a trained model is, apart from how it is trained: its graph, the live arrays of its parameters and
 * BatchNorm running statistics, and the input normalization it was trained with. The trainer, the engine, the
 * {@link Predictor} and the file formats (weights, checkpoints, safetensors) all read and write the model through
 * this object, under its {@link #lock()}. Checkpointed under the key {@code model}: the state variables by name and
 * the normalization as {@code input/mean}, {@code input/std} (or {@code input/min}, {@code input/max}).
 */
public final class ModelState implements Stateful {
    private final NetGraph graph;
    private final List<String> parameterNames = new ArrayList<>();
    private final List<String> stateNames = new ArrayList<>();
    private final ReentrantReadWriteLock locks = new ReentrantReadWriteLock();
    private final Lock lock = locks.writeLock();
    private Normalization normalization = Normalization.none();
    /** A regression model's target scaling (one channel per output), undone in its predictions. */
    private Normalization targetScaling = Normalization.none();

    private io.netforge.text.Characters characters;
    /** Whether all arrays were ever set from outside (a weights file, a checkpoint, a complete {@link #restore}). */
    private volatile boolean loaded;

    /** Checks that {@code graph} can be trained with {@code loss} in batches of {@code batchSize}. */
    public ModelState(NetGraph graph, io.netforge.annotations.LossFunction loss, int batchSize) {
        this.graph = Objects.requireNonNull(graph, "graph");
        if (graph.loss() != loss) {
            throw new IllegalArgumentException(
                    graph.modelName() + ": the graph computes " + graph.loss() + " but the settings ask for " + loss);
        }
        if (batchSize == 1 && !graph.batchNorms().isEmpty()) {
            throw new IllegalArgumentException(graph.modelName() + ": BatchNorm needs at least 2 samples per batch to"
                    + " estimate its statistics in training, but batchSize is 1; use a larger batch");
        }
        for (Param p : graph.params()) {
            parameterNames.add(p.name());
        }
        stateNames.addAll(parameterNames);
        for (BatchNormState bn : graph.batchNorms()) {
            stateNames.add(bn.runningMean());
            stateNames.add(bn.runningVar());
        }
    }

    public NetGraph graph() {
        return graph;
    }

    public String name() {
        return graph.modelName();
    }

    /**
     * The exclusive lock on the model's arrays: training steps, loading and saving weights, checkpoints, imports, and
     * evaluation on an engine that cannot evaluate concurrently. Reentrant; its holder may also take {@link #readLock()}.
     */
    public Lock lock() {
        return lock;
    }

    /**
     * The shared lock: evaluation-mode forward passes on an engine that runs them concurrently
     * ({@link StepEngine#concurrentLogits()}), which only read the arrays. Never take {@link #lock()} while holding it.
     */
    public Lock readLock() {
        return locks.readLock();
    }

    /** Trainable parameters, in graph order. */
    public List<String> parameterNames() {
        return List.copyOf(parameterNames);
    }

    /** Parameters, then BatchNorm running statistics: the arrays that make up the model's state. */
    public List<String> stateNames() {
        return List.copyOf(stateNames);
    }

    /** The live array of state variable {@code name}. */
    public INDArray array(String name) {
        return graph.array(name);
    }

    /** The input normalization the model was trained with; {@link Normalization#none()} if none. */
    public Normalization normalization() {
        return normalization;
    }

    /** Sets the input normalization (checked against the model's input channels). */
    public void normalization(Normalization n) {
        Objects.requireNonNull(n, "normalization");
        if (!n.isNone() && n.channels() != channels()) {
            throw new IllegalArgumentException(name() + " has " + channels() + " input channel(s) but " + n
                    + " has statistics for " + n.channels());
        }
        this.normalization = n;
    }

    /**
     * What was applied to a regression model's training targets ({@link Normalization#none()} for raw targets or a
     * classifier): its outputs are in those units, and {@code Predictor.values} undoes it.
     */
    public Normalization targetScaling() {
        return targetScaling;
    }

    /** Sets the target scaling (checked against the regression model's output count). */
    public void targetScaling(Normalization n) {
        Objects.requireNonNull(n, "target scaling");
        if (!n.isNone() && (!graph.regression() || n.channels() != graph.classes())) {
            throw new IllegalArgumentException(name()
                    + (graph.regression()
                            ? " has " + graph.classes() + " output(s) but the target scaling " + n
                                    + " has statistics for " + n.channels()
                            : " is a classifier; only a regression model's targets are scaled"));
        }
        this.targetScaling = n;
    }

    /** A language model's character vocabulary ({@link TokenCharacters}), or null. */
    public io.netforge.text.Characters characters() {
        return characters;
    }

    /**
     * Sets the character vocabulary that travels with the model; null removes it.
     *
     * @throws IllegalArgumentException when its ids are not the classes the model scores at each step
     */
    public void characters(io.netforge.text.Characters c) {
        TokenCharacters.check(this, c);
        this.characters = c;
    }

    /** Input channels (1 for a flat input). */
    public int channels() {
        long[] shape = graph.inputShape();
        return shape.length == 3 ? Math.toIntExact(shape[0]) : 1; // a sequence [steps, features] is one channel
    }

    /** A copy, on the Java heap, of every parameter and BatchNorm statistic, in {@link #stateNames()} order. */
    public Map<String, float[]> snapshot() {
        lock.lock();
        try {
            Map<String, float[]> copy = new LinkedHashMap<>();
            for (String name : stateNames) {
                copy.put(name, io.netforge.util.NdArrays.toFloats(graph.array(name)));
            }
            return copy;
        } finally {
            lock.unlock();
        }
    }

    /** Sets state variables from {@code values} (names from {@link #stateNames()}, sizes checked first). */
    public void restore(Map<String, float[]> values) {
        lock.lock();
        try {
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                if (!stateNames.contains(e.getKey()) || graph.array(e.getKey()).length() != e.getValue().length) {
                    throw new IllegalArgumentException(
                            name() + " has no variable " + e.getKey() + " of " + e.getValue().length + " values");
                }
            }
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                INDArray target = graph.array(e.getKey());
                try (INDArray v = Nd4j.create(e.getValue(), target.shape(), 'c')) {
                    assign(target, v);
                }
            }
            loaded |= values.keySet().containsAll(stateNames); // a few arrays set by hand do not make a model
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the parameters and of the BatchNorm running statistics as allocated now. */
    public long[] memoryBytes() {
        long parameters = 0;
        long buffers = 0;
        for (String name : stateNames) {
            INDArray a = graph.array(name);
            long bytes = a.length() * a.dataType().width();
            if (parameterNames.contains(name)) {
                parameters += bytes;
            } else {
                buffers += bytes;
            }
        }
        return new long[] {parameters, buffers};
    }

    /** {@code summary} with the bytes the arrays occupy as allocated now. */
    public io.netforge.summary.RuntimeSummary runtimeSummary(io.netforge.summary.Summary summary) {
        long[] bytes = memoryBytes();
        String type = parameterNames.isEmpty()
                ? "FLOAT"
                : graph.array(parameterNames.get(0)).dataType().name();
        return new io.netforge.summary.RuntimeSummary(summary, bytes[0], bytes[1], type);
    }

    /** A SHA-256 (hex) of what makes the model what it is: input, classes, loss, operations and state variables. */
    public String architectureHash() {
        StringBuilder text = new StringBuilder();
        text.append("input ")
                .append(Arrays.toString(graph.inputShape()))
                .append(" classes ")
                .append(graph.classes())
                .append(" loss ")
                .append(graph.loss())
                .append('\n');
        for (String name : stateNames) {
            INDArray a = graph.array(name);
            text.append(name)
                    .append(' ')
                    .append(Arrays.toString(a.shape()))
                    .append(' ')
                    .append(a.dataType())
                    .append('\n');
        }
        for (org.nd4j.autodiff.functions.DifferentialFunction op :
                graph.sameDiff().ops()) {
            text.append(op.getOwnName()).append(' ').append(op.opName()).append('\n');
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first way {@code inFile} (variable → shape, as a file holds them) differs from this model's state
     * variables, in words that name {@code where} ("the checkpoint", "the file"): a variable it lacks, one of another
     * shape, or one this model lacks ({@code ignored} names entries that are not variables, such as the input
     * normalization). Shared by every format that stores the model's variables.
     */
    public java.util.Optional<String> variableMismatch(
            Map<String, long[]> inFile, java.util.Set<String> ignored, String where) {
        for (String n : stateNames) {
            long[] shape = graph.array(n).shape();
            long[] theirs = inFile.get(n);
            if (theirs == null) {
                return java.util.Optional.of(
                        name() + " has variable " + n + " " + Arrays.toString(shape) + ", which " + where + " lacks");
            }
            if (!Arrays.equals(theirs, shape)) {
                return java.util.Optional.of("variable " + n + " has shape " + Arrays.toString(theirs) + " in " + where
                        + " but " + Arrays.toString(shape) + " in " + name());
            }
        }
        for (Map.Entry<String, long[]> e : inFile.entrySet()) {
            if (!stateNames.contains(e.getKey()) && !ignored.contains(e.getKey())) {
                return java.util.Optional.of(where + " has variable " + e.getKey() + " " + Arrays.toString(e.getValue())
                        + ", which " + name() + " lacks");
            }
        }
        return java.util.Optional.empty();
    }

    /** Sets the normalization and every state variable from values already checked ({@link WeightsCodec}). */
    public void restoreChecked(
            Map<String, float[]> values, Normalization n, Normalization targets, io.netforge.text.Characters c) {
        TokenCharacters.check(this, c);
        lock.lock();
        try {
            restore(values);
            normalization = n;
            targetScaling = targets;
            characters = c;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String stateKey() {
        return "model";
    }

    @Override
    public void saveState(State state) {
        for (String name : stateNames) {
            INDArray a = graph.array(name);
            try (INDArray c = a.dup('c')) {
                if (a.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                    state.put(name, a.shape(), c.data().asDouble());
                } else {
                    state.put(name, a.shape(), c.data().asFloat());
                }
            }
        }
        for (WeightsFile.Entry e : InputNormalization.entries(normalization)) {
            state.put(e.name(), e.shape(), e.values());
        }
        for (WeightsFile.Entry e : InputNormalization.targetEntries(targetScaling)) {
            state.put(e.name(), e.shape(), e.values());
        }
        for (WeightsFile.Entry e : TokenCharacters.entries(characters)) {
            state.put(e.name(), e.shape(), e.values());
        }
    }

    /** Expects a state checked by the checkpoint codec (variables and shapes); sets the arrays and normalization. */
    @Override
    public void loadState(State state) {
        Normalization n = normalizationOf(state);
        Normalization targets = targetScalingOf(state);
        io.netforge.text.Characters c = TokenCharacters.of(state);
        TokenCharacters.check(this, c);
        for (String name : stateNames) {
            INDArray target = graph.array(name);
            boolean f64 = state.arrays().get(name).dtype() == io.netforge.io.DType.F64;
            try (INDArray v = f64
                    ? Nd4j.create(state.doubles(name), state.shape(name), 'c')
                    : Nd4j.create(state.floats(name), state.shape(name), 'c')) {
                assign(target, v);
            }
        }
        normalization = n;
        targetScaling = targets;
        characters = c;
        loaded = true;
    }

    /** Whether all arrays were ever set from a file or a complete {@link #restore}, rather than only drawn and trained. */
    public boolean loaded() {
        return loaded;
    }

    /** Copies {@code v} into {@code target}, converting the data type when they differ. */
    public static void assign(INDArray target, INDArray v) {
        if (v.dataType() == target.dataType()) {
            target.assign(v);
        } else {
            try (INDArray cast = v.castTo(target.dataType())) {
                target.assign(cast);
            }
        }
    }

    /** The normalization a model state holds; {@link IllegalArgumentException} when it is incomplete or invalid. */
    public static Normalization normalizationOf(State state) {
        Map<String, WeightsFile.Entry> entries = new HashMap<>();
        for (String name : List.of(
                InputNormalization.MEAN, InputNormalization.STD, InputNormalization.MIN, InputNormalization.MAX)) {
            if (state.has(name)) {
                entries.put(name, new WeightsFile.Entry(name, state.shape(name), state.floats(name)));
            }
        }
        try {
            return InputNormalization.take(entries, Path.of("checkpoint"));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The target scaling a model state holds; {@link IllegalArgumentException} when it is incomplete or invalid. */
    public static Normalization targetScalingOf(State state) {
        Map<String, WeightsFile.Entry> entries = new HashMap<>();
        for (String name : InputNormalization.NAMES) {
            if (name.startsWith(InputNormalization.TARGET) && state.has(name)) {
                entries.put(name, new WeightsFile.Entry(name, state.shape(name), state.floats(name)));
            }
        }
        try {
            return InputNormalization.takeTarget(entries, Path.of("checkpoint"));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Refuses to export a model that was neither trained ({@code trained}) nor loaded, or that holds weights that are
     * not finite; call with the read lock held.
     *
     * @throws io.netforge.onnx.OnnxExportException naming the reason
     */
    public void requireExportable(boolean trained) {
        if (!trained && !loaded()) {
            throw new io.netforge.onnx.OnnxExportException(name() + " has not been trained or loaded: its"
                    + " weights are the random initial ones. Call fit(…), loadWeights(…), loadCheckpoint(…) or"
                    + " importSafetensors(…) before exportOnnx");
        }
        for (String n : stateNames) {
            double bad = io.netforge.util.HostLoops.nonFinite(graph.array(n));
            if (bad != 0) {
                throw new io.netforge.onnx.OnnxExportException(name() + ": " + n + " holds " + bad
                        + " values; a model whose weights are not finite cannot be exported (did training diverge?)");
            }
        }
    }
}
