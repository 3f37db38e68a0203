package io.netforge.spark;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import java.io.Serializable;
import java.util.Arrays;

/** A contiguous range {@code [from, from + size)} of the training samples, held by one partition. */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    final int index;
    final int from;
    final int size;
    final float[] features;
    final int[] labels;
    final int[] sampleShape;

    private Shard(int index, int from, int size, float[] features, int[] labels, int[] sampleShape) {
        this.index = index;
        this.from = from;
        this.size = size;
        this.features = features;
        this.labels = labels;
        this.sampleShape = sampleShape;
    }

    static Shard of(Dataset data, int index, int from, int to) {
        int f = data.featureSize();
        float[] features = new float[(to - from) * f];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(data.features(i), 0, features, (i - from) * f, f);
            labels[i - from] = data.label(i);
        }
        return new Shard(index, from, to - from, features, labels, data.sampleShape());
    }

    /** The samples of {@code batch} (global indices, in batch order) that this shard holds, or null if none. */
    Batch select(int[] batch) {
        int f = features.length / Math.max(1, size);
        int n = 0;
        for (int i : batch) {
            if (i >= from && i < from + size) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        float[] x = new float[n * f];
        int[] y = new int[n];
        int k = 0;
        for (int i : batch) {
            if (i >= from && i < from + size) {
                System.arraycopy(features, (i - from) * f, x, k * f, f);
                y[k++] = labels[i - from];
            }
        }
        return new Batch(x, y, n, sampleShape);
    }

    @Override
    public String toString() {
        return "Shard " + index + " [" + from + ", " + (from + size) + ") " + Arrays.toString(sampleShape);
    }
}
