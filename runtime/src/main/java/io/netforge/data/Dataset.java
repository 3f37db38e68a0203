package io.netforge.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Immutable in-memory labelled dataset; features are float32, row-major, one sample after another.
 *
 * <p>One flat {@code float[]} rather than an array per sample, because batching then is a single
 * {@link System#arraycopy} per sample and Fashion-MNIST's 47 million pixels cost no object overhead.
 * Every operation returns a new dataset, so a split or a standardized copy can never disturb the data
 * another part of the program is still training on.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int[] sampleShape;
    private final int featureSize;
    private final int numClasses;
    private final Normalization normalization;
    private final Transform augmentation;
    /** A regression dataset's float targets, {@code null} for a labelled one. */
    private final Regression regression;
    /** A per-step dataset's labels, {@code null} for one label per sample. */
    private final StepLabels stepLabels;
    /** Set once {@link #requireFinite()} found every feature value finite. */
    private volatile boolean finite;

    /**
     * Copies both arrays, so the caller may reuse them.
     *
     * @param sampleShape {@code {channels, height, width}} for images or {@code {features}} for flat vectors
     * @throws IllegalArgumentException naming the dataset, if the sizes disagree or a label is out of range
     */
    public Dataset(String name, float[] features, int[] labels, int[] sampleShape, int numClasses) {
        this(
                name,
                checkNotNull(features, name, "features").clone(),
                checkNotNull(labels, name, "labels").clone(),
                sampleShape,
                numClasses,
                true,
                Normalization.none(),
                null,
                null,
                null);
    }

    /** The readers and transformations hand over arrays nobody else holds, so copying them again is waste. */
    private Dataset(
            String name,
            float[] features,
            int[] labels,
            int[] sampleShape,
            int numClasses,
            boolean validate,
            Normalization normalization,
            Transform augmentation,
            Regression regression,
            StepLabels stepLabels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a non-blank name");
        }
        checkNotNull(features, name, "features");
        checkNotNull(labels, name, "labels");
        this.name = name;
        this.sampleShape = sampleShape == null ? null : sampleShape.clone();
        this.featureSize = Shapes.product(this.sampleShape, "dataset '" + name + "'");
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': numClasses must be at least 1, was " + numClasses);
        }
        this.numClasses = numClasses;
        if (validate) {
            if ((long) labels.length * featureSize != features.length) {
                throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels need "
                        + (long) labels.length * featureSize + " feature values (" + featureSize
                        + " per sample of shape "
                        + Arrays.toString(sampleShape) + ") but there are " + features.length);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of sample " + i
                            + " is outside [0, " + numClasses + ")");
                }
            }
        }
        this.features = features;
        this.labels = labels;
        this.normalization = normalization;
        this.augmentation = augmentation;
        this.regression = regression;
        this.stepLabels = stepLabels;
    }

    /** A per-step dataset's labels: {@code steps} per sample, row-major; -1 marks a step with no target. */
    @SuppressWarnings("ArrayRecordComponent") // private and never compared: the array is the dataset's own
    private record StepLabels(int[] values, int steps) {
        StepLabels subset(int[] indices) {
            int[] out = new int[Math.multiplyExact(indices.length, steps)];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(values, indices[k] * steps, out, k * steps, steps);
            }
            return new StepLabels(out, steps);
        }
    }

    /**
     * A dataset with a class label for every step, for a {@code Task.CLASS_PER_STEP} model (a language model's next
     * tokens, a tagger's tags): {@code steps} labels per sample, each in {@code [0, numClasses)} or -1 for a step with
     * no target (padding), which the loss and the accuracy skip. Takes ownership of the arrays.
     *
     * @param stepLabels {@code size × steps} labels, row-major
     * @throws IllegalArgumentException naming the dataset when the sizes disagree or a label is out of range
     */
    public static Dataset perStep(
            String name, float[] features, int[] sampleShape, int[] stepLabels, int steps, int numClasses) {
        checkNotNull(features, name, "features");
        checkNotNull(stepLabels, name, "step labels");
        if (steps < 1) {
            throw new IllegalArgumentException("dataset '" + name + "': steps must be at least 1, was " + steps);
        }
        if (stepLabels.length % steps != 0) {
            throw new IllegalArgumentException("dataset '" + name + "': " + stepLabels.length
                    + " step labels are not a whole number of samples of " + steps + " steps");
        }
        int n = stepLabels.length / steps;
        int featureSize = Shapes.product(sampleShape, "dataset '" + name + "'");
        if ((long) n * featureSize != features.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + n + " samples of step labels need "
                    + (long) n * featureSize + " feature values (" + featureSize + " per sample of shape "
                    + Arrays.toString(sampleShape) + ") but there are " + features.length);
        }
        for (int i = 0; i < stepLabels.length; i++) {
            if (stepLabels[i] < -1 || stepLabels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + stepLabels[i] + " at step "
                        + i % steps + " of sample " + i / steps + " is outside [0, " + numClasses
                        + ") and not -1 (no target)");
            }
        }
        return new Dataset(
                name,
                features,
                new int[n],
                sampleShape,
                numClasses,
                false,
                Normalization.none(),
                null,
                null,
                new StepLabels(stepLabels, steps));
    }

    /** Labels per sample of a {@link #perStep} dataset (its steps); 0 for one label per sample. */
    public int labelSteps() {
        return stepLabels == null ? 0 : stepLabels.steps();
    }

    /** Sample {@code i}'s step labels into {@code dst} from {@code dstOffset}; a {@link #perStep} dataset's. */
    public void copyStepLabels(int i, int[] dst, int dstOffset) {
        if (stepLabels == null) {
            throw new IllegalStateException("dataset '" + name + "' has one label per sample, not one per step");
        }
        Objects.checkIndex(i, labels.length);
        System.arraycopy(stepLabels.values(), i * stepLabels.steps(), dst, dstOffset, stepLabels.steps());
    }

    /**
     * A regression dataset's targets: {@code width} floats per sample, row-major, and the normalization applied to
     * them ({@code none} for raw targets), which a model trained on them undoes in its predictions.
     */
    @SuppressWarnings("ArrayRecordComponent") // private and never compared: the array is the dataset's own
    private record Regression(float[] values, int width, Normalization scaling) {
        Regression subset(int[] indices) {
            float[] out = new float[Math.multiplyExact(indices.length, width)];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(values, indices[k] * width, out, k * width, width);
            }
            return new Regression(out, width, scaling);
        }
    }

    /**
     * A dataset of float targets for a {@code Task.REGRESSION} model: {@code targetWidth} numbers per sample (one for
     * a one-step forecast). Copies both arrays.
     *
     * @param targets {@code size × targetWidth} values, row-major, every one finite
     * @throws IllegalArgumentException naming the dataset when the sizes disagree or a target is not finite
     */
    public static Dataset regression(
            String name, float[] features, int[] sampleShape, float[] targets, int targetWidth) {
        return regression(
                name,
                checkNotNull(features, name, "features").clone(),
                sampleShape,
                checkNotNull(targets, name, "targets").clone(),
                targetWidth,
                Normalization.none(),
                Normalization.none());
    }

    /**
     * Like {@link #regression(String, float[], int[], float[], int)} for features and targets already normalized
     * with {@code normalization} and {@code targetScaling} (the windows of a series standardized by its training
     * part's statistics, {@link io.netforge.datasets.Windows}); takes ownership of the arrays.
     */
    public static Dataset regression(
            String name,
            float[] features,
            int[] sampleShape,
            float[] targets,
            int targetWidth,
            Normalization normalization,
            Normalization targetScaling) {
        checkNotNull(features, name, "features");
        checkNotNull(targets, name, "targets");
        if (targetWidth < 1) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': targetWidth must be at least 1, was " + targetWidth);
        }
        if (targets.length % targetWidth != 0) {
            throw new IllegalArgumentException("dataset '" + name + "': " + targets.length
                    + " target values are not a whole number of rows of " + targetWidth);
        }
        int n = targets.length / targetWidth;
        int featureSize = Shapes.product(sampleShape, "dataset '" + name + "'");
        if ((long) n * featureSize != features.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + n + " samples of targets need "
                    + (long) n * featureSize + " feature values (" + featureSize + " per sample of shape "
                    + Arrays.toString(sampleShape) + ") but there are " + features.length);
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException("dataset '" + name + "': target " + i % targetWidth + " of sample "
                        + i / targetWidth + " is " + targets[i] + "; every target must be a finite number");
            }
        }
        if (!targetScaling.isNone()) {
            targetScaling.checkChannels(targetWidth);
        }
        return new Dataset(
                name,
                features,
                new int[n],
                sampleShape,
                1,
                false,
                normalization,
                null,
                new Regression(targets, targetWidth, targetScaling),
                null);
    }

    /** Whether this dataset holds float targets ({@link #regression}) rather than class labels. */
    public boolean isRegression() {
        return regression != null;
    }

    /** How many float targets a sample has; 0 for a labelled dataset. */
    public int targetWidth() {
        return regression == null ? 0 : regression.width();
    }

    /** A copy of sample {@code i}'s targets, as stored (normalized when {@link #targetScaling()} is not none). */
    public float[] targets(int i) {
        Regression r = requireRegression();
        Objects.checkIndex(i, labels.length);
        return Arrays.copyOfRange(r.values(), i * r.width(), (i + 1) * r.width());
    }

    /** Allocation-free access to sample {@code i}'s targets for the batching loop. */
    public void copyTargets(int i, float[] dst, int dstOffset) {
        Regression r = requireRegression();
        Objects.checkIndex(i, labels.length);
        System.arraycopy(r.values(), i * r.width(), dst, dstOffset, r.width());
    }

    /**
     * What was applied to the targets ({@link Normalization#none()} for raw targets; one channel per target): a model
     * fitted on this dataset keeps it and gives its predictions and error metrics in the raw units.
     */
    public Normalization targetScaling() {
        return requireRegression().scaling();
    }

    private Regression requireRegression() {
        if (regression == null) {
            throw new IllegalStateException("dataset '" + name + "' holds class labels, not regression targets");
        }
        return regression;
    }

    /** Takes ownership of arrays already known to be consistent; skips copying and re-validation. */
    public static Dataset trusted(String name, float[] features, int[] labels, int[] sampleShape, int numClasses) {
        return new Dataset(
                name, features, labels, sampleShape, numClasses, false, Normalization.none(), null, null, null);
    }

    /** Same samples and settings, other arrays (already consistent with each other). */
    private Dataset derived(
            String newName,
            float[] newFeatures,
            int[] newLabels,
            int[] newShape,
            Normalization newNormalization,
            Transform newAugmentation) {
        return new Dataset(
                newName,
                newFeatures,
                newLabels,
                newShape,
                numClasses,
                false,
                newNormalization,
                newAugmentation,
                newLabels == labels ? regression : null,
                newLabels == labels ? stepLabels : null);
    }

    private void requireLabels(String what) {
        if (regression != null) {
            throw new IllegalStateException(
                    "dataset '" + name + "' holds regression targets; " + what + " needs class labels");
        }
        if (stepLabels != null) {
            throw new IllegalStateException(
                    "dataset '" + name + "' has a label per step; " + what + " needs one label per sample");
        }
    }

    private static <T> T checkNotNull(T value, String name, String what) {
        if (value == null) {
            throw new IllegalArgumentException("dataset '" + name + "': " + what + " must not be null");
        }
        return value;
    }

    public String name() {
        return name;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** A copy, so callers cannot reshape the dataset behind its back. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Number of float values in one sample: the product of {@link #sampleShape()}. */
    public int featureSize() {
        return featureSize;
    }

    public int classes() {
        return numClasses;
    }

    /**
     * Sample {@code i}'s class.
     *
     * @throws IllegalStateException for a {@link #regression} dataset, which has targets instead
     */
    public int label(int i) {
        if (regression != null) {
            throw new IllegalStateException("dataset '" + name + "' holds regression targets, not class labels");
        }
        if (stepLabels != null) {
            throw new IllegalStateException(
                    "dataset '" + name + "' has a label per step (copyStepLabels), not one" + " per sample");
        }
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /**
     * A copy of sample {@code i}; use {@link #copyFeatures} when filling a batch. The copy of a normalized dataset's
     * sample is recognized by the {@code Predictor} as already normalized ({@link SampleOrigin}).
     */
    public float[] features(int i) {
        float[] copy = new float[featureSize];
        copyFeatures(i, copy, 0);
        return SampleOrigin.record(copy, name, normalization);
    }

    /**
     * Checks that every feature value is a finite number; the first time only (a dataset never changes), so training
     * and evaluation call it at every use for free. {@code fit}, {@code evaluate} and the {@code Predictor}'s dataset
     * methods call it: a NaN or an infinity in the data would otherwise train on or predict from garbage.
     *
     * @return this dataset
     * @throws IllegalArgumentException naming the dataset, the sample and the position of the first bad value
     */
    public Dataset requireFinite() {
        if (finite) {
            return this;
        }
        // a pass over every value (47 M for Fashion-MNIST's training set, 37 ms on one core): in blocks on every core,
        // then the first block that has a bad value is searched again for the first one
        int block = 1 << 20;
        int blocks = (features.length + block - 1) / block;
        java.util.OptionalInt bad = java.util.stream.IntStream.range(0, blocks)
                .parallel()
                .filter(b -> firstNonFinite(b * block, Math.min(features.length, (b + 1) * block)) >= 0)
                .findFirst();
        if (bad.isPresent()) {
            int from = bad.getAsInt() * block;
            int i = firstNonFinite(from, Math.min(features.length, from + block));
            throw new IllegalArgumentException("dataset '" + name + "': sample " + i / featureSize + " holds "
                    + features[i] + " at " + position(sampleShape, i % featureSize)
                    + "; inputs must be finite numbers"
                    + " (a missing value in a CSV file, a division by zero?)");
        }
        finite = true;
        return this;
    }

    private int firstNonFinite(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(features[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where value {@code index} of a sample of {@code shape} is, for messages: {@code position 5 (channel 0, row 0,
     * column 5)} for an image, {@code feature 5} for a vector.
     */
    public static String position(int[] shape, int index) {
        if (shape.length != 3) {
            return "feature " + index;
        }
        int plane = shape[1] * shape[2];
        return "position " + index + " (channel " + index / plane + ", row " + index % plane / shape[2] + ", column "
                + index % shape[2] + ")";
    }

    /** Puts the features of samples {@code first .. first + count - 1}, in order, into {@code dst} (evaluation). */
    public void copyFeaturesTo(int first, int count, java.nio.FloatBuffer dst) {
        Objects.checkFromIndexSize(first, count, labels.length);
        dst.put(features, first * featureSize, count * featureSize);
    }

    /** Allocation-free access for the batching loop. */
    public void copyFeatures(int i, float[] dst, int dstOffset) {
        Objects.checkIndex(i, labels.length);
        Objects.checkFromIndexSize(dstOffset, featureSize, dst.length);
        System.arraycopy(features, i * featureSize, dst, dstOffset, featureSize);
    }

    /** The samples at {@code indices}, in that order; an index may repeat (bootstrap resampling). */
    public Dataset subset(int[] indices, String name) {
        float[] subFeatures = new float[Math.multiplyExact(indices.length, featureSize)];
        int[] subLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(features, i * featureSize, subFeatures, k * featureSize, featureSize);
            subLabels[k] = labels[i];
        }
        return new Dataset(
                name,
                subFeatures,
                subLabels,
                sampleShape,
                numClasses,
                false,
                normalization,
                augmentation,
                regression == null ? null : regression.subset(indices),
                stepLabels == null ? null : stepLabels.subset(indices));
    }

    /**
     * The first {@code n} samples (all of them when there are fewer), for a quick run: PyTorch's
     * {@code Subset(ds, range(n))}. Keeps the normalization and augmentation.
     */
    public Dataset take(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Invalid value for `n`. Expected an integer >= 0. Received: n=" + n);
        }
        int m = Math.min(n, size());
        return subset(java.util.stream.IntStream.range(0, m).toArray(), name + "[:" + m + "]");
    }

    /**
     * {@code n} samples drawn at random without replacement (all of them when there are fewer), the same ones for
     * the same seed, in their original order: a quick run on a representative part of the data.
     */
    public Dataset sample(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("Invalid value for `n`. Expected an integer >= 0. Received: n=" + n);
        }
        int m = Math.min(n, size());
        int[] picked = Arrays.copyOf(Permutation.of(size(), new SplittableRandom(seed)), m);
        Arrays.sort(picked);
        return subset(picked, name + "[sample " + m + ", seed " + seed + "]");
    }

    /**
     * The samples of the given classes, in their original order, with their labels unchanged (so the model keeps its
     * class count): e.g. only T-shirts and trousers, {@code ofClasses(0, 1)}.
     *
     * @throws IllegalArgumentException for a class outside {@code [0, classes())}
     */
    public Dataset ofClasses(int... wanted) {
        requireLabels("ofClasses()");
        if (wanted.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "': ofClasses() needs at least one class");
        }
        boolean[] keep = new boolean[numClasses];
        for (int c : wanted) {
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException(
                        "dataset '" + name + "' has classes 0.." + (numClasses - 1) + ", not " + c);
            }
            keep[c] = true;
        }
        int[] picked = java.util.stream.IntStream.range(0, size())
                .filter(i -> keep[labels[i]])
                .toArray();
        return subset(picked, name + "[classes " + Arrays.toString(wanted) + "]");
    }

    /** The same samples under another name, sharing the (immutable) arrays. */
    public Dataset renamed(String newName) {
        return derived(newName, features, labels, sampleShape, normalization, augmentation);
    }

    /**
     * Random split by a permutation drawn from {@code seed}, so the same seed always selects the same
     * samples. The first part gets {@code round(firstFraction * size())} samples. Within each part the
     * samples keep their original relative order, so the result depends only on which samples were drawn.
     */
    public Split split(double firstFraction, long seed) {
        if (!(firstFraction >= 0 && firstFraction <= 1)) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': split fraction must be in [0, 1], was " + firstFraction);
        }
        int firstSize = (int) Math.round(firstFraction * size());
        int[] order = Permutation.of(size(), new SplittableRandom(seed));
        int[] first = Arrays.copyOfRange(order, 0, firstSize);
        int[] second = Arrays.copyOfRange(order, firstSize, order.length);
        Arrays.sort(first);
        Arrays.sort(second);
        return new Split(subset(first, name + "/first"), subset(second, name + "/second"));
    }

    /**
     * {@code (x - mean) / std} for every value; the form in which published normalization constants come
     * (MNIST's 0.1307 / 0.3081). Recorded as this dataset's {@link #normalization()}.
     */
    public Dataset standardize(float mean, float std) {
        int channels = Shapes.channels(sampleShape);
        float[] means = new float[channels];
        float[] stds = new float[channels];
        checkStd(std, "std");
        Arrays.fill(means, mean);
        Arrays.fill(stds, std);
        return normalize(Normalization.standardize(means, stds));
    }

    /**
     * Per-channel {@code (x - mean[c]) / std[c]}, the usual preprocessing for colour images; flat data has
     * one channel, so both arrays must then have length 1.
     */
    public Dataset standardize(float[] channelMean, float[] channelStd) {
        int channels = Shapes.channels(sampleShape);
        if (channelMean.length != channels || channelStd.length != channels) {
            throw new IllegalArgumentException("dataset '" + name + "' has " + channels + " channel(s) (sample shape "
                    + Arrays.toString(sampleShape) + ") but got " + channelMean.length + " mean(s) and "
                    + channelStd.length + " std(s)");
        }
        for (int c = 0; c < channels; c++) {
            checkStd(channelStd[c], "std of channel " + c);
        }
        return normalize(Normalization.standardize(channelMean, channelStd));
    }

    private void checkStd(float std, String what) {
        if (!(std > 0) || Float.isInfinite(std)) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': " + what + " must be positive and finite to standardize, was " + std);
        }
    }

    /** Standardization with this dataset's own per-channel mean and std ({@link #statistics()}). */
    public Dataset standardize() {
        return normalize(fitStandardization());
    }

    /** Min-max scaling of each channel to [0, 1] with this dataset's own per-channel range. */
    public Dataset minMaxScale() {
        return normalize(fitMinMax());
    }

    /**
     * Applies {@code n} to every value and records it as {@link #normalization()}, so a trainer fitted on
     * the result applies it to raw inputs at prediction time.
     *
     * @throws IllegalStateException if this dataset is already normalized: normalize the raw data once
     * @throws IllegalArgumentException if the statistics are for another number of channels
     */
    public Dataset normalize(Normalization n) {
        Objects.requireNonNull(n, "normalization");
        if (!normalization.isNone()) {
            throw new IllegalStateException("dataset '" + name + "' is already normalized (" + normalization
                    + "); normalize the raw data once, with " + n);
        }
        if (n.isNone()) {
            return this;
        }
        int channels = Shapes.channels(sampleShape);
        n.checkChannels(channels);
        float[] out = features.clone();
        n.applyInPlace(out, 0, size(), featureSize / channels);
        return derived(name, out, labels, sampleShape, n, augmentation);
    }

    /** The per-channel standardization measured on this dataset; apply it with {@link #normalize}. */
    public Normalization fitStandardization() {
        Statistics stats = statistics();
        float[] std = stats.std();
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("dataset '" + name + "': channel " + c + " is constant ("
                        + stats.mean()[c] + " everywhere), so it has no standard deviation to divide by");
            }
        }
        return Normalization.standardize(stats.mean(), std);
    }

    /** The per-channel minimum and maximum of this dataset, as a min-max scaling to [0, 1]. */
    public Normalization fitMinMax() {
        if (size() == 0) {
            throw new IllegalStateException("dataset '" + name + "' is empty; it has no range");
        }
        int channels = Shapes.channels(sampleShape);
        int plane = featureSize / channels;
        float[] min = new float[channels];
        float[] max = new float[channels];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        int k = 0;
        for (int sample = 0; sample < size(); sample++) {
            for (int c = 0; c < channels; c++) {
                float lo = min[c];
                float hi = max[c];
                for (int end = k + plane; k < end; k++) {
                    lo = Math.min(lo, features[k]);
                    hi = Math.max(hi, features[k]);
                }
                min[c] = lo;
                max[c] = hi;
            }
        }
        for (int c = 0; c < channels; c++) {
            if (!(min[c] < max[c])) {
                throw new IllegalArgumentException("dataset '" + name + "': channel " + c + " is constant (" + min[c]
                        + " everywhere), so min-max scaling would divide by zero");
            }
        }
        return Normalization.minMax(min, max);
    }

    /** What was applied to the features ({@link Normalization#none()} for raw data). */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * The same samples with {@code transform} applied to each training batch, freshly drawn every epoch
     * (torchvision's train-time transforms). Evaluation and prediction ignore it. Applied after any
     * augmentation already set. The transform must keep the sample shape; change the shape for all splits
     * with {@link #map} first.
     */
    public Dataset augment(Transform transform) {
        Objects.requireNonNull(transform, "transform");
        int[] out = transform.outputShape(sampleShape);
        if (!Arrays.equals(out, sampleShape)) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': augmentation " + transform + " turns samples of shape "
                            + Arrays.toString(sampleShape) + " into " + Arrays.toString(out)
                            + "; augmentation must keep the shape"
                            + " the model expects. Resize or crop every split with map() first, then augment the training split");
        }
        Transform combined = augmentation == null ? transform : Transforms.compose(augmentation, transform);
        return derived(name, features, labels, sampleShape, normalization, combined);
    }

    /** The training-time transform, or {@code null}. */
    public Transform augmentation() {
        return augmentation;
    }

    /** The same samples without augmentation. */
    public Dataset withoutAugmentation() {
        return augmentation == null ? this : derived(name, features, labels, sampleShape, normalization, null);
    }

    /**
     * Applies a deterministic transform (resize, pad, center crop, fixed rotation) to every sample now and
     * returns the result, whose sample shape may differ: e.g. Fashion-MNIST padded to 32×32 for a CIFAR-style
     * ResNet. Keeps the normalization; padding uses the value of black in the normalized scale.
     *
     * @throws IllegalArgumentException for a random transform (use {@link #augment}) or a dataset with augmentation
     */
    public Dataset map(Transform transform) {
        Objects.requireNonNull(transform, "transform");
        if (transform.isRandom()) {
            throw new IllegalArgumentException("dataset '" + name + "': map() applies a transform once, but "
                    + transform + " is random; use augment() to draw it anew for every epoch");
        }
        if (augmentation != null) {
            throw new IllegalStateException("dataset '" + name + "' has augmentation " + augmentation
                    + "; map() it before adding augmentation, so the augmentation sees the final shape");
        }
        int[] out = transform.outputShape(sampleShape);
        int outSize = Shapes.product(out, "transform " + transform);
        Normalization outNormalization = normalization;
        int inChannels = Shapes.channels(sampleShape);
        int outChannels = Shapes.channels(out);
        if (!normalization.isNone() && inChannels != outChannels) {
            if (inChannels != 1) {
                throw new IllegalStateException("dataset '" + name + "' is normalized per channel (" + normalization
                        + ") but " + transform + " turns " + inChannels + " channels into " + outChannels
                        + "; map() before normalizing");
            }
            // a grey image repeated into k channels: each channel is the one normalized channel
            outNormalization = normalization.repeat(outChannels);
        }
        float[] mapped = new float[Math.multiplyExact(size(), outSize)];
        float[] fill = normalization.zero(Shapes.channels(sampleShape));
        float[] sample = new float[featureSize];
        SplittableRandom unused = new SplittableRandom(0);
        for (int i = 0; i < size(); i++) {
            copyFeatures(i, sample, 0);
            float[] t = transform.apply(sample, sampleShape, fill, unused);
            System.arraycopy(t, 0, mapped, i * outSize, outSize);
        }
        return derived(name, mapped, labels, out, outNormalization, null);
    }

    /**
     * Per-channel mean and population standard deviation, accumulated in double because a float sum
     * over tens of millions of pixels loses the low digits. Two passes rather than one, for the same
     * reason: the textbook {@code E[x^2] - E[x]^2} cancels catastrophically.
     */
    public Statistics statistics() {
        if (size() == 0) {
            throw new IllegalStateException("dataset '" + name + "' is empty; it has no statistics");
        }
        int channels = Shapes.channels(sampleShape);
        int plane = featureSize / channels;
        double count = (double) size() * plane;
        double[] sum = new double[channels];
        int k = 0;
        for (int sample = 0; sample < size(); sample++) {
            for (int c = 0; c < channels; c++) {
                double s = 0;
                for (int end = k + plane; k < end; k++) {
                    s += features[k];
                }
                sum[c] += s;
            }
        }
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
        }
        double[] squares = new double[channels];
        k = 0;
        for (int sample = 0; sample < size(); sample++) {
            for (int c = 0; c < channels; c++) {
                double m = mean[c];
                double s = 0;
                for (int end = k + plane; k < end; k++) {
                    double d = features[k] - m;
                    s += d * d;
                }
                squares[c] += s;
            }
        }
        float[] meanOut = new float[channels];
        float[] stdOut = new float[channels];
        for (int c = 0; c < channels; c++) {
            meanOut[c] = (float) mean[c];
            stdOut[c] = (float) Math.sqrt(squares[c] / count);
        }
        return new Statistics(meanOut, stdOut);
    }

    /**
     * Mini-batches for training or evaluation. Each call to {@code iterator()} is one epoch that visits
     * every sample exactly once; the last batch keeps the remainder and may be smaller.
     *
     * <p>With {@code shuffle}, every epoch has its own order, drawn from one random stream seeded with
     * {@code seed}: the first epoch's order depends only on the seed, and two iterables built with the
     * same seed produce the same sequence of epochs. Without it, samples come in dataset order. The
     * dataset's augmentation, if any, is applied. {@link #loader} has the other options.
     */
    public Iterable<Batch> batches(int batchSize, boolean shuffle, long seed) {
        Loader loader = loader(batchSize);
        return shuffle ? loader.shuffle(seed) : loader;
    }

    /** A {@link Loader} over this dataset: in order, keeping the last batch, augmenting, no prefetching, until configured otherwise. */
    public Loader loader(int batchSize) {
        return new Loader(this, batchSize);
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " samples of shape " + Arrays.toString(sampleShape) + ", "
                + (regression != null
                        ? regression.width() + " targets"
                        : numClasses + " classes" + (stepLabels == null ? "" : " per step"))
                + (normalization.isNone() ? "" : ", " + normalization)
                + (augmentation == null ? "" : ", augmentation " + augmentation) + "]";
    }
}
