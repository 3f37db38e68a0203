package io.netforge.train.inference;

import io.netforge.annotations.LossFunction;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Loader;
import io.netforge.data.Normalization;
import io.netforge.data.SampleOrigin;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Sizes;
import io.netforge.metrics.ClassificationReport;
import io.netforge.metrics.RegressionReport;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.engine.StepSettings;
import io.netforge.train.engine.Targets;
import io.netforge.train.state.ModelState;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Evaluation-mode use of a model: evaluation with metrics, predictions, layer outputs and filters; shared by the
 * {@link Trainer} and the {@link Predictor}. Every engine call holds the model's lock, or its read lock for
 * the logits of an engine that computes them concurrently.
 */
public final class Inference {
    private final ModelState model;
    private final StepEngine engine;
    private final StepSettings config;
    private final NetGraph graph;

    public Inference(ModelState model, StepEngine engine, StepSettings config) {
        this.model = model;
        this.engine = engine;
        this.config = config;
        this.graph = model.graph();
    }

    public Evaluation evaluate(Dataset data) {
        checkCompatible(data);
        if (graph.regression()) {
            return evaluateRegression(data);
        }
        if (graph.perStep()) {
            return evaluatePerStep(data);
        }
        int k = graph.classes();
        LossFunction f = graph.loss();
        int batch = config.evalBatchSize();
        double[] batchLosses = new double[(data.size() + batch - 1) / batch];
        float[][] scores = new float[data.size()][];
        int[] labels = new int[data.size()];
        forEachBatch(data, (first, n, logits) -> {
            int[] batchLabels = new int[n];
            for (int i = 0; i < n; i++) {
                batchLabels[i] = data.label(first + i);
            }
            float[] targets = Targets.smoothed(batchLabels, n, k, config.labelSmoothing());
            batchLosses[first / batch] = Losses.probabilitiesAndLosses(f, logits, n, k, targets, scores, first, 0);
            System.arraycopy(batchLabels, 0, labels, first, n);
        });
        double lossSum = 0;
        for (double l : batchLosses) {
            lossSum += l; // in batch order, whichever thread computed which batch
        }
        ClassificationReport report = ClassificationReport.of(scores, labels, Losses.labelClasses(f, k));
        return new Evaluation(lossSum / data.size(), report.accuracy(), report.correct(), data.size(), report);
    }

    /**
     * A regression model's loss (against the targets in the units it trained on) and its MAE, RMSE and R² in the
     * targets' raw units (the model's target scaling undone on both sides).
     */
    private Evaluation evaluateRegression(Dataset data) {
        int k = graph.classes();
        int batch = config.evalBatchSize();
        Normalization own = data.targetScaling();
        Normalization scaling = model.targetScaling();
        boolean same = own.equals(scaling);
        double[] batchLosses = new double[(data.size() + batch - 1) / batch];
        float[] predicted = new float[Math.multiplyExact(data.size(), k)];
        float[] actual = new float[predicted.length];
        forEachBatch(data, (first, n, logits) -> {
            float[] targets = new float[n * k]; // as the dataset holds them
            for (int i = 0; i < n; i++) {
                data.copyTargets(first + i, targets, i * k);
            }
            float[] raw = targets.clone();
            own.invertInPlace(raw, n);
            float[] trainingUnits = targets;
            if (!same) { // the dataset's targets scaled otherwise (or not): raw, then as the model trained on them
                trainingUnits = raw.clone();
                scaling.applyInPlace(trainingUnits, 0, n, 1);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Losses.loss(graph.loss(), logits, i * k, k, trainingUnits, i * k);
            }
            batchLosses[first / batch] = sum;
            System.arraycopy(logits, 0, predicted, first * k, n * k);
            System.arraycopy(raw, 0, actual, first * k, n * k);
        });
        double lossSum = 0;
        for (double l : batchLosses) {
            lossSum += l;
        }
        scaling.invertInPlace(predicted, data.size());
        return Evaluation.ofRegression(lossSum / data.size(), RegressionReport.of(predicted, actual, k));
    }

    /**
     * A per-step model's loss and accuracy over the steps that have a target (label not -1): the mean cross-entropy
     * per step (nats per token for a language model; with label smoothing, as the training loss) and the fraction of
     * those steps whose highest score is the label. No classification report: its scores would be one row per step.
     */
    private Evaluation evaluatePerStep(Dataset data) {
        int k = graph.classes();
        int steps = graph.outputRows();
        int batch = config.evalBatchSize();
        int batches = (data.size() + batch - 1) / batch;
        double[] batchLosses = new double[batches];
        long[] batchCorrect = new long[batches];
        long[] batchCounted = new long[batches];
        forEachBatch(data, (first, n, logits) -> {
            int[] labels = new int[n * steps];
            for (int i = 0; i < n; i++) {
                data.copyStepLabels(first + i, labels, i * steps);
            }
            int counted = Targets.counted(labels);
            float[] targets = Targets.perStep(labels, k, config.labelSmoothing()); // scaled by rows / counted
            double sum = 0;
            long correct = 0;
            for (int r = 0; r < labels.length; r++) {
                if (labels[r] >= 0) {
                    sum += Losses.loss(graph.loss(), logits, r * k, k, targets, r * k);
                    if (Losses.predict(graph.loss(), logits, r * k, k) == labels[r]) {
                        correct++;
                    }
                }
            }
            int j = first / batch;
            batchLosses[j] = counted == 0 ? 0 : sum * counted / labels.length; // the scaling undone: a sum per step
            batchCorrect[j] = correct;
            batchCounted[j] = counted;
        });
        double lossSum = 0;
        long correct = 0;
        long counted = 0;
        for (int j = 0; j < batches; j++) {
            lossSum += batchLosses[j];
            correct += batchCorrect[j];
            counted += batchCounted[j];
        }
        if (counted == 0) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has no step with a target (all -1)");
        }
        return new Evaluation(lossSum / counted, (double) correct / counted, correct, counted);
    }

    /** A regression model's outputs for {@code data}, in the targets' raw units: {@code [size][outputs]}. */
    float[][] values(Dataset data) {
        float[][] out = new float[data.size()][];
        forEachRow(data, (row, logits, offset) -> out[row] = rawValues(logits, offset));
        return out;
    }

    /** One sample's outputs in the targets' raw units (the model's target scaling undone). */
    float[] values(float[] sample, boolean normalized) {
        requireRegression("values");
        float[] input =
                normalized ? alreadyNormalizedInput(sample, "the sample") : normalizedInput(sample, "the sample");
        return rawValues(logitsOf(input, 1), 0);
    }

    private float[] rawValues(float[] logits, int offset) {
        float[] v = java.util.Arrays.copyOfRange(logits, offset, offset + graph.classes());
        model.targetScaling().invertInPlace(v, 1);
        return v;
    }

    /** Refuses a class-based call on a regression model or the reverse, naming what to call instead. */
    void requireRegression(String what) {
        if (!graph.regression()) {
            throw new IllegalStateException(graph.modelName() + " is a classifier; " + what
                    + " is for regression models (use predict or probabilities)");
        }
    }

    void requireClassifier(String what) {
        if (graph.perStep()) {
            throw new IllegalStateException(graph.modelName() + " scores classes at each of its " + graph.outputRows()
                    + " steps; it has no " + what + " per sample (use logits, or generate for a language model)");
        }
        if (graph.regression()) {
            throw new IllegalStateException(
                    graph.modelName() + " is a regression model; it has no " + what + " (use predictValues)");
        }
    }

    float[][] probabilities(Dataset data) {
        checkCompatible(data);
        float[][] out = new float[data.size()][];
        forEachBatch(
                data,
                (first, n, logits) ->
                        Losses.probabilitiesAndLosses(graph.loss(), logits, n, graph.classes(), null, out, first, 0));
        return out;
    }

    int[] predict(Dataset data) {
        int[] out = new int[data.size()];
        forEachRow(
                data,
                (row, logits, offset) -> out[row] = Losses.predict(graph.loss(), logits, offset, graph.classes()));
        return out;
    }

    /** What to do with one sample's logits: {@code logits[offset .. offset + classes)} belong to sample {@code row}. */
    private interface RowAction {
        void accept(int row, float[] logits, int offset);
    }

    /** Runs {@code data} through the model in evaluation batches, each sample's row to {@code action}. */
    private void forEachRow(Dataset data, RowAction action) {
        checkCompatible(data);
        int k = graph.classes();
        forEachBatch(data, (first, n, logits) -> {
            for (int i = 0; i < n; i++) {
                action.accept(first + i, logits, i * k);
            }
        });
    }

    /**
     * What to do with the logits of samples {@code first .. first + n - 1}: batches may be handed on in any order and
     * on several threads at once, so an action writes only its own samples' places.
     */
    private interface BatchAction {
        void accept(int first, int n, float[] logits);
    }

    /**
     * {@code data}'s logits in evaluation batches: straight from the dataset into the engine when it needs no
     * normalization (one copy instead of a batch array and a second copy), else through a loader that normalizes.
     * Straight from the dataset, as many batches as the engine can usefully run at once ({@link
     * StepEngine#concurrentBatches()}) run side by side on the common pool, each with its {@code action} (the MLP's
     * evaluation of 10,000 images: one core 16 ms, docs/performance.md).
     */
    private void forEachBatch(Dataset data, BatchAction action) {
        Normalization transform = inputTransform(data);
        int batch = config.evalBatchSize();
        if (transform.isNone()) {
            int batches = (data.size() + batch - 1) / batch;
            java.util.stream.IntStream range = java.util.stream.IntStream.range(0, batches);
            boolean parallel = engine.concurrentLogits() && engine.concurrentBatches() > 1 && batches > 1;
            (parallel ? range.parallel() : range).forEach(j -> {
                int first = j * batch;
                int n = Math.min(batch, data.size() - first);
                action.accept(first, n, logits(data, first, n));
            });
            return;
        }
        int row = 0;
        for (Batch b : evalBatches(data)) {
            action.accept(row, b.size(), logits(b));
            row += b.size();
        }
    }

    /** Like {@link #logits(Batch)}, for a range of a dataset. */
    private float[] logits(Dataset data, int first, int n) {
        return underLock(() -> engine.logits(data, first, n));
    }

    int predict(float[] sample) {
        float[] logits = logitsOf(normalizedInput(sample, "the sample"), 1);
        return Losses.predict(graph.loss(), logits, 0, graph.classes());
    }

    /** Evaluation-mode logits of {@code n} samples, {@code n × classes} values. */
    float[] logitsOf(float[] features, int n) {
        return logits(new Batch(features, new int[n], n, toInt(graph.inputShape())));
    }

    /** Under the model's read lock when the engine evaluates concurrently (the planned engine), else its lock. */
    private float[] logits(Batch b) {
        return underLock(() -> engine.logits(b));
    }

    /** Runs {@code call} under the model's read lock when the engine evaluates concurrently, else under its lock. */
    private float[] underLock(java.util.function.Supplier<float[]> call) {
        java.util.concurrent.locks.Lock lock = engine.concurrentLogits() ? model.readLock() : model.lock();
        lock.lock();
        try {
            return call.get();
        } finally {
            lock.unlock();
        }
    }

    float[][][] featureMaps(String layer, float[] sample) {
        return featureMaps(layer, sample, sampleTransform(sample), "the sample");
    }

    float[][][] featureMaps(String layer, Dataset data, int index) {
        return featureMaps(
                layer,
                data.features(index),
                inputTransform(data),
                "sample " + index + " of dataset '" + data.name() + "'");
    }

    private float[][][] featureMaps(String layer, float[] sample, Normalization applied, String which) {
        String variable = graph.layerOutputs().get(layer);
        if (variable == null) {
            throw new IllegalArgumentException(graph.modelName() + " has no layer " + layer + "; layers: "
                    + String.join(", ", graph.layerOutputs().keySet()));
        }
        float[] input = singleInput(sample, applied, which);
        StepEngine.Output out;
        model.lock().lock();
        try {
            out = engine.output(new Batch(input, new int[1], 1, toInt(graph.inputShape())), variable);
        } finally {
            model.lock().unlock();
        }
        long[] shape = out.shape();
        float[] values = out.values();
        int c = shape.length == 4 ? (int) shape[1] : 1;
        int h = shape.length == 4 ? (int) shape[2] : 1;
        int w = shape.length == 4 ? (int) shape[3] : (int) shape[1];
        float[][][] maps = new float[c][h][w];
        for (int k = 0; k < values.length; k++) {
            maps[k / (h * w)][(k / w) % h][k % w] = values[k];
        }
        return maps;
    }

    float[][][] filters(String layer) {
        String name = layer + "/W";
        if (!graph.sameDiff().hasVariable(name) || graph.array(name).rank() != 4) {
            throw new IllegalArgumentException(graph.modelName() + " has no convolution layer " + layer);
        }
        float[] values;
        long[] s;
        model.lock().lock();
        try {
            s = graph.array(name).shape(); // [k, k, in, out]
            values = graph.array(name).dup('c').data().asFloat();
        } finally {
            model.lock().unlock();
        }
        int k = (int) s[0];
        int in = (int) s[2];
        int out = (int) s[3];
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

    public void checkCompatible(Dataset data) {
        long[] expected = graph.inputShape();
        int[] actual = data.sampleShape();
        if (!Arrays.equals(toInt(expected), actual)) {
            throw new IllegalArgumentException(graph.modelName() + " expects samples of shape "
                    + Arrays.toString(expected) + " but dataset '" + data.name() + "' has " + Arrays.toString(actual));
        }
        if (graph.regression() != data.isRegression()) {
            throw new IllegalArgumentException(graph.modelName()
                    + (graph.regression()
                            ? " is a regression model but dataset '" + data.name()
                                    + "' holds class labels; build it with Dataset.regression(...)"
                            : " is a classifier but dataset '" + data.name() + "' holds regression targets"));
        }
        if (graph.regression() && data.targetWidth() != graph.classes()) {
            throw new IllegalArgumentException(
                    graph.modelName() + " has " + graph.classes() + " output(s) but dataset '" + data.name() + "' has "
                            + data.targetWidth() + " target(s) per sample");
        }
        if (data.labelSteps() != (graph.perStep() ? graph.outputRows() : 0)) {
            throw new IllegalArgumentException(graph.modelName()
                    + (graph.perStep()
                            ? " scores classes at each of its " + graph.outputRows() + " steps but dataset '"
                                    + data.name() + "' has "
                                    + (data.labelSteps() == 0
                                            ? "one label per sample; build it with Dataset.perStep(...)"
                                            : data.labelSteps() + " labels per sample")
                            : " has one class per sample but dataset '" + data.name() + "' has a label per step;"
                                    + " a label per step needs @Model(task = CLASS_PER_STEP)"));
        }
        int labelClasses = Losses.labelClasses(graph.loss(), graph.classes());
        if (!graph.regression() && data.classes() > labelClasses) {
            throw new IllegalArgumentException(graph.modelName() + " has " + labelClasses + " classes but dataset '"
                    + data.name() + "' has " + data.classes());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' is empty");
        }
        data.requireFinite();
    }

    /**
     * How to feed {@code data}: as it is when it was normalized like the model's training data, or when the
     * model has no normalization (yet: evaluating before the first fit); with the model's normalization
     * applied per batch when it is raw.
     *
     * @throws IllegalArgumentException when it was normalized differently
     */
    public Normalization inputTransform(Dataset data) {
        return transform(
                data.normalization(),
                (own, normalization) -> "dataset '" + data.name() + "' was normalized with "
                        + own + " but " + graph.modelName() + " was trained on data normalized with " + normalization
                        + "; pass raw data (the model normalizes it) or data normalized the same way");
    }

    /**
     * What to apply to input normalized with {@code own}: nothing when that is the model's normalization (or the model
     * has none yet), the model's normalization to raw input; otherwise refused with the message {@code refusal} makes
     * of {@code own} and the model's normalization.
     */
    private Normalization transform(Normalization own, BiFunction<Normalization, Normalization, String> refusal) {
        Normalization normalization = model.normalization();
        if (own.equals(normalization) || normalization.isNone()) {
            return Normalization.none();
        }
        if (own.isNone()) {
            return normalization;
        }
        throw new IllegalArgumentException(refusal.apply(own, normalization));
    }

    private Loader evalBatches(Dataset data) {
        return data.loader(config.evalBatchSize()).augment(false).normalize(inputTransform(data));
    }

    /**
     * One sample, checked and normalized as the model's training data was: a raw one with the model's normalization; an
     * array a normalized dataset's {@code features(i)} returned as it is when the dataset was normalized like the
     * training data ({@link SampleOrigin}).
     *
     * @param which the sample, for messages ("sample 3")
     * @throws IllegalArgumentException for a sample of a dataset normalized differently, or holding a NaN or infinity
     */
    float[] normalizedInput(float[] sample, String which) {
        return singleInput(sample, sampleTransform(sample), which);
    }

    /** A sample the caller normalized already, as the training data was: checked, not normalized again. */
    float[] alreadyNormalizedInput(float[] sample, String which) {
        return singleInput(sample, Normalization.none(), which);
    }

    /** What {@link #normalizedInput} applies to {@code sample}: {@link #inputTransform} for a dataset's sample. */
    private Normalization sampleTransform(float[] sample) {
        Optional<SampleOrigin.Origin> origin = SampleOrigin.of(sample);
        return transform(
                origin.map(SampleOrigin.Origin::normalization).orElse(Normalization.none()),
                (own, normalization) -> "this sample comes from dataset '"
                        + origin.get().dataset() + "', normalized with "
                        + own + ", but " + graph.modelName() + " was trained on data normalized with " + normalization
                        + "; pass a raw sample (the model normalizes it) or one normalized the same way");
    }

    /** A copy of one sample, checked against the input shape and for non-finite values, and normalized with {@code applied}. */
    private float[] singleInput(float[] sample, Normalization applied, String which) {
        long size = Sizes.product(graph.inputShape());
        java.util.Objects.requireNonNull(sample, which);
        if (sample.length != size) {
            throw new IllegalArgumentException(graph.modelName() + " expects " + size
                    + " input values per sample, received " + sample.length + " in " + which);
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Float.isFinite(sample[i])) {
                throw new IllegalArgumentException(graph.modelName() + ": " + which + " holds " + sample[i] + " at "
                        + Dataset.position(toInt(graph.inputShape()), i) + "; inputs must be finite numbers");
            }
        }
        float[] input = sample.clone();
        applied.applyInPlace(input, 0, 1, (int) (size / model.channels()));
        return input;
    }

    public static int[] toInt(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }
}
