package io.netforge.train;

import io.netforge.annotations.LossFunction;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Loader;
import io.netforge.data.Normalization;
import io.netforge.graph.BatchNormState;
import io.netforge.graph.DropoutMask;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.GraphFactory;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import io.netforge.graph.Sizes;
import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointFile;
import io.netforge.io.WeightsFile;
import io.netforge.metrics.ClassificationReport;
import io.netforge.report.Summary;
import io.netforge.util.Lcg48;
import io.netforge.util.NdArrays;
import io.netforge.util.Quiet;
import io.netforge.util.SplitMix;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains, evaluates and runs one model. Generated {@code <Model>Trainer} classes extend it with the model's
 * graph and annotated defaults.
 *
 * <p>The loop is our own rather than {@code SameDiff.fit} (DESIGN fact 4): one execution of SameDiff's gradient
 * function per step returns the real loss, the gradients and the BatchNorm batch statistics; the optimizer (at
 * the schedule's current learning rate), weight penalties, gradient clipping and running statistics are applied
 * here. The session's array cache stays on, so a step reuses the activations and gradients of the previous one
 * instead of allocating them again; the arrays the step itself makes (inputs, targets, masks) are closed at its
 * end, so off-heap memory does not wait for the GC (fact 16). A non-finite loss or gradient stops training with
 * a {@link NonFiniteException} before anything is updated. Why each of these is done the way it is, with the
 * measurements: docs/performance.md.
 */
public class Trainer {
    private final TrainConfig config;
    private final NetGraph graph;
    private final SameDiff sd;
    private final List<Trained> trained = new ArrayList<>();
    private final List<String> paramNames = new ArrayList<>();
    private final List<String> stepOutputs = new ArrayList<>();
    private final List<String> gradientNames = new ArrayList<>();
    private SameDiff gradientFn;
    private final List<INDArray> sessionArrays = new ArrayList<>();
    private String[] stepRequest;
    private final int trainThreads;
    private final int evalThreads;
    private final SplitMix seeds;
    private final Lcg48 maskRng;
    private final SplitMix disturbRng;
    private final DisturbLabel disturb;
    private final LrScheduler scheduler;
    private PrintStream console;
    private boolean consoleIsTerminal;
    private final OffHeapCollector collector = new OffHeapCollector();
    private int epochsDone;
    private final Summary summary;
    private Normalization normalization = Normalization.none();
    /** Serializes the graph's use: training steps, evaluation and prediction from any thread. */
    final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    /** The state of the current run (a fit call, or a run continued from a checkpoint). */
    RunState run;
    /** Set by {@link #loadCheckpoint}: the next fit continues {@link #run} instead of starting a new one. */
    boolean continueRun;
    private Checkpoints checkpoints;

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
        this.graph = graphFactory.build(config.seed(), config.loss());
        if (graph.loss() != config.loss()) {
            throw new IllegalArgumentException(graph.modelName() + ": the graph computes " + graph.loss()
                    + " but the settings ask for " + config.loss());
        }
        if (config.batchSize() == 1 && !graph.batchNorms().isEmpty()) {
            throw new IllegalArgumentException(graph.modelName() + ": BatchNorm needs at least 2 samples per batch to"
                    + " estimate its statistics in training, but batchSize is 1; use a larger batch");
        }
        this.sd = graph.sameDiff();
        this.seeds = new SplitMix(config.seed());
        this.maskRng = new Lcg48(seeds.nextLong());
        this.disturbRng = new SplitMix(config.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.disturb = config.disturbLabel() > 0
                ? new DisturbLabel(config.disturbLabel(), Losses.labelClasses(graph.loss(), graph.classes())) : null;
        this.scheduler = config.schedule().start(config.optimizer().learningRate());
        for (Param p : graph.params()) {
            paramNames.add(p.name());
            trained.add(new Trained(p, graph.array(p.name()), config.optimizer().newUpdater(p.shape(),
                    config.decayBiasesAndNorms() || isWeight(p))));
        }
        this.trainThreads = NativeThreads.forModel(graph, config.batchSize());
        this.evalThreads = NativeThreads.forModel(graph, evalBatchSize());
        stepOutputs.add(GraphBuilder.LOSS);
        stepOutputs.add(GraphBuilder.TRAIN_LOGITS);
        for (BatchNormState bn : graph.batchNorms()) {
            stepOutputs.add(bn.batchMean());
            stepOutputs.add(bn.batchVar());
        }
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
        return graph;
    }

    /**
     * The model's torchsummary-like table, computed at compile time: layers, output shapes, parameters,
     * buffers, memory and FLOPs. {@code System.out.println(trainer.summary())} prints it.
     *
     * @throws IllegalStateException for a trainer of a hand-built graph, which has none
     */
    public Summary summary() {
        if (summary == null) {
            throw new IllegalStateException(graph.modelName() + " has no compile-time summary (its graph was not generated from a @Model class)");
        }
        return summary;
    }

    /**
     * {@link #summary()} plus the bytes the model's arrays occupy as allocated now (parameters and BatchNorm
     * running statistics); printable, and its parts are data.
     */
    public io.netforge.report.RuntimeSummary runtimeSummary() {
        long[] bytes = memoryBytes();
        String type = paramNames.isEmpty() ? "FLOAT" : graph.array(paramNames.get(0)).dataType().name();
        return new io.netforge.report.RuntimeSummary(summary(), bytes[0], bytes[1], type);
    }

    /** Trainable parameter count (BatchNorm running statistics are buffers, not parameters). */
    public long parameterCount() {
        return graph.parameterCount();
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
     * Trains for {@code config().epochs()} epochs, shuffling each epoch, and evaluates {@code validation}
     * (may be null) after each; steps the learning-rate schedule and applies early stopping as configured.
     * Calling {@code fit} again continues from the current weights, optimizer and schedule state.
     *
     * @throws NonFiniteException when a loss or gradient is NaN or infinite (the weights keep their last finite values)
     */
    public History fit(Dataset train, Dataset validation) {
        checkCompatible(train);
        if (validation != null) {
            checkCompatible(validation);
        }
        EarlyStopping rule = config.earlyStopping();
        if (rule != null) {
            requireMetric(rule.monitor(), "EarlyStopping", validation);
        }
        if (scheduler.needsMetric()) {
            requireMetric(config.scheduleMonitor(), "ReduceLROnPlateau", validation);
        }
        if (normalization.isNone() && epochsDone == 0) {
            normalization = train.normalization();
        }
        Normalization trainInput = inputTransform(train);
        if (validation != null) {
            inputTransform(validation);
        }
        int batchSize = config.batchSize();
        // BatchNorm cannot estimate statistics from one sample (PyTorch raises); skip such a last batch.
        boolean skipSingle = !config.dropLast() && !graph.batchNorms().isEmpty() && train.size() > 1
                && train.size() % batchSize == 1;
        Loader loader = train.loader(batchSize).dropLast(config.dropLast()).prefetch(config.prefetch()).normalize(trainInput);
        int batches = loader.batchesPerEpoch() - (skipSingle ? 1 : 0);
        if (batches == 0) {
            throw new IllegalArgumentException("dataset '" + train.name() + "' has " + train.size() + " samples, fewer than"
                    + " one batch of " + batchSize + " with dropLast; lower the batch size or keep the last batch");
        }
        if (skipSingle && config.verbose()) {
            console.printf(Locale.ROOT, "Note: %s has BatchNorm, which needs 2 samples or more per batch; the last batch of"
                    + " each epoch (1 of %,d samples) is skipped, as PyTorch's drop_last would%n", graph.modelName(), train.size());
        }
        if (!continueRun) {
            run = new RunState(epochsDone, epochsDone + config.epochs(), rule == null ? null : rule.start());
        } else {
            // a resumed run lasts config().epochs() from its start, as Keras' fit(epochs=N) with BackupAndRestore
            run.lastEpoch = Math.max(epochsDone, run.firstEpoch + config.epochs());
            if (config.verbose()) {
                console.printf(Locale.ROOT, "Resuming %s after epoch %d of %d%n", graph.modelName(), epochsDone, run.lastEpoch);
            }
        }
        continueRun = false;
        RunState state = run;
        EarlyStopping.Tracker tracker = state.tracker;
        String checkpointMonitor = checkpoints == null ? null : checkpoints.monitor() != null ? checkpoints.monitor()
                : rule != null ? rule.monitor() : validation != null ? "val_loss" : "loss";
        ProgressBar bar = config.verbose() ? new ProgressBar(console, consoleIsTerminal) : null;
        History history = state.history;
        int total = state.lastEpoch - state.firstEpoch;
        while (epochsDone < state.lastEpoch && (tracker == null || !tracker.shouldStop())) {
            int e = epochsDone + 1 - state.firstEpoch;
            long start = System.nanoTime();
            int epoch = epochsDone + 1;
            double epochLr = scheduler.learningRate();
            if (bar != null) {
                bar.start(e, total, batches);
            }
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int stepNo = 0;
            long dataNanos;
            try (Loader.BatchIterator it = loader.shuffle(seeds.nextLong()).iterator()) {
                while (it.hasNext()) {
                    Batch b = it.next();
                    if (skipSingle && b.size() == 1) {
                        continue;
                    }
                    stepNo++;
                    StepResult r;
                    lock.lock();
                    try {
                        r = step(b, epoch, stepNo);
                    } finally {
                        lock.unlock();
                    }
                    if (scheduler.interval() == LrSchedule.Interval.STEP) {
                        scheduler.step();
                    }
                    collector.maybeCollect();
                    lossSum += r.loss * b.size();
                    correct += r.correct;
                    seen += b.size();
                    if (bar != null) {
                        bar.step(stepNo, seen, lossSum / seen, (double) correct / seen);
                    }
                }
                dataNanos = it.waitNanos();
            }
            Evaluation val = validation == null ? null : evaluate(validation);
            double seconds = (System.nanoTime() - start) / 1e9;
            epochsDone++;
            EpochResult result = new EpochResult(epochsDone, lossSum / seen, (double) correct / seen,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), epochLr, seconds,
                    dataNanos / 1e9);
            history.add(result);
            if (bar != null) {
                bar.end(result);
            }
            if (scheduler.interval() == LrSchedule.Interval.EPOCH) {
                if (scheduler.needsMetric()) {
                    scheduler.step(EarlyStopping.value(config.scheduleMonitor(), result));
                } else {
                    scheduler.step();
                }
            }
            if (tracker != null) {
                if (tracker.update(epochsDone, EarlyStopping.value(rule.monitor(), result))) {
                    if (rule.restoreBestWeights()) {
                        state.best = snapshot();
                    }
                    if (rule.saveBestTo() != null) {
                        saveWeights(rule.saveBestTo());
                    }
                }
            }
            if (checkpoints != null) {
                if (state.checkpointBest == null || !checkpointMonitor.equals(state.checkpointMonitor)) {
                    state.checkpointMonitor = checkpointMonitor;
                    state.checkpointBest = RunState.monitorTracker(checkpointMonitor);
                }
                boolean improved = state.checkpointBest.update(epochsDone, EarlyStopping.value(checkpointMonitor, result));
                boolean last = epochsDone == state.lastEpoch || (tracker != null && tracker.shouldStop());
                if (epochsDone % checkpoints.every() == 0 || last || improved) {
                    writeCheckpoints(epochsDone % checkpoints.every() == 0 || last, improved);
                }
            }
            if (tracker != null && tracker.shouldStop() && config.verbose()) {
                console.printf(Locale.ROOT, "Early stopping after epoch %d: %s has not improved for %d epochs (best %.4f at epoch %d)%n",
                        epochsDone, rule.monitor(), rule.patience() + 1, tracker.best(), tracker.bestEpoch());
            }
        }
        Map<String, float[]> best = state.best;
        if (tracker != null && rule.restoreBestWeights() && best != null && tracker.bestEpoch() != epochsDone) {
            restore(best);
            if (config.verbose()) {
                console.printf(Locale.ROOT, "Restored the weights of epoch %d (%s %.4f)%n", tracker.bestEpoch(), rule.monitor(),
                        tracker.best());
            }
        }
        return history;
    }

    private void requireMetric(String metric, String who, Dataset validation) {
        if (metric.startsWith("val_") && validation == null) {
            throw new IllegalArgumentException(graph.modelName() + ": " + who + " monitors " + metric
                    + ", which needs validation data: call fit(train, validation), or monitor " + metric.substring(4));
        }
    }

    /**
     * Evaluation-mode loss (the training loss function, with label smoothing if configured, without weight
     * penalties) and classification metrics over {@code data}: accuracy, top-k, per-class precision, recall
     * and F1, and the confusion matrix ({@link Evaluation#report()}).
     */
    public Evaluation evaluate(Dataset data) {
        checkCompatible(data);
        int k = graph.classes();
        LossFunction f = graph.loss();
        double lossSum = 0;
        float[][] scores = new float[data.size()][];
        int[] labels = new int[data.size()];
        int row = 0;
        for (Batch b : evalBatches(data)) {
            float[] logits = logits(b);
            float[] targets = Targets.smoothed(b.labels(), b.size(), k, config.labelSmoothing());
            for (int i = 0; i < b.size(); i++) {
                lossSum += Losses.loss(f, logits, i * k, k, targets, i * k);
                scores[row] = Losses.probabilities(f, logits, i * k, k);
                labels[row++] = b.labels()[i];
            }
        }
        ClassificationReport report = ClassificationReport.of(scores, labels, Losses.labelClasses(f, k));
        return new Evaluation(lossSum / data.size(), report.accuracy(), report.correct(), data.size(), report);
    }

    /** Class probabilities (evaluation mode), one row per sample: softmax for cross-entropy, sigmoid for BCE. */
    public float[][] predictProbabilities(Dataset data) {
        checkCompatible(data);
        int k = graph.classes();
        float[][] out = new float[data.size()][];
        int row = 0;
        for (Batch b : evalBatches(data)) {
            float[] logits = logits(b);
            for (int i = 0; i < b.size(); i++) {
                out[row++] = Losses.probabilities(graph.loss(), logits, i * k, k);
            }
        }
        return out;
    }

    /** Predicted class per sample (evaluation mode). */
    public int[] predict(Dataset data) {
        checkCompatible(data);
        int k = graph.classes();
        int[] out = new int[data.size()];
        int row = 0;
        for (Batch b : evalBatches(data)) {
            float[] logits = logits(b);
            for (int i = 0; i < b.size(); i++) {
                out[row++] = Losses.predict(graph.loss(), logits, i * k, k);
            }
        }
        return out;
    }

    /**
     * Predicted class of one raw sample given as its flattened features (channels first): the model's
     * {@link #normalization()} is applied first, as it was to the training data.
     */
    public int predict(float[] sample) {
        float[] input = singleInput(sample, normalization);
        float[] logits = logits(new Batch(input, new int[1], 1, toInt(graph.inputShape())));
        return Losses.predict(graph.loss(), logits, 0, graph.classes());
    }

    /**
     * What layer {@code layer} outputs for one raw sample in evaluation mode (the tutorials' forward hook): the
     * model's normalization is applied first. For an image layer, {@code [channel][row][column]}; for a flat
     * layer, one row {@code [1][1][features]}.
     *
     * @throws IllegalArgumentException for an unknown layer (the message lists the layers)
     */
    public float[][][] featureMaps(String layer, float[] sample) {
        return featureMaps(layer, sample, normalization);
    }

    /** {@link #featureMaps(String, float[])} of sample {@code index} of {@code data}, normalized as {@code evaluate} would. */
    public float[][][] featureMaps(String layer, Dataset data, int index) {
        return featureMaps(layer, data.features(index), inputTransform(data));
    }

    private float[][][] featureMaps(String layer, float[] sample, Normalization applied) {
        String variable = graph.layerOutputs().get(layer);
        if (variable == null) {
            throw new IllegalArgumentException(graph.modelName() + " has no layer " + layer + "; layers: "
                    + String.join(", ", graph.layerOutputs().keySet()));
        }
        float[] input = singleInput(sample, applied);
        lock.lock();
        try (INDArray x = Nd4j.create(input, batchShape(1, graph.inputShape()), 'c')) {
            INDArray out = sd.output(Map.of(GraphBuilder.INPUT, x), variable).get(variable);
            long[] shape = out.shape();
            float[] values = out.dup('c').data().asFloat();
            if (out.closeable()) {
                out.close();
            }
            int c = shape.length == 4 ? (int) shape[1] : 1;
            int h = shape.length == 4 ? (int) shape[2] : 1;
            int w = shape.length == 4 ? (int) shape[3] : (int) shape[1];
            float[][][] maps = new float[c][h][w];
            for (int k = 0; k < values.length; k++) {
                maps[k / (h * w)][(k / w) % h][k % w] = values[k];
            }
            return maps;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The filters of convolution layer {@code layer} as {@code [filter][row][column]}: the kernel of each output
     * channel, averaged over the input channels (for a first layer on grey images, the kernel itself), as the
     * tutorials picture a conv layer's {@code state_dict}.
     */
    public float[][][] filters(String layer) {
        String name = layer + "/W";
        if (!sd.hasVariable(name) || graph.array(name).rank() != 4) {
            throw new IllegalArgumentException(graph.modelName() + " has no convolution layer " + layer);
        }
        INDArray w = graph.array(name); // [k, k, in, out]
        long[] s = w.shape();
        int k = (int) s[0];
        int in = (int) s[2];
        int out = (int) s[3];
        float[] values = w.dup('c').data().asFloat();
        float[][][] filters = new float[out][k][k];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        filters[o][y][x] += values[((y * k + x) * in + i) * out + o] / in;
                    }
                }
            }
        }
        return filters;
    }

    /** Bytes of the model's arrays as they are held now: parameters, then BatchNorm running statistics. */
    public long[] memoryBytes() {
        long parameters = 0;
        for (String p : paramNames) {
            INDArray a = graph.array(p);
            parameters += a.length() * a.dataType().width();
        }
        long buffers = 0;
        for (BatchNormState bn : graph.batchNorms()) {
            for (String b : new String[] {bn.runningMean(), bn.runningVar()}) {
                INDArray a = graph.array(b);
                buffers += a.length() * a.dataType().width();
            }
        }
        return new long[] {parameters, buffers};
    }

    /**
     * The input normalization this model was trained with (adopted from the training data of the first
     * {@code fit}, or read by {@link #loadWeights}); {@link Normalization#none()} if none.
     */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Sets the input normalization, for a model whose training data was normalized outside NetForge.
     *
     * @throws IllegalArgumentException if its channel count does not match the model's input
     */
    public void normalization(Normalization n) {
        Objects.requireNonNull(n, "normalization");
        if (!n.isNone() && n.channels() != channels()) {
            throw new IllegalArgumentException(graph.modelName() + " has " + channels() + " input channel(s) but " + n
                    + " has statistics for " + n.channels());
        }
        this.normalization = n;
    }

    /**
     * How to feed {@code data}: as it is when it was normalized like the model's training data, or when the
     * model has no normalization (yet: evaluating before the first fit); with the model's normalization
     * applied per batch when it is raw.
     *
     * @throws IllegalArgumentException when it was normalized differently
     */
    private Normalization inputTransform(Dataset data) {
        Normalization own = data.normalization();
        if (own.equals(normalization) || normalization.isNone()) {
            return Normalization.none();
        }
        if (own.isNone()) {
            return normalization;
        }
        throw new IllegalArgumentException("dataset '" + data.name() + "' was normalized with " + own + " but "
                + graph.modelName() + " was trained on data normalized with " + normalization
                + "; pass raw data (the model normalizes it) or data normalized the same way");
    }

    private Loader evalBatches(Dataset data) {
        return data.loader(evalBatchSize()).augment(false).normalize(inputTransform(data));
    }

    /** A copy of one sample, checked against the input shape and normalized with {@code applied}. */
    private float[] singleInput(float[] sample, Normalization applied) {
        long size = Sizes.product(graph.inputShape());
        if (sample.length != size) {
            throw new IllegalArgumentException(graph.modelName() + " expects " + size + " input values per sample, received " + sample.length);
        }
        float[] input = sample.clone();
        applied.applyInPlace(input, 0, 1, (int) (size / channels()));
        return input;
    }

    private int channels() {
        long[] shape = graph.inputShape();
        return shape.length == 1 ? 1 : Math.toIntExact(shape[0]);
    }

    /**
     * Writes the weights and BatchNorm statistics to {@code file} (atomically: a crash mid-write keeps the
     * previous file).
     */
    public void saveWeights(Path file) {
        List<WeightsFile.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, float[]> e : snapshot().entrySet()) {
            entries.add(new WeightsFile.Entry(e.getKey(), graph.array(e.getKey()).shape(), e.getValue()));
        }
        entries.addAll(InputNormalization.entries(normalization));
        try {
            WeightsFile.write(file, graph.modelName(), entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads weights written by {@link #saveWeights} for this model.
     *
     * @throws IOException if the file cannot be read, is damaged, or belongs to another model or architecture
     */
    public void loadWeights(Path file) throws IOException {
        WeightsFile.Contents contents = WeightsFile.read(file);
        if (!contents.model().equals(graph.modelName())) {
            throw new IOException(file + ": weights of model " + contents.model() + ", not " + graph.modelName());
        }
        Map<String, WeightsFile.Entry> byName = new HashMap<>();
        for (WeightsFile.Entry e : contents.entries()) {
            byName.put(e.name(), e);
        }
        Normalization stored = InputNormalization.take(byName, file);
        if (!stored.isNone() && stored.channels() != channels()) {
            throw new IOException(file + ": input normalization " + stored + " is for " + stored.channels()
                    + " channel(s) but " + graph.modelName() + " has " + channels());
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : stateNames()) {
            WeightsFile.Entry e = byName.remove(name);
            long[] shape = graph.array(name).shape();
            if (e == null) {
                throw new IOException(file + ": no values for " + name + " " + Arrays.toString(shape));
            }
            if (!Arrays.equals(e.shape(), shape)) {
                throw new IOException(file + ": " + name + " has shape " + Arrays.toString(e.shape()) + " in the file but "
                        + Arrays.toString(shape) + " in " + graph.modelName());
            }
            values.put(name, e.values());
        }
        if (!byName.isEmpty()) {
            throw new IOException(file + ": " + graph.modelName() + " has no variable " + byName.keySet().iterator().next());
        }
        restore(values);
        normalization = stored;
    }


    /**
     * Writes checkpoints while {@link #fit} runs, as {@code checkpoints} says (every epoch, the last 3 and the best, by
     * default); {@code null} turns them off. Returns this trainer.
     */
    public Trainer checkpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
        return this;
    }

    /**
     * Writes everything needed to continue training exactly to {@code file}, atomically: weights, BatchNorm
     * statistics, optimizer state, learning-rate schedule, early-stopping state and best weights, random-number
     * generator states, epoch, the run's history, input normalization, the model's name and a hash of its
     * architecture, with a SHA-256 of the content.
     *
     * @throws UncheckedIOException if it cannot be written (the previous file at {@code file}, if any, is unchanged)
     */
    public void saveCheckpoint(Path file) {
        byte[] bytes;
        lock.lock();
        try {
            bytes = encodeCheckpoint();
        } finally {
            lock.unlock();
        }
        try {
            CheckpointFile.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores the state written by {@link #saveCheckpoint} (or by {@link Checkpoints} during {@code fit}); the next
     * {@link #fit} continues that run until it has lasted {@code config().epochs()} epochs, exactly as if it had never
     * stopped (with the same data, settings and thread count). The file is verified completely before anything changes: on any exception this
     * trainer is as it was.
     *
     * @throws CheckpointException if the file is missing, foreign, truncated, corrupted or tampered with, or holds
     *     another model or architecture (naming the first differing variable and both shapes)
     * @throws IllegalArgumentException if it was written with another kind of optimizer or schedule than this
     *     trainer's settings
     */
    public void loadCheckpoint(Path file) throws IOException {
        CheckpointFile.Contents contents = CheckpointFile.read(file);
        lock.lock();
        try {
            CheckpointCodec.restore(this, file, contents);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Continues from the newest checkpoint in directory {@code dir} (Keras' {@code BackupAndRestore}): a newer
     * one that does not load is reported and skipped. Does nothing when there is none (a first run).
     *
     * @return the checkpoint loaded, if any
     * @throws CheckpointException if checkpoints exist but none of them loads
     */
    public java.util.Optional<Path> resume(Path dir) throws IOException {
        List<Path> files = Checkpoints.list(dir);
        CheckpointException first = null;
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                loadCheckpoint(files.get(i));
                if (config.verbose() && first != null) {
                    console.println("Warning: skipped a damaged checkpoint: " + first.getMessage());
                }
                return java.util.Optional.of(files.get(i));
            } catch (CheckpointException e) {
                if (e.problem() == CheckpointException.Problem.WRONG_MODEL || e.problem() == CheckpointException.Problem.ARCHITECTURE) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return java.util.Optional.empty();
    }

    /**
     * Writes the weights and BatchNorm statistics as safetensors under PyTorch {@code state_dict} names and layouts
     * (torchvision's conventions: {@code conv1.weight} as {@code [out, in, kH, kW]}, {@code bn1.running_mean}, ...;
     * see docs/checkpoints.md), so {@code model.load_state_dict(safetensors.torch.load_file(path))} loads them.
     */
    public void exportSafetensors(Path file) throws IOException {
        exportSafetensors(file, Map.of());
    }

    /** {@link #exportSafetensors(Path)} with module renames, e.g. {@code Map.of("conv1", "layer.0", "bn1", "layer.1")}. */
    public void exportSafetensors(Path file, Map<String, String> renames) throws IOException {
        lock.lock();
        try {
            TorchStateDict.export(this, file, renames);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Loads weights and BatchNorm statistics from a safetensors file written from a PyTorch {@code state_dict} with
     * the names {@link #exportSafetensors} uses; strict like {@code load_state_dict}: missing, unexpected and
     * mis-shaped keys are all listed and nothing is changed.
     */
    public void importSafetensors(Path file) throws IOException {
        importSafetensors(file, Map.of());
    }

    /** {@link #importSafetensors(Path)} with module renames (see {@link #exportSafetensors(Path, Map)}). */
    public void importSafetensors(Path file, Map<String, String> renames) throws IOException {
        lock.lock();
        try {
            TorchStateDict.load(this, file, renames);
        } finally {
            lock.unlock();
        }
    }

    /** Each state variable's PyTorch {@code state_dict} name under the default conventions, in graph order. */
    public Map<String, String> torchNames() {
        return TorchStateDict.names(this, Map.of());
    }

    /** A thread-safe view for inference on new inputs (raw features, images, batches) with this trainer's weights. */
    public Predictor predictor() {
        return new Predictor(this);
    }

    /**
     * Loads a saved model from {@code file}, whatever it is: a checkpoint ({@code .nfc}, {@link #loadCheckpoint}), a
     * weights file ({@code .nfw}, {@link #loadWeights}) or safetensors with PyTorch names ({@link #importSafetensors}).
     * Returns this trainer, e.g. {@code new MnistCnnTrainer().load(file).predictor()}.
     */
    public Trainer load(Path file) throws IOException {
        byte[] head = new byte[9];
        int n;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.io.FileNotFoundException(file + ": no such model file");
        }
        if (n >= 4 && head[0] == 'N' && head[1] == 'F' && head[2] == 'W') {
            loadWeights(file);
        } else if (n == 9 && head[8] == '{') {
            importSafetensors(file);
        } else {
            loadCheckpoint(file); // names foreign files
        }
        return this;
    }

    /** One raw sample, checked and normalized as the model's training data was. */
    float[] normalizedInput(float[] sample) {
        return singleInput(sample, normalization);
    }

    /** Evaluation-mode logits of {@code n} samples, {@code n × classes} values. */
    float[] logitsOf(float[] features, int n) {
        return logits(new Batch(features, new int[n], n, toInt(graph.inputShape())));
    }

    /** A copy of every parameter and BatchNorm statistic by variable name (float32, graph order). */
    public Map<String, float[]> weights() {
        lock.lock();
        try {
            return snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Sets parameters and BatchNorm statistics from {@link #weights()} of a trainer of the same model. */
    public void weights(Map<String, float[]> values) {
        lock.lock();
        try {
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                if (!stateNames().contains(e.getKey()) || graph.array(e.getKey()).length() != e.getValue().length) {
                    throw new IllegalArgumentException(graph.modelName() + " has no variable " + e.getKey() + " of "
                            + e.getValue().length + " values");
                }
            }
            restore(values);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Restarts the dropout-mask and DisturbLabel streams from {@code seed}: data-parallel workers seed theirs
     * differently, so their masks are independent.
     */
    public void seedStreams(long seed) {
        lock.lock();
        try {
            SplitMix s = new SplitMix(seed);
            maskRng.setSeed(s.nextLong());
            disturbRng.state(s.nextLong());
        } finally {
            lock.unlock();
        }
    }

    /** Epochs trained so far by this trainer (restored by {@link #loadCheckpoint}). */
    public int epochsDone() {
        return epochsDone;
    }

    void epochsDone(int epochs) {
        this.epochsDone = epochs;
    }

    private void writeCheckpoints(boolean epochFile, boolean best) {
        byte[] bytes = encodeCheckpoint();
        try {
            if (epochFile) {
                CheckpointFile.write(checkpoints.epochFile(epochsDone), bytes);
            }
            if (best) {
                CheckpointFile.write(checkpoints.bestFile(), bytes);
            }
            checkpoints.prune();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] encodeCheckpoint() {
        return CheckpointCodec.encode(this);
    }

    /** A SHA-256 (hex) of what makes the model what it is: input, classes, loss, operations and state variables. */
    public String architectureHash() {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder();
        text.append("input ").append(Arrays.toString(graph.inputShape())).append(" classes ").append(graph.classes())
                .append(" loss ").append(graph.loss()).append('\n');
        for (String name : stateNames()) {
            INDArray a = graph.array(name);
            text.append(name).append(' ').append(Arrays.toString(a.shape())).append(' ').append(a.dataType()).append('\n');
        }
        for (org.nd4j.autodiff.functions.DifferentialFunction op : sd.ops()) {
            text.append(op.getOwnName()).append(' ').append(op.opName()).append('\n');
        }
        return java.util.HexFormat.of().formatHex(md.digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    // Package-private views for CheckpointCodec.
    List<String> stateVariableNames() {
        return stateNames();
    }

    List<String> parameterNames() {
        return paramNames;
    }

    Optimizer.Updater updater(int i) {
        return trained.get(i).updater();
    }

    LrScheduler scheduler() {
        return scheduler;
    }

    SplitMix shuffleRng() {
        return seeds;
    }

    Lcg48 dropoutRng() {
        return maskRng;
    }

    SplitMix disturbRng() {
        return disturbRng;
    }

    Map<String, float[]> stateSnapshot() {
        return snapshot();
    }

    void restoreState(Map<String, float[]> values) {
        restore(values);
    }

    void restoredNormalization(Normalization n) {
        this.normalization = n;
    }

    private record StepResult(double loss, long correct) {
    }

    /** A trainable parameter with its live array (updated in place) and its optimizer state. */
    private record Trained(Param param, INDArray value, Optimizer.Updater updater) {
    }

    /** Dense and convolution weights ({@code <layer>/W}); not biases ({@code /b}) nor BatchNorm's {@code /gamma}, {@code /beta}. */
    private static boolean isWeight(Param p) {
        return p.name().endsWith("/W");
    }

    private StepResult step(Batch b, int epoch, int stepNo) {
        List<INDArray> owned = new ArrayList<>();
        try {
            Computed c = compute(b, epoch, stepNo, owned);
            for (int i = 0; i < graph.batchNorms().size(); i++) {
                updateRunningStats(graph.batchNorms().get(i), c.bnMeans.get(i), c.bnVars.get(i), b.size());
            }
            return new StepResult(applyUpdate(c.gradients, c.loss), c.correct);
        } finally {
            closeAll(owned);
            releaseSessionArrays();
        }
    }

    /** One batch's forward and backward pass: mean loss, gradients and BatchNorm batch statistics, all in {@code owned}. */
    private record Computed(double loss, long correct, List<INDArray> gradients, List<INDArray> bnMeans, List<INDArray> bnVars) {
    }

    private Computed compute(Batch b, int epoch, int stepNo, List<INDArray> owned) {
        NativeThreads.use(trainThreads);
        Map<String, INDArray> feed = new HashMap<>();
        int k = graph.classes();
        int[] labels = disturb == null ? b.labels() : disturb.apply(b.labels(), disturbRng);
        INDArray x = own(owned, NdArrays.floats(b.features(), batchShape(b.size(), graph.inputShape())));
        feed.put(GraphBuilder.INPUT, x);
        feed.put(GraphBuilder.LABELS, own(owned, NdArrays.floats(Targets.smoothed(labels, b.size(), k, config.labelSmoothing()),
                b.size(), k)));
        for (DropoutMask m : graph.dropoutMasks()) {
            feed.put(m.placeholder(), own(owned, mask(b.size(), m)));
        }
        Map<String, INDArray> outputs = gradientFunction().output(feed, stepRequest);
        sessionArrays.addAll(outputs.values());

        double loss = outputs.get(GraphBuilder.LOSS).getDouble(0);
        if (!Double.isFinite(loss)) {
            throw new NonFiniteException(graph.modelName(), epoch, stepNo, "loss", loss);
        }
        List<INDArray> gradients = new ArrayList<>(trained.size());
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            INDArray g = outputs.get(gradientNames.get(i)); // gradientNames follows trained's (the params') order
            double sum = g.sumNumber().doubleValue();
            if (!Double.isFinite(sum)) {
                throw new NonFiniteException(graph.modelName(), epoch, stepNo, "gradient of " + t.param().name(), sum);
            }
            gradients.add(g);
        }
        float[] logits = NdArrays.toFloats(outputs.get(GraphBuilder.TRAIN_LOGITS));
        long correct = 0;
        for (int i = 0; i < b.size(); i++) {
            if (Losses.predict(graph.loss(), logits, i * k, k) == b.labels()[i]) {
                correct++;
            }
        }
        List<INDArray> means = new ArrayList<>();
        List<INDArray> vars = new ArrayList<>();
        for (BatchNormState bn : graph.batchNorms()) {
            long c = graph.array(bn.runningMean()).length();
            means.add(outputs.get(bn.batchMean()).reshape(c));
            vars.add(outputs.get(bn.batchVar()).reshape(c));
        }
        return new Computed(loss, correct, gradients, means, vars);
    }

    /**
     * SameDiff's gradient function, with its array cache on. {@code calculateGradientsAndOutputs} turns the cache
     * off on every call, so each step allocated every activation and gradient afresh and left the old ones to
     * the GC: the tutorial CNN ran at half the speed of {@code SameDiff.fit}, with a 4.9 GB peak at batch 256 (2.0 GB
     * with the cache; docs/performance.md). With the cache, a step reuses the previous step's arrays. What a step returns
     * (outputs, gradients) belongs to the session: it is read within the step, never closed, and handed back to
     * the cache at the step's end ({@link #releaseSessionArrays}).
     */
    private SameDiff gradientFunction() {
        if (gradientFn == null) {
            sd.createGradFunction();
            gradientFn = sd.getFunction("grad");
            for (String p : paramNames) {
                gradientNames.add(sd.getVariable(p).getGradient().name());
            }
            List<String> request = new ArrayList<>(stepOutputs);
            request.addAll(gradientNames);
            stepRequest = request.toArray(new String[0]);
        }
        gradientFn.setEnableCache(true);
        return gradientFn;
    }

    /**
     * Hands what the last step's session returned (loss, logits, BatchNorm statistics, gradients) back to the
     * session's array cache once the step is done with them, as {@code SameDiff.fit} does with its gradients; the
     * next step then reuses them instead of allocating new ones (ResNet-18: 45 MB of gradients per step). SameDiff
     * already returns some of them to the cache itself at the end of the call (the loss scalar, some gradients;
     * releasing one twice throws "Array was released multiple times"): those are skipped.
     */
    private void releaseSessionArrays() {
        if (!sessionArrays.isEmpty()) {
            org.nd4j.autodiff.samediff.internal.SessionMemMgr mmgr = gradientFn.getSessions().get(Thread.currentThread().getId()).getMmgr();
            if (mmgr instanceof ArrayCacheMemoryMgr cache) {
                java.util.Set<INDArray> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (INDArray a : sessionArrays) {
                    // the session already returns some outputs (the loss scalar, some gradients) to the cache itself
                    if (seen.add(a) && !cache.getLruCache().contains(a.getId())) {
                        cache.release(a);
                    }
                }
            }
            sessionArrays.clear();
        }
    }

    /** Weight penalties, clipping and the optimizer step at the schedule's lr; returns the loss with penalties. */
    private double applyUpdate(List<INDArray> gradients, double loss) {
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            loss += Penalties.apply(t.param().penalty(), t.value(), gradients.get(i));
        }
        if (config.clipping().kind() != GradientClipping.Kind.NONE) {
            config.clipping().clip(gradients);
        }
        double lr = scheduler.learningRate();
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            t.updater().update(t.value(), gradients.get(i), lr);
        }
        return loss;
    }

    private static void closeAll(List<INDArray> owned) {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    /**
     * One optimizer step on {@code batch}, exactly as {@link #fit} takes it (DisturbLabel, dropout masks, BatchNorm
     * statistics, penalties, clipping, and a per-step schedule advanced); for custom loops and as the reference of
     * data-parallel training. Returns the batch's loss with weight penalties.
     */
    public double trainStep(Batch batch) {
        lock.lock();
        try {
            double loss = step(batch, epochsDone + 1, 0).loss;
            if (scheduler.interval() == LrSchedule.Interval.STEP) {
                scheduler.step();
            }
            return loss;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Data-parallel training, worker side: the gradient sums of {@code shard} (its part of a global batch) with the
     * current weights, changing nothing but the random streams (dropout masks, DisturbLabel).
     */
    public GradientSums gradientSums(Batch shard) {
        lock.lock();
        List<INDArray> owned = new ArrayList<>();
        try {
            Computed c = compute(shard, epochsDone + 1, 0, owned);
            GradientSums s = new GradientSums();
            int n = shard.size();
            s.count = n;
            s.lossSum = c.loss * n;
            s.correct = c.correct;
            for (int i = 0; i < trained.size(); i++) {
                float[] g = c.gradients.get(i).dup('c').data().asFloat();
                for (int j = 0; j < g.length; j++) {
                    g[j] *= n;
                }
                s.gradients.put(paramNames.get(i), g);
            }
            int layers = graph.batchNorms().size();
            s.bnMean = new float[layers][];
            s.bnSquare = new float[layers][];
            for (int i = 0; i < layers; i++) {
                float[] m = c.bnMeans.get(i).dup('c').data().asFloat();
                float[] v = c.bnVars.get(i).dup('c').data().asFloat();
                float[] sq = new float[m.length];
                for (int j = 0; j < m.length; j++) {
                    sq[j] = n * (v[j] + m[j] * m[j]);
                    m[j] *= n;
                }
                s.bnMean[i] = m;
                s.bnSquare[i] = sq;
            }
            return s;
        } finally {
            closeAll(owned);
            releaseSessionArrays();
            lock.unlock();
        }
    }

    /**
     * Data-parallel training, driver side: one optimizer step with the mean of the summed gradients of all shards
     * (penalties, clipping, the optimizer at the schedule's lr, a per-step schedule advanced), and BatchNorm running
     * statistics updated with the pooled batch statistics of all shards. Returns the mean loss with penalties.
     */
    public double applyGradientSums(GradientSums total) {
        if (total.count == 0) {
            throw new IllegalArgumentException("no samples in the gradient sums");
        }
        lock.lock();
        List<INDArray> owned = new ArrayList<>();
        try {
            int n = total.count;
            List<INDArray> gradients = new ArrayList<>();
            for (int i = 0; i < trained.size(); i++) {
                float[] g = total.gradients.get(paramNames.get(i));
                if (g == null) {
                    throw new IllegalArgumentException("no gradient for " + paramNames.get(i) + " in " + total);
                }
                INDArray a = own(owned, Nd4j.create(g, trained.get(i).value().shape(), 'c').divi(n));
                gradients.add(a);
            }
            for (int i = 0; i < graph.batchNorms().size(); i++) {
                float[] m = total.bnMean[i].clone();
                float[] v = new float[m.length];
                for (int j = 0; j < m.length; j++) {
                    m[j] /= n;
                    v[j] = Math.max(0f, total.bnSquare[i][j] / n - m[j] * m[j]);
                }
                updateRunningStats(graph.batchNorms().get(i), own(owned, Nd4j.create(m)), own(owned, Nd4j.create(v)), n);
            }
            double loss = applyUpdate(gradients, total.lossSum / n);
            if (scheduler.interval() == LrSchedule.Interval.STEP) {
                scheduler.step();
            }
            return loss;
        } finally {
            closeAll(owned);
            lock.unlock();
        }
    }

    /**
     * Ends an epoch of a custom or data-parallel loop: counts it and advances a per-epoch schedule
     * ({@code metric}: the monitored value for ReduceLROnPlateau, ignored otherwise).
     */
    public void endEpoch(double metric) {
        lock.lock();
        try {
            epochsDone++;
            if (scheduler.interval() == LrSchedule.Interval.EPOCH) {
                if (scheduler.needsMetric()) {
                    scheduler.step(metric);
                } else {
                    scheduler.step();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Names of the arrays that make up the model's state: parameters, then BatchNorm running statistics. */
    private List<String> stateNames() {
        List<String> names = new ArrayList<>(paramNames);
        for (BatchNormState bn : graph.batchNorms()) {
            names.add(bn.runningMean());
            names.add(bn.runningVar());
        }
        return names;
    }

    /** A copy, on the Java heap, of every parameter and BatchNorm statistic. */
    private Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (String name : stateNames()) {
            copy.put(name, graph.array(name).dup('c').data().asFloat());
        }
        return copy;
    }

    private void restore(Map<String, float[]> values) {
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            INDArray target = graph.array(e.getKey());
            try (INDArray v = Nd4j.create(e.getValue(), target.shape(), 'c').castTo(target.dataType())) {
                target.assign(v);
            }
        }
    }

    private void updateRunningStats(BatchNormState bn, INDArray mean, INDArray var, int batchSize) {
        INDArray runningMean = graph.array(bn.runningMean());
        INDArray runningVar = graph.array(bn.runningVar());
        long n = batchSize * bn.valuesPerChannelPerSample();
        double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
        double mom = bn.momentum();
        try (INDArray m = mean.mul(mom); INDArray v = var.mul(mom * unbias)) {
            runningMean.muli(1 - mom).addi(m);
            runningVar.muli(1 - mom).addi(v);
        }
    }

    private float[] logits(Batch b) {
        lock.lock();
        try {
            NativeThreads.use(evalThreads);
            INDArray x = NdArrays.floats(b.features(), batchShape(b.size(), graph.inputShape()));
            Map<String, INDArray> out = sd.output(Map.of(GraphBuilder.INPUT, x), GraphBuilder.LOGITS);
            INDArray logits = out.get(GraphBuilder.LOGITS);
            float[] values = NdArrays.toFloats(logits);
            x.close();
            if (logits.closeable()) {
                logits.close();
            }
            return values;
        } finally {
            lock.unlock();
        }
    }

    /** A fresh mask for {@code n} samples: 0 with probability p, else 1/(1-p). */
    INDArray mask(int n, DropoutMask m) {
        float[] values = new float[Math.toIntExact(n * Sizes.product(m.sampleShape()))];
        float keep = (float) (1.0 / (1.0 - m.p()));
        for (int i = 0; i < values.length; i++) {
            values[i] = maskRng.nextDouble() < m.p() ? 0f : keep;
        }
        return NdArrays.floats(values, batchShape(n, m.sampleShape()));
    }

    private int evalBatchSize() {
        return Math.max(256, config.batchSize());
    }

    private void checkCompatible(Dataset data) {
        long[] expected = graph.inputShape();
        int[] actual = data.sampleShape();
        if (!Arrays.equals(toInt(expected), actual)) {
            throw new IllegalArgumentException(graph.modelName() + " expects samples of shape " + Arrays.toString(expected)
                    + " but dataset '" + data.name() + "' has " + Arrays.toString(actual));
        }
        int labelClasses = Losses.labelClasses(graph.loss(), graph.classes());
        if (data.numClasses() > labelClasses) {
            throw new IllegalArgumentException(graph.modelName() + " has " + labelClasses + " classes but dataset '"
                    + data.name() + "' has " + data.numClasses());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' is empty");
        }
    }

    private static INDArray own(List<INDArray> owned, INDArray a) {
        owned.add(a);
        return a;
    }

    static long[] batchShape(int n, long[] sampleShape) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    private static int[] toInt(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }
}
