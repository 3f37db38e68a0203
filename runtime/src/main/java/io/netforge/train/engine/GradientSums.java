package io.netforge.train.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one shard of a batch contributes to a data-parallel step, as sums over its samples so that shards add
 * up: the gradient of the mean loss times the shard's sample count for each parameter, the loss sum, the correct
 * predictions, and each BatchNorm layer's batch statistics as {@code Σ n·mean} and {@code Σ n·(var + mean²)}.
 * {@link Trainer#gradientSums} makes one; {@link #add} combines two (Spark's {@code treeAggregate}); the sum of all
 * shards given to {@link Trainer#applyGradientSums} is one optimizer step on the whole batch.
 *
 * <p>Serializable for transport between processes (e.g. Spark executors and driver); never stored in files.
 */
public final class GradientSums implements Serializable {
    private static final long serialVersionUID = 1L;

    int count;
    public double lossSum;
    public long correct;
    public final LinkedHashMap<String, float[]> gradients = new LinkedHashMap<>();
    float[][] bnMean;
    float[][] bnSquare;

    GradientSums() {}

    /** Nothing yet: the zero of {@link #add}. */
    public static GradientSums empty() {
        return new GradientSums();
    }

    /** Samples summed. */
    public int count() {
        return count;
    }

    /** The sum of the per-sample losses (without weight penalties). */
    public double lossSum() {
        return lossSum;
    }

    public long correct() {
        return correct;
    }

    /** The summed gradient of each parameter, by variable name (a copy). */
    public Map<String, float[]> gradients() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        gradients.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Adds {@code other} into this (both from the same model) and returns this. */
    public GradientSums add(GradientSums other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            count = other.count;
            lossSum = other.lossSum;
            correct = other.correct;
            other.gradients.forEach((k, v) -> gradients.put(k, v.clone()));
            bnMean = deepCopy(other.bnMean);
            bnSquare = deepCopy(other.bnSquare);
            return this;
        }
        if (!gradients.keySet().equals(other.gradients.keySet())) {
            throw new IllegalArgumentException(
                    "gradient sums of different models: " + gradients.keySet() + " vs " + other.gradients.keySet());
        }
        count += other.count;
        lossSum += other.lossSum;
        correct += other.correct;
        for (Map.Entry<String, float[]> e : gradients.entrySet()) {
            addInto(e.getValue(), other.gradients.get(e.getKey()));
        }
        for (int i = 0; i < bnMean.length; i++) {
            addInto(bnMean[i], other.bnMean[i]);
            addInto(bnSquare[i], other.bnSquare[i]);
        }
        return this;
    }

    private static void addInto(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    private static float[][] deepCopy(float[][] a) {
        return a == null ? null : Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public String toString() {
        return "GradientSums(" + count + " samples, loss sum " + lossSum + ", " + gradients.size() + " parameters)";
    }
}
